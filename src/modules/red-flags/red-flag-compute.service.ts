import { IndicatorCode, ResultGroup } from '../indicators/indicator.enum.js';
import type { IndicatorSettings } from '../indicators/indicator-settings.service.js';
import { IndicatorEngine } from '../indicators/indicators.service.js';
import { inSlices } from '../../core/db/in-slices.js';
import { loadProcesses, processIds } from '../ocds/ocds-data.service.js';
import { compileReleases } from '../ocds/ocds-merge.service.js';
import { releasesOf } from '../ocds/ocds-release.service.js';
import { tenderIdOf } from '../ocds/ocds.constants.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { isOpened } from '../seal/seal.service.js';
import type { TenderStatus } from '../tender/tender.enum.js';
import { marketTestingFlags, roundFactsOf, type RoundFacts } from './market-testing-flags.service.js';
import { RedFlagCode, RedFlagSubject } from './red-flag.enum.js';
import type { RedFlagSettings } from './red-flag-settings.service.js';

/** A flag as stored (one `red_flag` row without its id). */
export interface ComputedFlag {
  subjectType: RedFlagSubject;
  subjectId: number;
  code: RedFlagCode;
  value: number;
  explanation: string;
  ministryId: number | null;
  fiscalYear: number | null;
}

/** Population statistics (Cardinal's Meta), keyed `R024.lower_fence`. */
export type Population = ReadonlyMap<string, number>;

export interface FlagComputation {
  flags: ComputedFlag[];
  /** The rounds whose flags were computed (every round given; only opened ones can carry flags). */
  tenderIds: number[];
  /** Meta of this run: only a run over every round gives population statistics worth storing. */
  statistics: Map<string, number>;
}

/**
 * The project's one rule over Cardinal's round results, kept here rather than in the indicator
 * (which must keep Cardinal's output on its test vectors, where a `direct` process with a short
 * period is flagged R003): R003 is dropped on a round MT04 flags. A negotiated contract after a
 * failed round (不落随意契約, 予決令 第99条の2; docs/domain.md "Tender", `negotiatedAfterFailure`)
 * is not a call for bids: the contracting officer negotiates with one party on the failed
 * round's terms, so its "submission period" is no notice period at all, and it is always short.
 * R003 there would only repeat MT04 (README "Red flags") and count every such round twice.
 */
export function supersededByMarketTesting(code: IndicatorCode, tenderId: number, negotiatedAfterFailure: ReadonlySet<number>): boolean {
  return code === IndicatorCode.R003 && negotiatedAfterFailure.has(tenderId);
}

/** Indicators whose result for one round depends on every other round (fences over a population). */
const POPULATION_WIDE = ['R025', 'R038', 'R048'] as const;

/**
 * The Cardinal settings for recomputing only some rounds: the fence-based round indicators
 * (R024, R058) compare against the stored population's fences, given as Cardinal's own
 * `threshold` setting (the engine then skips its quartiles), and the organisation-wide ones
 * (R025, R038, R048), which only flag bidders and ministries, are left to the bulk run.
 * A fence the bulk run would not have used (Q1 or the fence not positive, or no bulk run
 * yet) turns the indicator off, as Cardinal flags nothing then.
 */
export function settingsForSomeRounds(settings: IndicatorSettings, population: Population): IndicatorSettings {
  const out: IndicatorSettings = { ...settings };
  for (const code of POPULATION_WIDE) delete out[code];
  if (settings.R024 && settings.R024.threshold === undefined) {
    const fence = population.get('R024.lower_fence');
    const q1 = population.get('R024.q1');
    if (fence !== undefined && q1 !== undefined && fence > 0 && q1 > 0) out.R024 = { ...settings.R024, threshold: fence };
    else delete out.R024;
  }
  if (settings.R058 && settings.R058.threshold === undefined) {
    const fence = population.get('R058.upper_fence');
    if (fence !== undefined && fence > 0) out.R058 = { ...settings.R058, threshold: fence };
    else delete out.R058;
  }
  return out;
}

/**
 * Computes the red flags of rounds from the project's own OCDS export: each round's releases
 * (ocds-release.service) compiled (ocds-merge.service), run through the Cardinal engine and
 * the market-testing flags. Sealed data never enters the export, so it cannot raise a flag;
 * on top of that, only opened rounds (AWARDED, UNSUCCESSFUL) keep flags, so a round still
 * sealed raises none at all (not even R003, whose dates are public).
 *
 * `tenderIds` undefined: every round (the bulk run), which also flags bidders and ministries
 * and yields the population statistics. Given: those rounds only (pass every round of the
 * services concerned, as MT02/MT03 look across a service), against `population`.
 */
export async function computeRedFlags(
  db: ListDb,
  settings: RedFlagSettings,
  scope: { tenderIds?: readonly number[]; population?: Population } = {},
  progress: (message: string) => void = () => {},
): Promise<FlagComputation> {
  const bulk = scope.tenderIds === undefined;
  const ids = scope.tenderIds ? [...scope.tenderIds] : await processIds(db, { ministries: [], fiscalYear: null, since: null });
  const started = Date.now();
  const processes = await loadProcesses(db, ids);
  progress(`loaded ${processes.length.toLocaleString('en-US')} rounds in ${Date.now() - started} ms`);

  const rounds = (await inSlices(ids, (slice) =>
    db
      .knex('tender as t')
      .leftJoin('target_project as p', 'p.id', 't.project_id')
      .whereIn('t.id', slice)
      .select('t.id', 't.fiscal_year', 't.status', 'p.ministry_id'),
  )) as { id: number; fiscal_year: number | null; status: TenderStatus; ministry_id: number | null }[];
  const roundOf = new Map(
    rounds.map((r) => [
      Number(r.id),
      {
        fiscalYear: r.fiscal_year == null ? null : Number(r.fiscal_year),
        ministryId: r.ministry_id == null ? null : Number(r.ministry_id),
        opened: isOpened(r.status),
      },
    ]),
  );

  const engine = new IndicatorEngine(bulk ? settings.cardinal : settingsForSomeRounds(settings.cardinal, scope.population ?? new Map()));
  const facts: RoundFacts[] = [];
  const bidderOfParty = new Map<string, number>();
  const compiling = Date.now();
  for (const process of processes) {
    for (const bid of process.bids)
      bidderOfParty.set(bid.bidder.corporateNumber ? `JP-JCN-${bid.bidder.corporateNumber}` : `bidder-${bid.bidder.id}`, bid.bidder.id);
    const compiled = compileReleases(releasesOf(process));
    engine.addRelease(compiled);
    const f = roundFactsOf(compiled);
    if (f) facts.push(f);
  }
  const results = engine.finish();
  progress(
    `compiled and ran the Cardinal indicators over ${processes.length.toLocaleString('en-US')} rounds in ${Date.now() - compiling} ms`,
  );

  const statistics = new Map<string, number>();
  for (const [code, values] of results.meta) for (const [name, value] of values) statistics.set(`${code}.${name}`, value);
  const fences = bulk ? statistics : (scope.population ?? new Map());

  const flags: ComputedFlag[] = [];
  const tenderFlag = (tenderId: number, code: RedFlagCode, value: number, explanation: string) => {
    const round = roundOf.get(tenderId);
    if (!round?.opened) return;
    flags.push({
      subjectType: RedFlagSubject.TENDER,
      subjectId: tenderId,
      code,
      value,
      explanation,
      ministryId: round.ministryId,
      fiscalYear: round.fiscalYear,
    });
  };
  const marketTesting = marketTestingFlags(facts, settings.marketTesting);
  const negotiatedAfterFailure = new Set(marketTesting.filter((f) => f.code === RedFlagCode.MT04).map((f) => f.tenderId));
  for (const [ocid, values] of results.get(ResultGroup.OCID) ?? []) {
    const tenderId = tenderIdOf(ocid);
    if (tenderId === null) continue;
    for (const [code, value] of values) {
      if (supersededByMarketTesting(code, tenderId, negotiatedAfterFailure)) continue;
      tenderFlag(tenderId, code, value, explainRound(code, value, fences));
    }
  }
  for (const f of marketTesting) tenderFlag(f.tenderId, f.code, f.value, f.explanation);

  if (bulk) {
    for (const [party, values] of results.get(ResultGroup.Tenderer) ?? []) {
      const bidderId = bidderOfParty.get(party);
      if (bidderId === undefined) continue;
      for (const [code, value] of values) {
        flags.push({
          subjectType: RedFlagSubject.BIDDER,
          subjectId: bidderId,
          code,
          value,
          explanation: explainBidder(code, value, fences),
          ministryId: null,
          fiscalYear: null,
        });
      }
    }
    const ministries = (await db.knex('ministry').select('id', 'code')) as { id: number; code: string }[];
    const ministryOf = new Map(ministries.map((m) => [`ministry-${m.code}`, Number(m.id)]));
    // Buyer and procuring entity are the same ministry in this export: Buyer is enough.
    for (const [buyer, values] of results.get(ResultGroup.Buyer) ?? []) {
      const ministryId = ministryOf.get(buyer);
      if (ministryId === undefined) continue;
      for (const [code, value] of values) {
        flags.push({
          subjectType: RedFlagSubject.MINISTRY,
          subjectId: ministryId,
          code,
          value,
          explanation: explainMinistry(code, value, fences),
          ministryId,
          fiscalYear: null,
        });
      }
    }
  }
  return { flags, tenderIds: ids, statistics };
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '?' : `${(v * 100).toFixed(1)}%`);

function explainRound(code: IndicatorCode, value: number, fences: Population): string {
  switch (code) {
    case IndicatorCode.R003:
      return 'The time between the notice (入札公告日) and the bid deadline was shorter than the threshold (Cardinal default: 15 days).';
    case IndicatorCode.R018:
      return 'Only one bidder (応札者数 1) in an open round.';
    case IndicatorCode.R024:
      return `The runner-up bid was only ${pct(value)} above the winning bid, at or below the lower fence of all rounds (${pct(fences.get('R024.lower_fence'))}).`;
    case IndicatorCode.R028:
      return 'Different bidders offered exactly the same price in this round.';
    case IndicatorCode.R030:
      return 'The winning bid is dated after the bid deadline.';
    case IndicatorCode.R035:
      return `Every bid except the winner's was disqualified (${value} other bidder${value === 1 ? '' : 's'}).`;
    case IndicatorCode.R036:
      return 'The lowest bid was disqualified and another bid won.';
    case IndicatorCode.R058:
      return `The runner-up bid was ${pct(value)} above the winning bid, at or above the upper fence of all rounds (${pct(fences.get('R058.upper_fence'))}).`;
    default:
      return `Cardinal ${code}: ${value}.`;
  }
}

function explainBidder(code: IndicatorCode, value: number, fences: Population): string {
  switch (code) {
    case IndicatorCode.R024:
      return 'Winner or runner-up of a round whose two lowest bids were unusually close (R024).';
    case IndicatorCode.R025:
      return `One of the most frequent bidders, it won only ${pct(value)} of the rounds it bid in validly (lower fence ${pct(fences.get('R025.lower_fence'))}).`;
    case IndicatorCode.R028:
      return 'Offered exactly the same price as another bidder in a round.';
    case IndicatorCode.R030:
      return 'Won a round with a bid dated after the deadline.';
    case IndicatorCode.R035:
      return 'Won a round in which every other bid was disqualified.';
    case IndicatorCode.R038:
      return `${pct(value)} of its bids were disqualified (upper fence ${pct(fences.get('R038.Tenderer_upper_fence'))}).`;
    case IndicatorCode.R048:
      return `Won contracts in ${value} different classification segments.`;
    case IndicatorCode.R058:
      return 'Won a round far below every other bid (R058).';
    default:
      return `Cardinal ${code}: ${value}.`;
  }
}

function explainMinistry(code: IndicatorCode, value: number, fences: Population): string {
  if (code === IndicatorCode.R038) {
    return `${pct(value)} of the bids in its rounds were disqualified, at or above the upper fence of all buyers (${pct(fences.get('R038.Buyer_upper_fence'))}).`;
  }
  return `Cardinal ${code}: ${value}.`;
}
