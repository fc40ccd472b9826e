import { Migration } from '@mikro-orm/migrations';

export class Migration20261203193439_Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`public_event\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`outbox_event_id\` integer null, \`type\` text check (\`type\` in ('TENDER_ANNOUNCED', 'TENDER_STATUS_CHANGED', 'TENDER_DEADLINE_CHANGED', 'TENDER_CHANGED', 'TENDER_AWARDED', 'TENDER_UNSUCCESSFUL', 'TENDER_CANCELLED', 'SERVICE_CREATED', 'SERVICE_STATUS_CHANGED', 'EVALUATION_DECIDED', 'PILOT_REGISTERED', 'PILOT_STATUS_CHANGED', 'POLICY_ADOPTED')) not null, \`occurred_at_ms\` bigint not null, \`subject_type\` text not null, \`subject_id\` integer null, \`tender_id\` integer null, \`project_id\` integer null, \`local_pilot_id\` integer null, \`ministry_code\` text null, \`municipality_code\` text null, \`category\` text check (\`category\` in ('COUNTER_SERVICE', 'COLLECTION', 'STATISTICAL_SURVEY', 'FACILITY_MANAGEMENT', 'IT_OPERATIONS', 'CALL_CENTER', 'TRAINING', 'RESEARCH', 'OTHER')) null, \`status\` text null, \`service_status\` text null, \`amount_yen\` bigint null, \`title\` text not null, \`search_text\` text not null, \`data\` json not null);`,
    );
    this.addSql(`create unique index \`public_event_outbox_event_id_unique\` on \`public_event\` (\`outbox_event_id\`);`);
    this.addSql(`create index \`public_event_tender_id_index\` on \`public_event\` (\`tender_id\`);`);
    this.addSql(`create index \`public_event_project_id_index\` on \`public_event\` (\`project_id\`);`);
    this.addSql(`create index \`public_event_local_pilot_id_index\` on \`public_event\` (\`local_pilot_id\`);`);
    this.addSql(`create index \`public_event_type_occurred_at_ms_index\` on \`public_event\` (\`type\`, \`occurred_at_ms\`);`);

    this.addSql(
      `create table \`saved_search\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`token_id\` integer not null, \`name\` text not null, \`filter\` json not null, \`webhook_url\` text null, \`webhook_secret\` text null, \`version\` integer not null default 1, constraint \`saved_search_token_id_foreign\` foreign key(\`token_id\`) references \`api_token\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`saved_search_token_id_index\` on \`saved_search\` (\`token_id\`);`);

    this.addSql(
      `create table \`webhook_delivery\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`saved_search_id\` integer not null, \`event_id\` integer not null, \`status\` text check (\`status\` in ('PENDING', 'DELIVERED', 'DEAD')) not null default 'PENDING', \`attempts\` integer not null default 0, \`next_attempt_at_ms\` bigint not null, \`lease_until_ms\` bigint null, \`last_status_code\` integer null, \`last_error\` text null, \`delivered_at_ms\` bigint null, constraint \`webhook_delivery_saved_search_id_foreign\` foreign key(\`saved_search_id\`) references \`saved_search\`(\`id\`) on delete cascade on update cascade, constraint \`webhook_delivery_event_id_foreign\` foreign key(\`event_id\`) references \`public_event\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`webhook_delivery_saved_search_id_index\` on \`webhook_delivery\` (\`saved_search_id\`);`);
    this.addSql(`create index \`webhook_delivery_event_id_index\` on \`webhook_delivery\` (\`event_id\`);`);
    this.addSql(
      `create index \`webhook_delivery_status_next_attempt_at_ms_index\` on \`webhook_delivery\` (\`status\`, \`next_attempt_at_ms\`);`,
    );
    this.addSql(
      `create unique index \`webhook_delivery_saved_search_id_event_id_unique\` on \`webhook_delivery\` (\`saved_search_id\`, \`event_id\`);`,
    );

    this.addSql(
      `create table \`webhook_attempt\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`delivery_id\` integer not null, \`duration_ms\` integer not null, \`status_code\` integer null, \`error\` text null, constraint \`webhook_attempt_delivery_id_foreign\` foreign key(\`delivery_id\`) references \`webhook_delivery\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`webhook_attempt_delivery_id_index\` on \`webhook_attempt\` (\`delivery_id\`);`);
  }
}
