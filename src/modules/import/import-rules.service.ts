import type { Viewer } from '../../core/auth/viewer.js';
import { DomainError, Problems } from '../../core/graphql/user-error.js';
import { requireMinistry } from '../access/scope.service.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { aboveReserve, bidsTheCriteriaPick } from '../tender/award.service.js';
import { isOpened } from '../seal/seal.service.js';
import { ACTIVE_TENDER_STATUSES } from '../tender/tender-lifecycle.service.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import type { RowProblem } from './import-records.model.js';
import type { BidModel, MinistryRef, TenderModel } from './import-world.model.js';

/** Yen as people read them: 3,150,000,000. */
export const yen = (amount: number | null | undefined) => (amount == null ? '' : amount.toLocaleString('en-US'));

/** Collects problems against the file's own column names. */
export class RowProblems {
  readonly list: RowProblem[] = [];

  constructor(private readonly columns: Record<string, string>) {}

  add(row: number, field: string, value: unknown, reason: string): void {
    this.list.push({
      row,
      column: this.columns[field] ?? field,
      value: value === null || value === undefined ? '' : String(value),
      reason,
    });
  }

  /** A service's `Problems` (checkText, checkDateOrder…), keyed by input field, as row problems. */
  addAll(row: number, problems: Problems, values: Record<string, unknown>): void {
    for (const p of problems.list) {
      const field = p.field?.[p.field.length - 1] ?? '';
      this.add(row, field, values[field], p.message);
    }
  }
}

/** The refusal a DomainError carries, as a reason: "FORBIDDEN: …". */
export function reasonOf(error: DomainError): string {
  return error.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
}

/** scope.service's rule for the owning ministry, or the reason it refuses. */
export function scopeRefusal(actor: Viewer, ministry: MinistryRef): string | null {
  try {
    requireMinistry(actor, ministry.id, `import records of ${ministry.code} (${ministry.name})`);
    return null;
  } catch (e) {
    if (e instanceof DomainError) return reasonOf(e);
    throw e;
  }
}

/**
 * Whether a lifecycle table (PROJECT_TRANSITIONS, TENDER_TRANSITIONS) leads from one state
 * to another in any number of moves. An import records where a record stands now, not
 * every move on the way, so any state reachable along the lifecycle is accepted; a state
 * that cannot follow (anything after ABOLISHED, OPEN after AWARDED) is refused.
 */
export function reachable<S extends string>(graph: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  const seen = new Set<S>([from]);
  const queue: S[] = [from];
  while (queue.length) {
    for (const next of graph[queue.shift()!]) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

const AFTER_AN_AWARD: readonly TargetProjectStatus[] = [
  TargetProjectStatus.IN_OPERATION,
  TargetProjectStatus.UNDER_EVALUATION,
  TargetProjectStatus.EXITED,
];

/**
 * Whether a service's state fits its latest round, as the API's moves leave them: a round
 * under way (PLANNED, OPEN, CLOSED) exists only while the service is TENDERING (createTender,
 * and transitionTargetProject refuses to leave TENDERING with one under way); a service in
 * operation, under evaluation or exited got there through an award of its latest round.
 * A service with no recorded round fits any state (its rounds may be imported later).
 */
export function projectRoundsRefusal(status: TargetProjectStatus, latest: TenderModel | undefined): string | null {
  if (!latest) return null;
  const round = latest.current;
  if (ACTIVE_TENDER_STATUSES.includes(round.status) && status !== TargetProjectStatus.TENDERING) {
    return `INVALID_STATE: round ${round.round} is ${round.status}, so the service must be TENDERING (入札手続中), not ${status}`;
  }
  if (AFTER_AN_AWARD.includes(status) && round.status !== TenderStatus.AWARDED) {
    return `INVALID_STATE: a service that is ${status} got there by an award, but its latest round (${round.round}) is ${round.status}`;
  }
  return null;
}

/** A problem found when checking a round's bids as a whole, and the bid that causes it (if one does). */
export interface RoundRefusal {
  reason: string;
  bid: BidModel | null;
}

/**
 * The bids of a round as its state requires (award.service, tender.service): a round not yet
 * announced has none; bids of an open, closed or cancelled round are undecided; an
 * unsuccessful round has no valid bid; an awarded round has exactly one winner, within the
 * reserve price, that the award criteria pick (the lowest valid price, or the highest total
 * score when the winner's score is known), and every other bid decided. Bids the import
 * did not touch are checked only as part of the round (its winner and the award criteria),
 * so rows already stored never block an import on their own.
 */
export function roundRefusals(tender: TenderModel): RoundRefusal[] {
  const t = tender.current;
  const bids = tender.bids.filter((b) => b.rows.size > 0);
  const out: RoundRefusal[] = [];
  const refuse = (reason: string, bid: BidModel | null = null) => out.push({ reason, bid });
  if (t.status === TenderStatus.PLANNED) {
    for (const bid of bids) refuse('INVALID_STATE: the round is PLANNED (予定): bids are recorded only once it is open', bid);
    return out;
  }
  const decided: readonly BidStatus[] = [BidStatus.WON, BidStatus.LOST];
  if (!isOpened(t.status)) {
    for (const bid of bids)
      if (decided.includes(bid.current.status))
        refuse(`INVALID_STATE: the round is ${t.status}: no bid is 落札 or 非落札 before an award`, bid);
  }
  for (const bid of bids) {
    if ([BidStatus.VALID, BidStatus.SUBMITTED, ...decided].includes(bid.current.status) && aboveReserve(bid.current, t.reservePriceYen)) {
      refuse(
        `AWARD_RULE: ${yen(bid.current.amountYen)} yen is above the reserve price (予定価格 ${yen(t.reservePriceYen)} yen): such a bid is 無効 (予算決算及び会計令第79条)`,
        bid,
      );
    }
  }
  if (t.status === TenderStatus.UNSUCCESSFUL) {
    for (const bid of bids) {
      if (![BidStatus.INVALID, BidStatus.WITHDRAWN].includes(bid.current.status))
        refuse('INVALID_STATE: an unsuccessful round (不調) has no valid bid: its bids are 無効 or 辞退', bid);
    }
  }
  if (t.status !== TenderStatus.AWARDED) return out;
  const winners = tender.bids.filter((b) => b.current.status === BidStatus.WON);
  if (winners.length !== 1) {
    refuse(
      winners.length === 0
        ? 'AWARD_RULE: an awarded round (落札) needs its winner (落札者 and 落札金額)'
        : 'AWARD_RULE: a round has one winner, not several',
      winners[1] ?? null,
    );
    return out;
  }
  for (const bid of bids) {
    if ([BidStatus.VALID, BidStatus.SUBMITTED].includes(bid.current.status))
      refuse('INVALID_STATE: every bid of an awarded round is decided: 落札, 非落札, 無効 or 辞退', bid);
  }
  const winner = winners[0];
  const competing = tender.bids
    .filter((b) => decided.includes(b.current.status))
    .map((b, i) => ({
      id: i,
      amountYen: b.current.amountYen,
      totalScore: b.current.totalScore ?? null,
      status: BidStatus.VALID,
      model: b,
    }));
  // A RATED winner without a published score cannot be checked against the others' scores.
  if (t.awardCriteria === AwardCriteria.RATED && winner.current.totalScore == null) return out;
  const picked = bidsTheCriteriaPick(t.awardCriteria, competing);
  const winnerEntry = competing.find((c) => c.model === winner)!;
  if (!picked.includes(winnerEntry.id)) {
    const better = competing.find((c) => picked.includes(c.id))!;
    const w = winner.current;
    refuse(
      t.awardCriteria === AwardCriteria.LOWEST_PRICE
        ? `AWARD_RULE: LOWEST_PRICE (最低価格落札方式) awards the lowest valid amount: the bid of ${better.model.bidder.current.name} (${yen(better.amountYen)} yen) is lower than the winner's (${yen(w.amountYen)} yen)`
        : `AWARD_RULE: RATED (総合評価落札方式) awards the highest total score: the bid of ${better.model.bidder.current.name} (${better.totalScore} points) beats the winner's (${w.totalScore} points)`,
      better.model,
    );
  }
  return out;
}
