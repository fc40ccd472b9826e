import type { Viewer } from '../../core/auth/viewer.js';
import { Problems } from '../../core/graphql/user-error.js';
import { checkRange, checkText, LIMITS } from '../../core/text/limits.js';
import { aboveReserve } from '../tender/award.service.js';
import { statusOnReceipt } from '../tender/bid.service.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import type { BidRecord } from './import-records.model.js';
import { BidModel, type BidderModel, type ImportWorld, type TenderModel } from './import-world.model.js';
import { roundRefusals, RowProblems, yen } from './import-rules.service.js';
import { BID_STATUS_LABELS, labelOf } from '../tables/labels.constants.js';
import { rowMinistry, rowProject } from './project-import.service.js';
import { isOpened } from '../seal/seal.service.js';
import { deadlineInstant, findBidder, recount, registerBidder } from './tender-import.service.js';

/** bid.service's bound on scores (MAX_SCORE there is not exported). */
const MAX_SCORE = 100_000;

/** What a bid may be in a round of each state; undefined: no bids at all (PLANNED). */
function statusesFor(status: TenderStatus): readonly BidStatus[] | undefined {
  switch (status) {
    case TenderStatus.PLANNED:
      return undefined;
    case TenderStatus.AWARDED:
      return [BidStatus.WON, BidStatus.LOST, BidStatus.INVALID, BidStatus.WITHDRAWN];
    case TenderStatus.UNSUCCESSFUL:
      return [BidStatus.INVALID, BidStatus.WITHDRAWN];
    default:
      // OPEN and CLOSED rounds take bids; a CANCELLED one keeps those it had.
      return [BidStatus.VALID, BidStatus.SUBMITTED, BidStatus.INVALID, BidStatus.WITHDRAWN];
  }
}

/**
 * The status a bid gets when the row leaves 結果 blank, as the API would give it: on
 * receipt, INVALID above the reserve price and VALID otherwise (statusOnReceipt); in a
 * decided round, as its outcome decided the bids standing (LOST, or INVALID in an
 * unsuccessful round or above the reserve).
 */
function derivedStatus(tender: TenderModel, amountYen: number): BidStatus {
  const t = tender.current;
  if (t.status === TenderStatus.AWARDED) return aboveReserve({ amountYen }, t.reservePriceYen) ? BidStatus.INVALID : BidStatus.LOST;
  if (t.status === TenderStatus.UNSUCCESSFUL) return BidStatus.INVALID;
  return statusOnReceipt(amountYen, t.reservePriceYen);
}

function rowBidder(
  world: ImportWorld,
  r: BidRecord,
  tender: TenderModel,
  problems: RowProblems,
  registerBidders: boolean,
): BidderModel | null {
  const found = findBidder(world, r.bidderName, r.corporateNumber);
  if (found === null) {
    problems.add(r.row, 'bidderName', r.bidderName, 'DUPLICATE: several bidders have this name: give the 法人番号');
    return null;
  }
  if (found) return found;
  // The bidder registry is public (like the unified qualification list it mirrors): a
  // registration made by a bid into a round still sealed would tell everyone that, and
  // when, the firm bid there (docs/seal.md, "Bidders"). Such rounds take registered bidders only.
  if (!isOpened(tender.current.status) && !registerBidders) {
    problems.add(
      r.row,
      'bidderName',
      r.bidderName,
      `NOT_FOUND: no bidder ${r.corporateNumber ? `with 法人番号 ${r.corporateNumber}` : 'of this name'} is registered. Round ${tender.current.round} is still sealed, and registering a bidder with its bid would show that it bid: register the bidder first (createBidder), then import the bids, or import with --register-bidders to register it publicly now`,
    );
    return null;
  }
  const checks = new Problems();
  checkText(checks, 'bidderName', r.bidderName, LIMITS.name);
  if (checks.list.length) {
    problems.addAll(r.row, checks, { bidderName: r.bidderName });
    return null;
  }
  return registerBidder(world, r.bidderName, r.corporateNumber, r.bidderKind, r.row);
}

/**
 * Applies the bids table (応札: one row per bidder per round). A bid is keyed by round +
 * bidder (法人番号, or name when there is none); an unknown bidder is registered when its
 * round is opened, and refused while the round is sealed. The rules
 * are recordBid's (a bid above the reserve price is INVALID, one bid per bidder per round,
 * a RATED round needs the total score) and, for rounds already decided, those their
 * outcome left (roundRefusals): an import may add the bids of a historical round, but
 * never a second winner, a winner the award criteria would not pick, or a bid the round's
 * state cannot have.
 */
export function planBids(
  world: ImportWorld,
  records: readonly BidRecord[],
  actor: Viewer,
  problems: RowProblems,
  options: { registerBidders?: boolean } = {},
): BidModel[] {
  const seen = new Map<TenderModel, Map<BidderModel, number>>();
  const touched = new Set<TenderModel>();
  const bids: BidModel[] = [];
  for (const r of records) {
    const ministry = rowMinistry(world, actor, problems, r);
    const project = ministry && rowProject(world, problems, r, ministry);
    if (!project) continue;
    const tender = project.tenders.find((t) => t.current.round === r.round);
    if (!tender) {
      problems.add(r.row, 'round', r.round, `NOT_FOUND: round ${r.round} of this service is not recorded: import the tenders table first`);
      continue;
    }
    const t = tender.current;
    const allowed = statusesFor(t.status);
    if (!allowed) {
      problems.add(r.row, 'round', r.round, 'INVALID_STATE: the round is PLANNED (予定): bids are recorded only once it is open');
      continue;
    }
    const checks = new Problems();
    if (r.amountYen <= 0) checks.add('amountYen', 'amountYen must be more than 0');
    checkRange(checks, 'technicalScore', r.technicalScore, 0, MAX_SCORE);
    checkRange(checks, 'totalScore', r.totalScore, 0, MAX_SCORE);
    if (checks.list.length) {
      problems.addAll(r.row, checks, r as unknown as Record<string, unknown>);
      continue;
    }
    if (r.result && !allowed.includes(r.result)) {
      problems.add(
        r.row,
        'result',
        labelOf(BID_STATUS_LABELS, r.result),
        `INVALID_STATE: in a round that is ${t.status}, a bid is ${allowed.map((s) => labelOf(BID_STATUS_LABELS, s)).join(', ')}`,
      );
      continue;
    }
    const bidder = rowBidder(world, r, tender, problems, options.registerBidders === true);
    if (!bidder) continue;
    const inRound = seen.get(tender) ?? new Map<BidderModel, number>();
    seen.set(tender, inRound);
    if (inRound.has(bidder)) {
      problems.add(
        r.row,
        'bidderName',
        r.bidderName,
        `DUPLICATE: one bid per bidder per round: this bidder's bid is already on row ${inRound.get(bidder)}`,
      );
      continue;
    }
    inRound.set(bidder, r.row);
    let bid = tender.bids.find((b) => b.bidder === bidder);
    if (bid) {
      const was = bid.current.status;
      if (r.result && r.result !== was && (r.result === BidStatus.WON || was === BidStatus.WON)) {
        problems.add(
          r.row,
          'result',
          labelOf(BID_STATUS_LABELS, r.result),
          `AWARD_RULE: the winner of an awarded round cannot change (it is ${tender.winner()?.bidder.current.name ?? 'not recorded'})`,
        );
        continue;
      }
      bid.current.amountYen = r.amountYen;
      if (r.technicalScore != null) bid.current.technicalScore = r.technicalScore;
      if (r.totalScore != null) bid.current.totalScore = r.totalScore;
      if (r.result) bid.current.status = r.result;
    } else {
      if (r.result === BidStatus.WON) {
        const winner = tender.winner();
        problems.add(
          r.row,
          'result',
          labelOf(BID_STATUS_LABELS, r.result),
          `AWARD_RULE: the winner of round ${t.round} is ${winner ? `${winner.bidder.current.name} (the tenders table's 落札者)` : 'named by the tenders table (落札者)'}`,
        );
        continue;
      }
      const status = r.result ?? derivedStatus(tender, r.amountYen);
      if (
        t.awardCriteria === AwardCriteria.RATED &&
        r.totalScore == null &&
        [BidStatus.VALID, BidStatus.SUBMITTED, BidStatus.LOST].includes(status)
      ) {
        problems.add(r.row, 'totalScore', '', "VALIDATION: a RATED round needs the bid's totalScore (総合評価点)");
        continue;
      }
      bid = new BidModel(
        null,
        tender,
        bidder,
        {
          amountYen: r.amountYen,
          technicalScore: r.technicalScore,
          totalScore: r.totalScore,
          status,
          submittedAt: deadlineInstant(t.bidDeadline),
        },
        true,
      );
      tender.bids.push(bid);
    }
    bid.rows.add(r.row);
    bids.push(bid);
    touched.add(tender);
  }
  for (const tender of touched) {
    recount(tender);
    for (const refusal of roundRefusals(tender)) {
      const bid = refusal.bid && refusal.bid.rows.size ? refusal.bid : bids.find((b) => b.tender === tender)!;
      problems.add([...bid.rows][0], 'amountYen', yen(bid.current.amountYen), refusal.reason);
    }
  }
  return bids;
}
