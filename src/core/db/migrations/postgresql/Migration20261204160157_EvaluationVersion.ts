import { Migration } from '@mikro-orm/migrations';

/** Evaluations are corrected through the API (correctEvaluation) under optimistic concurrency: they get a version. */
export class Migration20261204160157_EvaluationVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "evaluation" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "evaluation" drop column "version";`);
  }
}
