import { Migration } from '@mikro-orm/migrations';

/**
 * Keys of mutations sent with an `Idempotency-Key` header, per caller, kept for the window
 * (README "Writing data"; src/core/graphql/idempotency.ts).
 */
export class Migration20261203133707_IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "idempotency_key" ("id" serial primary key, "token_id" int not null, "key" varchar(200) not null, "fingerprint" char(64) not null, "operation" varchar(100) not null, "outcome" varchar(200) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_token_id_key_unique" unique ("token_id", "key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }
}
