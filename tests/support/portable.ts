/**
 * Small helpers for test code that reads and writes rows with raw SQL on either database
 * (SQLite and PostgreSQL). Prefer portable SQL in the tests themselves; these cover what SQL
 * alone cannot make the same on both:
 *
 *   - booleans come back as 1/0 from SQLite and true/false from PostgreSQL → `toBool`;
 *   - JSON columns come back as text from SQLite and parsed from PostgreSQL (jsonb) → `asJson`;
 *   - timestamps come back as epoch milliseconds from SQLite and as text from PostgreSQL
 *     (timestamptz) → `toMillis`; to write one, bind a JS `Date` (both drivers accept it);
 *   - knex's `raw` answers SQLite with the rows and PostgreSQL with a result holding them → `rawRows`;
 *   - the catalogue of tables differs (sqlite_master / information_schema) → `tableNames`.
 */
import type { Knex } from '@mikro-orm/knex';

export type Dialect = 'sqlite' | 'postgresql';

/** A boolean column's value as a JS boolean (SQLite stores 1/0); null stays null. */
export function toBool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'string') {
    if (value === '1' || value === 't' || value === 'true') return true;
    if (value === '0' || value === 'f' || value === 'false') return false;
  }
  throw new Error(`not a stored boolean: ${JSON.stringify(value)}`);
}

/** A JSON column's value, parsed: SQLite gives the text, PostgreSQL (jsonb) the value itself. */
export function asJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * A timestamp column's value as epoch milliseconds: SQLite stores the number, PostgreSQL
 * answers timestamptz as text such as `2006-04-01 00:00:00+00` or `2026-11-28 05:34:40.123+09:30`.
 */
export function toMillis(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value.trim());
    if (m) {
      const [, date, time, fraction = '', zone = 'Z'] = m;
      const millis = fraction ? `.${fraction.slice(1, 4).padEnd(3, '0')}` : '';
      const offset =
        zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      const parsed = Date.parse(`${date}T${time}${millis}${offset}`);
      if (!Number.isNaN(parsed)) return parsed;
    }
  }
  throw new Error(`not a stored timestamp: ${JSON.stringify(value)}`);
}

/** The rows of `knex.raw(...)` on either database. */
export async function rawRows<R = Record<string, any>>(knex: Knex, sql: string, bindings: unknown[] = []): Promise<R[]> {
  const result = await knex.raw(sql, bindings as never[]);
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
}

/** Names of the tables of the database, in name order (SQLite's own bookkeeping tables left out). */
export async function tableNames(query: (sql: string) => Promise<{ name: string }[]>, dialect: Dialect): Promise<string[]> {
  const sql =
    dialect === 'postgresql'
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;
  return (await query(sql)).map((r) => r.name);
}

/**
 * SQL naming how a value is stored, with the name each database gives a 64-bit integer:
 * SQLite's `typeof()` tells the storage class of the value ('integer', not 'real'), PostgreSQL's
 * `pg_typeof()` the column's type ('bigint').
 */
export function storageTypeSql(dialect: Dialect, expression: string): { sql: string; int64: string } {
  return dialect === 'postgresql'
    ? { sql: `pg_typeof(${expression})::text`, int64: 'bigint' }
    : { sql: `typeof(${expression})`, int64: 'integer' };
}
