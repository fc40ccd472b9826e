import { Migration } from '@mikro-orm/migrations';

/**
 * The write pipeline (ARCHITECTURE.md "The write pipeline"): the outbox of domain events a
 * write records in its own transaction, each consumer's position in it, and when each red
 * flag was computed (flags are recomputed by a consumer after the write, no longer in it).
 * Flags already stored get the time of the bulk run that made them.
 */
export class Migration20261203163456_WritePipeline extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`red_flag\` add column \`computed_at_ms\` bigint null;`);
    this.addSql(
      `update \`red_flag\` set \`computed_at_ms\` = (select cast(\`value\` as bigint) from \`red_flag_statistic\` where \`code\` = '*' and \`name\` = 'computed_at_ms');`,
    );
    this.addSql(
      `create table \`outbox_event\` (\`id\` integer not null primary key autoincrement, \`type\` text not null, \`subject_type\` text not null, \`subject_id\` integer null, \`project_id\` integer null, \`local_pilot_id\` integer null, \`data\` text null, \`recorded_at_ms\` bigint not null);`,
    );
    this.addSql(`create index \`outbox_event_recorded_at_ms_index\` on \`outbox_event\` (\`recorded_at_ms\`);`);
    this.addSql(
      `create table \`outbox_consumer\` (\`name\` text not null primary key, \`position\` bigint not null, \`failures\` integer not null default 0, \`last_error\` text null);`,
    );
  }
}
