/**
 * R024 — Price close to winning bid.
 *
 * What it measures: the percentage difference between the winning bid and the second-lowest
 * valid bid, (second − winner) / winner, in each price-only process (see
 * second-lowest-bid-ratio.service.ts for which processes count). A process is flagged when
 * its difference is at or below the lower fence Q1 − 1.5·IQR of all differences (or the
 * configured threshold); its value is the difference. The winner and the second-lowest
 * bidder are flagged too, with 0.0.
 *
 * Why it matters: colluding bidders can fake competition with a "cover" bid priced just above
 * their partner's. Close prices also happen in honest, tight markets, so a flag is a reason to
 * look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/024.md and src/indicators/r024.rs.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { Indicator } from './indicator.type.js';
import type { SecondLowestBidRatio } from './second-lowest-bid-ratio.service.js';
import { lowerFence, quartiles } from './statistics.service.js';

export class PriceCloseToWinningBid implements Indicator {
  private readonly threshold: number | undefined;

  constructor(
    settings: NonNullable<IndicatorSettings['R024']>,
    private readonly bidGaps: SecondLowestBidRatio,
  ) {
    this.threshold = settings.threshold;
  }

  fold(): void {}

  finalize(results: IndicatorResults): void {
    const gaps = this.bidGaps.gaps;
    let fence: number;
    // With a configured threshold the reference skips the quartiles and the Q1 guard below.
    let q1 = 1;
    if (this.threshold === undefined) {
      const computed = quartiles([...gaps.values()].map((gap) => gap.ratio));
      results.setMeta(IndicatorCode.R024, 'q1', computed.q1);
      results.setMeta(IndicatorCode.R024, 'q3', computed.q3);
      fence = lowerFence(computed);
      q1 = computed.q1;
    } else {
      fence = this.threshold;
    }
    results.setMeta(IndicatorCode.R024, 'lower_fence', fence);
    // Differences are never negative. If a quarter of processes have none at all (Q1 = 0),
    // the fence is 0 and would flag every tie: the reference then flags nothing.
    if (!(q1 > 0 && fence > 0)) return;
    for (const [ocid, gap] of gaps) {
      if (!(gap.ratio <= fence)) continue;
      results.set(ResultGroup.OCID, ocid, IndicatorCode.R024, gap.ratio);
      for (const id of [gap.winner, gap.lowestNonWinner]) {
        results.set(ResultGroup.Tenderer, id, IndicatorCode.R024, 0);
        results.addTenderer('ocid_tenderer_r024', ocid, id);
      }
    }
  }
}
