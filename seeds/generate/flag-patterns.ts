import { fiscalYearOf } from '../../src/core/calendar/fiscal-year.js';
import { DataSource } from '../../src/core/db/data-source.enum.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../../src/modules/tender/tender.enum.js';
import { EvaluationDecision } from '../../src/modules/evaluation/evaluation.enum.js';
import { Random } from '../random.js';
import type { Row, SampleData } from '../sample-data.js';
import { roundYen } from './bids.js';
import { addDays, instant } from './dates.js';

/** How many rounds of the sample show each pattern (whatever the scale: a few, as in real data). */
const ROUNDS_PER_PATTERN = 3;

/**
 * A last pass over the generated programme that gives a few awarded rounds the irregularities
 * some red flags look for, which the simulation itself never produces (README "Red flags"):
 *
 * - R003, a short submission period: the notice shortened to ten days before the deadline, as
 *   予決令 第74条 allows when a round is urgent (急を要する場合, at least five days). Without
 *   these only negotiated contracts had short periods, and those carry MT04 instead.
 * - R030, a late bid won: the winning bid submitted the day after the deadline, before the
 *   opening (a bid accepted late, or its date recorded carelessly).
 * - MT05, an exit after a single bid: the runner-up of a two-bid round withdrew (辞退), and the
 *   committee still decided EXIT on that contract.
 * - R024, a price close to the winning bid: see `priceRunnersUp`.
 *
 * It adds no row and draws from its own random sequence, so every other row of the sample
 * stays as the simulation made it; the public events and the flags are derived afterwards.
 */
export function plantFlagPatterns(data: SampleData, seed: number): void {
  const r = new Random(seed + 3);
  const bidsOf = new Map<number, Row[]>();
  for (const bid of data.bid) {
    const list = bidsOf.get(bid.tender_id as number) ?? [];
    list.push(bid);
    bidsOf.set(bid.tender_id as number, list);
  }
  const awarded = data.tender.filter(
    (t) =>
      t.status === TenderStatus.AWARDED &&
      t.project_id !== null &&
      t.negotiated_after_failure === false &&
      t.data_source === DataSource.SAMPLE &&
      (bidsOf.get(t.id as number) ?? []).some((b) => b.status === BidStatus.WON),
  );
  const taken = new Set<number>();

  // R003: the notice ten days before the deadline, in the same fiscal year.
  const shortened = r
    .sample(
      awarded.filter((t) => fiscalYearOf(addDays(t.bid_deadline as string, -10)) === t.fiscal_year),
      ROUNDS_PER_PATTERN,
    )
    .sort(byId);
  for (const t of shortened) {
    taken.add(t.id as number);
    const announcedOn = addDays(t.bid_deadline as string, -10);
    t.announced_on = announcedOn;
    t.created_at = instant(addDays(announcedOn, -7));
    for (const bid of bidsOf.get(t.id as number)!) {
      if ((bid.submitted_at as Date) < instant(announcedOn)) {
        const on = addDays(announcedOn, r.int(1, 9));
        bid.submitted_at = instant(on, r.int(0, 480));
        bid.created_at = instant(on);
      }
    }
  }

  // R030: the winner's bid dated the day after the deadline, opened on a later day.
  const late = r
    .sample(
      awarded.filter((t) => !taken.has(t.id as number) && (t.opened_on as string) > (t.bid_deadline as string)),
      ROUNDS_PER_PATTERN,
    )
    .sort(byId);
  for (const t of late) {
    const winner = bidsOf.get(t.id as number)!.find((b) => b.status === BidStatus.WON)!;
    const on = addDays(t.bid_deadline as string, 1);
    winner.submitted_at = instant(on, r.int(0, 50));
    winner.created_at = instant(on);
    taken.add(t.id as number);
  }

  // MT05: one of two bidders withdrew (辞退) from the round whose contract the committee then
  // judged ready to leave market testing (EXIT), so the exit followed a single bid.
  const exits = new Set(data.evaluation.filter((e) => e.decision === EvaluationDecision.EXIT).map((e) => e.tender_id as number));
  const exitedAfterTwo = r
    .sample(
      awarded.filter(
        (t) =>
          exits.has(t.id as number) &&
          !taken.has(t.id as number) &&
          t.bid_count === 2 &&
          (bidsOf.get(t.id as number) ?? []).filter((b) => b.status === BidStatus.LOST).length === 1,
      ),
      ROUNDS_PER_PATTERN,
    )
    .sort(byId);
  for (const t of exitedAfterTwo) {
    bidsOf.get(t.id as number)!.find((b) => b.status === BidStatus.LOST)!.status = BidStatus.WITHDRAWN;
    t.bid_count = 1;
    taken.add(t.id as number);
  }

  priceRunnersUp(r, data, bidsOf, taken);
}

/**
 * The runner-up's price, in every awarded round the lowest bid won: the simulation draws each
 * bid apart, so the gap between the two lowest spread from nothing to a third of the price,
 * and Cardinal's lower fence for R024 (Q1 − 1.5·IQR of the gaps) fell below zero, where it
 * flags nothing. Bidders here price from the same published cost standards (積算基準), so the
 * runner-up is a few percent above the winner (median 4%), seldom level with it; and in a few
 * rounds a cover bid lies a fraction of a percent above the winner, which R024 is for. Only
 * the losing bids' prices move (their 総合評価点 follows), never above the reserve price, and
 * rounds with identical prices (R028) or from public records are left as they are.
 */
function priceRunnersUp(r: Random, data: SampleData, bidsOf: Map<number, Row[]>, excluded: ReadonlySet<number>): void {
  const eligible: { round: Row; winner: Row; losers: Row[] }[] = [];
  for (const t of data.tender) {
    if (t.status !== TenderStatus.AWARDED || t.data_source !== DataSource.SAMPLE) continue;
    const bids = bidsOf.get(t.id as number) ?? [];
    const winner = bids.find((b) => b.status === BidStatus.WON);
    const losers = bids.filter((b) => b.status === BidStatus.LOST).sort((a, b) => (a.amount_yen as number) - (b.amount_yen as number));
    if (!winner || losers.length === 0 || (losers[0].amount_yen as number) <= (winner.amount_yen as number)) continue;
    if (new Set([winner, ...losers].map((b) => b.amount_yen)).size !== losers.length + 1) continue;
    eligible.push({ round: t, winner, losers });
  }
  const covers = new Set(
    r
      .sample(
        eligible.filter((e) => e.round.award_criteria === AwardCriteria.LOWEST_PRICE && !excluded.has(e.round.id as number)),
        ROUNDS_PER_PATTERN,
      )
      .map((e) => e.round),
  );
  for (const { round, winner, losers } of eligible) {
    const reserve = round.reserve_price_yen as number;
    const won = winner.amount_yen as number;
    const gap = covers.has(round) ? r.between(0.001, 0.004) : 0.04 * Math.exp(0.25 * normal(r));
    const amounts = [roundYen(won * (1 + gap))];
    for (const loser of losers.slice(1)) {
      const floor = amounts[amounts.length - 1];
      amounts.push((loser.amount_yen as number) > floor ? (loser.amount_yen as number) : roundYen(floor * (1 + r.between(0.003, 0.03))));
    }
    if (amounts.some((a, i) => a > reserve || a <= (i === 0 ? won : amounts[i - 1]))) continue;
    losers.forEach((loser, i) => {
      loser.amount_yen = amounts[i];
      if (loser.technical_score != null) {
        loser.total_score = Math.round(((100 + (loser.technical_score as number)) / (amounts[i] / reserve)) * 5 * 100) / 100;
      }
    });
  }
}

/** A standard normal draw (Box–Muller). */
function normal(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r.float())) * Math.cos(2 * Math.PI * r.float());
}

const byId = (a: Row, b: Row) => (a.id as number) - (b.id as number);
