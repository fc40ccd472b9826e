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
 * How many statement texts a process prepares: each is kept by every pooled connection that
 * ran it, parsed and with its plans (PostgreSQL's memory, per connection), and a list's text
 * varies with the relations a client selects. Texts seen once these are taken run unprepared.
 */
export const MAX_PREPARED_TEXTS = 64;

/** The names of the texts this process prepares (`MAX_PREPARED_TEXTS` at most). */
const names = new Map<string, string>();

/**
 * Runs `query` and returns its rows; on PostgreSQL as a named statement, which each pooled
 * connection parses once and then binds and runs, planning it again for each run's values
 * unless its generic plan is as cheap (PostgreSQL's choice after five runs). For statements
 * that cost much to prepare: the filtered statistics' rollups (1.5 ms of planning for 2–4 ms
 * of work at scale 100) and the pages of lists with their relations (PERFORMANCE.md
 * "Filtered statistics read by index", "Lists prepared").
 *
 * The name is the statement's text hashed, so every text is a statement of its own on each
 * connection: a query's text should depend on the shape of a request, not on its values
 * (lists as one array parameter, `whereAnyOf`), and a process prepares the first
 * `MAX_PREPARED_TEXTS` texts it sees. Inside a transaction, and on SQLite, which plans
 * in-process, the query runs as it is. Counted like every other statement (`sql-counter.ts`:
 * knex's `query` event).
 */
export async function preparedRows<T>(db: PreparedDb, query: Knex.QueryBuilder): Promise<T[]> {
  if (db.dialect !== 'postgresql' || db.knex.isTransaction) return (await query) as T[];
  const { sql, bindings } = query.toSQL().toNative();
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_PREPARED_TEXTS) return (await query) as T[];
    names.set(sql, (name = `p_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`));
  }
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
