/**
 * R018 — Single bid received.
 *
 * What it measures: whether `/tender/numberOfTenderers` is exactly 1 in a competitive
 * procedure (`/tender/procurementMethod` open or selective, unless the settings list other
 * methods). Flagged processes get 1.0.
 *
 * Why it matters: in a procedure meant to be competitive, a lone bidder can mean that
 * competition was suppressed — the ideal outcome for a buyer and a pre-chosen bidder. It can
 * also just mean a small market; a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/018.md and src/indicators/r018.rs.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { rawJsonMember } from './json-literal.service.js';
import { type JsonObject, matchesProcurementMethod, member, objectMember, parsePipeSeparated } from './release.service.js';

/** R018.md "Configuration": competitive procurement methods by default. */
const DEFAULT_PROCUREMENT_METHODS = 'open|selective';

export class SingleBidReceived implements Indicator {
  private readonly procurementMethods: ReadonlySet<string>;

  constructor(settings: NonNullable<IndicatorSettings['R018']>) {
    this.procurementMethods = parsePipeSeparated(settings.procurement_methods ?? DEFAULT_PROCUREMENT_METHODS);
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    const tender = objectMember(release, 'tender');
    if (!tender || !matchesProcurementMethod(tender, this.procurementMethods)) return;
    if (member(tender, 'numberOfTenderers') !== 1) return;
    // The reference asks serde_json for an unsigned integer (`as_u64`), which `1.0` or `1e0`
    // are not; JSON.parse has made them all 1, so look at the literal when there is one.
    if (context.sourceText !== undefined && rawJsonMember(context.sourceText, ['tender', 'numberOfTenderers']) !== '1') return;
    context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R018, 1);
  }
}
