import type { Knex } from '@mikro-orm/knex';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import { labelOf } from '../../core/text/labels.js';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, TargetProjectCategory, type TargetProjectStatus } from '../project/project.enum.js';
import { SPLIT } from './stats-summary.service.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import type { TargetProjectStatusCount, TenderFigures } from './stats.type.js';

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
 * rows into JavaScript") in three grouped statements over the summaries the write pipeline
 * keeps (stats-summary.service.ts): tender sums per (ministry, fiscal year, category), service
 * states per (ministry, category), selections, services in operation and exits per fiscal year. Each reads a few hundred summary rows, however many
 * rounds there are; the grouped rows are then rolled up, sums exactly and ratios from the sums.
 * Bid figures come from AWARDED rounds only, which are public, so no sealed value can leak.
 */
export async function marketTestingStats(knex: Knex, filter?: MarketTestingStatsFilter | null): Promise<StatsResult> {
  const sum = (column: string, alias: string) => knex.raw('SUM(??) AS ??', [`s.${column}`, alias]);
  const tenderQuery = knex('stats_round_summary as s')
    .select('s.fiscal_year as fiscalYear', 's.ministry_id as ministryId', 's.category as category')
    .select(
      sum('tender_count', 'tenderCount'),
      sum('awarded_count', 'awardedCount'),
      sum('unsuccessful_count', 'unsuccessfulCount'),
      sum('awarded_bidders', 'awardedBidders'),
      sum('single_bid_count', 'singleBidCount'),
      sum('contracted_yen_high', 'contractedYenHigh'),
      sum('contracted_yen_low', 'contractedYenLow'),
      sum('baseline_yen_high', 'baselineYenHigh'),
      sum('baseline_yen_low', 'baselineYenLow'),
    )
    // In the primary key's order (ministry, year first): SQLite groups along the index, sorting only within them.
    .groupBy('s.ministry_id', 's.fiscal_year', 's.category');
  applyProjectFilter(tenderQuery, filter, 's');
  applyYearRange(tenderQuery, 's.fiscal_year', filter);

  const statusQuery = knex('stats_service_summary as s')
    .select('s.ministry_id as ministryId', 's.status as status', 's.category as category', sum('project_count', 'n'))
    .groupBy('s.ministry_id', 's.status', 's.category');
  applyProjectFilter(statusQuery, filter, 's');
  applyYearRange(statusQuery, 's.selected_in_fiscal_year', filter);

  const selectedQuery = knex('stats_service_summary as s')
    .select('s.selected_in_fiscal_year as fiscalYear', sum('project_count', 'n'))
    .whereNotNull('s.selected_in_fiscal_year')
    .groupBy('s.selected_in_fiscal_year');
  applyProjectFilter(selectedQuery, filter, 's');
  applyYearRange(selectedQuery, 's.selected_in_fiscal_year', filter);

  const yearQuery = knex('stats_year_summary as s')
    .select('s.fiscal_year as fiscalYear', sum('in_operation_count', 'inOperation'), sum('exited_count', 'exited'))
    .groupBy('s.fiscal_year');
  applyProjectFilter(yearQuery, filter, 's');
  applyYearRange(yearQuery, 's.fiscal_year', filter);

  const [tenderRows, statusRows, selectedRows, yearRows] = (await Promise.all([tenderQuery, statusQuery, selectedQuery, yearQuery])) as [
    Record<string, unknown>[],
    { ministryId: number; status: TargetProjectStatus; category: TargetProjectCategory; n: number | string }[],
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
    const year = Number(row.fiscalYear);
    const ministry = Number(row.ministryId);
    total = addSums(total, sums);
    byYear.set(year, addSums(byYear.get(year) ?? ZERO, sums));
    byMinistry.set(ministry, addSums(byMinistry.get(ministry) ?? ZERO, sums));
    const category = row.category as TargetProjectCategory;
    byCategory.set(category, addSums(byCategory.get(category) ?? ZERO, sums));
  }

  const statusByMinistry = new Map<number, Map<TargetProjectStatus, number>>();
  const statusTotal = new Map<TargetProjectStatus, number>();
  const projectsByCategory = new Map<TargetProjectCategory, number>();
  for (const row of statusRows) {
    const ministry = Number(row.ministryId);
    const n = Number(row.n);
    let counts = statusByMinistry.get(ministry);
    if (!counts) statusByMinistry.set(ministry, (counts = new Map()));
    counts.set(row.status, (counts.get(row.status) ?? 0) + n);
    statusTotal.set(row.status, (statusTotal.get(row.status) ?? 0) + n);
    projectsByCategory.set(row.category, (projectsByCategory.get(row.category) ?? 0) + n);
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
