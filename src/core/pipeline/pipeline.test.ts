import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDataVersion } from '../db/data-version.js';
import { BACKGROUND_LOCK_WAIT_MS, knexOf, openDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { commitWrite, recordEvent, eventsRecordedIn, type DomainEvent, type StoredEvent } from './events.js';
import { WritePipeline, type Consumer, type PipelineObserver } from './pipeline.js';

/** The write pipeline on a real (SQLite) database: ordering, batches, failures, lag, retention. */
let orm: MikroORM;
let knex: Knex;
let dir: string;
const pipelines: WritePipeline[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracker-pipeline-'));
  // Core's own entities are enough: the migrations make every table, the outbox's included.
  orm = await openDatabase({ dialect: 'sqlite', file: join(dir, 'db.sqlite') }, { entities: [] });
  knex = knexOf(orm);
  // A migration registers the application's \`stats\` consumer where its summaries begin; these
  // tests bring consumers of their own, and one that never runs would hold back the purge.
  await knex('outbox_consumer').del();
});
afterEach(async () => {
  await Promise.all(pipelines.splice(0).map((p) => p.stop()));
  await orm.close(true);
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number): DomainEvent => ({
  type: 'test.happened',
  subjectType: 'Thing',
  subjectId: n,
  projectId: n % 3 === 0 ? null : n,
  data: { n },
});

/** Commits one write of `events` as runMutation does. */
const write = (...events: DomainEvent[]) => knex.transaction((trx) => commitWrite(trx, events));

/** A consumer that keeps what it was given; `fail` makes its next calls throw. */
function recorder(name = 'recorder', changes = false) {
  const batches: number[][] = [];
  const state = { fail: 0 };
  const consumer: Consumer = {
    name,
    async handle(events: readonly StoredEvent[]) {
      if (state.fail > 0) {
        state.fail--;
        throw new TypeError('the consumer broke');
      }
      batches.push(events.map((e) => e.subjectId!));
      return { changedPublicData: changes };
    },
  };
  return { consumer, batches, state };
}

function pipeline(
  consumers: Consumer[],
  options: { batchSize?: number; retentionHours?: number; log?: string[]; observer?: PipelineObserver } = {},
) {
  const lines = options.log;
  const p = new WritePipeline({
    knex,
    dialect: 'sqlite',
    consumers,
    log: lines ? createLogger('debug', { write: (line: string) => void lines.push(line) }) : createLogger('silent'),
    pollMs: 60_000,
    retentionHours: options.retentionHours ?? 24,
    batchSize: options.batchSize,
    observer: options.observer,
  });
  pipelines.push(p);
  return p;
}

describe('recording events', () => {
  it("keeps a transaction's events until the write commits them, and a rolled-back write leaves none", async () => {
    const em = orm.em.fork();
    recordEvent(em, event(1));
    recordEvent(em, event(2));
    expect(eventsRecordedIn(em).map((e) => e.subjectId)).toEqual([1, 2]);
    expect(eventsRecordedIn(orm.em.fork())).toEqual([]);
    await expect(
      knex.transaction(async (trx) => {
        await commitWrite(trx, [event(9)]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await knex('outbox_event').count('* as n')).toEqual([{ n: 0 }]);
    const version = await readDataVersion(knex);
    await write(event(1), event(2));
    const rows = await knex('outbox_event').orderBy('id').select('id', 'type', 'subject_id', 'project_id', 'data');
    expect(rows.map((r) => [r.subject_id, r.project_id, JSON.parse(r.data).n])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(rows[1].id).toBeGreaterThan(rows[0].id);
    expect(Number(await readDataVersion(knex))).toBe(Number(version) + 1);
  });
});

describe('consumers', () => {
  it('get every event in commit order, in batches, and their position moves with each batch', async () => {
    const { consumer, batches } = recorder();
    const p = pipeline([consumer], { batchSize: 3 });
    await p.start();
    for (let n = 1; n <= 7; n++) await write(event(n));
    await p.settle();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    const [{ position }] = await knex('outbox_consumer').where('name', 'recorder').select('position');
    expect(Number(position)).toBe(Number((await knex('outbox_event').max('id as id'))[0].id));
  });

  it('passes over the events a consumer does not want: never handed them, its position moves, the data version stays', async () => {
    // Two consumers that want only events naming a service (event(3) names none).
    const pickies = ['picky-a', 'picky-b'].map((name) => {
      const r = recorder(name, true);
      return { ...r, consumer: { ...r.consumer, wants: (e: StoredEvent) => e.projectId != null } };
    });
    const counted: Record<string, number> = {};
    const observer: PipelineObserver = { handled: (name, n) => void (counted[name] = (counted[name] ?? 0) + n), failed: () => {} };
    const p = pipeline(
      pickies.map((r) => r.consumer),
      { observer },
    );
    await p.start();
    await write(event(3), event(6));
    const version = await readDataVersion(knex);
    await p.settle();
    expect(pickies.map((r) => r.batches)).toEqual([[], []]);
    expect(await readDataVersion(knex)).toBe(version);
    expect((await p.lag()).map((l) => l.pending)).toEqual([0, 0]);
    // Counted as handled: the metric says how far each consumer got, not how much it did.
    expect(counted).toEqual({ 'picky-a': 2, 'picky-b': 2 });

    // A batch with events it wants gives it those alone, in order.
    await write(event(1), event(3), event(2));
    await p.settle();
    expect(pickies.map((r) => r.batches.flat())).toEqual([
      [1, 2],
      [1, 2],
    ]);
    // The write, then each consumer that changed public data.
    expect(Number(await readDataVersion(knex))).toBe(Number(version) + 3);
    expect(counted).toEqual({ 'picky-a': 5, 'picky-b': 5 });
  });

  it('consumers far apart each get their own events, in order and once, in batches', async () => {
    const early = recorder('early');
    // `early` is registered, then falls behind by more than a batch before `late` exists.
    await pipeline([early.consumer]).register();
    for (let n = 1; n <= 5; n++) await write(event(n));
    const late = recorder('late');
    const p = pipeline([early.consumer, late.consumer], { batchSize: 2 });
    await p.start();
    await write(event(6));
    await write(event(7));
    await p.settle();
    expect(early.batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(late.batches.flat()).toEqual([6, 7]);
    expect([...early.batches, ...late.batches].every((b) => b.length <= 2)).toBe(true);
  });

  it('a new consumer starts after the events already there', async () => {
    await write(event(1), event(2));
    const { consumer, batches } = recorder('late');
    const p = pipeline([consumer]);
    await p.start();
    await write(event(3));
    await p.settle();
    expect(batches.flat()).toEqual([3]);
  });

  it('a failing consumer keeps its events, says why, backs off, and handles them once it works again', async () => {
    const broken = recorder('broken');
    const healthy = recorder('healthy');
    broken.state.fail = 1;
    const p = pipeline([broken.consumer, healthy.consumer]);
    await p.start();
    await write(event(1), event(2));
    p.kick();
    // The other consumer is not held up.
    await expect.poll(() => healthy.batches.flat(), { timeout: 5_000 }).toEqual([1, 2]);
    await expect
      .poll(async () => (await p.lag()).find((l) => l.consumer === 'broken'), { timeout: 5_000 })
      .toMatchObject({ pending: 2, failures: 1, lastError: 'TypeError in the consumer' });
    expect(broken.batches).toEqual([]);
    await p.settle();
    expect(broken.batches.flat()).toEqual([1, 2]);
    expect((await p.lag()).find((l) => l.consumer === 'broken')).toMatchObject({ pending: 0, failures: 0, lastError: null });
  });

  it('settle gives up with the consumer that is behind and its last failure', async () => {
    const broken = recorder('stuck');
    broken.state.fail = 1_000;
    const p = pipeline([broken.consumer]);
    await p.start();
    await write(event(1));
    await expect(p.settle(1_500)).rejects.toThrow(
      /did not catch up within 1500 ms: stuck at 0 of \d+ \(last failure: TypeError in the consumer\)/,
    );
  });

  it('moves the data version only when a consumer changed public data', async () => {
    const quiet = recorder('quiet', false);
    const p = pipeline([quiet.consumer]);
    await p.start();
    await write(event(1));
    const afterWrite = await readDataVersion(knex);
    await p.settle();
    expect(await readDataVersion(knex)).toBe(afterWrite);

    const loud = recorder('loud', true);
    const q = pipeline([loud.consumer]);
    await q.start();
    await write(event(2));
    const before = Number(await readDataVersion(knex));
    await q.settle();
    expect(Number(await readDataVersion(knex))).toBe(before + 1);
  });

  it('reports the lag: events waiting and the age of the oldest', async () => {
    const { consumer } = recorder('lagging');
    const p = pipeline([consumer]);
    await p.start();
    await knex.transaction((trx) => commitWrite(trx, [event(1)], new Date(Date.now() - 90_000)));
    const [lag] = await p.lag();
    expect(lag).toMatchObject({ consumer: 'lagging', pending: 1, failures: 0 });
    expect(lag.lagSeconds).toBeGreaterThanOrEqual(89);
    await p.settle();
    expect((await p.lag())[0]).toMatchObject({ pending: 0, lagSeconds: 0 });
  });

  it('deletes handled events past the retention, never one a consumer still needs', async () => {
    const done = recorder('done');
    const p = pipeline([done.consumer], { retentionHours: 0 });
    await p.start();
    await knex.transaction((trx) => commitWrite(trx, [event(1), event(2)], new Date(Date.now() - 1_000)));
    await p.settle();
    // The first turn after start purged nothing yet handled; a new pipeline purges at once.
    await p.stop();
    const waiting = recorder('waiting');
    await pipeline([waiting.consumer]).start();
    await write(event(3));
    const q = pipeline([done.consumer], { retentionHours: 0 });
    await q.start();
    await q.settle();
    // Events 1 and 2 were handled by both consumers and are gone; 3 waits for `waiting`.
    expect((await knex('outbox_event').select('subject_id')).map((r) => r.subject_id)).toEqual([3]);
  });

  it("gives way to another process's write lock on SQLite: no failure counted, its own process not held up", async () => {
    // Background work waits BACKGROUND_LOCK_WAIT_MS for the lock, not the busy timeout: the
    // process has one connection, which its requests would otherwise queue behind.
    expect(BACKGROUND_LOCK_WAIT_MS * 10).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS);
    const log: string[] = [];
    const { consumer, batches } = recorder('patient');
    const p = pipeline([consumer], { log });
    await p.start();
    await write(event(1));
    const other = await openDatabase({ dialect: 'sqlite', file: join(dir, 'db.sqlite') }, { entities: [] });
    const lock = await knexOf(other).transaction();
    try {
      const started = Date.now();
      p.kick();
      await expect.poll(() => log.join('\n'), { timeout: 5_000 }).toMatch(/patient waits for the database's write lock/);
      // A read of this process after the consumer's try is answered while the lock is still held.
      expect(await knex('outbox_event').count('* as n')).toEqual([{ n: 1 }]);
      expect(Date.now() - started).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS / 2);
      expect((await p.lag())[0]).toMatchObject({ consumer: 'patient', pending: 1, failures: 0, lastError: null });
      expect(batches).toEqual([]);
    } finally {
      await lock.rollback();
      await other.close(true);
    }
    await p.settle();
    expect(batches.flat()).toEqual([1]);
    expect(log.join('\n')).not.toMatch(/"level":50/);
  });
});
