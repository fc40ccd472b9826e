import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { monthsInPeriod, todayInJapan } from '../../core/calendar/fiscal-year.js';
import { findByGlobalId, forWrite, knexIn } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { moveByHand } from '../../core/lifecycle/lifecycle.js';
import { checkDateOrder, checkText, LIMITS } from '../../core/text/limits.js';
import { requireMinistry, requireMunicipality, requireVersion } from '../access/scope.service.js';
import { diff, recordChange } from '../history/history.service.js';
import { releaseSealedHistoryOf } from '../history/sealed-history.service.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { movePilot } from '../pilot/local-pilot-lifecycle.service.js';
import { LocalPilotStatus } from '../pilot/pilot.enum.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { moveProject } from '../project/target-project-lifecycle.service.js';
import { TargetProject } from '../project/target-project.entity.js';
import { ACTIVE_TENDER_STATUSES, TENDER_LIFECYCLE } from './tender-lifecycle.service.js';
import { BidStatus, TenderStatus } from './tender.enum.js';
import { Bid } from './bid.entity.js';
import { Tender } from './tender.entity.js';
import type {
  CancelTenderInput,
  CreateTenderInput,
  MarkTenderUnsuccessfulInput,
  TransitionTenderInput,
  UpdateTenderInput,
} from './tender.inputs.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { tenderEvent, TenderEvents } from './tender.events.js';

/**
 * A contract's cost against what the service cost before tendering, for the same period.
 * Yen are `number`s while they are exact as doubles, `bigint` past 2^53 − 1 (the Yen
 * scalars answer those as strings of digits).
 */
export interface CostReduction {
  /** The baseline (従来経費) for the contract period: annual × months ÷ 12, rounded down. */
  baselineForPeriodYen: number | bigint;
  /** Baseline for the period minus the contract amount; negative when the contract cost more. */
  reductionYen: number | bigint;
  /** `reductionYen` ÷ baseline for the period (0.18 is 18%); null when the baseline is 0. */
  reductionRate: number | null;
}

/** A whole yen amount as a number when a double holds it exactly, else as a bigint. */
function exactYen(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * docs/domain.md "Tender": cost reduction is measured against the project's baseline for the
 * same period. The baseline is annual, contracts run for months (often 3–5 years, e.g.
 * 2013-04 to 2016-09 is 42 months), so the baseline is pro-rated by whole months. Rounding
 * down per contract keeps this equal to the SQL aggregate in the statistics. Computed in
 * integers, so it is exact for any amounts and periods the API accepts.
 */
export function costReduction(
  baselineAnnualCostYen: number,
  contractStart: string,
  contractEnd: string,
  contractAmountYen: number,
): CostReduction {
  const months = monthsInPeriod(contractStart, contractEnd);
  const baseline = (BigInt(baselineAnnualCostYen) * BigInt(months)) / 12n;
  const reduction = baseline - BigInt(contractAmountYen);
  return {
    baselineForPeriodYen: exactYen(baseline),
    reductionYen: exactYen(reduction),
    reductionRate: baseline === 0n ? null : Number(reduction) / Number(baseline),
  };
}

// ---------------------------------------------------------------------------------------
// Writes: rounds. Every function runs inside the mutation's transaction (runMutation).

/** What a round belongs to: a target service or a local pilot. */
export interface TenderOwner {
  project: TargetProject | null;
  pilot: LocalPilot | null;
}

/** Loads the owner of a round (in the transaction) and checks the caller may write it. */
export async function ownerOf(em: EntityManager, actor: Viewer, tender: Tender, what: string): Promise<TenderOwner> {
  if (tender.project) {
    const project = await em.findOneOrFail(TargetProject, { id: tender.project.id }, forWrite(em, true));
    requireMinistry(actor, project.ministry.id, what);
    return { project, pilot: null };
  }
  const pilot = await em.findOneOrFail(LocalPilot, { id: tender.localPilot!.id }, forWrite(em, true));
  requireMunicipality(actor, pilot.municipality.id, what);
  return { project: null, pilot };
}

/**
 * The fields of a round that history records, public ones only: the reserve price is sealed
 * with the round and recorded apart (`sealedTenderSnapshot`), in an entry under the seal.
 */
export function tenderSnapshot(t: Tender): Record<string, unknown> {
  return {
    round: t.round,
    title: t.title,
    awardCriteria: t.awardCriteria,
    announcedOn: t.announcedOn,
    bidDeadline: t.bidDeadline,
    contractStart: t.contractStart,
    contractEnd: t.contractEnd,
    status: t.status,
    negotiatedAfterFailure: t.negotiatedAfterFailure,
  };
}

/** The sealed fields of a round (docs/seal.md): recorded in entries under the round's seal. */
export function sealedTenderSnapshot(t: Pick<Tender, 'reservePriceYen'>): Record<string, unknown> {
  return { reservePriceYen: t.reservePriceYen ?? null };
}

function checkTerms(problems: Problems, input: Partial<CreateTenderInput>): void {
  checkDateOrder(problems, [
    ['announcedOn', input.announcedOn],
    ['bidDeadline', input.bidDeadline],
    ['contractStart', input.contractStart],
    ['contractEnd', input.contractEnd],
  ]);
}

export async function createTender(em: EntityManager, actor: Viewer, input: CreateTenderInput): Promise<Tender> {
  const problems = new Problems();
  if ((input.projectId == null) === (input.localPilotId == null))
    problems.add('projectId', 'give exactly one of projectId and localPilotId');
  checkText(problems, 'title', input.title, LIMITS.title);
  checkTerms(problems, input);
  problems.throwIfAny();

  const negotiated = input.negotiatedAfterFailure === true;
  let owner: TenderOwner;
  let previous: Tender | null;
  if (input.projectId != null) {
    const project = await findByGlobalId(em, TargetProject, input.projectId, 'projectId', { lock: true });
    requireMinistry(actor, project.ministry.id, 'tender this service');
    if (project.status !== TargetProjectStatus.TENDERING) {
      throw new DomainError(
        UserErrorCode.INVALID_STATE,
        `the service is ${project.status}: move it to TENDERING (after its guidelines are fixed) before creating a round`,
        ['input', 'projectId'],
      );
    }
    owner = { project, pilot: null };
    previous = await em.findOne(Tender, { project }, { orderBy: { round: 'desc' } });
  } else {
    const pilot = await findByGlobalId(em, LocalPilot, input.localPilotId!, 'localPilotId', { lock: true });
    requireMunicipality(actor, pilot.municipality.id, 'tender this pilot');
    if (pilot.status !== LocalPilotStatus.TENDERING) {
      throw new DomainError(UserErrorCode.INVALID_STATE, `the pilot is ${pilot.status}: move it to TENDERING before creating a round`, [
        'input',
        'localPilotId',
      ]);
    }
    owner = { project: null, pilot };
    previous = await em.findOne(Tender, { localPilot: pilot }, { orderBy: { round: 'desc' } });
  }
  if (previous && ACTIVE_TENDER_STATUSES.includes(previous.status)) {
    throw new DomainError(
      UserErrorCode.INVALID_STATE,
      `round ${previous.round} is still ${previous.status}: cancel it or record its outcome first`,
    );
  }
  if (negotiated && previous?.status !== TenderStatus.UNSUCCESSFUL) {
    throw new DomainError(
      UserErrorCode.INVALID_STATE,
      'a negotiated contract after failure (不落随意契約) must follow an UNSUCCESSFUL round',
      ['input', 'negotiatedAfterFailure'],
    );
  }

  const tender = em.create(Tender, {
    project: owner.project,
    localPilot: owner.pilot,
    round: (previous?.round ?? 0) + 1,
    title: input.title.trim(),
    awardCriteria: input.awardCriteria,
    announcedOn: input.announcedOn,
    bidDeadline: input.bidDeadline,
    reservePriceYen: input.reservePriceYen ?? null,
    contractStart: input.contractStart,
    contractEnd: input.contractEnd,
    negotiatedAfterFailure: negotiated,
  });
  await em.flush();
  recordChange(em, actor, {
    action: 'createTender',
    objectType: 'Tender',
    objectId: tender.id,
    after: {
      ...(owner.project ? { projectId: owner.project.globalId } : { localPilotId: owner.pilot!.globalId }),
      ...tenderSnapshot(tender),
    },
  });
  recordEvent(em, tenderEvent(tender, TenderEvents.announced));
  if (tender.reservePriceYen != null) {
    recordChange(em, actor, {
      action: 'createTender',
      objectType: 'Tender',
      objectId: tender.id,
      after: sealedTenderSnapshot(tender),
      sealedTenderId: tender.id,
    });
  }
  return tender;
}

export async function updateTender(em: EntityManager, actor: Viewer, input: UpdateTenderInput): Promise<Tender> {
  const problems = new Problems();
  checkText(problems, 'title', input.title, LIMITS.title, false);
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  const tender = await findByGlobalId(em, Tender, input.id, 'id', { lock: true });
  await ownerOf(em, actor, tender, 'change this round');
  requireVersion(tender.version, input.expectedVersion, 'the round');
  if (tender.status !== TenderStatus.PLANNED && tender.status !== TenderStatus.OPEN) {
    throw new DomainError(UserErrorCode.INVALID_STATE, `the round is ${tender.status}: its terms can change only while PLANNED or OPEN`, [
      'input',
      'id',
    ]);
  }
  if (input.awardCriteria != null && input.awardCriteria !== tender.awardCriteria && tender.status !== TenderStatus.PLANNED) {
    throw new DomainError(UserErrorCode.INVALID_STATE, 'the award criteria can change only before the round is announced (PLANNED)', [
      'input',
      'awardCriteria',
    ]);
  }
  const before = tenderSnapshot(tender);
  const next = {
    announcedOn: input.announcedOn ?? tender.announcedOn,
    bidDeadline: input.bidDeadline ?? tender.bidDeadline,
    contractStart: input.contractStart ?? tender.contractStart,
    contractEnd: input.contractEnd ?? tender.contractEnd,
  };
  checkTerms(problems, next);
  problems.throwIfAny();
  if (input.title != null) tender.title = input.title.trim();
  if (input.awardCriteria != null) tender.awardCriteria = input.awardCriteria;
  Object.assign(tender, next);
  const changed = diff(before, tenderSnapshot(tender));
  if (changed) {
    recordChange(em, actor, { action: 'updateTender', objectType: 'Tender', objectId: tender.id, ...changed, note: input.note });
    recordEvent(em, tenderEvent(tender, TenderEvents.changed, { fields: Object.keys(changed.after) }));
  }
  if (input.reservePriceYen != null && input.reservePriceYen !== tender.reservePriceYen) {
    await changeReservePrice(em, actor, tender, input.reservePriceYen, input.note);
  }
  return tender;
}

/**
 * A new reserve price (予定価格) is sealed data: it is written beside the round's public
 * columns, so the round's version, its update time and every cursor over them stay as
 * they were (docs/seal.md, "Versions and times"), and it is recorded under the seal.
 * The public terms, if they changed too, were flushed first and moved the version as any
 * public change does.
 */
async function changeReservePrice(
  em: EntityManager,
  actor: Viewer,
  tender: Tender,
  reservePriceYen: number,
  note: string | null | undefined,
): Promise<void> {
  await em.flush();
  const before = sealedTenderSnapshot(tender);
  await knexIn(em)('tender').where({ id: tender.id }).update({ reserve_price_yen: reservePriceYen });
  // The entity learns the new value without becoming dirty (no version bump at the next flush).
  em.getUnitOfWork().getOriginalEntityData(tender)!.reservePriceYen = reservePriceYen;
  tender.reservePriceYen = reservePriceYen;
  recordChange(em, actor, {
    action: 'updateTender',
    objectType: 'Tender',
    objectId: tender.id,
    before,
    after: sealedTenderSnapshot(tender),
    note,
    sealedTenderId: tender.id,
  });
}

/** PLANNED → OPEN → CLOSED by hand; CANCELLED and UNSUCCESSFUL carry their reason in `note`. */
export async function transitionTender(em: EntityManager, actor: Viewer, input: TransitionTenderInput): Promise<Tender> {
  if (input.to === TenderStatus.AWARDED) {
    throw new DomainError(UserErrorCode.INVALID_TRANSITION, 'an award names the winning bid and the contract amount: use awardTender', [
      'input',
      'to',
    ]);
  }
  if (input.to === TenderStatus.CANCELLED) {
    return cancelTender(
      em,
      actor,
      { tenderId: input.id, expectedVersion: input.expectedVersion, reason: input.note ?? '' },
      'transitionTender',
      'note',
    );
  }
  if (input.to === TenderStatus.UNSUCCESSFUL) {
    return markTenderUnsuccessful(
      em,
      actor,
      { tenderId: input.id, expectedVersion: input.expectedVersion, reason: input.note ?? '' },
      'transitionTender',
      'note',
    );
  }
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  return moveByHand(em, Tender, TENDER_LIFECYCLE, input, {
    authorize: async (tender) => {
      await ownerOf(em, actor, tender, 'move this round');
    },
    requireVersion: (current, expected) => requireVersion(current, expected, 'the round'),
    snapshot: (tender) => ({ status: tender.status }),
    record: (tender, before) => {
      recordChange(em, actor, {
        action: 'transitionTender',
        objectType: 'Tender',
        objectId: tender.id,
        before,
        after: { status: tender.status },
        note: input.note,
      });
      recordEvent(em, tenderEvent(tender, TenderEvents.moved, { from: before.status }));
    },
  });
}

/** 不調・不落: the service goes back to drafting its guidelines, unless a negotiated contract follows. */
export async function markTenderUnsuccessful(
  em: EntityManager,
  actor: Viewer,
  input: MarkTenderUnsuccessfulInput,
  action = 'markTenderUnsuccessful',
  reasonField = 'reason',
): Promise<Tender> {
  const problems = new Problems();
  checkText(problems, reasonField, input.reason, LIMITS.note);
  problems.throwIfAny();
  const tender = await findByGlobalId(em, Tender, input.tenderId, action === 'transitionTender' ? 'id' : 'tenderId', { lock: true });
  const owner = await ownerOf(em, actor, tender, 'record the outcome of this round');
  requireVersion(tender.version, input.expectedVersion, 'the round');
  TENDER_LIFECYCLE.assert(tender.status, TenderStatus.UNSUCCESSFUL, action === 'transitionTender' ? 'to' : 'tenderId');
  // 不調・不落 means no valid bid: bids still standing are declared invalid with the reason.
  for (const bid of await em.find(Bid, { tender, status: { $in: [BidStatus.VALID, BidStatus.SUBMITTED] } }, { orderBy: { id: 'asc' } })) {
    const from = bid.status;
    bid.status = BidStatus.INVALID;
    recordChange(em, actor, {
      action,
      objectType: 'Bid',
      objectId: bid.id,
      before: { status: from },
      after: { status: bid.status },
      note: input.reason.trim(),
      sealedTenderId: tender.id,
    });
  }
  // The round opens: what was recorded under its seal joins the public history first.
  await releaseSealedHistoryOf(em, tender.id);
  const before = { status: tender.status, openedOn: tender.openedOn ?? null, outcomeNote: tender.outcomeNote ?? null };
  tender.status = TenderStatus.UNSUCCESSFUL;
  tender.openedOn ??= todayInJapan();
  tender.outcomeNote = input.reason.trim();
  recordChange(em, actor, {
    action,
    objectType: 'Tender',
    objectId: tender.id,
    before,
    after: { status: tender.status, openedOn: tender.openedOn, outcomeNote: tender.outcomeNote },
    note: tender.outcomeNote,
  });
  recordEvent(em, tenderEvent(tender, TenderEvents.unsuccessful, { openedOn: tender.openedOn }));
  if (owner.project && !input.negotiatedContractFollows) {
    requireOwnerState(owner.project.status === TargetProjectStatus.TENDERING, `the service is ${owner.project.status}, not TENDERING`);
    moveProject(
      em,
      actor,
      owner.project,
      TargetProjectStatus.GUIDELINES_DRAFTING,
      action,
      `round ${tender.round} failed: ${tender.outcomeNote}`,
    );
  }
  if (owner.pilot && !input.negotiatedContractFollows) {
    requireOwnerState(owner.pilot.status === LocalPilotStatus.TENDERING, `the pilot is ${owner.pilot.status}, not TENDERING`);
    movePilot(em, actor, owner.pilot, LocalPilotStatus.POLICY_ADOPTED, action, `round ${tender.round} failed: ${tender.outcomeNote}`);
  }
  return tender;
}

export async function cancelTender(
  em: EntityManager,
  actor: Viewer,
  input: CancelTenderInput,
  action = 'cancelTender',
  reasonField = 'reason',
): Promise<Tender> {
  const problems = new Problems();
  checkText(problems, reasonField, input.reason, LIMITS.note);
  problems.throwIfAny();
  const tender = await findByGlobalId(em, Tender, input.tenderId, action === 'transitionTender' ? 'id' : 'tenderId', { lock: true });
  await ownerOf(em, actor, tender, 'cancel this round');
  requireVersion(tender.version, input.expectedVersion, 'the round');
  TENDER_LIFECYCLE.assert(tender.status, TenderStatus.CANCELLED, action === 'transitionTender' ? 'to' : 'tenderId');
  const before = { status: tender.status, outcomeNote: tender.outcomeNote ?? null };
  tender.status = TenderStatus.CANCELLED;
  tender.outcomeNote = input.reason.trim();
  recordChange(em, actor, {
    action,
    objectType: 'Tender',
    objectId: tender.id,
    before,
    after: { status: tender.status, outcomeNote: tender.outcomeNote },
    note: tender.outcomeNote,
  });
  recordEvent(em, tenderEvent(tender, TenderEvents.cancelled));
  return tender;
}

export function requireOwnerState(ok: boolean, message: string): void {
  if (!ok) throw new DomainError(UserErrorCode.INVALID_STATE, message);
}
