import {
  arrayMember,
  isJsonObject,
  type JsonObject,
  member,
  numberMember,
  objectMember,
  stringMember,
} from '../indicators/release.service.js';
import { tenderIdOf } from '../ocds/ocds.constants.js';
import { RedFlagCode } from './red-flag.enum.js';

/** The public facts of one round that the market-testing flags read, from its OCDS compiled release. */
export interface RoundFacts {
  tenderId: number;
  /** The round before, from `relatedProcesses` (prior or unsuccessfulProcess). */
  previousId: number | null;
  afterUnsuccessful: boolean;
  /**
   * Opened (AWARDED or UNSUCCESSFUL): the export gives the number of tenderers only then.
   * Read from that rather than `/tender/status`, which release dates can reorder (a round
   * recorded as awarded before its announcement date compiles as "active").
   */
  opened: boolean;
  /** Has an active award. */
  awarded: boolean;
  /** 応札者数: present only once the round is opened (the seal). */
  numberOfTenderers: number | null;
  /** 予定価格: present only once the round is opened. */
  reservePriceYen: number | null;
  /** The active award's value and sole supplier. */
  awardYen: number | null;
  supplierId: string | null;
  /** 不落随意契約: procurementMethod "direct" (the export's mark of `negotiatedAfterFailure`). */
  negotiated: boolean;
  /** The evaluation of this round's contract decided EXIT (an implementation milestone with code EXIT). */
  exitDecided: boolean;
}

/** One market-testing flag of one round. */
export interface RoundFlag {
  tenderId: number;
  code: RedFlagCode;
  value: number;
  explanation: string;
}

/** Thresholds of the market-testing flags (README.md "Red flags": tuning). */
export interface MarketTestingSettings {
  /** MT01: 落札率 (award ÷ reserve price) at or above which a round is flagged; default 0.95. */
  highAwardRatio: number;
}

export const DEFAULT_MARKET_TESTING_SETTINGS: MarketTestingSettings = { highAwardRatio: 0.95 };

/**
 * Reads a compiled release the way any OCDS consumer would: nothing here looks at the
 * database, so a sealed round (whose release carries no bids, count or reserve price) can
 * raise nothing that would reveal them.
 */
export function roundFactsOf(release: JsonObject): RoundFacts | null {
  const tenderId = tenderIdOf(stringMember(release, 'ocid') ?? '');
  const tender = objectMember(release, 'tender');
  if (tenderId === null || !tender) return null;
  const related = (arrayMember(release, 'relatedProcesses') ?? []).find(isJsonObject);
  const relationship = related ? (arrayMember(related, 'relationship') ?? []) : [];
  const previousId = related ? tenderIdOf(stringMember(related, 'identifier') ?? '') : null;
  const award = (arrayMember(release, 'awards') ?? []).filter(isJsonObject).find((a) => member(a, 'status') === 'active');
  const supplier = award ? (arrayMember(award, 'suppliers') ?? []).find(isJsonObject) : undefined;
  const milestones = (arrayMember(release, 'contracts') ?? [])
    .filter(isJsonObject)
    .flatMap((c) => arrayMember(objectMember(c, 'implementation'), 'milestones') ?? [])
    .filter(isJsonObject);
  return {
    tenderId,
    previousId,
    afterUnsuccessful: relationship.includes('unsuccessfulProcess'),
    opened: numberMember(tender, 'numberOfTenderers') !== undefined,
    awarded: award !== undefined,
    numberOfTenderers: numberMember(tender, 'numberOfTenderers') ?? null,
    reservePriceYen: numberMember(objectMember(tender, 'value'), 'amount') ?? null,
    awardYen: award ? (numberMember(objectMember(award, 'value'), 'amount') ?? null) : null,
    supplierId: supplier ? (stringMember(supplier, 'id') ?? null) : null,
    negotiated: member(tender, 'procurementMethod') === 'direct',
    exitDecided: milestones.some((m) => member(m, 'code') === 'EXIT'),
  };
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * The market-testing flags (issue 9, item 3) of every round given. Rounds of one service are
 * tied together by `relatedProcesses` (each round points at the one before), so the rounds of
 * a service must be given together. Only opened rounds (awarded or unsuccessful) are judged.
 *
 * - MT01 落札率: award ÷ reserve price ≥ the threshold (default 95%). Value: the ratio.
 * - MT02 single bid in two or more consecutive opened rounds. Negotiated contracts (不落随意契約)
 *   have one party by nature and are skipped: they neither extend nor break a run. Every
 *   round of the run is flagged; value: the run's length.
 * - MT03 the same supplier won every awarded round of the service, two or more. Every awarded
 *   round is flagged; value: the number of awarded rounds.
 * - MT04 the round was awarded by negotiated contract after an unsuccessful round. Value 1.
 * - MT05 the round's evaluation decided EXIT while it, the service's last opened round, had
 *   one bidder. Value 1.
 */
export function marketTestingFlags(
  rounds: readonly RoundFacts[],
  settings: MarketTestingSettings = DEFAULT_MARKET_TESTING_SETTINGS,
): RoundFlag[] {
  const flags: RoundFlag[] = [];
  const byId = new Map(rounds.map((r) => [r.tenderId, r]));
  for (const service of servicesOf(rounds, byId)) {
    const opened = service.filter((r) => r.opened);
    for (const r of opened) {
      if (r.awarded && r.awardYen != null && r.reservePriceYen != null && r.reservePriceYen > 0) {
        const ratio = r.awardYen / r.reservePriceYen;
        if (ratio >= settings.highAwardRatio) {
          flags.push({
            tenderId: r.tenderId,
            code: RedFlagCode.MT01,
            value: ratio,
            explanation: `落札率 ${percent(ratio)}: awarded at ${r.awardYen.toLocaleString('en-US')} yen against a reserve price of ${r.reservePriceYen.toLocaleString('en-US')} yen (threshold ${percent(settings.highAwardRatio)}).`,
          });
        }
      }
      if (r.awarded && r.negotiated && r.afterUnsuccessful) {
        flags.push({
          tenderId: r.tenderId,
          code: RedFlagCode.MT04,
          value: 1,
          explanation:
            'Awarded by negotiated contract (不落随意契約, 予決令 第99条の2) after the previous round failed, without a new tender.',
        });
      }
    }

    const competitive = opened.filter((r) => !r.negotiated);
    let run: RoundFacts[] = [];
    const closeRun = () => {
      if (run.length >= 2) {
        run.forEach((r, i) =>
          flags.push({
            tenderId: r.tenderId,
            code: RedFlagCode.MT02,
            value: run.length,
            explanation: `Single bid in ${run.length} consecutive rounds of this service (this is number ${i + 1} of them).`,
          }),
        );
      }
      run = [];
    };
    for (const r of competitive) {
      if (r.numberOfTenderers === 1) run.push(r);
      else closeRun();
    }
    closeRun();

    const awarded = opened.filter((r) => r.awarded && r.supplierId !== null);
    if (awarded.length >= 2 && awarded.every((r) => r.supplierId === awarded[0].supplierId)) {
      for (const r of awarded)
        flags.push({
          tenderId: r.tenderId,
          code: RedFlagCode.MT03,
          value: awarded.length,
          explanation: `The same supplier won all ${awarded.length} awarded rounds of this service.`,
        });
    }

    const last = opened[opened.length - 1];
    if (last && last.exitDecided && last.numberOfTenderers === 1) {
      flags.push({
        tenderId: last.tenderId,
        code: RedFlagCode.MT05,
        value: 1,
        explanation: "The evaluation decided EXIT (市場化テストの終了) although this, the service's last round, had a single bidder.",
      });
    }
  }
  return flags;
}

/** Rounds grouped by service, each list in round order (following the `previous` links). */
function servicesOf(rounds: readonly RoundFacts[], byId: Map<number, RoundFacts>): RoundFacts[][] {
  const next = new Map<number, RoundFacts>();
  for (const r of rounds) if (r.previousId !== null && byId.has(r.previousId)) next.set(r.previousId, r);
  const services: RoundFacts[][] = [];
  for (const first of rounds) {
    if (first.previousId !== null && byId.has(first.previousId)) continue;
    const chain: RoundFacts[] = [];
    for (let r: RoundFacts | undefined = first; r && chain.length <= rounds.length; r = next.get(r.tenderId)) chain.push(r);
    services.push(chain);
  }
  return services;
}
