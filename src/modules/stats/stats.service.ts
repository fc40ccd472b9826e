import type { Knex } from '@mikro-orm/knex';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import { labelOf } from '../../core/text/labels.js';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, TargetProjectCategory, type TargetProjectStatus } from '../project/project.enum.js';
import { SPLIT } from './stats-summary.service.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import type { TargetProjectStatusCount, TenderFigures } from './stats.type.js';

/** Additive tender sums, as the database returns them per rollup (a fiscal year, a ministry, a category). */
export interface TenderSums {
  tenderCount: number;
  awardedCount: number;
  unsuccessfulCount: number;
  awardedBidders: number;
  singleBidCount: number;
  /** Yen sums are exact whatever their size (docs/seal.md has the bounds that make it so). */
  contractedYen: bigint;
  baselineYen: bigint;
}

const ZERO: TenderSums = {
  tenderCount: 0,
  awardedCount: 0,
  unsuccessfulCount: 0,
  awardedBidders: 0,
  singleBidCount: 0,
  contractedYen: 0n,
  baselineYen: 0n,
};

/** A yen sum put back together exactly from its high and low nine digits (`SPLIT`, stats-summary.service.ts). */
export function exactSum(row: Record<string, unknown>, alias: string): bigint {
  return BigInt(String(row[`${alias}High`] ?? 0)) * BigInt(SPLIT) + BigInt(String(row[`${alias}Low`] ?? 0));
}

export function addSums(a: TenderSums, b: TenderSums): TenderSums {
  return {
    tenderCount: a.tenderCount + b.tenderCount,
    awardedCount: a.awardedCount + b.awardedCount,
    unsuccessfulCount: a.unsuccessfulCount + b.unsuccessfulCount,
    awardedBidders: a.awardedBidders + b.awardedBidders,
    singleBidCount: a.singleBidCount + b.singleBidCount,
    contractedYen: a.contractedYen + b.contractedYen,
    baselineYen: a.baselineYen + b.baselineYen,
  };
}

/** Rates and averages from sums; every ratio is null when its denominator is zero. */
export function figuresOf(s: TenderSums): TenderFigures {
  const opened = s.awardedCount + s.unsuccessfulCount;
  return {
    tenderCount: s.tenderCount,
    awardedTenderCount: s.awardedCount,
    unsuccessfulTenderCount: s.unsuccessfulCount,
    averageBidders: s.awardedCount ? s.awardedBidders / s.awardedCount : null,
    singleBidRate: s.awardedCount ? s.singleBidCount / s.awardedCount : null,
    unsuccessfulRate: opened ? s.unsuccessfulCount / opened : null,
    baselineYen: s.baselineYen,
    contractedYen: s.contractedYen,
    reductionYen: s.baselineYen - s.contractedYen,
    reductionRate: s.baselineYen ? Number(s.baselineYen - s.contractedYen) / Number(s.baselineYen) : null,
  };
}

export interface StatsResult extends TenderFigures {
  projectCount: number;
  projectsByStatus: TargetProjectStatusCount[];
  byFiscalYear: (TenderFigures & {
    fiscalYear: number;
    fiscalYearLabel: string | null;
    selectedProjectCount: number;
    inOperationProjectCount: number;
    exitedProjectCount: number;
  })[];
  byMinistry: (TenderFigures & { ministryId: number; projectCount: number; projectsByStatus: TargetProjectStatusCount[] })[];
  byCategory: (TenderFigures & { category: TargetProjectCategory; categoryLabel: string; projectCount: number })[];
}

/** The filter's conditions on a service, over the columns of `alias` (a service, or a summary row keyed like one). */
export function applyProjectFilter(qb: Knex.QueryBuilder, filter: MarketTestingStatsFilter | null | undefined, alias = 'p'): void {
  if (filter?.ministryCodes) {
    qb.whereIn(`${alias}.ministry_id`, (sub: Knex.QueryBuilder) =>
      sub.select('id').from('ministry').whereIn('code', filter.ministryCodes!),
    );
  }
  if (filter?.methods) qb.whereIn(`${alias}.method`, filter.methods);
  if (filter?.categories) qb.whereIn(`${alias}.category`, filter.categories);
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
    sums: { inOperation: 'in_operation_count', exited: 'exited_count' },
  },
};

type RollupRow = { rollup: RollupName } & Partial<Record<RollupColumn, number | string | null>>;

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
function rollupQuery(db: ListDb, filter: MarketTestingStatsFilter | null | undefined): Knex.QueryBuilder {
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

/**
 * Programme statistics (docs/api.md "Statistics": "computed by the database, not by loading
 * rows into JavaScript") from the summaries the write pipeline keeps (stats-summary.service.ts):
 * tender sums, service states, selections, services in operation and exits. One statement
 * hands back the rollups the answer shows (per fiscal year, per ministry, per category), a few
 * dozen rows, not the few thousand summary rows they add up (PERFORMANCE.md "Statistics
 * rolled up by the database"); sums stay exact and ratios come from the sums.
 * Bid figures come from AWARDED rounds only, which are public, so no sealed value can leak.
 */
export async function marketTestingStats(db: ListDb, filter?: MarketTestingStatsFilter | null): Promise<StatsResult> {
  const rows = (await rollupQuery(db, filter)) as RollupRow[];

  let total = ZERO;
  const byYear = new Map<number, TenderSums>();
  const byMinistry = new Map<number, TenderSums>();
  const byCategory = new Map<TargetProjectCategory, TenderSums>();
  const statusByMinistry = new Map<number, Map<TargetProjectStatus, number>>();
  const statusTotal = new Map<TargetProjectStatus, number>();
  const projectsByCategory = new Map<TargetProjectCategory, number>();
  const selectedByYear = new Map<number, number>();
  const lifeByYear = new Map<number, { inOperation: number; exited: number }>();
  for (const row of rows) {
    switch (row.rollup) {
      case 'tendersByYear': {
        const sums = tenderSums(row);
        byYear.set(Number(row.fiscalYear), sums);
        total = addSums(total, sums);
        break;
      }
      case 'tendersByMinistry':
        byMinistry.set(Number(row.ministryId), tenderSums(row));
        break;
      case 'tendersByCategory':
        byCategory.set(row.category as TargetProjectCategory, tenderSums(row));
        break;
      case 'servicesByMinistryAndState': {
        const ministry = Number(row.ministryId);
        const status = row.status as TargetProjectStatus;
        let counts = statusByMinistry.get(ministry);
        if (!counts) statusByMinistry.set(ministry, (counts = new Map()));
        counts.set(status, Number(row.n));
        statusTotal.set(status, (statusTotal.get(status) ?? 0) + Number(row.n));
        break;
      }
      case 'servicesByCategory':
        projectsByCategory.set(row.category as TargetProjectCategory, Number(row.n));
        break;
      case 'selectedByYear':
        selectedByYear.set(Number(row.fiscalYear), Number(row.n));
        break;
      case 'lifeByYear':
        lifeByYear.set(Number(row.fiscalYear), { inOperation: Number(row.inOperation), exited: Number(row.exited) });
        break;
    }
  }
  const years = [...new Set([...byYear.keys(), ...selectedByYear.keys(), ...lifeByYear.keys()])].sort((a, b) => a - b);
  const ministries = [...new Set([...byMinistry.keys(), ...statusByMinistry.keys()])];
  return {
    ...figuresOf(total),
    projectCount: sumCounts(statusTotal),
    projectsByStatus: statusCounts(statusTotal),
    byFiscalYear: years.map((fiscalYear) => ({
      fiscalYear,
      fiscalYearLabel: formatJapaneseFiscalYear(fiscalYear),
      selectedProjectCount: selectedByYear.get(fiscalYear) ?? 0,
      inOperationProjectCount: lifeByYear.get(fiscalYear)?.inOperation ?? 0,
      exitedProjectCount: lifeByYear.get(fiscalYear)?.exited ?? 0,
      ...figuresOf(byYear.get(fiscalYear) ?? ZERO),
    })),
    byMinistry: ministries.map((ministryId) => {
      const counts = statusByMinistry.get(ministryId) ?? new Map();
      return {
        ministryId,
        projectCount: sumCounts(counts),
        projectsByStatus: statusCounts(counts),
        ...figuresOf(byMinistry.get(ministryId) ?? ZERO),
      };
    }),
    byCategory: Object.values(TargetProjectCategory)
      .sort()
      .filter((category) => byCategory.has(category) || projectsByCategory.has(category))
      .map((category) => ({
        category,
        categoryLabel: labelOf(CATEGORY_LABELS, category),
        projectCount: projectsByCategory.get(category) ?? 0,
        ...figuresOf(byCategory.get(category) ?? ZERO),
      })),
  };
}

function tenderSums(row: RollupRow): TenderSums {
  return {
    tenderCount: Number(row.tenderCount),
    awardedCount: Number(row.awardedCount),
    unsuccessfulCount: Number(row.unsuccessfulCount),
    awardedBidders: Number(row.awardedBidders),
    singleBidCount: Number(row.singleBidCount),
    contractedYen: exactSum(row, 'contractedYen'),
    baselineYen: exactSum(row, 'baselineYen'),
  };
}

function sumCounts(counts: Map<TargetProjectStatus, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

function statusCounts(counts: Map<TargetProjectStatus, number>): TargetProjectStatusCount[] {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([status, count]) => ({ status, statusLabel: labelOf(PROJECT_STATUS_LABELS, status), count }));
}
