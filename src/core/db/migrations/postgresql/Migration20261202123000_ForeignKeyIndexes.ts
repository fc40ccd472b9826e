import { Migration } from '@mikro-orm/migrations';

/**
 * The foreign-key indexes SQLite's migrations have and PostgreSQL's lacked (the ORM creates
 * them for SQLite only). Without evaluation(project_id), "latest evaluation of each service"
 * was a correlated scan of every evaluation per row: 100 ms of database CPU per dashboard at
 * scale 10. Names match the SQLite ones; keys an existing unique or composite index already
 * leads with (tender.project_id, bid.tender_id, target_project.ministry_id) are left out.
 */
const INDEXES: [string, string, string][] = [
  ['basic_policy', 'supersedes_id', 'basic_policy_supersedes_id_index'],
  ['ministry', 'parent_id', 'ministry_parent_id_index'],
  ['municipality', 'prefecture_id', 'municipality_prefecture_id_index'],
  ['municipality', 'city_id', 'municipality_city_id_index'],
  ['local_pilot', 'municipality_id', 'local_pilot_municipality_id_index'],
  ['api_token', 'ministry_id', 'api_token_ministry_id_index'],
  ['api_token', 'municipality_id', 'api_token_municipality_id_index'],
  ['policy_entry', 'project_id', 'policy_entry_project_id_index'],
  ['guideline_milestone', 'project_id', 'guideline_milestone_project_id_index'],
  // Leads with project_id, and serves "latest evaluation of each service" (decided_on, id) too.
  ['evaluation', 'project_id", "decided_on", "id', 'evaluation_project_id_decided_on_id_index'],
  ['evaluation', 'tender_id', 'evaluation_tender_id_index'],
  ['bid', 'bidder_id', 'bid_bidder_id_index'],
];

export class Migration20261202123000_ForeignKeyIndexes extends Migration {
  override async up(): Promise<void> {
    for (const [table, column, name] of INDEXES) this.addSql(`create index if not exists "${name}" on "${table}" ("${column}");`);
  }
}
