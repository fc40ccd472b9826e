import { Migration } from '@mikro-orm/migrations';

/**
 * A round's winning bid (status WON, which only an award sets; src/modules/tender/tender.loaders.ts
 * `winningBid`) found by one probe of a partial index of the winning bids, in id order,
 * instead of reading the round's bids by the (tender, bidder) index, testing each one's status
 * and sorting the winners: the dashboard reads it for each of its 50 services
 * (PERFORMANCE.md "Winning bids by a partial index"). Both databases, under the same name.
 */
export class Migration20261207200000_WinningBidIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql("create index `bid_won_index` on bid (tender_id, id) where status = 'WON';");
  }

  override async down(): Promise<void> {
    this.addSql('drop index `bid_won_index`;');
  }
}
