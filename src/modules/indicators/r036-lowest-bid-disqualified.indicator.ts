/**
 * R036 — Lowest bid disqualified.
 *
 * What it measures: processes with at least one active award and at least one valid bid with
 * an amount, in which the lowest submitted bid was disqualified. Flagged processes get 1.0.
 *
 * Why it matters: where the price decides, disqualifying the cheapest bid on a pretext is a
 * way to award a favoured, dearer bidder. Cheap bids are also rightly disqualified for not
 * meeting requirements; a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/036.md and src/indicators/r036.rs. The
 * earliest of equally low bids counts as the lowest; bids in another currency than the main
 * one are skipped with a warning; processes whose prices the buyer sets are excluded through
 * `no_price_comparison_procurement_methods` and `price_comparison_procurement_methods`.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import {
  arrayMember,
  type JsonObject,
  matchesProcurementMethodDetails,
  numberMember,
  objectMember,
  parsePipeSeparated,
  stringMember,
  submittedBids,
} from './release.service.js';

export class LowestBidDisqualified implements Indicator {
  private readonly priceComparison: ReadonlySet<string>;
  private readonly noPriceComparison: ReadonlySet<string>;

  constructor(settings: IndicatorSettings) {
    this.priceComparison = parsePipeSeparated(settings.price_comparison_procurement_methods);
    this.noPriceComparison = parsePipeSeparated(settings.no_price_comparison_procurement_methods);
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    if (!matchesProcurementMethodDetails(release, this.priceComparison, this.noPriceComparison)) return;
    const awards = arrayMember(release, 'awards');
    if (!awards?.some((award) => stringMember(award, 'status') === 'active')) return;

    let lowest: { amount: number; disqualified: boolean } | undefined;
    let hasValidBidWithAmount = false;
    for (const bid of submittedBids(release)) {
      const status = stringMember(bid, 'status')!;
      const value = objectMember(bid, 'value');
      const amount = numberMember(value, 'amount');
      const currency = stringMember(value, 'currency');
      if (amount === undefined || currency === undefined) continue;
      const main = context.mainCurrency(currency);
      if (currency !== main) {
        context.warn(`${currency} is not Some(${JSON.stringify(main)}), skipping.`);
        continue;
      }
      if (!lowest || amount < lowest.amount) lowest = { amount, disqualified: status === 'disqualified' };
      if (status === 'valid') hasValidBidWithAmount = true;
    }
    if (hasValidBidWithAmount && lowest?.disqualified) context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R036, 1);
  }
}
