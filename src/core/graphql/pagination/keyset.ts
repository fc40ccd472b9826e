import type { Knex } from '@mikro-orm/knex';
import type { CursorValue } from './cursor.js';

export type SqlDialect = 'sqlite' | 'postgresql';

/** One sort key of a list: a SQL expression over the list's alias. */
export interface SortKey {
  /** SQL over the list's columns, e.g. `t.announced_on`; never user input. */
  sql: string;
  direction: 'ASC' | 'DESC';
  /** Nullable keys sort their nulls last in both directions. */
  nullable?: boolean;
  /** Text keys sort in code-point order on every database (docs/api.md "Order fields"). */
  text?: boolean;
  /**
   * Instants (created/updated times): carried in cursors as epoch milliseconds and bound as
   * dates, which SQLite stores as milliseconds and PostgreSQL as timestamptz.
   */
  instant?: boolean;
}

function binding(key: SortKey, value: CursorValue): Knex.Value {
  return key.instant && typeof value === 'number' ? new Date(value) : value;
}

/** A named ordering; the id tie-break is appended to `keys` by `withTieBreak`. */
export interface Ordering {
  /** Identifies the ordering inside cursors, e.g. `ANNOUNCED_ON:DESC`. */
  name: string;
  keys: SortKey[];
  /**
   * An index holds the table in this order (the keys, then the id), so a page can be read
   * straight from it and stop: a list filtered by a search alone may then read it
   * (core/text/search-grams.ts `searchReadsInListOrder`).
   */
  indexed?: boolean;
}

/** The ordering's keys followed by the primary key, in the direction of the last key. */
export function withTieBreak(ordering: Ordering, alias: string): SortKey[] {
  const last = ordering.keys[ordering.keys.length - 1];
  return [...ordering.keys, { sql: `${alias}.id`, direction: last?.direction ?? 'ASC' }];
}

/**
 * SQLite compares text by its bytes (UTF-8, so code-point order); PostgreSQL needs the
 * "C" collation for the same order whatever the database's locale.
 */
export function sortExpression(key: SortKey, dialect: SqlDialect): string {
  return key.text && dialect === 'postgresql' ? `${key.sql} COLLATE "C"` : key.sql;
}

/** `ORDER BY` terms; `reverse` flips every key (for `last`/`before`), nulls still last. */
export function orderByTerms(keys: SortKey[], dialect: SqlDialect, reverse = false): string {
  return keys
    .map((key) => {
      const direction = (key.direction === 'ASC') !== reverse ? 'ASC' : 'DESC';
      const expr = sortExpression(key, dialect);
      // Nulls last in either direction (SQLite and PostgreSQL disagree on the default);
      // reversed for `last`/`before`, whose rows are read backwards and then flipped.
      return key.nullable ? `(${key.sql} IS NULL) ${reverse ? 'DESC' : 'ASC'}, ${expr} ${direction}` : `${expr} ${direction}`;
    })
    .join(', ');
}

/**
 * The keyset predicate "row comes after (or before) the cursor position" in the list's
 * order: for keys k1…kn, OR over i of (k1 = v1 AND … AND k(i−1) = v(i−1) AND ki beyond vi).
 * Nulls sort last, so nothing non-null lies beyond a null and every null lies beyond a value.
 */
export function keysetPredicate(
  keys: SortKey[],
  values: readonly CursorValue[],
  side: 'after' | 'before',
  dialect: SqlDialect,
): { sql: string; bindings: Knex.Value[] } {
  const clauses: string[] = [];
  const bindings: Knex.Value[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: string[] = [];
    const partBindings: Knex.Value[] = [];
    for (let j = 0; j < i; j++) {
      const eq = equals(keys[j], values[j], dialect);
      parts.push(eq.sql);
      partBindings.push(...eq.bindings);
    }
    const beyond = side === 'after' ? later(keys[i], values[i], dialect) : earlier(keys[i], values[i], dialect);
    if (beyond === null) continue;
    parts.push(beyond.sql);
    partBindings.push(...beyond.bindings);
    clauses.push(`(${parts.join(' AND ')})`);
    bindings.push(...partBindings);
  }
  return clauses.length ? { sql: `(${clauses.join(' OR ')})`, bindings } : { sql: '1 = 0', bindings: [] };
}

type Fragment = { sql: string; bindings: Knex.Value[] };

function equals(key: SortKey, value: CursorValue, dialect: SqlDialect): Fragment {
  if (value === null) return { sql: `${key.sql} IS NULL`, bindings: [] };
  return { sql: `${sortExpression(key, dialect)} = ?`, bindings: [binding(key, value)] };
}

function later(key: SortKey, value: CursorValue, dialect: SqlDialect): Fragment | null {
  if (value === null) return null;
  const op = key.direction === 'ASC' ? '>' : '<';
  const cmp = `${sortExpression(key, dialect)} ${op} ?`;
  return key.nullable
    ? { sql: `(${cmp} OR ${key.sql} IS NULL)`, bindings: [binding(key, value)] }
    : { sql: cmp, bindings: [binding(key, value)] };
}

function earlier(key: SortKey, value: CursorValue, dialect: SqlDialect): Fragment | null {
  if (value === null) return { sql: `${key.sql} IS NOT NULL`, bindings: [] };
  const op = key.direction === 'ASC' ? '<' : '>';
  return { sql: `${sortExpression(key, dialect)} ${op} ?`, bindings: [binding(key, value)] };
}
