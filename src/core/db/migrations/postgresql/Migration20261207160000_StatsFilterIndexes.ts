import { Migration } from '@mikro-orm/migrations';

/**
 * The statistics' summaries by the fiscal year and the category a filter asks for (the filters
 * asked most besides none), each index holding every column the rollups read
 * (src/modules/stats/stats-rollups.ts `rollupQuery`): a filtered request reads only the summary
 * rows it selects, from the index alone, instead of every row of each summary (PERFORMANCE.md
 * "Filtered statistics read by index"). A ministry's rows are found by each summary's first
 * index. SQLite has had all but one since StatsRollupIndexes (its migration of this name adds
 * the last), under the same names; the columns besides the key are INCLUDEd here.
 */
export class Migration20261207160000_StatsFilterIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index "stats_round_summary_fiscal_year_rollup_index" on stats_round_summary (fiscal_year) include (ministry_id, method, category, tender_count, awarded_count, unsuccessful_count, awarded_bidders, single_bid_count, contracted_yen_high, contracted_yen_low, baseline_yen_high, baseline_yen_low);',
    );
    this.addSql(
      'create index "stats_round_summary_category_rollup_index" on stats_round_summary (category) include (ministry_id, method, fiscal_year, tender_count, awarded_count, unsuccessful_count, awarded_bidders, single_bid_count, contracted_yen_high, contracted_yen_low, baseline_yen_high, baseline_yen_low);',
    );
    this.addSql(
      'create index "stats_service_summary_selected_rollup_index" on stats_service_summary (selected_in_fiscal_year) include (ministry_id, method, category, status, project_count);',
    );
    this.addSql(
      'create index "stats_service_summary_category_rollup_index" on stats_service_summary (category) include (ministry_id, method, selected_in_fiscal_year, status, project_count);',
    );
    this.addSql(
      'create index "stats_year_summary_fiscal_year_rollup_index" on stats_year_summary (fiscal_year) include (ministry_id, method, category, in_operation_count, exited_count);',
    );
    this.addSql(
      'create index "stats_year_summary_category_rollup_index" on stats_year_summary (category) include (ministry_id, method, fiscal_year, in_operation_count, exited_count);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "stats_round_summary_fiscal_year_rollup_index";');
    this.addSql('drop index "stats_round_summary_category_rollup_index";');
    this.addSql('drop index "stats_service_summary_selected_rollup_index";');
    this.addSql('drop index "stats_service_summary_category_rollup_index";');
    this.addSql('drop index "stats_year_summary_fiscal_year_rollup_index";');
    this.addSql('drop index "stats_year_summary_category_rollup_index";');
  }
}
