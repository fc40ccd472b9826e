import { Migration } from '@mikro-orm/migrations';

/**
 * The unfiltered statistics' rollups, stored (src/modules/stats/stats-rollups.ts
 * `STORED_ROLLUP`): each a sum of the summaries' rows per fiscal year, ministry, category or
 * state, as `marketTestingStats` without a filter reads them, created and filled from the
 * summaries already held, so an upgraded database answers at once. The SELECT is the service's
 * grouping at the time of writing; `summarizeStats` keeps the table current from here on.
 */
const ROUND_COLUMNS = [
  'tender_count',
  'awarded_count',
  'unsuccessful_count',
  'awarded_bidders',
  'single_bid_count',
  'contracted_yen_high',
  'contracted_yen_low',
  'baseline_yen_high',
  'baseline_yen_low',
];
const ROUND_SUMS = ROUND_COLUMNS.map((c) => `sum(${c})`).join(', ');
const NO_ROUNDS = ROUND_COLUMNS.map(() => 'cast(null as bigint)').join(', ');
const NO_SERVICES = 'cast(null as bigint), cast(null as bigint), cast(null as bigint)';
const NONE = { int: 'cast(null as integer)', text: 'cast(null as text)' };

const FILL = `insert into stats_rollup (rollup, fiscal_year, ministry_id, category, status,
    tender_count, awarded_count, unsuccessful_count, awarded_bidders, single_bid_count,
    contracted_yen_high, contracted_yen_low, baseline_yen_high, baseline_yen_low,
    project_count, in_operation_count, exited_count)
  select 'tendersByYear', fiscal_year, ${NONE.int}, ${NONE.text}, ${NONE.text}, ${ROUND_SUMS}, ${NO_SERVICES}
    from stats_round_summary group by fiscal_year
  union all
  select 'tendersByMinistry', ${NONE.int}, ministry_id, ${NONE.text}, ${NONE.text}, ${ROUND_SUMS}, ${NO_SERVICES}
    from stats_round_summary group by ministry_id
  union all
  select 'tendersByCategory', ${NONE.int}, ${NONE.int}, category, ${NONE.text}, ${ROUND_SUMS}, ${NO_SERVICES}
    from stats_round_summary group by category
  union all
  select 'servicesByMinistryAndState', ${NONE.int}, ministry_id, ${NONE.text}, status, ${NO_ROUNDS}, sum(project_count), cast(null as bigint), cast(null as bigint)
    from stats_service_summary group by ministry_id, status
  union all
  select 'servicesByCategory', ${NONE.int}, ${NONE.int}, category, ${NONE.text}, ${NO_ROUNDS}, sum(project_count), cast(null as bigint), cast(null as bigint)
    from stats_service_summary group by category
  union all
  select 'selectedByYear', selected_in_fiscal_year, ${NONE.int}, ${NONE.text}, ${NONE.text}, ${NO_ROUNDS}, sum(project_count), cast(null as bigint), cast(null as bigint)
    from stats_service_summary where selected_in_fiscal_year is not null group by selected_in_fiscal_year
  union all
  select 'lifeByYear', fiscal_year, ${NONE.int}, ${NONE.text}, ${NONE.text}, ${NO_ROUNDS}, cast(null as bigint), sum(in_operation_count), sum(exited_count)
    from stats_year_summary group by fiscal_year`;

export class Migration20261207130000_StatsRollup extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table stats_rollup (rollup text not null, fiscal_year integer null, ministry_id integer null, category text null, status text null, tender_count bigint null, awarded_count bigint null, unsuccessful_count bigint null, awarded_bidders bigint null, single_bid_count bigint null, contracted_yen_high bigint null, contracted_yen_low bigint null, baseline_yen_high bigint null, baseline_yen_low bigint null, project_count bigint null, in_operation_count bigint null, exited_count bigint null);`,
    );
    this.addSql(FILL);
  }

  override async down(): Promise<void> {
    this.addSql('drop table stats_rollup;');
  }
}
