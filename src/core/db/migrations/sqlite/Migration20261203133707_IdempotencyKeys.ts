import { Migration } from '@mikro-orm/migrations';

/**
 * Keys of mutations sent with an `Idempotency-Key` header, per caller, kept for the window
 * (README "Writing data"; src/core/graphql/idempotency.ts).
 */
export class Migration20261203133707_IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`idempotency_key\` (\`id\` integer not null primary key autoincrement, \`token_id\` integer not null, \`key\` text not null, \`fingerprint\` char(64) not null, \`operation\` text not null, \`outcome\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`idempotency_key_created_at_index\` on \`idempotency_key\` (\`created_at\`);`);
    this.addSql(`create unique index \`idempotency_key_token_id_key_unique\` on \`idempotency_key\` (\`token_id\`, \`key\`);`);
  }
}
