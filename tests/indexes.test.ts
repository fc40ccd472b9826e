import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
