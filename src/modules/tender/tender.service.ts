import { monthsInPeriod } from '../../core/calendar/fiscal-year.js';

/** A contract's cost against what the service cost before tendering, for the same period. */
export interface CostReduction {
  /** The baseline (従来経費) for the contract period: annual × months ÷ 12, rounded down. */
  baselineForPeriodYen: number;
  /** Baseline for the period minus the contract amount; negative when the contract cost more. */
  reductionYen: number;
  /** `reductionYen` ÷ baseline for the period (0.18 is 18%); null when the baseline is 0. */
  reductionRate: number | null;
}

/**
 * DOMAIN.md "Tender": cost reduction is measured against the project's baseline for the
 * same period. The baseline is annual, contracts run for months (often 3–5 years, e.g.
 * 2013-04 to 2016-09 is 42 months), so the baseline is pro-rated by whole months. Rounding
 * down per contract keeps this equal to the SQL aggregate in the statistics.
 */
export function costReduction(
  baselineAnnualCostYen: number,
  contractStart: string,
  contractEnd: string,
  contractAmountYen: number,
): CostReduction {
  const months = monthsInPeriod(contractStart, contractEnd);
  const baselineForPeriodYen = Math.floor((baselineAnnualCostYen * months) / 12);
  const reductionYen = baselineForPeriodYen - contractAmountYen;
  return {
    baselineForPeriodYen,
    reductionYen,
    reductionRate: baselineForPeriodYen === 0 ? null : reductionYen / baselineForPeriodYen,
  };
}
