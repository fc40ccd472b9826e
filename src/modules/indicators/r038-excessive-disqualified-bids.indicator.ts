/**
 * R038 — Excessive disqualified bids.
 *
 * What it measures: the share of submitted bids that were disqualified, per buyer, per
 * procuring entity and per tenderer, across all processes. An organization is flagged when
 * its share is at or above the upper fence Q3 + 1.5·IQR of its group's shares (or the
 * configured threshold); the value is the share.
 *
 * Why it matters: a buyer or procuring entity can steer awards by disqualifying bids; a
 * colluding bidder can fake competition with bids meant to fail. Some sectors simply have
 * strict requirements, so a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/038.md and src/indicators/r038.rs. The
 * documented minimum of 2 "contracting processes" for buyers and procuring entities is, in the
 * reference's code, a minimum of 2 submitted bids (the share's denominator); that is what is
 * reproduced (fixture R038: buyer B, one process with two bids, is flagged). Tenderers need
 * `minimum_submitted_bids` (2) bids.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { arrayMember, type JsonObject, objectMember, organizationIds, stringMember, submittedBids } from './release.service.js';
import { quartiles, upperFence } from './statistics.service.js';

/** Disqualified and submitted bids of one organization. */
type Tally = Map<string, { disqualified: number; submitted: number }>;

export class ExcessiveDisqualifiedBids implements Indicator {
  private readonly threshold: number | undefined;
  private readonly minimumSubmittedBids: number;
  private readonly minimumContractingProcesses: number;
  private readonly buyers: Tally = new Map();
  private readonly procuringEntities: Tally = new Map();
  private readonly tenderers: Tally = new Map();

  constructor(settings: NonNullable<IndicatorSettings['R038']>) {
    this.threshold = settings.threshold;
    this.minimumSubmittedBids = settings.minimum_submitted_bids ?? 2;
    this.minimumContractingProcesses = settings.minimum_contracting_processes ?? 2;
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    const bids = submittedBids(release);
    if (bids.length === 0) return;
    let disqualified = 0;
    for (const bid of bids) {
      const isDisqualified = stringMember(bid, 'status') === 'disqualified' ? 1 : 0;
      disqualified += isDisqualified;
      for (const id of organizationIds(arrayMember(bid, 'tenderers'))) add(this.tenderers, id, isDisqualified, 1);
    }
    const buyer = stringMember(objectMember(release, 'buyer'), 'id');
    if (buyer !== undefined) {
      add(this.buyers, buyer, disqualified, bids.length);
      if (disqualified > 0) context.results.maps?.ocid_buyer_r038.set(ocid, buyer);
    }
    const procuringEntity = stringMember(objectMember(objectMember(release, 'tender'), 'procuringEntity'), 'id');
    if (procuringEntity !== undefined) {
      add(this.procuringEntities, procuringEntity, disqualified, bids.length);
      if (disqualified > 0) context.results.maps?.ocid_procuringentity_r038.set(ocid, procuringEntity);
    }
  }

  finalize(results: IndicatorResults): void {
    this.flag(results, this.buyers, this.minimumContractingProcesses, ResultGroup.Buyer);
    this.flag(results, this.procuringEntities, this.minimumContractingProcesses, ResultGroup.ProcuringEntity);
    this.flag(results, this.tenderers, this.minimumSubmittedBids, ResultGroup.Tenderer);
  }

  private flag(results: IndicatorResults, tally: Tally, minimum: number, group: ResultGroup): void {
    const shares = [...tally].filter(([, t]) => t.submitted >= minimum).map(([id, t]) => [id, t.disqualified / t.submitted] as const);
    if (shares.length === 0) return;
    let fence = this.threshold;
    if (fence === undefined) {
      const computed = quartiles(shares.map(([, share]) => share));
      results.setMeta(IndicatorCode.R038, `${group}_q1`, computed.q1);
      results.setMeta(IndicatorCode.R038, `${group}_q3`, computed.q3);
      fence = upperFence(computed);
    }
    results.setMeta(IndicatorCode.R038, `${group}_upper_fence`, fence);
    // If three quarters of organizations disqualify nothing, the fence is 0: skip, or all are flagged.
    if (!(fence > 0)) return;
    for (const [id, share] of shares) {
      if (share >= fence) results.set(group, id, IndicatorCode.R038, share);
    }
  }
}

function add(tally: Tally, id: string, disqualified: number, submitted: number): void {
  const entry = tally.get(id) ?? { disqualified: 0, submitted: 0 };
  entry.disqualified += disqualified;
  entry.submitted += submitted;
  tally.set(id, entry);
}
