import { Migration } from '@mikro-orm/migrations';

export class Migration20261128045222_Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`basic_policy\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`title\` text not null, \`decided_on\` varchar(10) not null, \`fiscal_year\` integer not null, \`supersedes_id\` integer null, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', \`source_note\` text null, constraint \`basic_policy_supersedes_id_foreign\` foreign key(\`supersedes_id\`) references \`basic_policy\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`basic_policy_decided_on_index\` on \`basic_policy\` (\`decided_on\`);`);
    this.addSql(`create index \`basic_policy_fiscal_year_index\` on \`basic_policy\` (\`fiscal_year\`);`);
    this.addSql(`create index \`basic_policy_supersedes_id_index\` on \`basic_policy\` (\`supersedes_id\`);`);

    this.addSql(
      `create table \`bidder\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`corporate_number\` varchar(13) null, \`kind\` text check (\`kind\` in ('PRIVATE', 'PUBLIC_SECTOR')) not null, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', \`search_text\` text not null default '');`,
    );
    this.addSql(`create unique index \`bidder_corporate_number_unique\` on \`bidder\` (\`corporate_number\`);`);

    this.addSql(
      `create table \`change\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`at\` datetime not null, \`actor_token_id\` integer null, \`actor_name\` text not null, \`actor_role\` text check (\`actor_role\` in ('ANONYMOUS', 'MINISTRY', 'MUNICIPALITY', 'ADMIN')) not null, \`action\` text not null, \`object_type\` text not null, \`object_id\` integer not null, \`before\` json null, \`after\` json null, \`note\` text null, \`sealed_tender_id\` integer null);`,
    );
    this.addSql(`create index \`change_at_index\` on \`change\` (\`at\`);`);
    this.addSql(`create index \`change_actor_token_id_index\` on \`change\` (\`actor_token_id\`);`);
    this.addSql(`create index \`change_sealed_tender_id_index\` on \`change\` (\`sealed_tender_id\`);`);
    this.addSql(`create index \`change_object_type_object_id_id_index\` on \`change\` (\`object_type\`, \`object_id\`, \`id\`);`);

    this.addSql(
      `create table \`ministry\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`kind\` text check (\`kind\` in ('MINISTRY', 'AGENCY', 'INCORPORATED_ADMINISTRATIVE_AGENCY', 'SPECIAL_CORPORATION')) not null, \`parent_id\` integer null, constraint \`ministry_parent_id_foreign\` foreign key(\`parent_id\`) references \`ministry\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create unique index \`ministry_code_unique\` on \`ministry\` (\`code\`);`);
    this.addSql(`create index \`ministry_parent_id_index\` on \`ministry\` (\`parent_id\`);`);

    this.addSql(
      `create table \`municipality\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` varchar(6) not null, \`name\` text not null, \`kana\` text not null, \`kind\` text check (\`kind\` in ('PREFECTURE', 'MUNICIPALITY', 'WARD')) not null, \`prefecture_number\` varchar(2) not null, \`prefecture_id\` integer null, \`city_id\` integer null, \`search_text\` text not null default '', constraint \`municipality_prefecture_id_foreign\` foreign key(\`prefecture_id\`) references \`municipality\`(\`id\`) on delete restrict on update cascade, constraint \`municipality_city_id_foreign\` foreign key(\`city_id\`) references \`municipality\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create unique index \`municipality_code_unique\` on \`municipality\` (\`code\`);`);
    this.addSql(`create index \`municipality_kind_index\` on \`municipality\` (\`kind\`);`);
    this.addSql(`create index \`municipality_prefecture_number_index\` on \`municipality\` (\`prefecture_number\`);`);
    this.addSql(`create index \`municipality_prefecture_id_index\` on \`municipality\` (\`prefecture_id\`);`);
    this.addSql(`create index \`municipality_city_id_index\` on \`municipality\` (\`city_id\`);`);

    this.addSql(
      `create table \`local_pilot\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`municipality_id\` integer not null, \`title\` text not null, \`summary\` text null, \`scheme\` text check (\`scheme\` in ('SPECIFIC_PUBLIC_SERVICE', 'OWN_SCHEME')) not null, \`services_list\` text not null, \`status\` text check (\`status\` in ('PLANNED', 'POLICY_ADOPTED', 'TENDERING', 'IN_OPERATION', 'ENDED', 'SUSPENDED')) not null default 'PLANNED', \`version\` integer not null default 1, \`started_on\` varchar(10) null, \`ended_on\` varchar(10) null, \`outcomes\` json not null, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', \`source_note\` text null, constraint \`local_pilot_municipality_id_foreign\` foreign key(\`municipality_id\`) references \`municipality\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`local_pilot_municipality_id_index\` on \`local_pilot\` (\`municipality_id\`);`);
    this.addSql(`create index \`local_pilot_status_index\` on \`local_pilot\` (\`status\`);`);

    this.addSql(
      `create table \`api_token\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`role\` text check (\`role\` in ('ANONYMOUS', 'MINISTRY', 'MUNICIPALITY', 'ADMIN')) not null, \`ministry_id\` integer null, \`municipality_id\` integer null, \`secret_hash\` char(64) not null, \`revoked_at\` datetime null, constraint \`api_token_ministry_id_foreign\` foreign key(\`ministry_id\`) references \`ministry\`(\`id\`) on delete restrict on update cascade, constraint \`api_token_municipality_id_foreign\` foreign key(\`municipality_id\`) references \`municipality\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`api_token_ministry_id_index\` on \`api_token\` (\`ministry_id\`);`);
    this.addSql(`create index \`api_token_municipality_id_index\` on \`api_token\` (\`municipality_id\`);`);

    this.addSql(
      `create table \`target_project\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`ministry_id\` integer not null, \`name\` text not null, \`summary\` text not null, \`category\` text check (\`category\` in ('COUNTER_SERVICE', 'COLLECTION', 'STATISTICAL_SURVEY', 'FACILITY_MANAGEMENT', 'IT_OPERATIONS', 'CALL_CENTER', 'TRAINING', 'RESEARCH', 'OTHER')) not null, \`method\` text check (\`method\` in ('PUBLIC_PRIVATE', 'PRIVATE')) not null, \`baseline_annual_cost_yen\` bigint not null, \`status\` text check (\`status\` in ('SELECTED', 'GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING', 'IN_OPERATION', 'UNDER_EVALUATION', 'EXITED', 'ABOLISHED')) not null default 'SELECTED', \`version\` integer not null default 1, \`selected_in_fiscal_year\` integer null, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', \`source_note\` text null, \`search_text\` text not null default '', constraint \`target_project_ministry_id_foreign\` foreign key(\`ministry_id\`) references \`ministry\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`target_project_ministry_id_index\` on \`target_project\` (\`ministry_id\`);`);
    this.addSql(`create index \`target_project_status_index\` on \`target_project\` (\`status\`);`);
    this.addSql(`create index \`target_project_selected_in_fiscal_year_index\` on \`target_project\` (\`selected_in_fiscal_year\`);`);
    this.addSql(
      `create index \`target_project_ministry_id_updated_at_id_index\` on \`target_project\` (\`ministry_id\`, \`updated_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`policy_entry\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`policy_id\` integer not null, \`project_id\` integer not null, \`action\` text check (\`action\` in ('SELECT', 'REVISE', 'CONTINUE', 'END', 'ABOLISH')) not null, \`method\` text check (\`method\` in ('PUBLIC_PRIVATE', 'PRIVATE')) not null, \`planned_tender_fiscal_year\` integer null, \`contract_years\` integer null, \`notes\` text null, constraint \`policy_entry_policy_id_foreign\` foreign key(\`policy_id\`) references \`basic_policy\`(\`id\`) on delete restrict on update cascade, constraint \`policy_entry_project_id_foreign\` foreign key(\`project_id\`) references \`target_project\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`policy_entry_policy_id_index\` on \`policy_entry\` (\`policy_id\`);`);
    this.addSql(`create index \`policy_entry_project_id_index\` on \`policy_entry\` (\`project_id\`);`);
    this.addSql(`create unique index \`policy_entry_policy_id_project_id_unique\` on \`policy_entry\` (\`policy_id\`, \`project_id\`);`);

    this.addSql(
      `create table \`guideline_milestone\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`project_id\` integer not null, \`kind\` text check (\`kind\` in ('DRAFT_PREPARED', 'PUBLIC_COMMENT_OPENED', 'PUBLIC_COMMENT_CLOSED', 'SUBCOMMITTEE_REVIEWED', 'COMMITTEE_APPROVED', 'GUIDELINES_FIXED')) not null, \`occurred_on\` varchar(10) not null, \`ends_on\` varchar(10) null, \`note\` text null, constraint \`guideline_milestone_project_id_foreign\` foreign key(\`project_id\`) references \`target_project\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`guideline_milestone_project_id_index\` on \`guideline_milestone\` (\`project_id\`);`);

    this.addSql(
      `create table \`tender\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`project_id\` integer null, \`local_pilot_id\` integer null, \`round\` integer not null, \`title\` text not null, \`announced_on\` varchar(10) not null, \`bid_deadline\` varchar(10) not null, \`opened_on\` varchar(10) null, \`award_criteria\` text check (\`award_criteria\` in ('LOWEST_PRICE', 'RATED')) not null, \`reserve_price_yen\` bigint null, \`contract_start\` varchar(10) not null, \`contract_end\` varchar(10) not null, \`status\` text check (\`status\` in ('PLANNED', 'OPEN', 'CLOSED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED')) not null default 'PLANNED', \`contract_amount_yen\` bigint null, \`negotiated_after_failure\` integer not null default false, \`outcome_note\` text null, \`fiscal_year\` integer not null, \`contract_months\` integer not null, \`bid_count\` integer not null default 0, \`version\` integer not null default 1, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', \`source_note\` text null, constraint \`tender_project_id_foreign\` foreign key(\`project_id\`) references \`target_project\`(\`id\`) on delete restrict on update cascade, constraint \`tender_local_pilot_id_foreign\` foreign key(\`local_pilot_id\`) references \`local_pilot\`(\`id\`) on delete restrict on update cascade, constraint tender_owner_check check ((project_id is null) <> (local_pilot_id is null)));`,
    );
    this.addSql(`create index \`tender_project_id_index\` on \`tender\` (\`project_id\`);`);
    this.addSql(`create index \`tender_local_pilot_id_index\` on \`tender\` (\`local_pilot_id\`);`);
    this.addSql(`create index \`tender_status_index\` on \`tender\` (\`status\`);`);
    this.addSql(`create index \`tender_contract_amount_yen_id_index\` on \`tender\` (\`contract_amount_yen\`, \`id\`);`);
    this.addSql(`create index \`tender_announced_on_id_index\` on \`tender\` (\`announced_on\`, \`id\`);`);
    this.addSql(`create index \`tender_fiscal_year_status_index\` on \`tender\` (\`fiscal_year\`, \`status\`);`);
    this.addSql(`create unique index \`tender_local_pilot_id_round_unique\` on \`tender\` (\`local_pilot_id\`, \`round\`);`);
    this.addSql(`create unique index \`tender_project_id_round_unique\` on \`tender\` (\`project_id\`, \`round\`);`);

    this.addSql(
      `create table \`evaluation\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`project_id\` integer not null, \`tender_id\` integer not null, \`fiscal_year\` integer not null, \`quality_targets\` json not null, \`serious_problems\` integer not null, \`cost_reduction_yen\` bigint null, \`cost_reduction_rate\` double null, \`decision\` text check (\`decision\` in ('EXIT', 'CONTINUE', 'RETENDER_WITH_IMPROVEMENTS')) not null, \`decided_on\` varchar(10) not null, \`summary\` text not null, \`data_source\` text check (\`data_source\` in ('ENTERED', 'IMPORTED', 'PUBLIC_RECORD', 'SAMPLE')) not null default 'ENTERED', constraint \`evaluation_project_id_foreign\` foreign key(\`project_id\`) references \`target_project\`(\`id\`) on delete restrict on update cascade, constraint \`evaluation_tender_id_foreign\` foreign key(\`tender_id\`) references \`tender\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`evaluation_project_id_index\` on \`evaluation\` (\`project_id\`);`);
    this.addSql(`create index \`evaluation_tender_id_index\` on \`evaluation\` (\`tender_id\`);`);
    this.addSql(`create index \`evaluation_fiscal_year_index\` on \`evaluation\` (\`fiscal_year\`);`);

    this.addSql(
      `create table \`bid\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tender_id\` integer not null, \`bidder_id\` integer not null, \`amount_yen\` bigint not null, \`technical_score\` double null, \`total_score\` double null, \`status\` text check (\`status\` in ('SUBMITTED', 'VALID', 'INVALID', 'WON', 'LOST', 'WITHDRAWN')) not null default 'SUBMITTED', \`submitted_at\` datetime not null, constraint \`bid_tender_id_foreign\` foreign key(\`tender_id\`) references \`tender\`(\`id\`) on delete restrict on update cascade, constraint \`bid_bidder_id_foreign\` foreign key(\`bidder_id\`) references \`bidder\`(\`id\`) on delete restrict on update cascade);`,
    );
    this.addSql(`create index \`bid_tender_id_index\` on \`bid\` (\`tender_id\`);`);
    this.addSql(`create index \`bid_bidder_id_index\` on \`bid\` (\`bidder_id\`);`);
    this.addSql(`create unique index \`bid_tender_id_bidder_id_unique\` on \`bid\` (\`tender_id\`, \`bidder_id\`);`);
  }
}
