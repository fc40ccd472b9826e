import type { Knex } from '@mikro-orm/knex';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { preparedRows, whereAnyOf } from '../../core/db/prepared.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';

/**
 * The rollups `marketTestingStats` is made of (stats.service.ts): the summary rows a filter
 * selects (stats-summary.service.ts), grouped per fiscal year, ministry, category and state.
 * Those of the unfiltered statistics, which group every summary row, are also stored
 * (`stats_rollup`, `STORED_ROLLUP`) and kept by `summarizeStats` whenever a summary changes.
 */

/**
 * The filter's conditions on a service, over the columns of `alias` (a service, or a summary
 * row keyed like one); each list one parameter on PostgreSQL, so that the statement's text
 * depends on which conditions there are, not on their values (`preparedRows`).
 */
export function applyProjectFilter(qb: Knex.QueryBuilder, filter: MarketTestingStatsFilter | null | undefined, alias = 'p'): void {
  if (filter?.ministryCodes) {
    qb.whereIn(`${alias}.ministry_id`, (sub: Knex.QueryBuilder) =>
      whereAnyOf(sub.select('id').from('ministry'), 'code', filter.ministryCodes!),
    );
  }
  if (filter?.methods) whereAnyOf(qb, `${alias}.method`, filter.methods);
  if (filter?.categories) whereAnyOf(qb, `${alias}.category`, filter.categories);
}

export function applyYearRange(qb: Knex.QueryBuilder, column: string, filter: MarketTestingStatsFilter | null | undefined): void {
  if (filter?.fromFiscalYear != null) qb.where(column, '>=', filter.fromFiscalYear);
  if (filter?.toFiscalYear != null) qb.where(column, '<=', filter.toFiscalYear);
}

/** The rollups the statistics are made of, each the summary rows the filter selects grouped by its keys. */
type RollupName =
  | 'tendersByYear'
  | 'tendersByMinistry'
  | 'tendersByCategory'
  | 'servicesByMinistryAndState'
  | 'servicesByCategory'
  | 'selectedByYear'
  | 'lifeByYear';

/**
 * The columns of a rollup row, in order, with their SQL types: the keys, then the sums. A
 * rollup fills the ones it has and the others are typed nulls, so that all of them stack in
 * one UNION ALL on PostgreSQL as on SQLite.
 */
const ROLLUP_COLUMNS = {
  fiscalYear: 'integer',
  ministryId: 'integer',
  category: 'text',
  status: 'text',
  tenderCount: 'numeric',
  awardedCount: 'numeric',
  unsuccessfulCount: 'numeric',
  awardedBidders: 'numeric',
  singleBidCount: 'numeric',
  contractedYenHigh: 'numeric',
  contractedYenLow: 'numeric',
  baselineYenHigh: 'numeric',
  baselineYenLow: 'numeric',
  n: 'numeric',
  inOperation: 'numeric',
  exited: 'numeric',
} as const;
type RollupColumn = keyof typeof ROLLUP_COLUMNS;

interface Rollup {
  table: string;
  /** The column the filter's fiscal-year range applies to. */
  yearColumn: string;
  /** What it groups by: a rollup column ← the summary's column (rows with a null key are left out). */
  keys: Partial<Record<RollupColumn, string>>;
  /** What it sums: a rollup column ← the summary's column. */
  sums: Partial<Record<RollupColumn, string>>;
}

const ROUND_SUMS = {
  tenderCount: 'tender_count',
  awardedCount: 'awarded_count',
  unsuccessfulCount: 'unsuccessful_count',
  awardedBidders: 'awarded_bidders',
  singleBidCount: 'single_bid_count',
  contractedYenHigh: 'contracted_yen_high',
  contractedYenLow: 'contracted_yen_low',
  baselineYenHigh: 'baseline_yen_high',
  baselineYenLow: 'baseline_yen_low',
};
const ROUNDS = { table: 'stats_round_summary', yearColumn: 'fiscal_year', sums: ROUND_SUMS };
const LIFE_SUMS = { inOperation: 'in_operation_count', exited: 'exited_count' };
const SERVICES = { table: 'stats_service_summary', yearColumn: 'selected_in_fiscal_year', sums: { n: 'project_count' } };

// Every round is in exactly one year, one ministry and one category, every service in one ministry, state and category.
const ROLLUPS: Record<RollupName, Rollup> = {
  tendersByYear: { ...ROUNDS, keys: { fiscalYear: 'fiscal_year' } },
  tendersByMinistry: { ...ROUNDS, keys: { ministryId: 'ministry_id' } },
  tendersByCategory: { ...ROUNDS, keys: { category: 'category' } },
  servicesByMinistryAndState: { ...SERVICES, keys: { ministryId: 'ministry_id', status: 'status' } },
  servicesByCategory: { ...SERVICES, keys: { category: 'category' } },
  selectedByYear: { ...SERVICES, keys: { fiscalYear: 'selected_in_fiscal_year' } },
  lifeByYear: {
    table: 'stats_year_summary',
    yearColumn: 'fiscal_year',
    keys: { fiscalYear: 'fiscal_year' },
    sums: LIFE_SUMS,
  },
};

export type RollupRow = { rollup: RollupName } & Partial<Record<RollupColumn, number | string | null>>;

/**
 * Each rollup's select list and grouping as SQL, written once: identifiers in double quotes,
 * which both databases read. Built per request with knex, their 112 column expressions added
 * about 0.7 ms of CPU to a filtered request, half of what running the statement costs.
 */
const ROLLUP_SQL = Object.fromEntries(
  (Object.entries(ROLLUPS) as [RollupName, Rollup][]).map(([name, rollup]) => {
    const columns = (Object.entries(ROLLUP_COLUMNS) as [RollupColumn, string][]).map(([column, type]) => {
      const key = rollup.keys[column];
      const sum = rollup.sums[column];
      return `${key ? `s."${key}"` : sum ? `SUM(s."${sum}")` : `CAST(NULL AS ${type})`} AS "${column}"`;
    });
    const keys = Object.values(rollup.keys).map((key) => `s."${key}"`);
    return [name, { select: [`'${name}' AS "rollup"`, ...columns].join(', '), groupBy: keys.join(', '), keys }];
  }),
) as Record<RollupName, { select: string; groupBy: string; keys: string[] }>;

/**
 * On PostgreSQL, the rollups of each summary as one grouped read of it: `GROUPING SETS`, one
 * set per rollup, the rollup named from `GROUPING()` of the summary's keys, and a group whose
 * key is null left out (HAVING), as the subqueries' WHERE does. The summary is scanned and
 * filtered once instead of once per rollup (PERFORMANCE.md "Statistics in one read of each
 * summary"); SQLite has no grouping sets.
 */
const GROUPING_SETS_SQL = [...new Set(Object.values(ROLLUPS).map((r) => r.table))].map((table) => {
  const rollups = (Object.entries(ROLLUPS) as [RollupName, Rollup][]).filter(([, r]) => r.table === table);
  // The rollups of one summary share its year column and its sums (ROUNDS, SERVICES): they differ only in their keys.
  const { yearColumn, sums } = rollups[0][1];
  // Each rollup column a key of this summary stands for (one summary column per rollup column).
  const keyOf: Partial<Record<RollupColumn, string>> = Object.assign({}, ...rollups.map(([, r]) => r.keys));
  const keys = [...new Set(Object.values(keyOf))];
  // GROUPING(k1, …, kn): bit n-i set when k_i is not in the set.
  const mask = (r: Rollup) => keys.reduce((m, k, i) => (Object.values(r.keys).includes(k) ? m : m | (1 << (keys.length - 1 - i))), 0);
  const name = `CASE GROUPING(${keys.map((k) => `s."${k}"`).join(', ')}) ${rollups.map(([n, r]) => `WHEN ${mask(r)} THEN '${n}'`).join(' ')} END AS "rollup"`;
  const columns = (Object.entries(ROLLUP_COLUMNS) as [RollupColumn, string][]).map(([column, type]) => {
    const key = keyOf[column];
    const sum = (sums as Partial<Record<RollupColumn, string>>)[column];
    return `${key ? `s."${key}"` : sum ? `SUM(s."${sum}")` : `CAST(NULL AS ${type})`} AS "${column}"`;
  });
  const sets = rollups
    .map(
      ([, r]) =>
        `(${Object.values(r.keys)
          .map((k) => `s."${k}"`)
          .join(', ')})`,
    )
    .join(', ');
  const having = keys.map((k) => `(GROUPING(s."${k}") = 1 OR s."${k}" IS NOT NULL)`).join(' AND ');
  return { table, yearColumn, select: [name, ...columns].join(', '), groupBy: `GROUPING SETS (${sets})`, having };
});

/**
 * Every rollup for `filter` in one statement (one round trip, one plan): each is a grouped
 * subquery of its own (on PostgreSQL one per summary), since knex would put a single query's
 * GROUP BY after its unions.
 */
export function rollupQuery(db: ListDb, filter: MarketTestingStatsFilter | null | undefined): Knex.QueryBuilder {
  const { knex } = db;
  const grouped =
    db.dialect === 'postgresql'
      ? GROUPING_SETS_SQL.map((sql) => {
          const q = knex(`${sql.table} as s`).select(knex.raw(sql.select)).groupByRaw(sql.groupBy).havingRaw(sql.having);
          applyProjectFilter(q, filter, 's');
          applyYearRange(q, `s.${sql.yearColumn}`, filter);
          return q;
        })
      : (Object.entries(ROLLUPS) as [RollupName, Rollup][]).map(([name, rollup]) => {
          const sql = ROLLUP_SQL[name];
          const q = knex(`${rollup.table} as s`).select(knex.raw(sql.select)).groupByRaw(sql.groupBy);
          for (const key of sql.keys) q.whereRaw(`${key} IS NOT NULL`);
          applyProjectFilter(q, filter, 's');
          applyYearRange(q, `s.${rollup.yearColumn}`, filter);
          return q;
        });
  const [first, ...rest] = grouped.map((q) => knex.select('*').from(q.as('r')));
  return first.unionAll(rest);
}

/** Whether `filter` asks for anything: without a condition the statistics are the stored rollups. */
export function isUnfiltered(filter: MarketTestingStatsFilter | null | undefined): boolean {
  return filter == null || Object.values(filter).every((value) => value == null);
}

/** The stored rollups' table columns, each the rollup column it holds; the first five name a row. */
const STORED_COLUMNS: Record<RollupColumn | 'rollup', string> = {
  rollup: 'rollup',
  fiscalYear: 'fiscal_year',
  ministryId: 'ministry_id',
  category: 'category',
  status: 'status',
  // Each sum under the name of the summary column it adds up.
  ...ROUND_SUMS,
  ...SERVICES.sums,
  ...LIFE_SUMS,
};

/**
 * The unfiltered statistics' rollups, as rows of `stats_rollup` (migration StatsRollup): the
 * request asked most, and the one that groups every summary row: at scale 100 on PostgreSQL
 * 15 ms of the database's time, where reading the 309 stored rows takes under 1 ms
 * (PERFORMANCE.md "Unfiltered statistics stored").
 */
export const STORED_ROLLUP = {
  table: 'stats_rollup',
  columns: Object.values(STORED_COLUMNS),
  keys: 5,
} as const;

/** The rollups of the unfiltered statistics as the summaries give them now, as rows of `stats_rollup`. */
export async function freshStoredRollups(db: ListDb): Promise<Record<string, unknown>[]> {
  const rows = (await rollupQuery(db, null)) as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(Object.entries(STORED_COLUMNS).map(([column, stored]) => [stored, row[column] ?? null])));
}

/** The statement reading every stored rollup, under the rollup columns' names (written once). */
const READ_STORED_SQL = `SELECT ${Object.entries(STORED_COLUMNS)
  .map(([column, stored]) => `"${stored}" AS "${column}"`)
  .join(', ')} FROM "${STORED_ROLLUP.table}"`;

/**
 * The rollups for `filter`: the stored ones when it asks for nothing, else grouped from the
 * summaries (`rollupQuery`), as a prepared statement: on PostgreSQL parsing and planning it
 * took about a quarter of its time (PERFORMANCE.md "Filtered statistics read by index").
 */
export async function rollupsFor(db: ListDb, filter: MarketTestingStatsFilter | null | undefined): Promise<RollupRow[]> {
  if (!isUnfiltered(filter)) return preparedRows<RollupRow>(db, rollupQuery(db, filter));
  const result = (await db.knex.raw(READ_STORED_SQL)) as RollupRow[] | { rows: RollupRow[] };
  return Array.isArray(result) ? result : result.rows;
}
