import { Migration } from '@mikro-orm/migrations';

/**
 * The search index's entries of target services (`search_gram`, kind 'p') carry the service's
 * name, and a partial index holds each piece's services in the list's default order (name,
 * then id). A page of a search for one piece (a word of two characters, such as 調査) is then
 * read from that index alone and stops after a page, however many services hold the word and
 * wherever they fall in name order (core/text/search-grams.ts `pieceInNameOrder`;
 * PERFORMANCE.md "Search pages from the index in name order"). The triggers write the name
 * with every piece and write the pieces again when the name changes, even where the search
 * text does not (two names can normalise alike).
 */
const POSITIONS = `search_gram_position where n <= length(new.search_text)`;
const INSERT = `insert or ignore into search_gram (kind, gram, row_id, row_name) select 'p', substr(new.search_text, n, 2), new.id, new.name from ${POSITIONS}`;

export class Migration20261207230000_SearchNameOrder extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `search_gram` add column `row_name` text null;');
    this.addSql('drop trigger `target_project_search_gram_insert`;');
    this.addSql('drop trigger `target_project_search_gram_update`;');
    this.addSql(`create trigger \`target_project_search_gram_insert\` after insert on \`target_project\` begin ${INSERT}; end;`);
    this.addSql(
      `create trigger \`target_project_search_gram_update\` after update of search_text, name on \`target_project\` when old.search_text is not new.search_text or old.name is not new.name begin delete from search_gram where kind = 'p' and row_id = old.id; ${INSERT}; end;`,
    );
    this.addSql("update `search_gram` set `row_name` = (select p.name from target_project p where p.id = row_id) where kind = 'p';");
    this.addSql("create index `search_gram_name_order_index` on `search_gram` (`gram`, `row_name`, `row_id`) where kind = 'p';");
  }

  override async down(): Promise<void> {
    const insert = `insert or ignore into search_gram (kind, gram, row_id) select 'p', substr(new.search_text, n, 2), new.id from ${POSITIONS}`;
    this.addSql('drop index `search_gram_name_order_index`;');
    this.addSql('drop trigger `target_project_search_gram_insert`;');
    this.addSql('drop trigger `target_project_search_gram_update`;');
    this.addSql(`create trigger \`target_project_search_gram_insert\` after insert on \`target_project\` begin ${insert}; end;`);
    this.addSql(
      `create trigger \`target_project_search_gram_update\` after update of search_text on \`target_project\` when old.search_text is not new.search_text begin delete from search_gram where kind = 'p' and row_id = old.id; ${insert}; end;`,
    );
    this.addSql('alter table `search_gram` drop column `row_name`;');
  }
}
