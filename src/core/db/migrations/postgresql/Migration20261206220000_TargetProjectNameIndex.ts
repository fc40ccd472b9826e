import { Migration } from '@mikro-orm/migrations';

/**
 * Target services in the order of their default list (name, then id), so that a page of a
 * search for a common word is read along the index, testing each service against the search
 * index, and stops after a page instead of reading and sorting every match
 * (core/text/search-grams.ts `searchReadsInListOrder`; PERFORMANCE.md "Search read in the
 * list's order"). The list orders names in code-point order (`COLLATE "C"`, docs/api.md "Order
 * fields"), and so does the index.
 */
export class Migration20261206220000_TargetProjectNameIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "target_project_name_id_index" on target_project ((name collate "C"), id);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index "target_project_name_id_index";');
  }
}
