import { Migration } from '@mikro-orm/migrations';

/**
 * The one summary SQLite's covering indexes (StatsRollupIndexes) did not cover for a category
 * filter: the services in operation and exited per fiscal year, read by category
 * (PERFORMANCE.md "Filtered statistics read by index"; PostgreSQL gets all of them in its
 * migration of the same name).
 */
export class Migration20261207160000_StatsFilterIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index `stats_year_summary_category_rollup_index` on stats_year_summary (category, ministry_id, fiscal_year, method, in_operation_count, exited_count);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index `stats_year_summary_category_rollup_index`;');
  }
}
