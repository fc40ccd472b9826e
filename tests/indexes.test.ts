import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Every foreign key has an index that leads with its column, on both databases: a relation
 * read per parent ("the evaluations of these 50 services") must never scan its table. The
 * ORM creates these for SQLite only; PostgreSQL's come from the ForeignKeyIndexes migration.
 */
describe('foreign-key indexes', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false });
  });
  afterAll(() => srv?.stop());

  it('index every foreign-key column as the first column of some index', async () => {
    const keys: { table: string; column: string }[] = [];
    const leading = new Set<string>();
    if (srv.dialect === 'postgresql') {
      keys.push(
        ...(await srv.sql<{ table: string; column: string }>(`
          SELECT c.conrelid::regclass::text AS "table", a.attname AS "column"
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)),
      );
      for (const r of await srv.sql<{ table: string; column: string }>(`
          SELECT i.indrelid::regclass::text AS "table", a.attname AS "column"
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]`)) {
        leading.add(`${r.table}.${r.column}`);
      }
    } else {
      const tables = await srv.sql<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      for (const { name } of tables) {
        for (const fk of await srv.sql<{ from: string }>(`PRAGMA foreign_key_list("${name}")`)) keys.push({ table: name, column: fk.from });
        for (const index of await srv.sql<{ name: string }>(`PRAGMA index_list("${name}")`)) {
          const [first] = await srv.sql<{ name: string }>(`PRAGMA index_info("${index.name}")`);
          if (first) leading.add(`${name}.${first.name}`);
        }
      }
    }
    expect(keys.length).toBeGreaterThan(10);
    const unindexed = keys.map((k) => `${k.table}.${k.column}`).filter((k) => !leading.has(k));
    expect(unindexed).toEqual([]);
  });
});

/**
 * A ministry's dashboard (its services, most recently updated first) reads one page along the
 * index (ministry_id, updated_at, id) and stops: it never reads and sorts every service of
 * the ministry, so its cost does not grow with the programme (PERFORMANCE.md "Scale 1, 10
 * and 100"). The statement the API runs is captured and its plan asked for.
 */
describe('the dashboard page', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.stop());

  it('is read along its index in the list order, with no sort of the whole ministry', async (context) => {
    // PostgreSQL chooses its plan from the table's statistics, which a small sample makes a
    // sort of a few rows; SQLite's plan follows the statement's shape, which is what is checked.
    if (srv.dialect !== 'sqlite') context.skip();
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const knex = knexOf(srv.orm);
    const listen = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    knex.on('query', listen);
    try {
      const result = await srv.gql(
        `{ targetProjects(first: 5, filter: { ministryCodes: ["MOJ"] }, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { name } } }`,
      );
      expect(result.errors).toBeUndefined();
    } finally {
      knex.removeListener('query', listen);
    }
    const page = statements.find((s) => /from `target_project`/.test(s.sql) && /order by/i.test(s.sql));
    expect(page, statements.map((s) => s.sql).join('\n')).toBeDefined();
    const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${page!.sql}`, page!.bindings as never[])) as { detail: string }[];
    const details = plan.map((row) => row.detail);
    expect(details.join('\n')).toMatch(/USING INDEX target_project_ministry_id_updated_at_id_index/);
    expect(details.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
