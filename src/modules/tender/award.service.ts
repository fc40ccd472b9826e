import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { todayInJapan } from '../../core/calendar/fiscal-year.js';
import { findByGlobalId } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { checkText, LIMITS } from '../../core/text/limits.js';
import { requireVersion } from '../access/scope.service.js';
import { recordChange } from '../history/history.service.js';
import { releaseSealedHistoryOf } from '../history/sealed-history.service.js';
import { movePilot } from '../pilot/local-pilot-lifecycle.service.js';
import { LocalPilotStatus } from '../pilot/pilot.enum.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { moveProject } from '../project/target-project-lifecycle.service.js';
import { Bid } from './bid.entity.js';
import { TENDER_LIFECYCLE } from './tender-lifecycle.service.js';
import { AwardCriteria, BidStatus, TenderStatus } from './tender.enum.js';
import { Tender } from './tender.entity.js';
import type { AwardTenderInput } from './tender.inputs.js';
import { ownerOf, requireOwnerState } from './tender.service.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { tenderEvent, TenderEvents } from './tender.events.js';

/** Bids that compete for the award: recorded and not disqualified or withdrawn. */
const COMPETING: readonly BidStatus[] = [BidStatus.VALID, BidStatus.SUBMITTED];

/**
 * A bid above the reserve price cannot win (予算決算及び会計令 第79条): the price is checked
 * against the reserve in force at the award, which may have been revised after the bid.
 */
export function aboveReserve(bid: Pick<Bid, 'amountYen'>, reservePriceYen: number | null | undefined): boolean {
  return reservePriceYen != null && bid.amountYen > reservePriceYen;
}

/**
 * The bid the award criteria pick (write-side issue): with LOWEST_PRICE the lowest valid
 * amount, with RATED the highest total score. Ties all count as picked (the law settles a
 * tie by lot, くじ, which the ministry records by awarding one of them).
 */
export function bidsTheCriteriaPick(
  criteria: AwardCriteria,
  bids: readonly Pick<Bid, 'id' | 'amountYen' | 'totalScore' | 'status'>[],
): number[] {
  const competing = bids.filter((b) => COMPETING.includes(b.status));
  if (criteria === AwardCriteria.LOWEST_PRICE) {
    const lowest = Math.min(...competing.map((b) => b.amountYen));
    return competing.filter((b) => b.amountYen === lowest).map((b) => b.id);
  }
  const scored = competing.filter((b) => b.totalScore != null);
  const highest = Math.max(...scored.map((b) => b.totalScore!));
  return scored.filter((b) => b.totalScore === highest).map((b) => b.id);
}

/**
 * 落札: awards a CLOSED round to a competing bid the criteria pick (or another, with an
 * override reason kept in the history). The other competing bids are LOST, the contract
 * amount is set, and the service (or pilot) goes IN_OPERATION.
 */
export async function awardTender(em: EntityManager, actor: Viewer, input: AwardTenderInput): Promise<Tender> {
  const problems = new Problems();
  if (input.contractAmountYen <= 0) problems.add('contractAmountYen', 'contractAmountYen must be more than 0');
  checkText(problems, 'overrideReason', input.overrideReason, LIMITS.note, false);
  problems.throwIfAny();

  const tender = await findByGlobalId(em, Tender, input.tenderId, 'tenderId', { lock: true });
  const owner = await ownerOf(em, actor, tender, 'award this round');
  requireVersion(tender.version, input.expectedVersion, 'the round');
  TENDER_LIFECYCLE.assert(tender.status, TenderStatus.AWARDED, 'tenderId');
  if (owner.project)
    requireOwnerState(owner.project.status === TargetProjectStatus.TENDERING, `the service is ${owner.project.status}, not TENDERING`);
  if (owner.pilot)
    requireOwnerState(owner.pilot.status === LocalPilotStatus.TENDERING, `the pilot is ${owner.pilot.status}, not TENDERING`);

  // Only this round's bids are looked at: a bid of another (perhaps sealed) round is refused
  // exactly like an id that does not exist.
  const winner = await findByGlobalId(em, Bid, input.winningBidId, 'winningBidId', {
    within: { where: { tender: tender.id }, name: 'of this round' },
  });
  if (!COMPETING.includes(winner.status)) {
    throw new DomainError(UserErrorCode.AWARD_RULE, `the winning bid is ${winner.status}: only a valid bid can win`, [
      'input',
      'winningBidId',
    ]);
  }
  const bids = await em.find(Bid, { tender }, { orderBy: { id: 'asc' } });
  // Bids that a lowered reserve price now exceeds are disqualified before anything is compared.
  for (const bid of bids) {
    if (COMPETING.includes(bid.status) && aboveReserve(bid, tender.reservePriceYen)) {
      const from = bid.status;
      bid.status = BidStatus.INVALID;
      recordChange(em, actor, {
        action: 'awardTender',
        objectType: 'Bid',
        objectId: bid.id,
        before: { status: from },
        after: { status: bid.status },
        note: 'above the reserve price',
        sealedTenderId: tender.id,
      });
    }
  }
  if (!COMPETING.includes(winner.status)) {
    throw new DomainError(UserErrorCode.AWARD_RULE, `the winning bid (${winner.amountYen} yen) is above the reserve price: it cannot win`, [
      'input',
      'winningBidId',
    ]);
  }
  const picked = bidsTheCriteriaPick(tender.awardCriteria, bids);
  const override = input.overrideReason?.trim() || null;
  if (!picked.includes(winner.id) && !override) {
    const rule = tender.awardCriteria === AwardCriteria.LOWEST_PRICE ? 'the lowest valid amount' : 'the highest total score';
    throw new DomainError(
      UserErrorCode.AWARD_RULE,
      `${tender.awardCriteria} awards ${rule}; that is ${picked.length ? `bid ${bids.find((b) => b.id === picked[0])!.globalId}` : 'no bid (no competing bid has a score)'}. ` +
        'Give overrideReason to award another valid bid.',
      ['input', 'winningBidId'],
    );
  }

  for (const bid of bids) {
    if (!COMPETING.includes(bid.status)) continue;
    const from = bid.status;
    bid.status = bid.id === winner.id ? BidStatus.WON : BidStatus.LOST;
    recordChange(em, actor, {
      action: 'awardTender',
      objectType: 'Bid',
      objectId: bid.id,
      before: { status: from },
      after: { status: bid.status },
      sealedTenderId: tender.id,
    });
  }
  // The round opens: what was recorded under its seal joins the public history first.
  await releaseSealedHistoryOf(em, tender.id);
  const before = {
    status: tender.status,
    winningBidId: null,
    contractAmountYen: tender.contractAmountYen ?? null,
    openedOn: tender.openedOn ?? null,
  };
  tender.status = TenderStatus.AWARDED;
  tender.contractAmountYen = input.contractAmountYen;
  tender.openedOn ??= todayInJapan();
  recordChange(em, actor, {
    action: 'awardTender',
    objectType: 'Tender',
    objectId: tender.id,
    before,
    after: {
      status: TenderStatus.AWARDED,
      winningBidId: winner.globalId,
      contractAmountYen: input.contractAmountYen,
      openedOn: tender.openedOn,
    },
    note: override ? `override: ${override}` : null,
  });
  recordEvent(
    em,
    tenderEvent(tender, TenderEvents.awarded, {
      openedOn: tender.openedOn,
      winningBidId: winner.globalId,
      contractAmountYen: input.contractAmountYen,
    }),
  );
  const note = `round ${tender.round} awarded`;
  if (owner.project) moveProject(em, actor, owner.project, TargetProjectStatus.IN_OPERATION, 'awardTender', note);
  if (owner.pilot) movePilot(em, actor, owner.pilot, LocalPilotStatus.IN_OPERATION, 'awardTender', note);
  return tender;
}
