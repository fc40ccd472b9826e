import { describe, expect, it } from 'vitest';
import { addSums, figuresOf, type TenderSums } from './stats.service.js';

const sums = (overrides: Partial<TenderSums> = {}): TenderSums => ({
  tenderCount: 0,
  awardedCount: 0,
  unsuccessfulCount: 0,
  awardedBidders: 0,
  singleBidCount: 0,
  contractedYen: 0n,
  baselineYen: 0n,
  ...overrides,
});

describe('figuresOf', () => {
  it('gives null for every ratio when there is nothing to divide by', () => {
    expect(figuresOf(sums())).toEqual({
      tenderCount: 0,
      awardedTenderCount: 0,
      unsuccessfulTenderCount: 0,
      averageBidders: null,
      singleBidRate: null,
      unsuccessfulRate: null,
      baselineYen: 0n,
      contractedYen: 0n,
      reductionYen: 0n,
      reductionRate: null,
    });
  });

  it('averages bidders over awarded rounds only', () => {
    // 2 awarded rounds with 6 and 5 bidders; the unsuccessful rounds do not count.
    const f = figuresOf(sums({ tenderCount: 5, awardedCount: 2, unsuccessfulCount: 3, awardedBidders: 11 }));
    expect(f.averageBidders).toBe(5.5);
  });

  it('gives the single-bid rate as a share of awarded rounds', () => {
    expect(figuresOf(sums({ awardedCount: 4, singleBidCount: 1, awardedBidders: 9 })).singleBidRate).toBe(0.25);
  });

  it('gives the unsuccessful rate over awarded plus unsuccessful rounds, not over all rounds', () => {
    // FY2012 乙号事務-like figures: 42 of 53 opened rounds failed; 7 more were still planned or open.
    const f = figuresOf(sums({ tenderCount: 60, awardedCount: 11, unsuccessfulCount: 42, awardedBidders: 15 }));
    expect(f.unsuccessfulRate).toBeCloseTo(42 / 53, 12);
    expect(f.tenderCount).toBe(60);
  });

  it('gives an unsuccessful rate of 1, and null bidder figures, when every opened round failed', () => {
    const f = figuresOf(sums({ tenderCount: 3, unsuccessfulCount: 3 }));
    expect(f.unsuccessfulRate).toBe(1);
    expect(f.averageBidders).toBeNull();
    expect(f.singleBidRate).toBeNull();
  });

  it('gives reduction yen and rate against the baseline', () => {
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 6, baselineYen: 4_200_000_000n, contractedYen: 3_444_000_000n }));
    expect(f.reductionYen).toBe(756_000_000n);
    expect(f.reductionRate).toBeCloseTo(0.18, 12);
  });

  it('gives a negative reduction when contracts cost more than the baseline', () => {
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 1, baselineYen: 1_000n, contractedYen: 1_250n }));
    expect(f.reductionYen).toBe(-250n);
    expect(f.reductionRate).toBe(-0.25);
  });

  it('gives a null reduction rate when the baseline is zero, even with contracted yen', () => {
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 2, contractedYen: 500n }));
    expect(f.reductionYen).toBe(-500n);
    expect(f.reductionRate).toBeNull();
  });

  it('renames the counts for the schema', () => {
    const f = figuresOf(sums({ tenderCount: 9, awardedCount: 4, unsuccessfulCount: 2, awardedBidders: 8 }));
    expect(f).toMatchObject({ tenderCount: 9, awardedTenderCount: 4, unsuccessfulTenderCount: 2 });
  });
});

describe('yen sums past 2^53 − 1', () => {
  it('stay exact when split into high and low digits in SQL and put back together', async () => {
    const { exactSum } = await import('./stats.service.js');
    // Two contracts of 9,007,199,254,740,991 yen each: 18,014,398,509,481,982, past every double.
    const high = 2n * (9_007_199_254_740_991n / 1_000_000_000n);
    const low = 2n * (9_007_199_254_740_991n % 1_000_000_000n);
    expect(exactSum({ xHigh: String(high), xLow: Number(low) }, 'x')).toBe(18_014_398_509_481_982n);
    const f = figuresOf(sums({ awardedCount: 2, contractedYen: 18_014_398_509_481_982n, baselineYen: 1n }));
    expect(f.reductionYen).toBe(-18_014_398_509_481_981n);
  });
});

describe('addSums', () => {
  it('adds every field', () => {
    const a = sums({
      tenderCount: 1,
      awardedCount: 2,
      unsuccessfulCount: 3,
      awardedBidders: 4,
      singleBidCount: 5,
      contractedYen: 6n,
      baselineYen: 7n,
    });
    const b = sums({
      tenderCount: 10,
      awardedCount: 20,
      unsuccessfulCount: 30,
      awardedBidders: 40,
      singleBidCount: 50,
      contractedYen: 60n,
      baselineYen: 70n,
    });
    expect(addSums(a, b)).toEqual({
      tenderCount: 11,
      awardedCount: 22,
      unsuccessfulCount: 33,
      awardedBidders: 44,
      singleBidCount: 55,
      contractedYen: 66n,
      baselineYen: 77n,
    });
  });

  it('leaves its arguments unchanged and treats all-zero sums as the identity', () => {
    const a = sums({ tenderCount: 3, awardedCount: 2, awardedBidders: 7, contractedYen: 3_000_000_000n });
    const copy = { ...a };
    expect(addSums(a, sums())).toEqual(a);
    expect(a).toEqual(copy);
  });

  it('rolls up so that ratios come from the sums, not from averaging averages', () => {
    // Ministry A: 1 awarded round, 9 bidders. Ministry B: 3 awarded rounds, 3 bidders in all.
    const total = addSums(sums({ awardedCount: 1, awardedBidders: 9 }), sums({ awardedCount: 3, awardedBidders: 3 }));
    expect(figuresOf(total).averageBidders).toBe(3); // (9 + 3) / 4, not (9 + 1) / 2
  });

  it('keeps yen sums exact beyond 32 bits', () => {
    const total = addSums(sums({ contractedYen: 879_000_000_000n }), sums({ contractedYen: 610_000_000_000n }));
    expect(total.contractedYen).toBe(1_489_000_000_000n);
  });
});
