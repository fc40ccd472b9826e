import { Migration } from '@mikro-orm/migrations';

/**
 * Summaries for the statistics (src/modules/stats/stats-summary.service.ts, which keeps them
 * current through the write pipeline's `stats` consumer): created here and filled once from the
 * rows already held, so an upgraded database answers at once. The SELECTs are the service's
 * at the time of writing.
 */
const FILL_ROUNDS = `insert into stats_round_summary (ministry_id, fiscal_year, method, category, tender_count, awarded_count,
    unsuccessful_count, awarded_bidders, single_bid_count, contracted_yen_high, contracted_yen_low, baseline_yen_high, baseline_yen_low)
  select p.ministry_id, t.fiscal_year, p.method, p.category, count(*),
    sum(case when t.status = 'AWARDED' then 1 else 0 end),
    sum(case when t.status = 'UNSUCCESSFUL' then 1 else 0 end),
    sum(case when t.status = 'AWARDED' then t.bid_count else 0 end),
    sum(case when t.status = 'AWARDED' and t.bid_count = 1 then 1 else 0 end),
    sum(case when t.status = 'AWARDED' and t.contract_amount_yen is not null then t.contract_amount_yen / 1000000000 else 0 end),
    sum(case when t.status = 'AWARDED' and t.contract_amount_yen is not null then t.contract_amount_yen % 1000000000 else 0 end),
    sum(case when t.status = 'AWARDED' and t.contract_amount_yen is not null then (p.baseline_annual_cost_yen * t.contract_months / 12) / 1000000000 else 0 end),
    sum(case when t.status = 'AWARDED' and t.contract_amount_yen is not null then (p.baseline_annual_cost_yen * t.contract_months / 12) % 1000000000 else 0 end)
  from tender t join target_project p on p.id = t.project_id
  group by p.ministry_id, t.fiscal_year, p.method, p.category`;

const FILL_SERVICES = `insert into stats_service_summary (ministry_id, selected_in_fiscal_year, method, category, status, project_count)
  select p.ministry_id, p.selected_in_fiscal_year, p.method, p.category, p.status, count(*)
  from target_project p
  group by p.ministry_id, p.selected_in_fiscal_year, p.method, p.category, p.status`;

export class Migration20261205080000_StatsSummaries extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table stats_round_summary (ministry_id int not null, fiscal_year int not null, method text not null, category text not null, tender_count int not null, awarded_count int not null, unsuccessful_count int not null, awarded_bidders int not null, single_bid_count int not null, contracted_yen_high bigint not null, contracted_yen_low bigint not null, baseline_yen_high bigint not null, baseline_yen_low bigint not null, primary key (ministry_id, fiscal_year, method, category));`,
    );
    this.addSql(
      `create table stats_service_summary (ministry_id int not null, selected_in_fiscal_year int null, method text not null, category text not null, status text not null, project_count int not null);`,
    );
    // Covering, in the order the statistics group by (ministry, state): read without a sort or a row lookup.
    this.addSql(
      'create index stats_service_summary_ministry_id_status_index on stats_service_summary (ministry_id, status, selected_in_fiscal_year, method, category, project_count);',
    );
    this.addSql(FILL_ROUNDS);
    this.addSql(FILL_SERVICES);
    // The summaries hold every write committed so far: the \`stats\` consumer of the write
    // pipeline goes on from the newest event, whoever starts it first.
    this.addSql(
      "insert into outbox_consumer (name, position, failures) select 'stats', coalesce(max(id), 0), 0 from outbox_event where 1 = 1 on conflict (name) do nothing;",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table stats_service_summary;');
    this.addSql('drop table stats_round_summary;');
  }
}
