import { Migration } from '@mikro-orm/migrations';

export class Migration20261128052918_Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "basic_policy" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "title" varchar(300) not null, "decided_on" varchar(10) not null, "fiscal_year" int not null, "supersedes_id" int null, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', "source_note" text null);`,
    );
    this.addSql(`create index "basic_policy_decided_on_index" on "basic_policy" ("decided_on");`);
    this.addSql(`create index "basic_policy_fiscal_year_index" on "basic_policy" ("fiscal_year");`);

    this.addSql(
      `create table "bidder" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(300) not null, "corporate_number" varchar(13) null, "kind" text check ("kind" in ('PRIVATE', 'PUBLIC_SECTOR')) not null, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', "search_text" text not null default '');`,
    );
    this.addSql(`alter table "bidder" add constraint "bidder_corporate_number_unique" unique ("corporate_number");`);

    this.addSql(
      `create table "change" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "at" timestamptz not null, "actor_token_id" int null, "actor_name" varchar(100) not null, "actor_role" text check ("actor_role" in ('ANONYMOUS', 'MINISTRY', 'MUNICIPALITY', 'ADMIN')) not null, "action" varchar(60) not null, "object_type" varchar(40) not null, "object_id" int not null, "before" jsonb null, "after" jsonb null, "note" text null, "sealed_tender_id" int null);`,
    );
    this.addSql(`create index "change_at_index" on "change" ("at");`);
    this.addSql(`create index "change_actor_token_id_index" on "change" ("actor_token_id");`);
    this.addSql(`create index "change_sealed_tender_id_index" on "change" ("sealed_tender_id");`);
    this.addSql(`create index "change_object_type_object_id_id_index" on "change" ("object_type", "object_id", "id");`);

    this.addSql(
      `create table "ministry" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(32) not null, "name" varchar(200) not null, "name_en" varchar(200) not null, "kind" text check ("kind" in ('MINISTRY', 'AGENCY', 'INCORPORATED_ADMINISTRATIVE_AGENCY', 'SPECIAL_CORPORATION')) not null, "parent_id" int null);`,
    );
    this.addSql(`alter table "ministry" add constraint "ministry_code_unique" unique ("code");`);

    this.addSql(
      `create table "municipality" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(6) not null, "name" varchar(100) not null, "kana" varchar(200) not null, "kind" text check ("kind" in ('PREFECTURE', 'MUNICIPALITY', 'WARD')) not null, "prefecture_number" varchar(2) not null, "prefecture_id" int null, "city_id" int null, "search_text" text not null default '');`,
    );
    this.addSql(`alter table "municipality" add constraint "municipality_code_unique" unique ("code");`);
    this.addSql(`create index "municipality_kind_index" on "municipality" ("kind");`);
    this.addSql(`create index "municipality_prefecture_number_index" on "municipality" ("prefecture_number");`);

    this.addSql(
      `create table "local_pilot" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "municipality_id" int not null, "title" varchar(300) not null, "summary" text null, "scheme" text check ("scheme" in ('SPECIFIC_PUBLIC_SERVICE', 'OWN_SCHEME')) not null, "services_list" varchar(400) not null, "status" text check ("status" in ('PLANNED', 'POLICY_ADOPTED', 'TENDERING', 'IN_OPERATION', 'ENDED', 'SUSPENDED')) not null default 'PLANNED', "version" int not null default 1, "started_on" varchar(10) null, "ended_on" varchar(10) null, "outcomes" jsonb not null, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', "source_note" text null);`,
    );
    this.addSql(`create index "local_pilot_status_index" on "local_pilot" ("status");`);

    this.addSql(
      `create table "api_token" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "role" text check ("role" in ('ANONYMOUS', 'MINISTRY', 'MUNICIPALITY', 'ADMIN')) not null, "ministry_id" int null, "municipality_id" int null, "secret_hash" char(64) not null, "revoked_at" timestamptz null);`,
    );

    this.addSql(
      `create table "target_project" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "ministry_id" int not null, "name" varchar(300) not null, "summary" text not null, "category" text check ("category" in ('COUNTER_SERVICE', 'COLLECTION', 'STATISTICAL_SURVEY', 'FACILITY_MANAGEMENT', 'IT_OPERATIONS', 'CALL_CENTER', 'TRAINING', 'RESEARCH', 'OTHER')) not null, "method" text check ("method" in ('PUBLIC_PRIVATE', 'PRIVATE')) not null, "baseline_annual_cost_yen" bigint not null, "status" text check ("status" in ('SELECTED', 'GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING', 'IN_OPERATION', 'UNDER_EVALUATION', 'EXITED', 'ABOLISHED')) not null default 'SELECTED', "version" int not null default 1, "selected_in_fiscal_year" int null, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', "source_note" text null, "search_text" text not null default '');`,
    );
    this.addSql(`create index "target_project_status_index" on "target_project" ("status");`);
    this.addSql(`create index "target_project_selected_in_fiscal_year_index" on "target_project" ("selected_in_fiscal_year");`);
    this.addSql(`create index "target_project_ministry_id_updated_at_id_index" on "target_project" ("ministry_id", "updated_at", "id");`);

    this.addSql(
      `create table "policy_entry" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "policy_id" int not null, "project_id" int not null, "action" text check ("action" in ('SELECT', 'REVISE', 'CONTINUE', 'END', 'ABOLISH')) not null, "method" text check ("method" in ('PUBLIC_PRIVATE', 'PRIVATE')) not null, "planned_tender_fiscal_year" int null, "contract_years" int null, "notes" text null);`,
    );
    this.addSql(`alter table "policy_entry" add constraint "policy_entry_policy_id_project_id_unique" unique ("policy_id", "project_id");`);

    this.addSql(
      `create table "guideline_milestone" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "project_id" int not null, "kind" text check ("kind" in ('DRAFT_PREPARED', 'PUBLIC_COMMENT_OPENED', 'PUBLIC_COMMENT_CLOSED', 'SUBCOMMITTEE_REVIEWED', 'COMMITTEE_APPROVED', 'GUIDELINES_FIXED')) not null, "occurred_on" varchar(10) not null, "ends_on" varchar(10) null, "note" text null);`,
    );

    this.addSql(
      `create table "tender" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "project_id" int null, "local_pilot_id" int null, "round" int not null, "title" varchar(300) not null, "announced_on" varchar(10) not null, "bid_deadline" varchar(10) not null, "opened_on" varchar(10) null, "award_criteria" text check ("award_criteria" in ('LOWEST_PRICE', 'RATED')) not null, "reserve_price_yen" bigint null, "contract_start" varchar(10) not null, "contract_end" varchar(10) not null, "status" text check ("status" in ('PLANNED', 'OPEN', 'CLOSED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED')) not null default 'PLANNED', "contract_amount_yen" bigint null, "negotiated_after_failure" boolean not null default false, "outcome_note" text null, "fiscal_year" int not null, "contract_months" int not null, "bid_count" int not null default 0, "version" int not null default 1, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', "source_note" text null, constraint tender_owner_check check ((project_id is null) <> (local_pilot_id is null)));`,
    );
    this.addSql(`create index "tender_status_index" on "tender" ("status");`);
    this.addSql(`create index "tender_contract_amount_yen_id_index" on "tender" ("contract_amount_yen", "id");`);
    this.addSql(`create index "tender_announced_on_id_index" on "tender" ("announced_on", "id");`);
    this.addSql(`create index "tender_fiscal_year_status_index" on "tender" ("fiscal_year", "status");`);
    this.addSql(`alter table "tender" add constraint "tender_local_pilot_id_round_unique" unique ("local_pilot_id", "round");`);
    this.addSql(`alter table "tender" add constraint "tender_project_id_round_unique" unique ("project_id", "round");`);

    this.addSql(
      `create table "evaluation" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "project_id" int not null, "tender_id" int not null, "fiscal_year" int not null, "quality_targets" jsonb not null, "serious_problems" boolean not null, "cost_reduction_yen" bigint null, "cost_reduction_rate" double precision null, "decision" text check ("decision" in ('EXIT', 'CONTINUE', 'RETENDER_WITH_IMPROVEMENTS')) not null, "decided_on" varchar(10) not null, "summary" text not null, "data_source" text check ("data_source" in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED');`,
    );
    this.addSql(`create index "evaluation_fiscal_year_index" on "evaluation" ("fiscal_year");`);

    this.addSql(
      `create table "bid" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tender_id" int not null, "bidder_id" int not null, "amount_yen" bigint not null, "technical_score" double precision null, "total_score" double precision null, "status" text check ("status" in ('SUBMITTED', 'VALID', 'INVALID', 'WON', 'LOST', 'WITHDRAWN')) not null default 'SUBMITTED', "submitted_at" timestamptz not null);`,
    );
    this.addSql(`alter table "bid" add constraint "bid_tender_id_bidder_id_unique" unique ("tender_id", "bidder_id");`);

    this.addSql(
      `alter table "basic_policy" add constraint "basic_policy_supersedes_id_foreign" foreign key ("supersedes_id") references "basic_policy" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ministry" add constraint "ministry_parent_id_foreign" foreign key ("parent_id") references "ministry" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "municipality" add constraint "municipality_prefecture_id_foreign" foreign key ("prefecture_id") references "municipality" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "municipality" add constraint "municipality_city_id_foreign" foreign key ("city_id") references "municipality" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "local_pilot" add constraint "local_pilot_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "api_token" add constraint "api_token_ministry_id_foreign" foreign key ("ministry_id") references "ministry" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "api_token" add constraint "api_token_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "target_project" add constraint "target_project_ministry_id_foreign" foreign key ("ministry_id") references "ministry" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "policy_entry" add constraint "policy_entry_policy_id_foreign" foreign key ("policy_id") references "basic_policy" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "policy_entry" add constraint "policy_entry_project_id_foreign" foreign key ("project_id") references "target_project" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "guideline_milestone" add constraint "guideline_milestone_project_id_foreign" foreign key ("project_id") references "target_project" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "tender" add constraint "tender_project_id_foreign" foreign key ("project_id") references "target_project" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "tender" add constraint "tender_local_pilot_id_foreign" foreign key ("local_pilot_id") references "local_pilot" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "evaluation" add constraint "evaluation_project_id_foreign" foreign key ("project_id") references "target_project" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "evaluation" add constraint "evaluation_tender_id_foreign" foreign key ("tender_id") references "tender" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "bid" add constraint "bid_tender_id_foreign" foreign key ("tender_id") references "tender" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "bid" add constraint "bid_bidder_id_foreign" foreign key ("bidder_id") references "bidder" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "basic_policy" drop constraint "basic_policy_supersedes_id_foreign";`);

    this.addSql(`alter table "policy_entry" drop constraint "policy_entry_policy_id_foreign";`);

    this.addSql(`alter table "bid" drop constraint "bid_bidder_id_foreign";`);

    this.addSql(`alter table "ministry" drop constraint "ministry_parent_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_ministry_id_foreign";`);

    this.addSql(`alter table "target_project" drop constraint "target_project_ministry_id_foreign";`);

    this.addSql(`alter table "municipality" drop constraint "municipality_prefecture_id_foreign";`);

    this.addSql(`alter table "municipality" drop constraint "municipality_city_id_foreign";`);

    this.addSql(`alter table "local_pilot" drop constraint "local_pilot_municipality_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_municipality_id_foreign";`);

    this.addSql(`alter table "tender" drop constraint "tender_local_pilot_id_foreign";`);

    this.addSql(`alter table "policy_entry" drop constraint "policy_entry_project_id_foreign";`);

    this.addSql(`alter table "guideline_milestone" drop constraint "guideline_milestone_project_id_foreign";`);

    this.addSql(`alter table "tender" drop constraint "tender_project_id_foreign";`);

    this.addSql(`alter table "evaluation" drop constraint "evaluation_project_id_foreign";`);

    this.addSql(`alter table "evaluation" drop constraint "evaluation_tender_id_foreign";`);

    this.addSql(`alter table "bid" drop constraint "bid_tender_id_foreign";`);

    this.addSql(`drop table if exists "basic_policy" cascade;`);

    this.addSql(`drop table if exists "bidder" cascade;`);

    this.addSql(`drop table if exists "change" cascade;`);

    this.addSql(`drop table if exists "ministry" cascade;`);

    this.addSql(`drop table if exists "municipality" cascade;`);

    this.addSql(`drop table if exists "local_pilot" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop table if exists "target_project" cascade;`);

    this.addSql(`drop table if exists "policy_entry" cascade;`);

    this.addSql(`drop table if exists "guideline_milestone" cascade;`);

    this.addSql(`drop table if exists "tender" cascade;`);

    this.addSql(`drop table if exists "evaluation" cascade;`);

    this.addSql(`drop table if exists "bid" cascade;`);
  }
}
