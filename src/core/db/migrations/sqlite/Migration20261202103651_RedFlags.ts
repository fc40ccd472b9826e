import { Migration } from '@mikro-orm/migrations';

export class Migration20261202103651_RedFlags extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`red_flag\` (\`id\` integer not null primary key autoincrement, \`subject_type\` text check (\`subject_type\` in ('TENDER', 'BIDDER', 'MINISTRY')) not null, \`subject_id\` integer not null, \`code\` text check (\`code\` in ('R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058', 'MT01', 'MT02', 'MT03', 'MT04', 'MT05')) not null, \`value\` double not null, \`explanation\` text not null, \`ministry_id\` integer null, \`fiscal_year\` integer null);`,
    );
    this.addSql(`create index \`red_flag_ministry_id_fiscal_year_index\` on \`red_flag\` (\`ministry_id\`, \`fiscal_year\`);`);
    this.addSql(`create index \`red_flag_code_id_index\` on \`red_flag\` (\`code\`, \`id\`);`);
    this.addSql(
      `create unique index \`red_flag_subject_type_subject_id_code_unique\` on \`red_flag\` (\`subject_type\`, \`subject_id\`, \`code\`);`,
    );

    this.addSql(
      `create table \`red_flag_statistic\` (\`code\` text not null, \`name\` text not null, \`value\` double null, primary key (\`code\`, \`name\`));`,
    );
  }
}
