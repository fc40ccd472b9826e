import { Migration } from '@mikro-orm/migrations';

export class Migration20261203193439_Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "public_event" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "outbox_event_id" int null, "type" text check ("type" in ('TENDER_ANNOUNCED', 'TENDER_STATUS_CHANGED', 'TENDER_DEADLINE_CHANGED', 'TENDER_CHANGED', 'TENDER_AWARDED', 'TENDER_UNSUCCESSFUL', 'TENDER_CANCELLED', 'SERVICE_CREATED', 'SERVICE_STATUS_CHANGED', 'EVALUATION_DECIDED', 'PILOT_REGISTERED', 'PILOT_STATUS_CHANGED', 'POLICY_ADOPTED')) not null, "occurred_at_ms" bigint not null, "subject_type" varchar(40) not null, "subject_id" int null, "tender_id" int null, "project_id" int null, "local_pilot_id" int null, "ministry_code" varchar(20) null, "municipality_code" varchar(6) null, "category" text check ("category" in ('COUNTER_SERVICE', 'COLLECTION', 'STATISTICAL_SURVEY', 'FACILITY_MANAGEMENT', 'IT_OPERATIONS', 'CALL_CENTER', 'TRAINING', 'RESEARCH', 'OTHER')) null, "status" varchar(40) null, "service_status" varchar(40) null, "amount_yen" bigint null, "title" varchar(500) not null, "search_text" text not null, "data" jsonb not null);`,
    );
    this.addSql(`alter table "public_event" add constraint "public_event_outbox_event_id_unique" unique ("outbox_event_id");`);
    this.addSql(`create index "public_event_tender_id_index" on "public_event" ("tender_id");`);
    this.addSql(`create index "public_event_project_id_index" on "public_event" ("project_id");`);
    this.addSql(`create index "public_event_local_pilot_id_index" on "public_event" ("local_pilot_id");`);
    this.addSql(`create index "public_event_type_occurred_at_ms_index" on "public_event" ("type", "occurred_at_ms");`);

    this.addSql(
      `create table "saved_search" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "token_id" int not null, "name" varchar(100) not null, "filter" jsonb not null, "webhook_url" varchar(2000) null, "webhook_secret" varchar(100) null, "version" int not null default 1);`,
    );
    this.addSql(`create index "saved_search_token_id_index" on "saved_search" ("token_id");`);

    this.addSql(
      `create table "webhook_delivery" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "saved_search_id" int not null, "event_id" int not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'DEAD')) not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at_ms" bigint not null, "lease_until_ms" bigint null, "last_status_code" int null, "last_error" varchar(300) null, "delivered_at_ms" bigint null);`,
    );
    this.addSql(`create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_ms_index" on "webhook_delivery" ("status", "next_attempt_at_ms");`);
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_saved_search_id_event_id_unique" unique ("saved_search_id", "event_id");`,
    );

    this.addSql(
      `create table "webhook_attempt" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delivery_id" int not null, "duration_ms" int not null, "status_code" int null, "error" varchar(300) null);`,
    );
    this.addSql(`create index "webhook_attempt_delivery_id_index" on "webhook_attempt" ("delivery_id");`);

    this.addSql(
      `alter table "saved_search" add constraint "saved_search_token_id_foreign" foreign key ("token_id") references "api_token" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_saved_search_id_foreign" foreign key ("saved_search_id") references "saved_search" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "public_event" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_event_id_foreign";`);

    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_saved_search_id_foreign";`);

    this.addSql(`alter table "webhook_attempt" drop constraint "webhook_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "public_event" cascade;`);

    this.addSql(`drop table if exists "saved_search" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
  }
}
