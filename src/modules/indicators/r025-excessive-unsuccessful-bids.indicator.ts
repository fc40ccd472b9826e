/**
 * R025 — Excessive unsuccessful bids.
 *
 * What it measures: for each tenderer, the ratio of processes it won to processes in which it
 * bid validly, across all processes (each tenderer counts once per process however many bids
 * it made). A "top" tenderer — one whose number of processes is at or above the 75th
 * percentile (configurable) — is flagged when its ratio is at or below the lower fence
 * Q1 − 1.5·IQR of all ratios (or the configured threshold). The value is the ratio.
 *
 * Why it matters: a firm that bids often and almost never wins may be placing deliberately
 * losing bids to make a colluding partner's win look competitive. It may also just be an
 * unlucky or overpriced firm; a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/025.md and src/indicators/r025.rs. Only
 * processes whose awards are all final, with one active award to one supplier, count, and
 * only valid bids by a single tenderer.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { arrayMember, finalAwardsAndBids, type JsonObject, soleSupplierOfSoleAward, stringMember } from './release.service.js';
import { lowerFence, percentile, quartiles } from './statistics.service.js';

/** R025.md "Configuration": top tenderers are those at or above the 75th percentile. */
const DEFAULT_PERCENTILE = 75;

export class ExcessiveUnsuccessfulBids implements Indicator {
  private readonly percentile: number;
  private readonly threshold: number | undefined;
  /** Per tenderer: processes won and processes bid in. */
  private readonly tally = new Map<string, { won: number; bid: number }>();

  constructor(settings: NonNullable<IndicatorSettings['R025']>) {
    this.percentile = settings.percentile ?? DEFAULT_PERCENTILE;
    this.threshold = settings.threshold;
  }

  fold(release: JsonObject, _ocid: string, _context: FoldContext): void {
    const final = finalAwardsAndBids(release);
    const supplierId = final && soleSupplierOfSoleAward(final.completeAwards);
    if (!final || supplierId === undefined) return;
    const validTenderers = new Set<string>();
    for (const bid of final.details) {
      const tenderers = arrayMember(bid, 'tenderers');
      if (stringMember(bid, 'status') !== 'valid' || !tenderers || tenderers.length !== 1) continue;
      const id = stringMember(tenderers[0], 'id');
      if (id !== undefined) validTenderers.add(id);
    }
    for (const id of validTenderers) {
      const entry = this.tally.get(id) ?? { won: 0, bid: 0 };
      entry.won += id === supplierId ? 1 : 0;
      entry.bid += 1;
      this.tally.set(id, entry);
    }
  }

  finalize(results: IndicatorResults): void {
    const entries = [...this.tally];
    const topFence = percentile(
      entries.map(([, t]) => t.bid),
      this.percentile,
    );
    let fence: number;
    let q1 = 1;
    if (this.threshold === undefined) {
      const computed = quartiles(entries.map(([, t]) => t.won / t.bid));
      results.setMeta(IndicatorCode.R025, 'q1', computed.q1);
      results.setMeta(IndicatorCode.R025, 'q3', computed.q3);
      fence = lowerFence(computed);
      q1 = computed.q1;
    } else {
      fence = this.threshold;
    }
    results.setMeta(IndicatorCode.R025, 'upper_fence', topFence);
    results.setMeta(IndicatorCode.R025, 'lower_fence', fence);
    // Ratios are never negative. If a quarter of tenderers never win (Q1 = 0), a majority of
    // top tenderers would be flagged: the reference then flags nothing.
    if (!(q1 > 0 && fence > 0)) return;
    for (const [id, { won, bid }] of entries) {
      const ratio = won / bid;
      if (bid >= topFence && ratio <= fence) results.set(ResultGroup.Tenderer, id, IndicatorCode.R025, ratio);
    }
  }
}
