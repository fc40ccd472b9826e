/**
 * R028 — Identical bid prices.
 *
 * What it measures: whether different tenderers submitted bids with exactly the same price
 * (amount and currency) in one process. The process and those tenderers are flagged, 1.0.
 * The same tenderer (or the same set of joint tenderers, in any order) repeating its price is
 * not flagged.
 *
 * Why it matters: a buyer can leak the best price to a favoured bidder, who then matches it;
 * cartels can also coordinate prices. Identical prices are common for standard price lists,
 * so a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/028.md and src/indicators/r028.rs. Only
 * submitted bids count (pending, valid, disqualified); processes whose prices the buyer sets
 * are excluded through `no_price_comparison_procurement_methods` and
 * `price_comparison_procurement_methods`.
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
  organizationIds,
  parsePipeSeparated,
  stringMember,
  submittedBids,
} from './release.service.js';

export class IdenticalBidPrices implements Indicator {
  private readonly priceComparison: ReadonlySet<string>;
  private readonly noPriceComparison: ReadonlySet<string>;

  constructor(settings: IndicatorSettings) {
    this.priceComparison = parsePipeSeparated(settings.price_comparison_procurement_methods);
    this.noPriceComparison = parsePipeSeparated(settings.no_price_comparison_procurement_methods);
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    if (!matchesProcurementMethodDetails(release, this.priceComparison, this.noPriceComparison)) return;
    // amount → currency → tenderers of the latest bid at that price. Map keys compare numbers
    // like the reference's OrderedFloat does here (0 and -0 are one price).
    const prices = new Map<number, Map<string, ReadonlySet<string>>>();
    for (const bid of submittedBids(release)) {
      const tenderers = arrayMember(bid, 'tenderers');
      const value = objectMember(bid, 'value');
      const amount = numberMember(value, 'amount');
      const currency = stringMember(value, 'currency');
      if (!tenderers || amount === undefined || currency === undefined) continue;
      const ids = new Set(organizationIds(tenderers));
      if (ids.size === 0) continue;
      let byCurrency = prices.get(amount);
      if (!byCurrency) prices.set(amount, (byCurrency = new Map()));
      const previous = byCurrency.get(currency);
      if (previous && !sameSet(ids, previous)) {
        context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R028, 1);
        for (const id of [...ids, ...previous]) {
          context.results.set(ResultGroup.Tenderer, id, IndicatorCode.R028, 1);
          context.results.addTenderer('ocid_tenderer_r028', ocid, id);
        }
      }
      // Each price remembers its latest bidders; as every value is 1.0, this changes nothing.
      byCurrency.set(currency, ids);
    }
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id));
}
