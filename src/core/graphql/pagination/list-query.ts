import type { Knex } from '@mikro-orm/knex';
import type DataLoader from 'dataloader';
import type { RequestLoaders } from '../request-loaders.js';
import type { PageWindow } from './connection-args.js';
import { ConnectionPage } from './connection-page.js';
import { preparedRows, whereAnyOf } from '../../db/prepared.js';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor.js';
import { keysetPredicate, orderByTerms, withTieBreak, type Ordering, type SortKey, type SqlDialect } from './keyset.js';

/** What a list reads: one table under an alias, its filters, and how rows become objects. */
export interface ListSource<T> {
  table: string;
  alias: string;
  /** Adds the list's filters (and visibility rules) to a query over `table AS alias`. */
  where?: (qb: Knex.QueryBuilder) => void;
  /** Turns raw rows (database column names) into the objects resolvers see. */
  hydrate: (rows: Record<string, unknown>[]) => T[];
  /** A root list's row count when it is known without counting the rows (from a search index); else `count(*)` with `where`. */
  count?: () => Promise<number>;
  /**
   * Read a root page's ids first, along the ordering's index, then the page's rows by id. Worth
   * it when `where` needs no column beyond the index's (a set each entry's id is tested against,
   * `whereTextContains(…, inListOrder)`): PostgreSQL otherwise reads the row of every entry it
   * passes, and a walk may pass thousands for a page (PERFORMANCE.md "Search walks the name
   * index alone").
   */
  keysFirst?: boolean;
  /**
   * An index holding exactly the list's rows, each once, in the list's ordering: a root page's
   * ids and its count are read from it alone, not from the list's table (`where` then restricts
   * nothing more). A search for one piece reads the piece's entries in name order and stops
   * after a page (core/text/search-grams.ts `rowsInNameOrder`).
   */
  keyIndex?: KeyIndex;
}

/** An index read for a list's page of ids and its count (`ListSource.keyIndex`). */
export interface KeyIndex {
  /** The index's entries of the list's rows: `FROM <table> AS <alias> WHERE …`, nothing selected. */
  rows: (knex: Knex) => Knex.QueryBuilder;
  /** The index's column holding each key of the ordering, its id tie-break (`withTieBreak`) last. */
  keys: string[];
}

/** The database a list runs on. */
export interface ListDb {
  knex: Knex;
  dialect: SqlDialect;
}

/** What a list reads beside its own columns: one JSON column per relation its nodes select (core/graphql/related-rows.ts). */
export interface RelatedReads {
  /** SQL expressions to select beside the parent row's columns, in order (the parent's table under `parentAlias`). */
  columns(parentAlias: string): string[];
  /** Hands one parent's related rows (the values of `columns`, in order) to the loaders their fields read. */
  apply(parent: { id: number }, values: unknown[]): void;
}

const KEY_PREFIX = '_k';
const RELATED_PREFIX = '_rel';
/** A page's rows carry its list's row count (`fetchPage` when `totalCount` is selected; `fetchPagesByParent`: the parent's, without a cursor). */
const COUNT_COLUMN = '_n';

/** What a request reads of a root list beside its page's rows (core/graphql/related-rows.ts `listReads`). */
export interface ListReads {
  /** The rows of the relations its nodes select. */
  related?: RelatedReads | null;
  /** Whether it selects `totalCount`. */
  totalCount?: boolean;
}

/**
 * One page of a root list: one statement for the page, with the rows of the relations its
 * nodes select and, when `totalCount` is selected, the list's count (a scalar subquery, run
 * once). A `totalCount` read though not announced in `reads` costs one more statement; a
 * source that knows its count gives it instead.
 */
export async function fetchPage<T>(
  db: ListDb,
  source: ListSource<T>,
  ordering: Ordering,
  window: PageWindow,
  reads: ListReads = {},
): Promise<ConnectionPage<T>> {
  const related = reads.related ?? null;
  const keys = withTieBreak(ordering, source.alias);
  const position = cursorPosition(source, ordering, keys, window);
  const backward = window.direction === 'backward';
  const order = orderByTerms(keys, db.dialect, backward);
  const ids = source.keyIndex
    ? indexedIds(db, source.keyIndex, keys, position, window)
    : source.keysFirst
      ? filtered(db, source, keys, position, window).select(`${source.alias}.id`).orderByRaw(order)
      : null;
  const page = (
    ids
      ? selectRows(db, source, keys).whereIn(`${source.alias}.id`, ids.limit(rowsRead(window), { skipBinding: true }))
      : baseQuery(db, source, keys, position, window)
  )
    .orderByRaw(order)
    .limit(rowsRead(window), { skipBinding: true });
  const statement = related ? withRelated(db, page, keys, backward, related) : page;
  const counted = reads.totalCount === true && !source.count;
  if (counted) statement.select(countQuery(db, source).as(COUNT_COLUMN));
  const rows = await preparedRows<Record<string, unknown>>(db, statement);
  // An empty page carries no count (a cursor past the last row): counted on its own.
  const count = memo(
    source.count ?? (counted && rows.length > 0 ? async () => Number(rows[0][COUNT_COLUMN]) : () => countRows(db, source)),
  );
  return toPage(rows, keys.length, cursorName(source, ordering), window, source, count, related);
}

/**
 * How many rows a page reads: one more than its size (that one says whether another page
 * follows), rounded up to 5k + 1, written into the statement's text rather than bound. With a
 * bound LIMIT PostgreSQL costs a generic plan for a tenth of the table's rows, so a prepared
 * page never ran its generic plan and was planned again on every run (0.6 ms of the
 * dashboard's 4.2 at scale 100); with the number in the text it runs the generic plan after
 * five runs (PERFORMANCE.md "Pages planned once"). Rounding keeps a list to 21 texts for the
 * sizes 0–100 (`preparedRows` prepares 64 texts a process); `toPage` drops the at most four
 * rows more.
 */
export function rowsRead(window: PageWindow): number {
  return 5 * Math.ceil(window.size / 5) + 1;
}

/**
 * A cursor names its list and ordering (`bidder:NAME:ASC`), so one taken from another
 * list, or from the same list in another order, is refused rather than silently misread.
 */
function cursorName<T>(source: ListSource<T>, ordering: Ordering): string {
  return `${source.table}:${ordering.name}`;
}

function cursorPosition<T>(source: ListSource<T>, ordering: Ordering, keys: SortKey[], window: PageWindow): CursorValue[] | null {
  return window.cursor === null ? null : decodeCursor(window.cursor, cursorName(source, ordering), keys.length, window.cursorArgument);
}

/**
 * A page of a nested list for many parents at once (one statement for every parent, via
 * `row_number() OVER (PARTITION BY parent)`), so a relation level costs one query however
 * many parents the level above returned. The parents' row counts come with the page
 * (`count(*) OVER (PARTITION BY parent)`); after a cursor, which leaves rows out of the window,
 * they are one grouped query when `totalCount` is read.
 */
export async function fetchPagesByParent<T>(
  db: ListDb,
  source: ListSource<T>,
  ordering: Ordering,
  window: PageWindow,
  parentColumn: string,
  parentIds: readonly number[],
  related: RelatedReads | null = null,
): Promise<Map<number, ConnectionPage<T>>> {
  const keys = withTieBreak(ordering, source.alias);
  const position = cursorPosition(source, ordering, keys, window);
  const parentSql = `${source.alias}.${parentColumn}`;
  const inner = baseQuery(db, source, keys, position, window)
    .select(db.knex.raw(`${parentSql} AS _parent`))
    .select(
      db.knex.raw(
        `row_number() OVER (PARTITION BY ${parentSql} ORDER BY ${orderByTerms(keys, db.dialect, window.direction === 'backward')}) AS _rn`,
      ),
    )
    .modify((qb: Knex.QueryBuilder) => whereAnyOf(qb, parentSql, parentIds as number[]));
  // Without a cursor the window already holds every row of each parent: its count comes with
  // the page, and `totalCount` costs no statement of its own.
  const counted = position === null;
  if (counted) inner.select(db.knex.raw(`count(*) OVER (PARTITION BY ${parentSql}) AS ${COUNT_COLUMN}`));
  // The relations' rows are read in the outer statement: only for the rows of the pages.
  const outer = db.knex.select('*').from(inner.as('_page'));
  related?.columns('_page').forEach((sql, i) => outer.select(db.knex.raw(`${sql} AS ${RELATED_PREFIX}${i}`)));
  const rows = await preparedRows<Record<string, unknown>>(
    db,
    outer.where('_rn', '<=', window.size + 1).orderBy([{ column: '_parent' }, { column: '_rn' }]),
  );

  const byParent = new Map<number, Record<string, unknown>[]>();
  for (const row of rows) {
    const parent = Number(row._parent);
    let list = byParent.get(parent);
    if (!list) byParent.set(parent, (list = []));
    list.push(row);
  }
  const counts = counted
    ? memo(async () => new Map([...byParent].map(([parent, list]) => [parent, Number(list[0][COUNT_COLUMN])])))
    : memo(() => countRowsByParent(db, source, parentSql, parentIds));
  const pages = new Map<number, ConnectionPage<T>>();
  for (const id of parentIds) {
    const count = async () => (await counts()).get(id) ?? 0;
    pages.set(id, toPage(byParent.get(id) ?? [], keys.length, cursorName(source, ordering), window, source, count, related));
  }
  return pages;
}

/** The list's rows past the cursor (`position`), with their sort keys. */
function baseQuery<T>(
  db: ListDb,
  source: ListSource<T>,
  keys: SortKey[],
  position: CursorValue[] | null,
  window: PageWindow,
): Knex.QueryBuilder {
  return filtered(db, source, keys, position, window, selectRows(db, source, keys));
}

/** Every column of the list's table and its sort keys (`_k0`, `_k1`, …), from no rows yet. */
function selectRows<T>(db: ListDb, source: ListSource<T>, keys: SortKey[]): Knex.QueryBuilder {
  const qb = db.knex(`${source.table} as ${source.alias}`).select(`${source.alias}.*`);
  keys.forEach((key, i) => qb.select(db.knex.raw(`${key.sql} AS ${KEY_PREFIX}${i}`)));
  return qb;
}

/** `qb` (by default the list's table, nothing selected) restricted to the list's rows past the cursor. */
function filtered<T>(
  db: ListDb,
  source: ListSource<T>,
  keys: SortKey[],
  position: CursorValue[] | null,
  window: PageWindow,
  qb: Knex.QueryBuilder = db.knex(`${source.table} as ${source.alias}`),
): Knex.QueryBuilder {
  if (source.where) qb.where(source.where);
  if (position) {
    const side = window.direction === 'forward' ? 'after' : 'before';
    const predicate = keysetPredicate(keys, position, side, db.dialect);
    qb.whereRaw(predicate.sql, predicate.bindings);
  }
  return qb;
}

/** The ids of a page's rows past the cursor, in the list's order, from its key index alone. */
function indexedIds(db: ListDb, index: KeyIndex, keys: SortKey[], position: CursorValue[] | null, window: PageWindow): Knex.QueryBuilder {
  if (index.keys.length !== keys.length) throw new Error(`a key index of ${index.keys.length} keys for an ordering of ${keys.length}`);
  const indexKeys = keys.map((key, i) => ({ ...key, sql: index.keys[i]! }));
  const qb = index.rows(db.knex).select(indexKeys[indexKeys.length - 1]!.sql);
  if (position) {
    const predicate = keysetPredicate(indexKeys, position, window.direction === 'forward' ? 'after' : 'before', db.dialect);
    qb.whereRaw(predicate.sql, predicate.bindings);
  }
  return qb.orderByRaw(orderByTerms(indexKeys, db.dialect, window.direction === 'backward'));
}

/**
 * The page's rows with their relations' rows (one JSON column each), read around the page
 * so that only the page's rows are looked up, in the page's order.
 */
function withRelated(db: ListDb, page: Knex.QueryBuilder, keys: SortKey[], backward: boolean, related: RelatedReads): Knex.QueryBuilder {
  const outer = db.knex.select('*').from(page.as('_page'));
  related.columns('_page').forEach((sql, i) => outer.select(db.knex.raw(`${sql} AS ${RELATED_PREFIX}${i}`)));
  const pageKeys = keys.map((key, i) => ({ ...key, sql: `_page.${KEY_PREFIX}${i}` }));
  return outer.orderByRaw(orderByTerms(pageKeys, db.dialect, backward));
}

function toPage<T>(
  rows: Record<string, unknown>[],
  arity: number,
  orderingName: string,
  window: PageWindow,
  source: ListSource<T>,
  count: () => Promise<number>,
  related: RelatedReads | null,
): ConnectionPage<T> {
  const more = rows.length > window.size;
  const slice = more ? rows.slice(0, window.size) : rows;
  if (window.direction === 'backward') slice.reverse();
  const cursors = slice.map((row) => {
    const values: CursorValue[] = [];
    for (let i = 0; i < arity; i++) values.push(cursorValue(row[`${KEY_PREFIX}${i}`]));
    return encodeCursor(orderingName, values);
  });
  const nodes = source.hydrate(slice.map(stripInternal));
  if (related) {
    slice.forEach((row, i) => {
      const values: unknown[] = [];
      for (let j = 0; `${RELATED_PREFIX}${j}` in row; j++) values.push(row[`${RELATED_PREFIX}${j}`]);
      related.apply(nodes[i] as { id: number }, values);
    });
  }
  const hasCursor = window.cursor !== null;
  return new ConnectionPage(
    nodes,
    cursors,
    {
      hasNextPage: window.direction === 'forward' ? more : hasCursor,
      hasPreviousPage: window.direction === 'forward' ? hasCursor : more,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
    count,
  );
}

function cursorValue(value: unknown): CursorValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return String(value);
}

function stripInternal(row: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const key in row) {
    if (!key.startsWith('_')) clean[key] = row[key];
  }
  return clean;
}

/** `count(*)` of the list's rows (its filters and visibility rules, no cursor): its key index's entries when it has one. */
function countQuery<T>(db: ListDb, source: ListSource<T>): Knex.QueryBuilder {
  if (source.keyIndex) return source.keyIndex.rows(db.knex).count({ n: '*' });
  const qb = db.knex(`${source.table} as ${source.alias}`).count({ n: '*' });
  if (source.where) qb.where(source.where);
  return qb;
}

async function countRows<T>(db: ListDb, source: ListSource<T>): Promise<number> {
  const [row] = await preparedRows<{ n: number | string }>(db, countQuery(db, source));
  return Number(row.n);
}

async function countRowsByParent<T>(
  db: ListDb,
  source: ListSource<T>,
  parentSql: string,
  parentIds: readonly number[],
): Promise<Map<number, number>> {
  const qb = db
    .knex(`${source.table} as ${source.alias}`)
    .select(db.knex.raw(`${parentSql} AS p`))
    .count({ n: '*' })
    .groupBy(parentSql);
  whereAnyOf(qb, parentSql, parentIds as number[]);
  if (source.where) qb.where(source.where);
  const rows = await preparedRows<{ p: number; n: number | string }>(db, qb);
  return new Map(rows.map((r) => [Number(r.p), Number(r.n)]));
}

function memo<V>(fn: () => Promise<V>): () => Promise<V> {
  let promise: Promise<V> | undefined;
  return () => (promise ??= fn());
}

/**
 * The request's loader of one nested connection (a relation with its arguments): every
 * parent of a level asking for the same page shape is served by one `fetchPagesByParent`.
 */
export function pageByParent<T>(
  ctx: { db: ListDb; loaders: RequestLoaders },
  relation: string,
  args: unknown,
  spec: { source: ListSource<T>; ordering: Ordering; window: PageWindow; parentColumn: string; related?: RelatedReads | null },
): DataLoader<number, ConnectionPage<T>> {
  return ctx.loaders.get<number, ConnectionPage<T>>(`${relation}:${JSON.stringify(args)}`, async (parentIds) => {
    const { source, ordering, window, parentColumn, related } = spec;
    const pages = await fetchPagesByParent(ctx.db, source, ordering, window, parentColumn, parentIds, related);
    return parentIds.map((id) => pages.get(id) ?? ConnectionPage.empty<T>());
  });
}
