import { Migration } from '@mikro-orm/migrations';

/**
 * The year summary of the statistics (src/modules/stats/stats-summary.service.ts
 * `stats_year_summary`: services in operation and exited per fiscal year), created and filled
 * from the rows already held, so an upgraded database answers at once. The SELECT is the
 * service's at the time of writing; the `stats` consumer keeps it current from here on.
 */
const FISCAL_YEAR = (column: string) =>
  `(cast(substr(${column}, 1, 4) as integer) - case when substr(${column}, 6, 2) < '04' then 1 else 0 end)`;

const FILL = `insert into stats_year_summary (ministry_id, fiscal_year, method, category, in_operation_count, exited_count)
  with recursive spans as (
    select p.id as project_id, p.ministry_id, p.method, p.category,
      ${FISCAL_YEAR('t.contract_start')} as fiscal_year, ${FISCAL_YEAR('t.contract_end')} as last_year
    from tender t join target_project p on p.id = t.project_id
    where t.status = 'AWARDED'
  ), years (project_id, ministry_id, method, category, fiscal_year, last_year) as (
    select project_id, ministry_id, method, category, fiscal_year, last_year from spans
    union all
    select project_id, ministry_id, method, category, fiscal_year + 1, last_year from years where fiscal_year < last_year
  ), operated as (
    select ministry_id, fiscal_year, method, category, count(distinct project_id) as n
    from years group by ministry_id, fiscal_year, method, category
  ), exited as (
    select p.ministry_id, ${FISCAL_YEAR('e.decided_on')} as fiscal_year, p.method, p.category, count(distinct e.project_id) as n
    from evaluation e join target_project p on p.id = e.project_id
    where e.decision = 'EXIT'
    group by p.ministry_id, ${FISCAL_YEAR('e.decided_on')}, p.method, p.category
  )
  select ministry_id, fiscal_year, method, category, sum(in_operation), sum(exits)
  from (
    select ministry_id, fiscal_year, method, category, n as in_operation, 0 as exits from operated
    union all
    select ministry_id, fiscal_year, method, category, 0 as in_operation, n as exits from exited
  ) both_kinds
  group by ministry_id, fiscal_year, method, category`;

export class Migration20261205120000_StatsYearSummary extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table stats_year_summary (ministry_id integer not null, fiscal_year integer not null, method text not null, category text not null, in_operation_count integer not null, exited_count integer not null, primary key (ministry_id, fiscal_year, method, category));`,
    );
    this.addSql(FILL);
  }
}
