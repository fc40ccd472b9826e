import { Migration } from '@mikro-orm/migrations';

/**
 * History entries under a seal take their ids from a sequence of their own, stored negated,
 * so that they leave no gap in the ids everyone sees (docs/seal.md, "Sequences"); when the
 * round opens they are renumbered into the public sequence. SQLite needs no sequence: it
 * has one writer, which takes the smallest id less one.
 */
export class Migration20261203100000_SealedHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "sealed_change_id_seq" as bigint start with 1;`);
  }
}
