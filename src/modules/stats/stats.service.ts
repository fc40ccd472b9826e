import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import { labelOf } from '../../core/text/labels.js';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, TargetProjectCategory, type TargetProjectStatus } from '../project/project.enum.js';
import { SPLIT } from './stats-summary.service.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import { rollupsFor, type RollupRow } from './stats-rollups.js';
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
  const rows = await rollupsFor(db, filter);

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
