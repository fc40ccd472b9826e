import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { runTokenCli } from '../src/cli/token.js';
import { runCli } from '../tests/support/interchange-cli.js';
import { rawRows, tableNames, type Dialect } from '../tests/support/portable.js';
import { testDatabase } from '../tests/support/test-server.js';

/**
 * `npm run seed -- --reset` as a user runs it (the compiled command the suite's global setup
 * builds), on the suite's database: a SQLite file, or a scratch PostgreSQL database in the
 * PostgreSQL half. The sample holds rows that point at rows of their own table (each basic
 * policy supersedes the previous edition, agencies have a parent ministry, wards a city and
 * a prefecture), which is what a plain DELETE trips over on SQLite.
 */
const SEED_CLI = 'dist/seeds/seed.cli.js';
/** What a Node stack trace or an uncaught error looks like on a terminal. */
const STACK_TRACE = /\n\s+at |\bat [\w$.<>]+ \(|node_modules|\.(?:ts|js):\d+:\d+|^\s*\^\s*$|Node\.js v\d/m;

let database: Awaited<ReturnType<typeof testDatabase>>;
let env: Record<string, string>;

beforeAll(async () => {
  database = await testDatabase();
  env = { DATABASE_URL: database.url };
});
afterAll(() => database?.drop());

/** Runs SQL on the database between two runs of the command (no connection stays open). */
async function withDatabase<T>(work: (knex: Knex, dialect: Dialect) => Promise<T>): Promise<T> {
  const orm = await openDatabase(database.target, { entities: ENTITIES });
  try {
    return await work(knexOf(orm), database.target.dialect);
  } finally {
    await orm.close(true);
  }
}

/** Not content: the migrations' run times, and the write counter every seeding bumps. */
const NOT_CONTENT = new Set(['schema_migration', 'data_version']);
const ORDER_KEYS: Record<string, string[]> = {
  outbox_consumer: ['name'],
  rate_limit: ['key'],
  write_position: ['token_id'],
  stats_round_summary: ['ministry_id', 'fiscal_year', 'method', 'category'],
  stats_service_summary: ['ministry_id', 'selected_in_fiscal_year', 'method', 'category', 'status'],
  stats_year_summary: ['ministry_id', 'fiscal_year', 'method', 'category'],
  stats_rollup: ['rollup', 'fiscal_year', 'ministry_id', 'category', 'status'],
  red_flag_statistic: ['code', 'name'],
  search_gram: ['kind', 'gram', 'row_id'],
  search_gram_position: ['n'],
};

/** Rows per table and a sha256 of each table's rows in key order. */
async function contents(knex: Knex, dialect: Dialect): Promise<Record<string, { rows: number; sha256: string }>> {
  const tables = (await tableNames((sql) => rawRows<{ name: string }>(knex, sql), dialect)).filter((name) => !NOT_CONTENT.has(name));
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const name of tables.sort()) {
    const all = (await knex(name)
      .select('*')
      .orderBy(ORDER_KEYS[name] ?? ['id'])) as Record<string, unknown>[];
    // When the flags were computed is a time, not content.
    const rows =
      name === 'red_flag_statistic'
        ? all.filter((r) => r.name !== 'computed_at_ms')
        : name === 'red_flag'
          ? all.map(({ computed_at_ms: _time, ...row }) => row)
          : all;
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  return out;
}

async function scalar(knex: Knex, sql: string, bindings: unknown[] = []): Promise<number> {
  const [row] = await rawRows(knex, sql, bindings);
  return Number(Object.values(row)[0]);
}

describe('npm run seed -- --reset', () => {
  it('deletes everything, hand-entered rows and tokens included, and loads the same sample again', { timeout: 300_000 }, async () => {
    const first = await runCli(SEED_CLI, [], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^done: 400 target services, \d+ rounds/m);

    const sample = await withDatabase(async (knex, dialect) => {
      // The self-references the reset must get past are really there.
      expect(await scalar(knex, 'SELECT COUNT(*) FROM basic_policy WHERE supersedes_id IS NOT NULL')).toBeGreaterThan(0);
      expect(await scalar(knex, 'SELECT COUNT(*) FROM ministry WHERE parent_id IS NOT NULL')).toBeGreaterThan(0);
      expect(await scalar(knex, 'SELECT COUNT(*) FROM municipality WHERE city_id IS NOT NULL')).toBeGreaterThan(0);
      return contents(knex, dialect);
    });

    // What a user adds by hand: a new edition superseding the latest, a renamed service, a token.
    await withDatabase(async (knex) => {
      const latest = await scalar(knex, 'SELECT MAX(id) FROM basic_policy');
      const now = new Date();
      await knex('basic_policy').insert({
        created_at: now,
        updated_at: now,
        title: '手入力の基本方針',
        decided_on: '2026-07-01',
        fiscal_year: 2026,
        supersedes_id: latest,
        data_source: 'ENTERED',
      });
      await knex('target_project').where({ id: 1 }).update({ name: '手入力で改名した事業' });
    });
    const lines: string[] = [];
    const tokenCode = await runTokenCli(
      ['create', '--role', 'MINISTRY', '--ministry', 'MOJ', '--name', 'reset test'],
      { log: (l) => lines.push(l), error: (l) => lines.push(l) },
      { ...process.env, ...env, LOG_LEVEL: 'silent' },
    );
    expect(tokenCode, lines.join('\n')).toBe(0);
    await withDatabase(async (knex) => {
      expect(await scalar(knex, 'SELECT COUNT(*) FROM api_token')).toBe(1);
      expect(await scalar(knex, 'SELECT COUNT(*) FROM basic_policy')).toBe(sample.basic_policy.rows + 1);
    });

    // Without --reset the command refuses and writes nothing.
    const refused = await runCli(SEED_CLI, [], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data; add --reset/);
    expect(await withDatabase((knex) => scalar(knex, 'SELECT COUNT(*) FROM api_token'))).toBe(1);

    const versionBefore = await withDatabase((knex) => scalar(knex, 'SELECT version FROM data_version WHERE id = 1'));
    const reset = await runCli(SEED_CLI, ['--reset'], env);
    const output = `${reset.stdout}\n${reset.stderr}`;
    expect(reset.code, output).toBe(0);
    expect(output, 'no stack trace, no error').not.toMatch(STACK_TRACE);
    expect(reset.stderr, 'nothing on standard error').toBe('');
    expect(reset.stdout).toMatch(/^--reset: deleting every row/m);
    expect(reset.stdout).toMatch(/^done: 400 target services, \d+ rounds/m);

    await withDatabase(async (knex, dialect) => {
      // The sample is back exactly, table by table; what was added by hand is gone.
      expect(await contents(knex, dialect)).toEqual(sample);
      expect(await scalar(knex, 'SELECT COUNT(*) FROM api_token')).toBe(0);
      expect(await scalar(knex, "SELECT COUNT(*) FROM basic_policy WHERE data_source = 'ENTERED'")).toBe(0);
      // Cached responses must not survive the reset: the write counter moved on.
      expect(await scalar(knex, 'SELECT version FROM data_version WHERE id = 1')).toBeGreaterThan(versionBefore);
    });

    // The database takes new rows afterwards (on PostgreSQL the id sequences were moved past the sample).
    const again = await runTokenCli(
      ['create', '--role', 'ADMIN', '--name', 'after reset'],
      { log: (l) => lines.push(l), error: (l) => lines.push(l) },
      { ...process.env, ...env, LOG_LEVEL: 'silent' },
    );
    expect(again, lines.join('\n')).toBe(0);
  });
});
