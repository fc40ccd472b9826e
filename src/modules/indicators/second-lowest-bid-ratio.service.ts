import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import {
  finalAwardsAndBids,
  type JsonObject,
  matchesProcurementMethodDetails,
  parsePipeSeparated,
  pricedValidBids,
  soleSupplierOfSoleAward,
} from './release.service.js';

/** The price gap in one contracting process, and who stands on each side of it. */
export interface BidGap {
  /** (second-lowest valid bid − winning bid) / winning bid. */
  readonly ratio: number;
  readonly winner: string;
  readonly lowestNonWinner: string;
}

/**
 * The percentage difference between the winning bid and the second-lowest valid bid, shared
 * by R024 (a low outlier) and R058 (a high outlier): ocdscardinal src/indicators/util.rs
 * `SecondLowestBidRatio`. A process counts only if its awards are all final, exactly one is
 * active, it has exactly one supplier, and the winning bid is the lowest (else the award
 * criteria were not price only). If the winner bid more than once, its lowest bid counts.
 * Bids in another currency than the main one are skipped with a warning.
 */
export class SecondLowestBidRatio implements Indicator {
  readonly gaps = new Map<string, BidGap>();
  private readonly priceComparison: ReadonlySet<string>;
  private readonly noPriceComparison: ReadonlySet<string>;

  constructor(settings: IndicatorSettings) {
    this.priceComparison = parsePipeSeparated(settings.price_comparison_procurement_methods);
    this.noPriceComparison = parsePipeSeparated(settings.no_price_comparison_procurement_methods);
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    // docs/cli/indicators/index.md "Global configuration": prices predetermined by the buyer.
    if (!matchesProcurementMethodDetails(release, this.priceComparison, this.noPriceComparison)) return;
    const final = finalAwardsAndBids(release);
    const supplierId = final && soleSupplierOfSoleAward(final.completeAwards);
    if (!final || supplierId === undefined) return;

    let winner: { id: string; amount: number } | undefined;
    let lowestNonWinner: { id: string; amount: number } | undefined;
    for (const bid of pricedValidBids(final.details)) {
      const main = context.mainCurrency(bid.currency);
      if (bid.currency !== main) {
        context.warn(`${bid.currency} is not Some(${JSON.stringify(main)}), skipping.`);
        continue;
      }
      const candidate = { id: bid.tendererId, amount: bid.amount };
      if (bid.tendererId === supplierId) {
        if (!winner || bid.amount < winner.amount) winner = candidate;
      } else if (!lowestNonWinner || bid.amount < lowestNonWinner.amount) {
        lowestNonWinner = candidate;
      }
    }

    if (winner && lowestNonWinner && lowestNonWinner.amount >= winner.amount) {
      this.gaps.set(ocid, {
        ratio: (lowestNonWinner.amount - winner.amount) / winner.amount,
        winner: winner.id,
        lowestNonWinner: lowestNonWinner.id,
      });
    }
  }
}
