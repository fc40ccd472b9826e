import { describe, expect, it } from 'vitest';
import { bidsTheCriteriaPick } from './award.service.js';
import { AwardCriteria, BidStatus } from './tender.enum.js';

type B = { id: number; amountYen: number; totalScore: number | null; status: BidStatus };
const bid = (id: number, amountYen: number, status: BidStatus = BidStatus.VALID, totalScore: number | null = null): B => ({
  id,
  amountYen,
  totalScore,
  status,
});

describe('bidsTheCriteriaPick with LOWEST_PRICE (最低価格落札方式)', () => {
  it('picks the lowest valid amount', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [bid(1, 300), bid(2, 250), bid(3, 280)])).toEqual([2]);
  });

  it('picks every bid tied at the lowest amount (a tie is settled by lot)', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [bid(1, 250), bid(2, 300), bid(3, 250)]).sort()).toEqual([1, 3]);
  });

  it('ignores INVALID and WITHDRAWN bids, even when they are lower', () => {
    const bids = [bid(1, 100, BidStatus.INVALID), bid(2, 120, BidStatus.WITHDRAWN), bid(3, 260), bid(4, 270)];
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, bids)).toEqual([3]);
  });

  it('ignores scores', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [bid(1, 300, BidStatus.VALID, 900), bid(2, 290, BidStatus.VALID, 100)])).toEqual(
      [2],
    );
  });

  it('picks nothing when no bid is valid', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [bid(1, 100, BidStatus.INVALID), bid(2, 120, BidStatus.WITHDRAWN)])).toEqual([]);
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [])).toEqual([]);
  });

  it('compares amounts in the hundreds of billions exactly', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.LOWEST_PRICE, [bid(1, 493_000_000_001), bid(2, 493_000_000_000)])).toEqual([2]);
  });
});

describe('bidsTheCriteriaPick with RATED (総合評価落札方式)', () => {
  it('picks the highest total score, not the lowest price', () => {
    const bids = [bid(1, 200, BidStatus.VALID, 950.5), bid(2, 300, BidStatus.VALID, 1001.81), bid(3, 250, BidStatus.VALID, 990)];
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, bids)).toEqual([2]);
  });

  it('picks every bid tied at the highest score', () => {
    const bids = [bid(1, 200, BidStatus.VALID, 1001.81), bid(2, 300, BidStatus.VALID, 1001.81), bid(3, 250, BidStatus.VALID, 990)];
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, bids).sort()).toEqual([1, 2]);
  });

  it('leaves out bids without a total score', () => {
    const bids = [bid(1, 100, BidStatus.VALID, null), bid(2, 300, BidStatus.VALID, 10), bid(3, 250, BidStatus.VALID, 5)];
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, bids)).toEqual([2]);
  });

  it('picks nothing when no valid bid has a score', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, [bid(1, 100), bid(2, 200)])).toEqual([]);
  });

  it('ignores INVALID and WITHDRAWN bids, even with the best score', () => {
    const bids = [bid(1, 100, BidStatus.INVALID, 2000), bid(2, 120, BidStatus.WITHDRAWN, 1500), bid(3, 260, BidStatus.VALID, 800)];
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, bids)).toEqual([3]);
  });

  it('treats a score of 0 as a score', () => {
    expect(bidsTheCriteriaPick(AwardCriteria.RATED, [bid(1, 100, BidStatus.VALID, 0), bid(2, 200, BidStatus.VALID, null)])).toEqual([1]);
  });
});
