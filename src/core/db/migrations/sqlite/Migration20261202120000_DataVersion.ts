import { Migration } from '@mikro-orm/migrations';

/** One row counting committed writes: the response cache's validity check (src/core/http/response-cache.ts). */
export class Migration20261202120000_DataVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`data_version\` (\`id\` integer not null primary key, \`version\` integer not null default 0);`);
    this.addSql(`insert into \`data_version\` (\`id\`, \`version\`) values (1, 0);`);
  }
}
