import { Migration } from '@mikro-orm/migrations';

/**
 * Read-your-writes on read replicas (docs/replicas.md): per token, the primary's WAL position
 * after its last write; a replica serves that token's reads only once it has replayed it.
 */
export class Migration20261204180000_WritePositions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "write_position" ("token_id" int not null primary key, "lsn" pg_lsn not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "write_position";`);
  }
}
