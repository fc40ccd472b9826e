import { Migration } from '@mikro-orm/migrations';

/**
 * The search index's entries of target services (`search_gram`, kind 'p') carry the service's
 * name, and a partial index holds each piece's services in the list's default order (name in
 * code-point order, then id). A page of a search for one piece (a word of two characters, such
 * as 調査) is then read from that index alone and stops after a page, however many services
 * hold the word and wherever they fall in name order (core/text/search-grams.ts
 * `pieceInNameOrder`; PERFORMANCE.md "Search pages from the index in name order"). The
 * trigger writes the name with every piece and writes the pieces again when the name changes,
 * even where the search text does not (two names can normalise alike).
 */
export class Migration20261207230000_SearchNameOrder extends Migration {
  override async up(): Promise<void> {
    // Every service's pieces get its name: 3.2 million entries at scale 100, longer than the
    // pool's statement timeout (orm.ts) allows a statement; for this migration's transaction alone.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`alter table "search_gram" add column "row_name" text collate "C" null;`);
    this.addSql(`create function search_gram_refresh_named() returns trigger language plpgsql as $$
declare
  piece_kind char(1) := tg_argv[0];
begin
  if tg_op <> 'INSERT' then
    delete from search_gram where kind = piece_kind and row_id = old.id;
  end if;
  if tg_op <> 'DELETE' then
    insert into search_gram (kind, gram, row_id, row_name)
      select distinct piece_kind, substr(new.search_text, n, 2), new.id, new.name from generate_series(1, length(new.search_text)) n
      on conflict do nothing;
  end if;
  return null;
end $$;`);
    this.addSql(`drop trigger "target_project_search_gram_insert" on "target_project";`);
    this.addSql(`drop trigger "target_project_search_gram_update" on "target_project";`);
    this.addSql(
      `create trigger "target_project_search_gram_insert" after insert or delete on "target_project" for each row execute function search_gram_refresh_named('p');`,
    );
    this.addSql(
      `create trigger "target_project_search_gram_update" after update of search_text, name on "target_project" for each row when (old.search_text is distinct from new.search_text or old.name is distinct from new.name) execute function search_gram_refresh_named('p');`,
    );
    this.addSql(`update "search_gram" g set "row_name" = p.name from "target_project" p where g.kind = 'p' and p.id = g.row_id;`);
    this.addSql(`create index "search_gram_name_order_index" on "search_gram" ("gram", "row_name", "row_id") where kind = 'p';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "search_gram_name_order_index";`);
    this.addSql(`drop trigger "target_project_search_gram_insert" on "target_project";`);
    this.addSql(`drop trigger "target_project_search_gram_update" on "target_project";`);
    this.addSql(
      `create trigger "target_project_search_gram_insert" after insert or delete on "target_project" for each row execute function search_gram_refresh('p');`,
    );
    this.addSql(
      `create trigger "target_project_search_gram_update" after update of search_text on "target_project" for each row when (old.search_text is distinct from new.search_text) execute function search_gram_refresh('p');`,
    );
    this.addSql(`drop function search_gram_refresh_named();`);
    this.addSql(`alter table "search_gram" drop column "row_name";`);
  }
}
