import { Migration } from '@mikro-orm/migrations';

/**
 * The write pipeline (ARCHITECTURE.md "The write pipeline"): the outbox of domain events a
 * write records in its own transaction, each consumer's position in it, and when each red
 * flag was computed (flags are recomputed by a consumer after the write, no longer in it).
 * Flags already stored get the time of the bulk run that made them.
 */
export class Migration20261203163457_WritePipeline extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "red_flag" add column "computed_at_ms" bigint null;`);
    this.addSql(
      `update "red_flag" set "computed_at_ms" = (select cast("value" as bigint) from "red_flag_statistic" where "code" = '*' and "name" = 'computed_at_ms');`,
    );
    this.addSql(
      `create table "outbox_event" ("id" bigserial primary key, "type" varchar(64) not null, "subject_type" varchar(32) not null, "subject_id" int null, "project_id" int null, "local_pilot_id" int null, "data" text null, "recorded_at_ms" bigint not null);`,
    );
    this.addSql(`create index "outbox_event_recorded_at_ms_index" on "outbox_event" ("recorded_at_ms");`);
    this.addSql(
      `create table "outbox_consumer" ("name" varchar(64) not null primary key, "position" bigint not null, "failures" int not null default 0, "last_error" varchar(200) null);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "red_flag" drop column "computed_at_ms";`);
    this.addSql(`drop table if exists "outbox_event";`);
    this.addSql(`drop table if exists "outbox_consumer";`);
  }
}
