import { AwardCriteria, BidStatus } from '../../src/modules/tender/tender.enum.js';
import type { Random } from '../random.js';

/** One generated bid before it becomes a row. */
export interface BidDraft {
  bidderId: number;
  amountYen: number;
  technicalScore: number | null;
  totalScore: number | null;
  status: BidStatus;
  submittedOn: string;
}

/** How many bidders a round attracts: about one in five is a single bid, as in Japanese procurement. */
export function bidderCount(r: Random): number {
  return r.weighted([
    [1, 16],
    [2, 10],
    [3, 12],
    [4, 13],
    [5, 12],
    [6, 11],
    [7, 9],
    [8, 8],
    [9, 5],
    [11, 4],
  ] as const);
}

/** Amounts are quoted to the thousand yen, as tender documents do. */
export function roundYen(amount: number): number {
  return Math.max(1000, Math.round(amount / 1000) * 1000);
}

/**
 * Generates the opened bids of one round and decides them as the rules do: a bid above the
 * reserve price is INVALID; with LOWEST_PRICE the lowest valid amount wins, with RATED the
 * highest total score (除算方式: (100 + technical score) ÷ (amount ÷ reserve) × 5, which
 * gives scores such as 1,001.81).
 */
export function openBids(
  r: Random,
  options: {
    bidderIds: number[];
    reservePriceYen: number;
    awardCriteria: AwardCriteria;
    /** Every bid above the reserve: the round fails (不落). */
    allInvalid?: boolean;
    announcedOn: string;
    deadline: string;
    /** Force the winner's amount (anchored public records). */
    winningAmountYen?: number;
    /** Anchored rounds: every bid counts (none withdrawn or disqualified by chance). */
    exact?: boolean;
  },
): { bids: BidDraft[]; winner: BidDraft | null } {
  const { reservePriceYen: reserve, awardCriteria, bidderIds } = options;
  const bids: BidDraft[] = bidderIds.map((bidderId) => {
    const above = options.allInvalid || (!options.exact && r.chance(0.07));
    const amountYen = roundYen(reserve * (above ? r.between(1.01, 1.2) : r.between(0.7, 0.99)));
    const technicalScore = awardCriteria === AwardCriteria.RATED ? Math.round(r.between(30, 100) * 100) / 100 : null;
    return {
      bidderId,
      amountYen,
      technicalScore,
      totalScore: technicalScore === null ? null : Math.round(((100 + technicalScore) / (amountYen / reserve)) * 5 * 100) / 100,
      status: above
        ? BidStatus.INVALID
        : options.exact
          ? BidStatus.VALID
          : r.chance(0.03)
            ? BidStatus.INVALID
            : r.chance(0.02)
              ? BidStatus.WITHDRAWN
              : BidStatus.VALID,
      submittedOn: pickDate(r, options.announcedOn, options.deadline),
    };
  });
  const valid = bids.filter((b) => b.status === BidStatus.VALID);
  if (options.winningAmountYen !== undefined && valid.length === 0 && bids.length > 0) {
    bids[0].status = BidStatus.VALID;
    valid.push(bids[0]);
  }
  if (valid.length === 0) return { bids, winner: null };
  if (options.winningAmountYen !== undefined) {
    valid[0].amountYen = options.winningAmountYen;
    // The others lose on price but stay within the reserve, or they would have been INVALID.
    for (const other of valid.slice(1)) {
      other.amountYen = Math.min(reserve, Math.max(other.amountYen, roundYen(options.winningAmountYen * r.between(1.01, 1.15))));
    }
    if (awardCriteria === AwardCriteria.RATED) valid[0].totalScore = Math.max(...valid.map((b) => b.totalScore ?? 0)) + 1;
  }
  const winner =
    awardCriteria === AwardCriteria.RATED
      ? valid.reduce((best, b) => ((b.totalScore ?? 0) > (best.totalScore ?? 0) ? b : best))
      : valid.reduce((best, b) => (b.amountYen < best.amountYen ? b : best));
  for (const bid of valid) bid.status = bid === winner ? BidStatus.WON : BidStatus.LOST;
  return { bids, winner };
}

/** Bids of a round not yet opened: submitted, nothing decided. */
export function sealedBids(r: Random, bidderIds: number[], reserve: number, announcedOn: string, until: string): BidDraft[] {
  return bidderIds.map((bidderId) => ({
    bidderId,
    amountYen: roundYen(reserve * r.between(0.55, 1.1)),
    technicalScore: null,
    totalScore: null,
    status: BidStatus.SUBMITTED,
    submittedOn: pickDate(r, announcedOn, until),
  }));
}

function pickDate(r: Random, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Math.max(a, Date.parse(`${to}T00:00:00Z`));
  return new Date(a + Math.floor((r.float() * (b - a + 1)) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}
