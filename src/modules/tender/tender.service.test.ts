import { describe, expect, it } from 'vitest';
import { costReduction } from './tender.service.js';

describe('costReduction', () => {
  it('pro-rates a 1,200,000,000 yen/yr baseline over 2013-04-01 … 2016-09-30 (42 months) to 4,200,000,000', () => {
    expect(costReduction(1_200_000_000, '2013-04-01', '2016-09-30', 3_444_000_000).baselineForPeriodYen).toBe(4_200_000_000);
  });

  it('measures the reduction as the period baseline minus the contract amount, and the rate against the baseline', () => {
    expect(costReduction(1_200_000_000, '2013-04-01', '2016-09-30', 3_444_000_000)).toEqual({
      baselineForPeriodYen: 4_200_000_000,
      reductionYen: 756_000_000,
      reductionRate: 0.18,
    });
  });

  it('reports a negative reduction and rate when the contract costs more than the baseline', () => {
    const result = costReduction(1_200_000_000, '2024-04-01', '2025-03-31', 1_500_000_000);
    expect(result.baselineForPeriodYen).toBe(1_200_000_000);
    expect(result.reductionYen).toBe(-300_000_000);
    expect(result.reductionRate).toBeCloseTo(-0.25, 12);
  });

  it('reports zero reduction when the contract equals the baseline', () => {
    expect(costReduction(600_000_000, '2024-04-01', '2025-03-31', 600_000_000)).toEqual({
      baselineForPeriodYen: 600_000_000,
      reductionYen: 0,
      reductionRate: 0,
    });
  });

  it('rounds the period baseline down to whole yen', () => {
    // 1,000,000,001 × 1 ÷ 12 = 83,333,333.41…
    expect(costReduction(1_000_000_001, '2024-04-01', '2024-04-30', 0).baselineForPeriodYen).toBe(83_333_333);
    // 11 × 11 ÷ 12 = 10.08… and 13 × 11 ÷ 12 = 11.91…: both down, never to the nearest.
    expect(costReduction(11, '2024-04-01', '2025-02-28', 0).baselineForPeriodYen).toBe(10);
    expect(costReduction(13, '2024-04-01', '2025-02-28', 0).baselineForPeriodYen).toBe(11);
  });

  it('stays exact for a baseline in the hundreds of billions over five years', () => {
    // 493億円 a year for 60 months: 2,465億円, far beyond 32 bits and still exact.
    const result = costReduction(49_300_000_000, '2020-04-01', '2025-03-31', 200_000_000_000);
    expect(result.baselineForPeriodYen).toBe(246_500_000_000);
    expect(result.reductionYen).toBe(46_500_000_000);
  });

  it('gives a null rate when the baseline for the period is 0', () => {
    const result = costReduction(0, '2024-04-01', '2025-03-31', 1_000);
    expect(result).toEqual({ baselineForPeriodYen: 0, reductionYen: -1_000, reductionRate: null });
  });

  it('gives a null rate when rounding down makes the baseline 0', () => {
    // 11 yen a year for one month is 0.91… yen, rounded down to 0.
    expect(costReduction(11, '2024-04-01', '2024-04-30', 0).reductionRate).toBeNull();
  });
});
