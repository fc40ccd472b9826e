import { Migration } from '@mikro-orm/migrations';

/**
 * "Latest evaluation of each service" orders a service's evaluations by (decided_on, id):
 * an index that leads with project_id and holds both answers it without sorting. (The
 * PostgreSQL migration of the same name also adds the foreign-key indexes SQLite had.)
 */
export class Migration20261202123000_ForeignKeyIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index if not exists \`evaluation_project_id_decided_on_id_index\` on \`evaluation\` (\`project_id\`, \`decided_on\`, \`id\`);`,
    );
  }
}
