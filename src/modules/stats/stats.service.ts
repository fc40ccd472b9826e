import type { Knex } from '@mikro-orm/knex';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import { labelOf } from '../../core/text/labels.js';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, TargetProjectCategory, type TargetProjectStatus } from '../project/project.enum.js';
import { SPLIT } from './stats-summary.service.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import type { TargetProjectStatusCount, TenderFigures } from './stats.type.js';

/** The SQL types of the rollups' key columns (a rollup's unused keys are typed nulls). */
const KEY_TYPES = { fiscalYear: 'integer', ministryId: 'integer', category: 'text', status: 'text' } as const;

/** Additive tender sums, as the database returns them per (fiscal year, ministry). */
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

/**
 * Programme statistics (docs/api.md "Statistics": "computed by the database, not by loading
 * rows into JavaScript") from the summaries the write pipeline keeps (stats-summary.service.ts):
 * tender sums, service states, selections, services in operation and exits. Each statement
 * hands back the rollups the answer shows (per fiscal year, per ministry, per category), a few
 * dozen rows, not the few thousand summary rows they add up (PERFORMANCE.md "Statistics
 * rolled up by the database"); sums stay exact and ratios come from the sums.
 * Bid figures come from AWARDED rounds only, which are public, so no sealed value can leak.
 */
export async function marketTestingStats(knex: Knex, filter?: MarketTestingStatsFilter | null): Promise<StatsResult> {
  const sum = (column: string, alias: string) => knex.raw('SUM(??) AS ??', [`s.${column}`, alias]);
  /**
   * One rollup of a summary: the filter's rows grouped by the non-null columns of `by`, each
   * under its alias, the others null. A rollup is a subquery of its own, so that several can be
   * joined by UNION ALL (knex would put a single query's GROUP BY after its unions).
   */
  const rollup = (table: string, yearColumn: string, by: Partial<Record<keyof typeof KEY_TYPES, string | null>>, sums: Knex.Raw[]) => {
    const q = knex(`${table} as s`)
      .select(
        Object.entries(by).map(([alias, column]) =>
          // Typed, so that PostgreSQL can match the column with the other rollups'.
          column ? `s.${column} as ${alias}` : knex.raw(`CAST(NULL AS ${KEY_TYPES[alias as keyof typeof KEY_TYPES]}) AS ??`, [alias]),
        ),
      )
      .select(sums)
      .groupBy(
        Object.values(by)
          .filter((c): c is string => !!c)
          .map((c) => `s.${c}`),
      );
    applyProjectFilter(q, filter, 's');
    applyYearRange(q, `s.${yearColumn}`, filter);
    return knex.select('*').from(q.as('r'));
  };
  const tenderSums = [
    sum('tender_count', 'tenderCount'),
    sum('awarded_count', 'awardedCount'),
    sum('unsuccessful_count', 'unsuccessfulCount'),
    sum('awarded_bidders', 'awardedBidders'),
    sum('single_bid_count', 'singleBidCount'),
    sum('contracted_yen_high', 'contractedYenHigh'),
    sum('contracted_yen_low', 'contractedYenLow'),
    sum('baseline_yen_high', 'baselineYenHigh'),
    sum('baseline_yen_low', 'baselineYenLow'),
  ];
  // Every round is in exactly one year, one ministry and one category: three rollups in one statement.
  const tenderRollup = (by: 'fiscal_year' | 'ministry_id' | 'category') =>
    rollup(
      'stats_round_summary',
      'fiscal_year',
      {
        fiscalYear: by === 'fiscal_year' ? by : null,
        ministryId: by === 'ministry_id' ? by : null,
        category: by === 'category' ? by : null,
      },
      tenderSums,
    );
  const tenderQuery = tenderRollup('fiscal_year').unionAll([tenderRollup('ministry_id'), tenderRollup('category')]);

  const statusQuery = rollup(
    'stats_service_summary',
    'selected_in_fiscal_year',
    { ministryId: 'ministry_id', status: 'status', category: null },
    [sum('project_count', 'n')],
  ).unionAll([
    rollup('stats_service_summary', 'selected_in_fiscal_year', { ministryId: null, status: null, category: 'category' }, [
      sum('project_count', 'n'),
    ]),
  ]);

  const selectedQuery = rollup('stats_service_summary', 'selected_in_fiscal_year', { fiscalYear: 'selected_in_fiscal_year' }, [
    sum('project_count', 'n'),
  ]).whereNotNull('r.fiscalYear');

  const yearQuery = rollup('stats_year_summary', 'fiscal_year', { fiscalYear: 'fiscal_year' }, [
    sum('in_operation_count', 'inOperation'),
    sum('exited_count', 'exited'),
  ]);

  const [tenderRows, statusRows, selectedRows, yearRows] = (await Promise.all([tenderQuery, statusQuery, selectedQuery, yearQuery])) as [
    Record<string, unknown>[],
    { ministryId: number | null; status: TargetProjectStatus | null; category: TargetProjectCategory | null; n: number | string }[],
    { fiscalYear: number; n: number | string }[],
    { fiscalYear: number; inOperation: number | string; exited: number | string }[],
  ];

  let total = ZERO;
  const byYear = new Map<number, TenderSums>();
  const byMinistry = new Map<number, TenderSums>();
  const byCategory = new Map<TargetProjectCategory, TenderSums>();
  for (const row of tenderRows) {
    const sums: TenderSums = {
      tenderCount: Number(row.tenderCount),
      awardedCount: Number(row.awardedCount),
      unsuccessfulCount: Number(row.unsuccessfulCount),
      awardedBidders: Number(row.awardedBidders),
      singleBidCount: Number(row.singleBidCount),
      contractedYen: exactSum(row, 'contractedYen'),
      baselineYen: exactSum(row, 'baselineYen'),
    };
    if (row.fiscalYear != null) {
      byYear.set(Number(row.fiscalYear), sums);
      total = addSums(total, sums);
    } else if (row.ministryId != null) byMinistry.set(Number(row.ministryId), sums);
    else byCategory.set(row.category as TargetProjectCategory, sums);
  }

  const statusByMinistry = new Map<number, Map<TargetProjectStatus, number>>();
  const statusTotal = new Map<TargetProjectStatus, number>();
  const projectsByCategory = new Map<TargetProjectCategory, number>();
  for (const row of statusRows) {
    const n = Number(row.n);
    if (row.category != null) {
      projectsByCategory.set(row.category, n);
      continue;
    }
    const ministry = Number(row.ministryId);
    const status = row.status!;
    let counts = statusByMinistry.get(ministry);
    if (!counts) statusByMinistry.set(ministry, (counts = new Map()));
    counts.set(status, n);
    statusTotal.set(status, (statusTotal.get(status) ?? 0) + n);
  }
  const selectedByYear = new Map(selectedRows.map((r) => [Number(r.fiscalYear), Number(r.n)]));

  const lifeByYear = new Map(yearRows.map((r) => [Number(r.fiscalYear), { inOperation: Number(r.inOperation), exited: Number(r.exited) }]));

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
