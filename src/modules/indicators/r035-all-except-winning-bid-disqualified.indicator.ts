/**
 * R035 — All except winning bid disqualified.
 *
 * What it measures: processes in which exactly one tenderer has valid bids, that tenderer is
 * the (only) supplier of the active awards, and at least one other tenderer (the threshold,
 * 1 by default) had bids disqualified. The process's value is the number of other tenderers
 * with disqualified bids; the winner is flagged with 0.0.
 *
 * Why it matters: disqualifying everyone else is a direct way to hand a contract to a chosen
 * bidder. Weak bids do get rightly disqualified; a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/035.md and src/indicators/r035.rs. Only
 * processes whose awards are all final count.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { arrayMember, finalAwardsAndBids, type JsonObject, organizationIds, stringMember } from './release.service.js';

export class AllExceptWinningBidDisqualified implements Indicator {
  private readonly threshold: number;

  constructor(settings: NonNullable<IndicatorSettings['R035']>) {
    // src/indicators/r035.rs: `cmp::max(t, 1)` — a threshold of 0 would flag every award.
    this.threshold = Math.max(settings.threshold ?? 1, 1);
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    const final = finalAwardsAndBids(release);
    if (!final) return;
    const suppliers = new Set(final.completeAwards.flatMap((award) => organizationIds(arrayMember(award, 'suppliers'))));
    const valid = new Set<string>();
    const disqualified = new Set<string>();
    for (const bid of final.details) {
      const status = stringMember(bid, 'status');
      const tenderers = arrayMember(bid, 'tenderers');
      if (!tenderers) continue;
      // Invited, pending and withdrawn bids neither win nor lose here.
      const target = status === 'valid' ? valid : status === 'disqualified' ? disqualified : undefined;
      for (const id of organizationIds(tenderers)) target?.add(id);
    }
    // Several winners, or several valid tenderers, can be a buyer splitting an award into
    // contracts; that is not this red flag.
    if (valid.size !== 1 || suppliers.size !== 1) return;
    const [winner] = valid;
    if (!suppliers.has(winner)) return;
    const others = [...disqualified].filter((id) => id !== winner).length;
    if (others < this.threshold) return;
    context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R035, others);
    context.results.set(ResultGroup.Tenderer, winner, IndicatorCode.R035, 0);
    context.results.addTenderer('ocid_tenderer_r035', ocid, winner);
  }
}
