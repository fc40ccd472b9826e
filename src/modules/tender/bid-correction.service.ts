import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId, forWrite, knexIn } from '../../core/db/find.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { fromGlobalId } from '../../core/graphql/global-id.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { checkRange, checkText, LIMITS } from '../../core/text/limits.js';
import { requireAdmin, requireVersion } from '../access/scope.service.js';
import { diff, recordChange } from '../history/history.service.js';
import { isOpened, whereSealedDataVisible } from '../seal/seal.service.js';
import { Bid } from './bid.entity.js';
import { countBids, MAX_SCORE, statusOnReceipt } from './bid.service.js';
import { Bidder } from './bidder.entity.js';
import { BidStatus, TenderStatus } from './tender.enum.js';
import { BidderEvents, bidderCorrectionEvent } from './tender.events.js';
import { Tender } from './tender.entity.js';
import type { CorrectBidInput, MergeBiddersInput, RenameBidderInput, WithdrawBidInput } from './tender.inputs.js';
import { ownerOf } from './tender.service.js';

/**
 * Corrections with a trail (docs/domain.md "Corrections"): a bid withdrawn or recorded wrongly,
 * a bidder's registered name, two bidder rows that are one company. Each is scoped, checks the
 * version read, and records what it changed in history; those about a sealed round's bids are
 * recorded under the seal, like the bid itself.
 */

/**
 * The bid an input names, if the caller may see it; otherwise NOT_FOUND with the words and the
 * single statement of a bid that does not exist, so that withdrawing or correcting another
 * owner's sealed bid tells nothing about it (docs/seal.md "Refusals").
 */
async function findVisibleBid(em: EntityManager, actor: Viewer, globalId: string): Promise<Bid> {
  const key = fromGlobalId(globalId);
  if (key?.typeName === 'Bid') {
    const visible = knexIn(em)('bid as b').join('tender as t', 't.id', 'b.tender_id').select('b.id').where('b.id', key.id);
    whereSealedDataVisible(visible, 't', actor);
    if ((await visible).length === 0) throw new DomainError(UserErrorCode.NOT_FOUND, `no Bid has the id ${globalId}`, ['input', 'id']);
  }
  return findByGlobalId(em, Bid, globalId, 'id', { lock: true });
}

/** A bid, its round (locked) and the caller's right to write it: the steps both bid corrections share. */
async function bidToCorrect(em: EntityManager, actor: Viewer, input: { id: string; expectedVersion: number }, what: string) {
  const bid = await findVisibleBid(em, actor, input.id);
  const tender = await em.findOneOrFail(Tender, { id: bid.tender.id }, forWrite(em, true));
  await ownerOf(em, actor, tender, what);
  requireVersion(bid.version, input.expectedVersion, 'the bid');
  if (tender.status !== TenderStatus.OPEN && tender.status !== TenderStatus.CLOSED) {
    throw new DomainError(
      UserErrorCode.INVALID_STATE,
      `入札が「${tender.status === TenderStatus.CANCELLED ? '中止' : '開札済み'}」のため、入札の辞退・訂正はできません。` +
        '入札者が辞退できるのは開札まで、提出された入札書の書換え・引換え・撤回はできず（入札心得）、開札後の記録は公表された入札結果で落札の根拠です' +
        `（the round is ${tender.status}: a bid is withdrawn or corrected only while the round is OPEN or CLOSED, before it is opened）`,
      ['input', 'id'],
    );
  }
  if (bid.status === BidStatus.WITHDRAWN) {
    throw new DomainError(UserErrorCode.INVALID_STATE, 'この入札はすでに辞退されています（the bid is already withdrawn）', ['input', 'id']);
  }
  return { bid, tender };
}

/** The fields of a bid that history records. */
function bidSnapshot(bid: Bid): Record<string, unknown> {
  return {
    amountYen: bid.amountYen,
    technicalScore: bid.technicalScore ?? null,
    totalScore: bid.totalScore ?? null,
    submittedAt: bid.submittedAt.toISOString(),
    status: bid.status,
  };
}

/**
 * 辞退: the bidder withdraws its bid before the round is opened (入札心得: a bidder may withdraw
 * until the opening). The bid stays, WITHDRAWN, and no longer counts as 応札.
 */
export async function withdrawBid(em: EntityManager, actor: Viewer, input: WithdrawBidInput): Promise<Bid> {
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  const { bid, tender } = await bidToCorrect(em, actor, input, 'withdraw bids in this round');
  const before = bidSnapshot(bid);
  bid.status = BidStatus.WITHDRAWN;
  await em.flush();
  await countBids(em, tender, -1);
  recordChange(em, actor, {
    action: 'withdrawBid',
    objectType: 'Bid',
    objectId: bid.id,
    ...diff(before, bidSnapshot(bid))!,
    note: input.note,
    sealedTenderId: tender.id,
  });
  return bid;
}

/**
 * A bid recorded wrongly (a mistyped amount, a score, the time), corrected while the round is
 * still sealed: the amount decides the bid's validity again against the reserve price.
 */
export async function correctBid(em: EntityManager, actor: Viewer, input: CorrectBidInput): Promise<Bid> {
  const problems = new Problems();
  if (input.amountYen != null && input.amountYen <= 0)
    problems.add('amountYen', 'amountYen は 0 より大きくしてください（amountYen must be more than 0）');
  checkRange(problems, 'technicalScore', input.technicalScore, 0, MAX_SCORE);
  checkRange(problems, 'totalScore', input.totalScore, 0, MAX_SCORE);
  checkText(problems, 'note', input.note, LIMITS.note);
  problems.throwIfAny();
  const { bid, tender } = await bidToCorrect(em, actor, input, 'correct bids in this round');
  const before = bidSnapshot(bid);
  if (input.amountYen != null) bid.amountYen = input.amountYen;
  if (input.technicalScore != null) bid.technicalScore = input.technicalScore;
  if (input.totalScore != null) bid.totalScore = input.totalScore;
  if (input.submittedAt != null) bid.submittedAt = input.submittedAt;
  bid.status = statusOnReceipt(bid.amountYen, tender.reservePriceYen);
  const changed = diff(before, bidSnapshot(bid));
  if (changed) {
    await em.flush();
    recordChange(em, actor, {
      action: 'correctBid',
      objectType: 'Bid',
      objectId: bid.id,
      ...changed,
      note: input.note,
      sealedTenderId: tender.id,
    });
  }
  return bid;
}

/** The fields of a bidder that history records. */
function bidderSnapshot(b: Bidder): Record<string, unknown> {
  return { name: b.name, corporateNumber: b.corporateNumber ?? null, kind: b.kind };
}

/** A corporate number no other bidder holds, or DUPLICATE naming the one that does. */
async function requireFreeCorporateNumber(em: EntityManager, bidder: Bidder, corporateNumber: string): Promise<void> {
  const holder = await em.findOne(Bidder, { corporateNumber, id: { $ne: bidder.id } });
  if (holder) {
    throw new DomainError(
      UserErrorCode.DUPLICATE,
      `法人番号 ${corporateNumber} はすでに「${holder.name}」（${holder.globalId}）のものです。同じ会社なら mergeBidders で一つにしてください` +
        `（corporate number ${corporateNumber} belongs to ${holder.globalId}: merge the two if they are one company）`,
      ['input', 'corporateNumber'],
    );
  }
}

/**
 * A bidder's registered name corrected (and its 法人番号 given, when it had none). The registry
 * is shared by every ministry and local government, so its corrections are an admin's.
 */
export async function renameBidder(em: EntityManager, actor: Viewer, input: RenameBidderInput): Promise<Bidder> {
  requireAdmin(actor, 'correct the bidder registry');
  const problems = new Problems();
  checkText(problems, 'name', input.name, LIMITS.name);
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  const bidder = await findByGlobalId(em, Bidder, input.id, 'id', { lock: true });
  requireVersion(bidder.version, input.expectedVersion, 'the bidder');
  const before = bidderSnapshot(bidder);
  if (input.corporateNumber != null && input.corporateNumber !== bidder.corporateNumber) {
    if (bidder.corporateNumber) {
      throw new DomainError(
        UserErrorCode.VALIDATION,
        `この事業者の法人番号は ${bidder.corporateNumber} です。法人番号は変えられません（別の法人です）` +
          `（the bidder's corporate number is ${bidder.corporateNumber}; a corporate number is not changed: that is another company）`,
        ['input', 'corporateNumber'],
      );
    }
    await requireFreeCorporateNumber(em, bidder, input.corporateNumber);
    bidder.corporateNumber = input.corporateNumber;
  }
  bidder.name = input.name.trim();
  const changed = diff(before, bidderSnapshot(bidder));
  if (changed) {
    await em.flush();
    recordChange(em, actor, { action: 'renameBidder', objectType: 'Bidder', objectId: bidder.id, ...changed, note: input.note });
    recordEvent(em, bidderCorrectionEvent(bidder, BidderEvents.corrected));
  }
  return bidder;
}

/**
 * Two bidder rows that are one company (the same 法人番号 entered twice, or one entered
 * without it) made one: every bid of `mergeId` moves to `keepId`, which takes its 法人番号 if
 * it has none, and `mergeId` is deleted; the history of both stays, with an entry for the
 * merge on each and on every bid moved (under the seal for a round not yet opened). Refused
 * when both have bid in one round (one bid per bidder per round) or their 法人番号 differ.
 */
export async function mergeBidders(em: EntityManager, actor: Viewer, input: MergeBiddersInput): Promise<Bidder> {
  requireAdmin(actor, 'merge bidders');
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  if (input.keepId === input.mergeId) problems.add('mergeId', '同じ事業者どうしは統合できません（a bidder is not merged into itself）');
  problems.throwIfAny();
  const keep = await findByGlobalId(em, Bidder, input.keepId, 'keepId', { lock: true });
  const merged = await findByGlobalId(em, Bidder, input.mergeId, 'mergeId', { lock: true });
  requireVersion(keep.version, input.expectedVersion, 'the bidder');
  if (keep.corporateNumber && merged.corporateNumber && keep.corporateNumber !== merged.corporateNumber) {
    throw new DomainError(
      UserErrorCode.VALIDATION,
      `法人番号が違います（${keep.corporateNumber} と ${merged.corporateNumber}）: 別の法人は統合できません` +
        `（the corporate numbers differ: ${keep.corporateNumber} and ${merged.corporateNumber} are two companies）`,
      ['input', 'mergeId'],
    );
  }
  const knex = knexIn(em);
  const both = (await knex('bid as b')
    .join('tender as t', 't.id', 'b.tender_id')
    .select('t.id', 't.title', 't.round')
    .whereIn('b.bidder_id', [keep.id, merged.id])
    .groupBy('t.id', 't.title', 't.round')
    .havingRaw('count(*) > 1')
    .orderBy('t.id')) as { id: number; title: string; round: number }[];
  if (both.length) {
    const rounds = both.map((t) => `「${t.title}」第${t.round}回`).join('、');
    throw new DomainError(
      UserErrorCode.DUPLICATE,
      `両方が入札した入札があります: ${rounds}。統合すると1者が1つの入札に2度入札したことになります` +
        `（both bid in ${both.length} round(s): merged, one company would bid twice in a round）`,
      ['input', 'mergeId'],
    );
  }
  const moved = (await knex('bid as b')
    .join('tender as t', 't.id', 'b.tender_id')
    .select('b.id', 'b.tender_id', 't.status', 't.project_id', 't.local_pilot_id')
    .where('b.bidder_id', merged.id)
    .orderBy('b.id')) as { id: number; tender_id: number; status: string; project_id: number | null; local_pilot_id: number | null }[];
  await knex('bid').where('bidder_id', merged.id).update({ bidder_id: keep.id });
  for (const bid of moved) {
    recordChange(em, actor, {
      action: 'mergeBidders',
      objectType: 'Bid',
      objectId: Number(bid.id),
      before: { bidderId: merged.globalId },
      after: { bidderId: keep.globalId },
      note: input.note,
      sealedTenderId: isOpened(bid.status) ? null : Number(bid.tender_id),
    });
    // One entry per flush: an entry under the seal takes its id from a sequence of its own,
    // and one batch of inserts cannot mix given ids with generated ones.
    await em.flush();
  }
  const keepBefore = bidderSnapshot(keep);
  const mergedBefore = bidderSnapshot(merged);
  const mergedRef = { id: merged.id, globalId: merged.globalId, corporateNumber: merged.corporateNumber ?? null };
  em.remove(merged);
  await em.flush();
  // The staying row moves a version even when none of its fields change: it now stands for both.
  keep.updatedAt = new Date();
  if (!keep.corporateNumber && mergedRef.corporateNumber) keep.corporateNumber = mergedRef.corporateNumber;
  await em.flush();
  recordChange(em, actor, {
    action: 'mergeBidders',
    objectType: 'Bidder',
    objectId: mergedRef.id,
    before: mergedBefore,
    after: { mergedInto: keep.globalId },
    note: input.note,
  });
  recordChange(em, actor, {
    action: 'mergeBidders',
    objectType: 'Bidder',
    objectId: keep.id,
    before: { ...keepBefore, merged: null },
    after: { ...bidderSnapshot(keep), merged: mergedRef.globalId },
    note: input.note,
  });
  // Red flags read who bid in and won which opened round: those rounds' services and pilots are named.
  recordEvent(em, bidderCorrectionEvent(keep, BidderEvents.merged));
  const owners = new Map<string, { projectId: number | null; localPilotId: number | null }>();
  for (const b of moved.filter((m) => isOpened(m.status))) {
    const owner = {
      projectId: b.project_id == null ? null : Number(b.project_id),
      localPilotId: b.local_pilot_id == null ? null : Number(b.local_pilot_id),
    };
    owners.set(`${owner.projectId}/${owner.localPilotId}`, owner);
  }
  for (const owner of owners.values()) recordEvent(em, bidderCorrectionEvent(keep, BidderEvents.merged, owner));
  return keep;
}
