import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';

/** What a prepared statement runs on: a database and its dialect (a list's `ListDb`). */
export interface PreparedDb {
  knex: Knex;
  dialect: 'sqlite' | 'postgresql';
}

/** A connection of the `pg` driver, as knex's pool hands it out. */
interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `query` and returns its rows; on PostgreSQL as a named statement, which each pooled
 * connection parses and plans once and then only binds and runs (and PostgreSQL keeps a
 * generic plan for once it has seen it pay). For a statement whose planning costs as much as
 * its running: the filtered statistics' rollups, 1.5 ms of planning for 2–4 ms of work at
 * scale 100 (PERFORMANCE.md "Filtered statistics read by index").
 *
 * The name is the statement's text hashed, so every text is a statement of its own on each
 * connection: a query's text must depend on the shape of a request, never on its values, or
 * the statements grow without bound (lists as one array parameter, `whereAnyOf`). Inside a
 * transaction, and on SQLite, which plans in-process, the query runs as it is. Counted like
 * every other statement (`sql-counter.ts`: knex's `query` event).
 */
export async function preparedRows<T>(db: PreparedDb, query: Knex.QueryBuilder): Promise<T[]> {
  if (db.dialect !== 'postgresql' || db.knex.isTransaction) return (await query) as T[];
  const { sql, bindings } = query.toSQL().toNative();
  const name = `p_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
  const client = db.knex.client;
  client.emit('query', { sql, bindings, method: 'raw', prepared: name });
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    return (await connection.query({ name, text: sql, values: bindings })).rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * `column` is one of `values`: on PostgreSQL as `= ANY(?)` with the list as one array
 * parameter, so the statement's text is the same however many values there are (`preparedRows`);
 * on SQLite as IN.
 */
export function whereAnyOf(qb: Knex.QueryBuilder, column: string, values: readonly string[] | readonly number[]): void {
  if (qb.client.dialect === 'postgresql') qb.whereRaw('?? = ANY(?)', [column, [...values] as string[]]);
  else qb.whereIn(column, [...values] as string[]);
}
