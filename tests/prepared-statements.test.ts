import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knex as knexFactory, type Knex } from '@mikro-orm/knex';
import { MAX_PREPARED_TEXTS, preparedRows, whereAnyOf, type PreparedDb } from '../src/core/db/prepared.js';
import { fetchPage, rowsRead, type ListSource } from '../src/core/graphql/pagination/list-query.js';
import type { PageWindow } from '../src/core/graphql/pagination/connection-args.js';
import { testDatabase } from './support/test-server.js';

/**
 * Statements run by `preparedRows` (core/db/prepared.ts): on PostgreSQL named, so a connection
 * parses each text once, with texts independent of a list's length (`whereAnyOf`) and at most
 * `MAX_PREPARED_TEXTS` of them, so a client cannot make the server keep a statement per request.
 */
describe('prepared statements', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let db: PreparedDb;
  beforeAll(async () => {
    database = await testDatabase();
    const postgres = database.target.dialect === 'postgresql';
    // One connection, so that what it has prepared can be read back on it.
    const knex: Knex = postgres
      ? knexFactory({ client: 'pg', connection: database.url, pool: { min: 1, max: 1 } })
      : knexFactory({ client: 'sqlite3', connection: { filename: database.file }, useNullAsDefault: true });
    db = { knex, dialect: postgres ? 'postgresql' : 'sqlite' };
    await knex.schema.createTable('item', (t) => {
      t.integer('id').primary();
      t.text('kind').notNullable();
    });
    await knex('item').insert([
      { id: 1, kind: 'a' },
      { id: 2, kind: 'b' },
      { id: 3, kind: 'c' },
      { id: 4, kind: 'a' },
    ]);
  });
  afterAll(async () => {
    await db?.knex.destroy();
    await database?.drop();
  });

  const itemsOf = (kinds: string[]) => {
    const query = db.knex('item').select('id').orderBy('id');
    whereAnyOf(query, 'kind', kinds);
    return query;
  };

  it('gives the rows the query gives, counted as a statement', async () => {
    const statements: string[] = [];
    const listen = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on('query', listen);
    try {
      expect(await preparedRows<{ id: number }>(db, itemsOf(['a']))).toEqual([{ id: 1 }, { id: 4 }]);
      expect(await preparedRows<{ id: number }>(db, itemsOf(['b', 'c']))).toEqual([{ id: 2 }, { id: 3 }]);
      expect(await preparedRows<{ id: number }>(db, itemsOf(['z']))).toEqual([]);
    } finally {
      db.knex.removeListener('query', listen);
    }
    expect(statements).toHaveLength(3);
  });

  it('on PostgreSQL prepares one statement for a list of any length, and reuses it', async (context) => {
    if (db.dialect !== 'postgresql') context.skip(); // SQLite plans in-process: the query runs as it is.
    expect(itemsOf(['a']).toSQL().toNative().sql).toBe(itemsOf(['a', 'b', 'c']).toSQL().toNative().sql);
    for (const kinds of [['a'], ['a', 'b'], ['a', 'b', 'c'], ['c']]) await preparedRows(db, itemsOf(kinds));
    const prepared = (await db.knex.raw(`select statement from pg_prepared_statements where name like 'p\\_%'`)) as {
      rows: { statement: string }[];
    };
    expect(prepared.rows.map((row) => row.statement)).toEqual([itemsOf(['a']).toSQL().toNative().sql]);
  });

  describe('pages of a list', () => {
    // A table big enough that PostgreSQL costs a bound LIMIT (a tenth of its rows) above the page's own.
    beforeAll(async () => {
      await db.knex.schema.createTable('entry', (t) => {
        t.integer('id').primary();
        t.text('kind').notNullable();
        t.index(['kind', 'id']);
      });
      const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, kind: ['a', 'b', 'c'][i % 3] }));
      for (let i = 0; i < rows.length; i += 500) await db.knex('entry').insert(rows.slice(i, i + 500));
      if (db.dialect === 'postgresql') await db.knex.raw('analyze entry');
    });
    const source: ListSource<Record<string, unknown>> = {
      table: 'entry',
      alias: 'e',
      where: (qb) => whereAnyOf(qb, 'e.kind', ['a', 'b']),
      hydrate: (rows) => rows,
    };
    const ordering = { name: 'ID:ASC', keys: [{ sql: 'e.id', direction: 'ASC' as const }] };
    const window = (size: number): PageWindow => ({ direction: 'forward', size, cursor: null, cursorArgument: 'after' });
    const plans = async (text: string) =>
      (
        (await db.knex.raw(`select generic_plans, custom_plans from pg_prepared_statements where statement like ?`, [`%${text}%`])) as {
          rows: { generic_plans: string; custom_plans: string }[];
        }
      ).rows.map((row) => ({ generic: Number(row.generic_plans), custom: Number(row.custom_plans) }));

    it('read one row more than the page, rounded up to 5k + 1, and give the page alone', async () => {
      expect([0, 1, 5, 6, 20, 49, 50, 100].map((size) => rowsRead(window(size)))).toEqual([1, 6, 6, 11, 21, 51, 51, 101]);
      for (const size of [0, 3, 5, 20]) {
        const page = await fetchPage(db, source, ordering, window(size));
        const ids = page.nodes.map((node) => node.id);
        expect(ids).toEqual([1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23, 25, 26, 28, 29].slice(0, size));
        expect(page.pageInfo.hasNextPage).toBe(true);
      }
    });

    it('on PostgreSQL run the generic plan after five runs: the page is planned once, not on every request', async (context) => {
      if (db.dialect !== 'postgresql') context.skip(); // SQLite plans in-process: nothing is prepared.
      for (let i = 0; i < 7; i++) await fetchPage(db, source, ordering, window(20));
      // Five runs planned for their values, then the generic plan (PostgreSQL's plancache.c).
      const [page, ...others] = await plans('limit 21');
      expect(others).toEqual([]);
      expect(page.custom).toBe(5);
      expect(page.generic).toBeGreaterThanOrEqual(2);
    });
  });

  it('on PostgreSQL prepares no more than MAX_PREPARED_TEXTS texts, and runs the others as they are', async (context) => {
    if (db.dialect !== 'postgresql') context.skip(); // SQLite prepares nothing.
    // Texts that differ in a constant: each would be a statement of its own (the one prepared above counts too).
    const nth = (i: number) =>
      db
        .knex('item')
        .select('id')
        .where('id', '<=', db.knex.raw(String(i)));
    for (let i = 0; i < MAX_PREPARED_TEXTS + 10; i++) {
      expect(await preparedRows<{ id: number }>(db, nth(i))).toHaveLength(Math.min(i, 4));
    }
    const [{ n }] = (await db.knex.raw(`select count(*)::int as n from pg_prepared_statements where name like 'p\\_%'`)).rows as {
      n: number;
    }[];
    expect(n).toBe(MAX_PREPARED_TEXTS);
  });

  it('answers with the columns a table has now, after it gained one (a migration by a newer process)', async () => {
    const all = () => db.knex('item').select('*').where('id', 1);
    expect(await preparedRows(db, all())).toEqual([{ id: 1, kind: 'a' }]);
    await db.knex.schema.alterTable('item', (t) => t.text('note'));
    try {
      expect(await preparedRows(db, all())).toEqual([{ id: 1, kind: 'a', note: null }]);
      expect(await preparedRows(db, all())).toEqual([{ id: 1, kind: 'a', note: null }]);
    } finally {
      await db.knex.schema.alterTable('item', (t) => t.dropColumn('note'));
    }
  });

  it('inside a transaction runs on the transaction', async () => {
    await db.knex
      .transaction(async (trx) => {
        await trx('item').insert({ id: 5, kind: 'a' });
        const rows = await preparedRows<{ id: number }>(
          { knex: trx, dialect: db.dialect },
          trx('item').select('id').where('kind', 'a').orderBy('id'),
        );
        expect(rows).toEqual([{ id: 1 }, { id: 4 }, { id: 5 }]);
        throw new Error('rolled back');
      })
      .catch((error: Error) => expect(error.message).toBe('rolled back'));
    expect(await db.knex('item').where('id', 5)).toEqual([]);
  });
});
