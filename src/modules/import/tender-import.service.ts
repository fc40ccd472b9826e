import type { Viewer } from '../../core/auth/viewer.js';
import { Problems } from '../../core/graphql/user-error.js';
import { checkDateOrder, checkText, LIMITS } from '../../core/text/limits.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { aboveReserve } from '../tender/award.service.js';
import { isOpened } from '../seal/seal.service.js';
import { ACTIVE_TENDER_STATUSES, TENDER_LIFECYCLE, TENDER_TRANSITIONS } from '../tender/tender-lifecycle.service.js';
import { BidderKind, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import type { TenderRecord } from './import-records.model.js';
import { BidderModel, BidModel, TenderModel, type ImportWorld, type ProjectModel } from './import-world.model.js';
import { projectRoundsRefusal, reachable, roundRefusals, RowProblems, yen } from './import-rules.service.js';
import { rowMinistry, rowProject } from './project-import.service.js';

const COMPETING: readonly BidStatus[] = [BidStatus.VALID, BidStatus.SUBMITTED];

/** When an imported bid was submitted, when the file cannot say: the day of the deadline (JST). */
export function deadlineInstant(bidDeadline: string): Date {
  return new Date(`${bidDeadline}T00:00:00+09:00`);
}

/**
 * A bidder by 法人番号, else by name. `undefined`: not registered (the caller may register it);
 * `null`: several bidders share the name and the row gives no 法人番号 to tell them apart.
 */
export function findBidder(world: ImportWorld, name: string | null, corporateNumber: string | null): BidderModel | undefined | null {
  if (corporateNumber) return world.bidderByNumber(corporateNumber);
  const named = name ? world.biddersNamed(name) : [];
  if (named.length > 1) return null;
  return named[0];
}

/**
 * Registers a bidder as createBidder would (shared by all ministries). docs/domain.md "Bidder":
 * the 法人番号 is absent only for the government's own in-house bid, so a bidder without
 * one is PUBLIC_SECTOR unless the row says otherwise.
 */
export function registerBidder(
  world: ImportWorld,
  name: string,
  corporateNumber: string | null,
  kind: BidderKind | null,
  row: number,
): BidderModel {
  const bidder = world.addBidder(
    new BidderModel(null, { name, corporateNumber, kind: kind ?? (corporateNumber ? BidderKind.PRIVATE : BidderKind.PUBLIC_SECTOR) }, true),
  );
  bidder.rows.add(row);
  return bidder;
}

/** 応札者数: every bid but a withdrawn one (Tender.bidCount). */
export function recount(tender: TenderModel): void {
  tender.current.bidCount = tender.bids.filter((b) => b.current.status !== BidStatus.WITHDRAWN).length;
}

function settle(bid: BidModel, status: BidStatus, row: number, cause: string): void {
  if (bid.current.status === status) return;
  bid.current.status = status;
  bid.rows.add(row);
  bid.cause = cause;
}

/**
 * The outcome a row records for its round, with the effects the API's outcome mutations
 * have on its bids: an award (awardTender) makes competing bids above the reserve INVALID,
 * the winner WON and the others LOST; an unsuccessful round (markTenderUnsuccessful)
 * declares the bids still standing INVALID. A historical award names its winner by
 * 落札者 (+ 法人番号) and 落札金額: when the round has no bids yet the winner's bid is
 * recorded from them (the bids table may add the others and the scores later); when it
 * has bids, the winner must be one of them, at that amount.
 */
function applyOutcome(world: ImportWorld, tender: TenderModel, r: TenderRecord, was: TenderStatus | null, problems: RowProblems): boolean {
  const t = tender.current;
  const names = r.winnerName != null || r.winnerCorporateNumber != null;
  if (t.status !== TenderStatus.AWARDED) {
    if (names || r.winningAmountYen != null || r.contractAmountYen != null) {
      problems.add(
        r.row,
        names ? 'winnerName' : 'winningAmountYen',
        names ? (r.winnerName ?? r.winnerCorporateNumber) : r.winningAmountYen,
        `INVALID_STATE: only an awarded round (落札) has a winner; this one is ${t.status}`,
      );
      return false;
    }
    if (r.openedOn != null && !isOpened(t.status)) {
      problems.add(r.row, 'openedOn', r.openedOn, `INVALID_STATE: a round that is ${t.status} has not been opened (開札)`);
      return false;
    }
    if (t.status === TenderStatus.UNSUCCESSFUL && was !== TenderStatus.UNSUCCESSFUL) {
      for (const bid of tender.bids)
        if (COMPETING.includes(bid.current.status)) settle(bid, BidStatus.INVALID, r.row, `round ${t.round} unsuccessful`);
    }
    return true;
  }
  const found = names ? findBidder(world, r.winnerName, r.winnerCorporateNumber) : undefined;
  if (found === null) {
    problems.add(r.row, 'winnerName', r.winnerName, 'DUPLICATE: several bidders have this name: give 落札者法人番号');
    return false;
  }
  if (was === TenderStatus.AWARDED) {
    const winner = tender.winner();
    if (names && (!winner || found !== winner.bidder)) {
      problems.add(
        r.row,
        'winnerName',
        r.winnerName ?? r.winnerCorporateNumber,
        `AWARD_RULE: the winner of an awarded round cannot change (it is ${winner?.bidder.current.name ?? 'not recorded'})`,
      );
      return false;
    }
    if (r.winningAmountYen != null && winner && winner.current.amountYen !== r.winningAmountYen) {
      winner.current.amountYen = r.winningAmountYen;
      winner.rows.add(r.row);
      winner.cause = '落札金額 corrected';
    }
    if (r.contractAmountYen != null) t.contractAmountYen = r.contractAmountYen;
    return true;
  }
  if (!names || r.winningAmountYen == null) {
    problems.add(
      r.row,
      names ? 'winningAmountYen' : 'winnerName',
      '',
      'AWARD_RULE: an awarded round (落札) needs its winner: 落札者 and 落札金額',
    );
    return false;
  }
  let winner = found ? tender.bids.find((b) => b.bidder === found) : undefined;
  if (!winner) {
    if (tender.bids.length > 0) {
      problems.add(
        r.row,
        'winnerName',
        r.winnerName ?? r.winnerCorporateNumber,
        `AWARD_RULE: the winner must be one of the round's ${tender.bids.length} bidders, and this one has no bid in it`,
      );
      return false;
    }
    if (!found && !r.winnerName) {
      problems.add(r.row, 'winnerName', '', 'VALIDATION: 落札者 (the name) is needed to register a new bidder');
      return false;
    }
    const bidder = found ?? registerBidder(world, r.winnerName!, r.winnerCorporateNumber, null, r.row);
    winner = new BidModel(
      null,
      tender,
      bidder,
      {
        amountYen: r.winningAmountYen,
        technicalScore: null,
        totalScore: null,
        status: BidStatus.WON,
        submittedAt: deadlineInstant(t.bidDeadline),
      },
      true,
    );
    winner.rows.add(r.row);
    tender.bids.push(winner);
  } else if (winner.current.amountYen !== r.winningAmountYen) {
    problems.add(
      r.row,
      'winningAmountYen',
      r.winningAmountYen,
      `AWARD_RULE: 落札金額 differs from the bid of ${winner.bidder.current.name} in this round (${yen(winner.current.amountYen)} yen)`,
    );
    return false;
  }
  const cause = `award of round ${t.round}`;
  // awardTender: bids a (possibly lowered) reserve price now exceeds are disqualified first.
  for (const bid of tender.bids) {
    if (bid !== winner && COMPETING.includes(bid.current.status) && aboveReserve(bid.current, t.reservePriceYen))
      settle(bid, BidStatus.INVALID, r.row, cause);
  }
  if (!winner.isNew && !COMPETING.includes(winner.current.status)) {
    problems.add(
      r.row,
      'winnerName',
      r.winnerName ?? r.winnerCorporateNumber,
      `AWARD_RULE: the winning bid is ${winner.current.status}: only a valid bid can win`,
    );
    return false;
  }
  for (const bid of tender.bids)
    settle(
      bid,
      bid === winner ? BidStatus.WON : COMPETING.includes(bid.current.status) ? BidStatus.LOST : bid.current.status,
      r.row,
      cause,
    );
  t.contractAmountYen = r.contractAmountYen ?? r.winningAmountYen;
  recount(tender);
  return true;
}

/** A row's round: a new one after the last recorded, or an existing one corrected or moved on. */
function applyTenderRow(
  world: ImportWorld,
  project: ProjectModel,
  r: TenderRecord,
  earlierRowFailed: boolean,
  problems: RowProblems,
): TenderModel | null {
  const existing = project.tenders.find((t) => t.current.round === r.round);
  if (!existing) {
    const last = project.lastTender();
    const status = r.status ?? TenderStatus.PLANNED;
    // Rounds follow on (createTender numbers them); an earlier bad row of the service is already reported.
    if (!earlierRowFailed) {
      const next = (last?.current.round ?? 0) + 1;
      if (r.round !== next) {
        problems.add(r.row, 'round', r.round, `INVALID_STATE: rounds follow on: the next round of this service is ${next}`);
        return null;
      }
      if (last && ACTIVE_TENDER_STATUSES.includes(last.current.status)) {
        problems.add(
          r.row,
          'round',
          r.round,
          `INVALID_STATE: round ${last.current.round} is still ${last.current.status}: record its outcome first`,
        );
        return null;
      }
      if (r.negotiatedAfterFailure && last?.current.status !== TenderStatus.UNSUCCESSFUL) {
        problems.add(
          r.row,
          'negotiatedAfterFailure',
          'はい',
          'INVALID_STATE: a negotiated contract after failure (不落随意契約) must follow an UNSUCCESSFUL round',
        );
        return null;
      }
    }
    if (ACTIVE_TENDER_STATUSES.includes(status) && project.current.status !== TargetProjectStatus.TENDERING) {
      problems.add(
        r.row,
        'status',
        status,
        `INVALID_STATE: the service is ${project.current.status}: a round under way needs it TENDERING (入札手続中)`,
      );
      return null;
    }
    const tender = new TenderModel(
      null,
      project,
      {
        round: r.round,
        title: r.title,
        awardCriteria: r.awardCriteria,
        announcedOn: r.announcedOn,
        bidDeadline: r.bidDeadline,
        openedOn: r.openedOn,
        reservePriceYen: r.reservePriceYen,
        contractStart: r.contractStart,
        contractEnd: r.contractEnd,
        status,
        contractAmountYen: null,
        negotiatedAfterFailure: r.negotiatedAfterFailure ?? false,
        outcomeNote: r.outcomeNote,
        version: 1,
        bidCount: 0,
      },
      true,
    );
    tender.rows.add(r.row);
    project.tenders.push(tender);
    project.tenders.sort((a, b) => a.current.round - b.current.round);
    return applyOutcome(world, tender, r, null, problems) ? tender : null;
  }
  const t = existing.current;
  const was = t.status;
  // Corrections: the row is the ministry's record of the round. A blank optional cell keeps what is stored.
  Object.assign(t, {
    title: r.title,
    awardCriteria: r.awardCriteria,
    announcedOn: r.announcedOn,
    bidDeadline: r.bidDeadline,
    contractStart: r.contractStart,
    contractEnd: r.contractEnd,
  });
  if (r.reservePriceYen != null) t.reservePriceYen = r.reservePriceYen;
  if (r.openedOn != null) t.openedOn = r.openedOn;
  if (r.outcomeNote != null) t.outcomeNote = r.outcomeNote;
  if (r.negotiatedAfterFailure != null && r.negotiatedAfterFailure !== t.negotiatedAfterFailure) {
    const previous = project.tenders.find((x) => x.current.round === t.round - 1);
    if (r.negotiatedAfterFailure && previous?.current.status !== TenderStatus.UNSUCCESSFUL) {
      problems.add(
        r.row,
        'negotiatedAfterFailure',
        'はい',
        'INVALID_STATE: a negotiated contract after failure (不落随意契約) must follow an UNSUCCESSFUL round',
      );
      return null;
    }
    t.negotiatedAfterFailure = r.negotiatedAfterFailure;
  }
  if (r.status && r.status !== was) {
    if (!reachable(TENDER_TRANSITIONS, was, r.status)) {
      problems.add(r.row, 'status', r.status, `INVALID_TRANSITION: ${TENDER_LIFECYCLE.cannotMove(was, r.status)}`);
      return null;
    }
    t.status = r.status;
  }
  existing.rows.add(r.row);
  return applyOutcome(world, existing, r, was, problems) ? existing : null;
}

/**
 * Applies the tenders table (入札: one row per round). Rounds are keyed by service + 回次
 * and applied in round order. A round may be recorded straight in the state the row gives
 * (a historical round directly AWARDED): the import records where the round stands, not
 * every move on the way, so it checks that the state is reachable along the round's
 * lifecycle from where it stands (tender-lifecycle.service), that the rounds follow on,
 * that a round under way belongs to a TENDERING service, and that the outcome's data is
 * consistent (roundRefusals). It never moves the service: the projects table records
 * the service's state, which must fit its latest round (projectRoundsRefusal).
 */
export function planTenders(
  world: ImportWorld,
  records: readonly TenderRecord[],
  actor: Viewer,
  problems: RowProblems,
  refused: readonly Partial<TenderRecord>[] = [],
): TenderModel[] {
  const byProject = new Map<ProjectModel, { record: TenderRecord; ok: boolean }[]>();
  // Services with a row refused earlier: their rounds cannot be checked for following on.
  const incomplete = new Set<string>(refused.map((r) => `${r.ministry ?? ''}\u0000${r.projectName ?? ''}`));
  const seen = new Map<string, number>();
  for (const r of records) {
    const ministry = rowMinistry(world, actor, problems, r);
    const project = ministry && rowProject(world, problems, r, ministry);
    if (!project) continue;
    const checks = new Problems();
    checkText(checks, 'title', r.title, LIMITS.title);
    checkText(checks, 'outcomeNote', r.outcomeNote, LIMITS.note, false);
    checkDateOrder(checks, [
      ['announcedOn', r.announcedOn],
      ['bidDeadline', r.bidDeadline],
      ['contractStart', r.contractStart],
      ['contractEnd', r.contractEnd],
    ]);
    if (r.openedOn != null && r.openedOn < r.bidDeadline)
      checks.add('openedOn', `openedOn (${r.openedOn}) must not be before bidDeadline (${r.bidDeadline})`);
    if (r.winningAmountYen === 0) checks.add('winningAmountYen', 'winningAmountYen must be more than 0');
    if (r.contractAmountYen === 0) checks.add('contractAmountYen', 'contractAmountYen must be more than 0');
    problems.addAll(r.row, checks, r as unknown as Record<string, unknown>);
    const key = `${project.ministry.id}\u0000${project.current.name}\u0000${r.round}`;
    const duplicate = seen.get(key);
    if (duplicate !== undefined)
      problems.add(r.row, 'round', r.round, `DUPLICATE: round ${r.round} of this service is also on row ${duplicate}`);
    else seen.set(key, r.row);
    const rows = byProject.get(project) ?? [];
    rows.push({ record: r, ok: checks.list.length === 0 && duplicate === undefined });
    byProject.set(project, rows);
  }
  const touched = new Set<TenderModel>();
  for (const [project, rows] of byProject) {
    rows.sort((a, b) => a.record.round - b.record.round);
    let earlierRowFailed =
      rows.some(({ record }) => incomplete.has(`${record.ministry}\u0000${record.projectName}`)) ||
      refused.some((r) => r.ministry == null || r.projectName == null);
    for (const { record, ok } of rows) {
      const tender = ok ? applyTenderRow(world, project, record, earlierRowFailed, problems) : null;
      if (tender) touched.add(tender);
      else earlierRowFailed = true;
    }
    if (!earlierRowFailed) {
      const refusal = projectRoundsRefusal(project.current.status, project.lastTender());
      const last = rows[rows.length - 1].record;
      if (refusal) problems.add(last.row, 'status', last.status ?? '', `${refusal}: import the projects table with the service's state`);
    }
  }
  for (const tender of touched) {
    const row = [...tender.rows][0];
    for (const refusal of roundRefusals(tender)) {
      const isWinner = refusal.bid !== null && refusal.bid === tender.winner();
      problems.add(
        row,
        isWinner ? 'winningAmountYen' : 'status',
        isWinner ? yen(refusal.bid!.current.amountYen) : tender.current.status,
        refusal.reason,
      );
    }
  }
  return [...touched];
}
