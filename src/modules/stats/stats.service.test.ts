import { describe, expect, it } from 'vitest';
import { addSums, figuresOf, type TenderSums } from './stats.service.js';

const sums = (overrides: Partial<TenderSums> = {}): TenderSums => ({
  tenderCount: 0,
  awardedCount: 0,
  unsuccessfulCount: 0,
  awardedBidders: 0,
  singleBidCount: 0,
  contractedYen: 0,
  baselineYen: 0,
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
      baselineYen: 0,
      contractedYen: 0,
      reductionYen: 0,
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
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 6, baselineYen: 4_200_000_000, contractedYen: 3_444_000_000 }));
    expect(f.reductionYen).toBe(756_000_000);
    expect(f.reductionRate).toBeCloseTo(0.18, 12);
  });

  it('gives a negative reduction when contracts cost more than the baseline', () => {
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 1, baselineYen: 1_000, contractedYen: 1_250 }));
    expect(f.reductionYen).toBe(-250);
    expect(f.reductionRate).toBe(-0.25);
  });

  it('gives a null reduction rate when the baseline is zero, even with contracted yen', () => {
    const f = figuresOf(sums({ awardedCount: 1, awardedBidders: 2, contractedYen: 500 }));
    expect(f.reductionYen).toBe(-500);
    expect(f.reductionRate).toBeNull();
  });

  it('renames the counts for the schema', () => {
    const f = figuresOf(sums({ tenderCount: 9, awardedCount: 4, unsuccessfulCount: 2, awardedBidders: 8 }));
    expect(f).toMatchObject({ tenderCount: 9, awardedTenderCount: 4, unsuccessfulTenderCount: 2 });
  });
});

describe('addSums', () => {
  it('adds every field', () => {
    const a = sums({ tenderCount: 1, awardedCount: 2, unsuccessfulCount: 3, awardedBidders: 4, singleBidCount: 5, contractedYen: 6, baselineYen: 7 });
    const b = sums({ tenderCount: 10, awardedCount: 20, unsuccessfulCount: 30, awardedBidders: 40, singleBidCount: 50, contractedYen: 60, baselineYen: 70 });
    expect(addSums(a, b)).toEqual({
      tenderCount: 11,
      awardedCount: 22,
      unsuccessfulCount: 33,
      awardedBidders: 44,
      singleBidCount: 55,
      contractedYen: 66,
      baselineYen: 77,
    });
  });

  it('leaves its arguments unchanged and treats all-zero sums as the identity', () => {
    const a = sums({ tenderCount: 3, awardedCount: 2, awardedBidders: 7, contractedYen: 3_000_000_000 });
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
    const total = addSums(sums({ contractedYen: 879_000_000_000 }), sums({ contractedYen: 610_000_000_000 }));
    expect(total.contractedYen).toBe(1_489_000_000_000);
  });
});
