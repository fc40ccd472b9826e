/**
 * R058 — Heavily discounted bid.
 *
 * What it measures: the same percentage difference as R024, (second-lowest valid bid −
 * winning bid) / winning bid, but flags the high outliers: a process whose difference is at
 * or above the upper fence Q3 + 1.5·IQR of all differences (or the configured threshold).
 * Its value is the difference; the winner is flagged too, with 0.0.
 *
 * Why it matters: a winning price far below every other bid can hide a "lemon" — goods or
 * works of lower quality than asked, where quality criteria are weak — or later price rises.
 * Efficient suppliers also underbid; a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/058.md and src/indicators/r058.rs.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { Indicator } from './indicator.type.js';
import type { SecondLowestBidRatio } from './second-lowest-bid-ratio.service.js';
import { quartiles, upperFence } from './statistics.service.js';

export class HeavilyDiscountedBid implements Indicator {
  private readonly threshold: number | undefined;

  constructor(
    settings: NonNullable<IndicatorSettings['R058']>,
    private readonly bidGaps: SecondLowestBidRatio,
  ) {
    this.threshold = settings.threshold;
  }

  fold(): void {}

  finalize(results: IndicatorResults): void {
    const gaps = this.bidGaps.gaps;
    let fence = this.threshold;
    if (fence === undefined) {
      const computed = quartiles([...gaps.values()].map((gap) => gap.ratio));
      results.setMeta(IndicatorCode.R058, 'q1', computed.q1);
      results.setMeta(IndicatorCode.R058, 'q3', computed.q3);
      fence = upperFence(computed);
    }
    results.setMeta(IndicatorCode.R058, 'upper_fence', fence);
    // A fence of 0 (most processes without any difference) would flag everything: skip.
    if (!(fence > 0)) return;
    for (const [ocid, gap] of gaps) {
      if (!(gap.ratio >= fence)) continue;
      results.set(ResultGroup.OCID, ocid, IndicatorCode.R058, gap.ratio);
      results.set(ResultGroup.Tenderer, gap.winner, IndicatorCode.R058, 0);
      results.addTenderer('ocid_tenderer_r058', ocid, gap.winner);
    }
  }
}
