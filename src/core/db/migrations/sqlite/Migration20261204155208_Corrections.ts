import { Migration } from '@mikro-orm/migrations';

/**
 * Bids and bidders are corrected through the API (withdrawBid, correctBid, renameBidder,
 * mergeBidders), under optimistic concurrency like the other records: each gets a version.
 */
export class Migration20261204155208_Corrections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`bidder\` add column \`version\` integer not null default 1;`);

    this.addSql(`alter table \`bid\` add column \`version\` integer not null default 1;`);
  }
}
