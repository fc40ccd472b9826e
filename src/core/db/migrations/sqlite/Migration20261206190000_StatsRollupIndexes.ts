import { Migration } from '@mikro-orm/migrations';

const ROUND_SUMS =
  'tender_count, awarded_count, unsuccessful_count, awarded_bidders, single_bid_count, contracted_yen_high, contracted_yen_low, baseline_yen_high, baseline_yen_low';

/**
 * Covering indexes for the statistics' rollups (src/modules/stats/stats.service.ts): each
 * rollup groups a summary by one key (fiscal year, ministry, category, year selected), and
 * SQLite, which groups by sorting, reads an index in that key's order holding every column
 * the rollup and its filters need, instead of reading the table and sorting it in a
 * temporary b-tree (PERFORMANCE.md "Statistics rolled up by the database"). SQLite only:
 * PostgreSQL groups these few thousand rows by hashing, without an index.
 */
const INDEXES: [name: string, definition: string][] = [
  ['stats_round_summary_fiscal_year_rollup_index', `stats_round_summary (fiscal_year, ministry_id, method, category, ${ROUND_SUMS})`],
  ['stats_round_summary_ministry_id_rollup_index', `stats_round_summary (ministry_id, fiscal_year, method, category, ${ROUND_SUMS})`],
  ['stats_round_summary_category_rollup_index', `stats_round_summary (category, ministry_id, fiscal_year, method, ${ROUND_SUMS})`],
  [
    'stats_service_summary_category_rollup_index',
    'stats_service_summary (category, ministry_id, selected_in_fiscal_year, method, status, project_count)',
  ],
  [
    'stats_service_summary_selected_rollup_index',
    'stats_service_summary (selected_in_fiscal_year, ministry_id, method, category, project_count)',
  ],
  [
    'stats_year_summary_fiscal_year_rollup_index',
    'stats_year_summary (fiscal_year, ministry_id, method, category, in_operation_count, exited_count)',
  ],
];

export class Migration20261206190000_StatsRollupIndexes extends Migration {
  override async up(): Promise<void> {
    for (const [name, definition] of INDEXES) this.addSql(`create index \`${name}\` on ${definition};`);
  }

  override async down(): Promise<void> {
    for (const [name] of INDEXES) this.addSql(`drop index \`${name}\`;`);
  }
}
