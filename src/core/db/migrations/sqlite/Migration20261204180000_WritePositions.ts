import { Migration } from '@mikro-orm/migrations';

/**
 * Read-your-writes on read replicas (docs/replicas.md), which exist on PostgreSQL only: the
 * table is here too so both databases have the same tables, and stays empty.
 */
export class Migration20261204180000_WritePositions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`write_position\` (\`token_id\` integer not null primary key, \`lsn\` text not null);`);
  }
}
