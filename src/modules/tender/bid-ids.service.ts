import type { Knex } from '@mikro-orm/knex';
import { DomainError, UserErrorCode } from '../../core/graphql/user-error.js';

/**
 * Bid ids are numbered per round, not drawn from one sequence for every round (docs/seal.md,
 * "Sequences"): a bid's id is −(round id × 1000 + n) for the round's n-th bid. Once a round
 * opens, its bids' ids tell what is public by then (the round and how many bids it had) and
 * nothing about bids recorded meanwhile in rounds still sealed, which a shared sequence
 * would count. Negative, so they never meet the positive ids of bids from before.
 */
export const MAX_BIDS_PER_ROUND = 999;
/** Round ids up to this keep bid ids within a 32-bit integer column. */
const MAX_TENDER_ID = Math.floor((2 ** 31 - 1 - MAX_BIDS_PER_ROUND) / 1000);

export function bidIdFor(tenderId: number, ordinal: number): number {
  return -(tenderId * 1000 + ordinal);
}

/**
 * Ids for the next `count` bids of a round, read inside the writing transaction (the round
 * is locked by then, or the database has one writer), or a refusal past 999 bids.
 */
export async function nextBidIds(knex: Knex | Knex.Transaction, tenderId: number, count: number, field?: string[]): Promise<number[]> {
  if (count === 0) return [];
  if (tenderId > MAX_TENDER_ID) throw new Error(`round id ${tenderId} is past the ${MAX_TENDER_ID} that per-round bid ids allow`);
  const rows = (await knex('bid').min({ low: 'id' }).where('tender_id', tenderId).where('id', '<', 0)) as { low: number | string | null }[];
  const low = rows[0]?.low;
  const last = low == null ? 0 : -Number(low) - tenderId * 1000;
  if (last + count > MAX_BIDS_PER_ROUND) {
    throw new DomainError(UserErrorCode.VALIDATION, `a round takes at most ${MAX_BIDS_PER_ROUND} bids (it has ${last})`, field);
  }
  return Array.from({ length: count }, (_, i) => bidIdFor(tenderId, last + 1 + i));
}
