import { Migration } from '@mikro-orm/migrations';

/** Evaluations are corrected through the API (correctEvaluation) under optimistic concurrency: they get a version. */
export class Migration20261204160157_EvaluationVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`evaluation\` add column \`version\` integer not null default 1;`);
  }
}
