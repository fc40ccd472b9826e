import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knex as knexFactory } from '@mikro-orm/knex';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { createScratchDatabase } from '../src/core/db/scratch-postgres.js';
import { TABLES_IN_ORDER } from '../src/core/db/tables.js';
import { seedDatabase } from '../seeds/seed.js';
import { post, startServerProcess } from './support/processes.js';

const run = promisify(execFile);

/**
 * Moving house (the PostgreSQL issue): `npm run db:copy` moves the scale-1 sample with its
 * history from SQLite into an empty PostgreSQL database and verifies it; a failure leaves
 * the target empty and the source untouched. Runs the compiled command as users do.
 */
describe.runIf(process.env.TEST_DIALECT === 'postgresql')('npm run db:copy', () => {
  let dir: string;
  let file: string;
  let source: MikroORM;
  const copy = (from: string, to: string) =>
    run(process.execPath, ['dist/src/cli/db-copy.js', '--from', from, '--to', to], { timeout: 300_000 }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  const tablesOf = async (url: string) => {
    const client = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      const result = (await client.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)) as {
        rows: { table_name: string }[];
      };
      return result.rows.map((r) => r.table_name).sort();
    } finally {
      await client.destroy();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copy-'));
    file = join(dir, 'source.sqlite');
    source = await openDatabase({ dialect: 'sqlite', file }, { entities: ENTITIES });
    await seedDatabase(source);
    // History and a token, so every table has rows to carry.
    await knexOf(source)('api_token').insert({
      id: 1,
      created_at: new Date(),
      updated_at: new Date(),
      name: 'copy check',
      role: 'ADMIN',
      secret_hash: 'a'.repeat(64),
    });
    await knexOf(source)('change').insert({
      id: 1,
      created_at: new Date(),
      updated_at: new Date(),
      at: new Date(),
      actor_token_id: 1,
      actor_name: 'copy check',
      actor_role: 'ADMIN',
      action: 'updateTargetProject',
      object_type: 'TargetProject',
      object_id: 1,
      before: JSON.stringify({ name: '旧名', n: 1.5 }),
      after: JSON.stringify({ name: '新名', n: 2 }),
      note: null,
      sealed_tender_id: null,
    });
    // A saved search with its webhook, an event and a delivery with one try (docs/notifications.md).
    const now = new Date();
    await knexOf(source)('saved_search').insert({
      id: 1,
      created_at: now,
      updated_at: now,
      token_id: 1,
      name: '法務省の入札',
      filter: JSON.stringify({ ministryCodes: ['MOJ'] }),
      webhook_url: 'https://example.jp/hook',
      webhook_secret: 'whsec_copy',
      version: 1,
    });
    // After the sample's own events (seeded from its history).
    const [{ n: lastEvent }] = (await knexOf(source)('public_event').max({ n: 'id' })) as { n: number }[];
    const eventId = Number(lastEvent) + 1;
    await knexOf(source)('public_event').insert({
      id: eventId,
      created_at: now,
      updated_at: now,
      outbox_event_id: null,
      type: 'TENDER_ANNOUNCED',
      occurred_at_ms: 1_790_000_000_000,
      subject_type: 'Tender',
      subject_id: 1,
      tender_id: 1,
      title: '【入札公告】コピーの確認',
      search_text: 'コピーの確認',
      amount_yen: 12_345_678_901,
      data: JSON.stringify({ tender: { round: 1, title: 'コピー' } }),
    });
    await knexOf(source)('webhook_delivery').insert({
      id: 1,
      created_at: now,
      updated_at: now,
      saved_search_id: 1,
      event_id: eventId,
      status: 'DELIVERED',
      attempts: 1,
      next_attempt_at_ms: 1_790_000_000_000,
      delivered_at_ms: 1_790_000_000_500,
    });
    await knexOf(source)('webhook_attempt').insert({
      id: 1,
      created_at: now,
      updated_at: now,
      delivery_id: 1,
      duration_ms: 12,
      status_code: 200,
    });
  });
  afterAll(async () => {
    await source.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table of the scale-1 sample, verifies it, and the server runs on the copy', async () => {
    const target = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'copy');
    try {
      const result = await copy(`sqlite:${file}`, target.url);
      expect(result.code, result.out).toBe(0);
      expect(result.out).toMatch(/copied and verified/);
      for (const table of TABLES_IN_ORDER)
        expect(result.out).toMatch(new RegExp(`${table}\\s+\\d+ rows\\s+sha256 [0-9a-f]+…\\s+identical`));

      const client = knexFactory({ client: 'pg', connection: target.url, pool: { min: 0, max: 1 } });
      try {
        for (const table of TABLES_IN_ORDER) {
          const [{ n: expected }] = (await knexOf(source)(table).count({ n: '*' })) as { n: number }[];
          const [{ n: actual }] = (await client(table).count({ n: '*' })) as { n: string }[];
          expect(Number(actual), table).toBe(Number(expected));
        }
        const [change] = (await client('change').select('before', 'after', 'at')) as { before: unknown; after: unknown; at: Date }[];
        expect(change.before).toEqual({ name: '旧名', n: 1.5 });
        const [event] = (await client('public_event')
          .where('title', '【入札公告】コピーの確認')
          .select('data', 'amount_yen', 'occurred_at_ms')) as Record<string, unknown>[];
        expect(event).toEqual({
          data: { tender: { round: 1, title: 'コピー' } },
          amount_yen: '12345678901',
          occurred_at_ms: '1790000000000',
        });
      } finally {
        await client.destroy();
      }

      // The copy is a working database: the server starts on it and new rows get new ids.
      const server = await startServerProcess({ DATABASE_URL: target.url, SEED_ON_START: '0' });
      try {
        const r = await post(server.url, '{ targetProjects { totalCount } tenders { totalCount } municipality(code: "131016") { name } }');
        expect(r.body.data.targetProjects.totalCount).toBe(400);
        expect(r.body.data.municipality.name).toBe('千代田区');
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await target.drop();
    }
  });

  it('refuses a target that is not empty and leaves it as it was', async () => {
    const target = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'copy');
    try {
      const client = knexFactory({ client: 'pg', connection: target.url, pool: { min: 0, max: 1 } });
      await client.raw('CREATE TABLE keep_me (id int)');
      await client.raw('INSERT INTO keep_me VALUES (1)');
      const result = await copy(`sqlite:${file}`, target.url);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/not empty/);
      expect(await tablesOf(target.url)).toEqual(['keep_me']);
      await client.destroy();
    } finally {
      await target.drop();
    }
  });

  it('leaves the target empty and the source untouched when a row cannot be copied', async () => {
    const broken = join(dir, 'broken.sqlite');
    const db = await openDatabase({ dialect: 'sqlite', file: broken }, { entities: ENTITIES });
    await seedDatabase(db, { scale: 1 });
    // PostgreSQL limits names to 300 characters; SQLite's text takes this one anyway.
    await knexOf(db)('tender')
      .where('id', 1500)
      .update({ title: 'あ'.repeat(400) });
    const before = (await knexOf(db)('tender').count({ n: '*' })) as { n: number }[];
    await db.close(true);

    const target = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'copy');
    try {
      const result = await copy(`sqlite:${broken}`, target.url);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/nothing was written to the target/);
      expect(await tablesOf(target.url)).toEqual([]);
      const again = await openDatabase({ dialect: 'sqlite', file: broken }, { entities: ENTITIES });
      expect(await knexOf(again)('tender').count({ n: '*' })).toEqual(before);
      await again.close(true);
    } finally {
      await target.drop();
    }
  });

  it('refuses a source that is not a tracker database, or not there, and creates nothing', async () => {
    const target = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'copy');
    try {
      const other = join(dir, 'other.sqlite');
      const foreign = knexFactory({ client: 'sqlite3', connection: { filename: other }, useNullAsDefault: true });
      await foreign.raw('CREATE TABLE notes (id integer primary key, text text)');
      await foreign.destroy();
      const result = await copy(`sqlite:${other}`, target.url);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/no tracker schema/);
      const missing = join(dir, 'nothing-here.sqlite');
      const absent = await copy(`sqlite:${missing}`, target.url);
      expect(absent.code).toBe(2);
      expect(absent.out).toMatch(/does not exist/);
      expect(existsSync(missing)).toBe(false);
      expect(await tablesOf(target.url)).toEqual([]);
    } finally {
      await target.drop();
    }
  });
});
