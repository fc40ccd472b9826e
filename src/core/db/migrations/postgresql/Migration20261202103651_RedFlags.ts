import { Migration } from '@mikro-orm/migrations';

export class Migration20261202103651_RedFlags extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "red_flag" ("id" serial primary key, "subject_type" text check ("subject_type" in ('TENDER', 'BIDDER', 'MINISTRY')) not null, "subject_id" int not null, "code" text check ("code" in ('R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058', 'MT01', 'MT02', 'MT03', 'MT04', 'MT05')) not null, "value" double precision not null, "explanation" text not null, "ministry_id" int null, "fiscal_year" int null);`,
    );
    this.addSql(`create index "red_flag_ministry_id_fiscal_year_index" on "red_flag" ("ministry_id", "fiscal_year");`);
    this.addSql(`create index "red_flag_code_id_index" on "red_flag" ("code", "id");`);
    this.addSql(
      `alter table "red_flag" add constraint "red_flag_subject_type_subject_id_code_unique" unique ("subject_type", "subject_id", "code");`,
    );

    this.addSql(
      `create table "red_flag_statistic" ("code" varchar(8) not null, "name" varchar(32) not null, "value" double precision null, constraint "red_flag_statistic_pkey" primary key ("code", "name"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "red_flag" cascade;`);

    this.addSql(`drop table if exists "red_flag_statistic" cascade;`);
  }
}
