import { Migration } from '@mikro-orm/migrations';

export class Migration20261128062145_RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`rate_limit\` (\`key\` text not null, \`points\` integer not null default 0, \`expire\` bigint null, primary key (\`key\`));`,
    );
  }
}
