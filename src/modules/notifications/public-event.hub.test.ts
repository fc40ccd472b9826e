import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knex, type Knex } from '@mikro-orm/knex';
import { createLogger } from '../../core/logger.js';
import { PublicEventHub, SubscriberOverflow } from './public-event.hub.js';

/** The hub over a `public_event` table of the columns it reads (in-memory SQLite). */
describe('PublicEventHub', () => {
  let db: Knex;
  let statements: number;
  let hub: PublicEventHub;
  const insert = (ministry: string, n = 1) =>
    db('public_event').insert(
      Array.from({ length: n }, () => ({
        type: 'SERVICE_CREATED',
        ministry_code: ministry,
        subject_type: 'TargetProject',
        search_text: '',
      })),
    );

  beforeEach(async () => {
    db = knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    await db.schema.createTable('public_event', (t) => {
      t.increments('id');
      t.string('type');
      t.string('ministry_code').nullable();
      t.string('municipality_code').nullable();
      t.string('category').nullable();
      t.string('status').nullable();
      t.string('service_status').nullable();
      t.bigInteger('amount_yen').nullable();
      t.text('search_text');
      t.string('subject_type');
    });
    await insert('MOJ', 2);
    db.on('query', () => statements++);
    hub = new PublicEventHub({ knex: db, listenUrl: null, pollMs: 60_000, log: createLogger('silent'), maxQueue: 3 });
  });
  afterEach(async () => {
    await hub.stop();
    await db.destroy();
  });

  it('reads nothing without subscribers, then hands each later row, in order, to the subscribers it matches', async () => {
    await insert('MOJ');
    statements = 0;
    hub.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(statements).toBe(0);

    const moj = await hub.subscribe({ ministryCodes: ['MOJ'] });
    const all = await hub.subscribe(null);
    expect(hub.size).toBe(2);
    await insert('MOE');
    await insert('MOJ');
    hub.wake();
    const first = await all.next();
    const second = await all.next();
    expect([first.value?.ministry_code, second.value?.ministry_code]).toEqual(['MOE', 'MOJ']);
    const mine = await moj.next();
    expect(mine.value).toMatchObject({ ministry_code: 'MOJ', id: second.value!.id });
    // The rows before subscribing (ids 1–3) were nobody's.
    expect(Number(first.value!.id)).toBe(4);

    await moj.return!();
    await all.return!();
    expect(hub.size).toBe(0);
    await insert('MOJ');
    statements = 0;
    hub.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(statements).toBe(0);
  });

  it('cuts off a subscriber that lets more than maxQueue events wait', async () => {
    const dropped: Error[] = [];
    const slow = await hub.subscribe(null, (error) => dropped.push(error));
    const reader = await hub.subscribe(null);
    await insert('MOJ', 4);
    hub.wake();
    for (let i = 0; i < 4; i++) expect((await reader.next()).done).toBe(false);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toBeInstanceOf(SubscriberOverflow);
    expect(dropped[0].message).toContain('more than 3 events');
    await expect(slow.next()).rejects.toBeInstanceOf(SubscriberOverflow);
    expect(hub.size).toBe(1);
  });

  it('ends every stream when it stops', async () => {
    const sub = await hub.subscribe(null);
    const pending = sub.next();
    await hub.stop();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(hub.size).toBe(0);
  });
});
