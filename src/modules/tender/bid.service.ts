import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId, knexIn } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { checkRange, checkText, LIMITS } from '../../core/text/limits.js';
import { requireWriter } from '../access/scope.service.js';
import { recordChange } from '../history/history.service.js';
import { nextBidIds } from './bid-ids.service.js';
import { Bid } from './bid.entity.js';
import { Bidder } from './bidder.entity.js';
import { AwardCriteria, BidStatus, TenderStatus } from './tender.enum.js';
import { Tender } from './tender.entity.js';
import type { CreateBidderInput, RecordBidInput } from './tender.inputs.js';
import { ownerOf } from './tender.service.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { bidderEvent } from './tender.events.js';

export const MAX_SCORE = 100_000;

/**
 * The status a bid is recorded with: a bid above the reserve price is INVALID (it cannot
 * win: 予算決算及び会計令 第79条, the contract price may not exceed the 予定価格); any other
 * bid is VALID until the award decides it.
 */
export function statusOnReceipt(amountYen: number, reservePriceYen: number | null | undefined): BidStatus {
  return reservePriceYen != null && amountYen > reservePriceYen ? BidStatus.INVALID : BidStatus.VALID;
}

/**
 * Moves a round's 応札者数 by `by` (a bid recorded, or withdrawn). It is kept with the round, but
 * a bid is not an edit of the round's terms: the count moves without bumping the round's
 * version, so a ministry's expectedVersion stays valid and nothing public moves (docs/seal.md).
 */
export async function countBids(em: EntityManager, tender: Tender, by: 1 | -1): Promise<void> {
  await em
    .getConnection()
    .execute('UPDATE tender SET bid_count = bid_count + ? WHERE id = ?', [by, tender.id], 'run', em.getTransactionContext());
}

export async function recordBid(em: EntityManager, actor: Viewer, input: RecordBidInput): Promise<Bid> {
  const problems = new Problems();
  if (input.amountYen <= 0) problems.add('amountYen', 'amountYen must be more than 0');
  checkRange(problems, 'technicalScore', input.technicalScore, 0, MAX_SCORE);
  checkRange(problems, 'totalScore', input.totalScore, 0, MAX_SCORE);
  problems.throwIfAny();

  const tender = await findByGlobalId(em, Tender, input.tenderId, 'tenderId', { lock: true });
  await ownerOf(em, actor, tender, 'record bids in this round');
  if (tender.status !== TenderStatus.OPEN && tender.status !== TenderStatus.CLOSED) {
    throw new DomainError(UserErrorCode.INVALID_STATE, `the round is ${tender.status}: bids are recorded only while it is OPEN or CLOSED`, [
      'input',
      'tenderId',
    ]);
  }
  if (tender.awardCriteria === AwardCriteria.RATED && input.totalScore == null) {
    throw new DomainError(UserErrorCode.VALIDATION, "a RATED round needs the bid's totalScore (総合評価点)", ['input', 'totalScore']);
  }
  const bidder = await findByGlobalId(em, Bidder, input.bidderId, 'bidderId');
  if (await em.count(Bid, { tender, bidder })) {
    throw new DomainError(
      UserErrorCode.DUPLICATE,
      `「${bidder.name}」はこの入札にすでに入札しています（1者1入札）（${bidder.name} already has a bid in this round: one bid per bidder per round）`,
      ['input', 'bidderId'],
    );
  }
  const [id] = await nextBidIds(knexIn(em), tender.id, 1, ['input', 'tenderId']);
  const bid = em.create(Bid, {
    id,
    tender,
    bidder,
    amountYen: input.amountYen,
    technicalScore: input.technicalScore ?? null,
    totalScore: input.totalScore ?? null,
    status: statusOnReceipt(input.amountYen, tender.reservePriceYen),
    submittedAt: input.submittedAt ?? new Date(),
  });
  await em.flush();
  await countBids(em, tender, +1);
  recordChange(em, actor, {
    action: 'recordBid',
    objectType: 'Bid',
    objectId: bid.id,
    after: {
      tenderId: tender.globalId,
      bidderId: bidder.globalId,
      amountYen: bid.amountYen,
      technicalScore: bid.technicalScore ?? null,
      totalScore: bid.totalScore ?? null,
      status: bid.status,
    },
    sealedTenderId: tender.id,
  });
  return bid;
}

export async function createBidder(em: EntityManager, actor: Viewer, input: CreateBidderInput): Promise<Bidder> {
  requireWriter(actor, 'register bidders');
  const problems = new Problems();
  checkText(problems, 'name', input.name, LIMITS.name);
  problems.throwIfAny();
  if (input.corporateNumber) {
    const existing = await em.findOne(Bidder, { corporateNumber: input.corporateNumber });
    if (existing) {
      throw new DomainError(
        UserErrorCode.DUPLICATE,
        `法人番号 ${input.corporateNumber} はすでに「${existing.name}」として登録されています（${existing.globalId}）` +
          `（corporate number ${input.corporateNumber} is already registered as ${existing.name}）`,
        ['input', 'corporateNumber'],
      );
    }
  }
  const bidder = em.create(Bidder, { name: input.name.trim(), corporateNumber: input.corporateNumber ?? null, kind: input.kind });
  await em.flush();
  recordChange(em, actor, {
    action: 'createBidder',
    objectType: 'Bidder',
    objectId: bidder.id,
    after: { name: bidder.name, corporateNumber: bidder.corporateNumber ?? null, kind: bidder.kind },
  });
  recordEvent(em, bidderEvent(bidder));
  return bidder;
}
