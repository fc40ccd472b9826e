import { Migration } from '@mikro-orm/migrations';

/**
 * An index of every two-character piece (and the last character) of each searchable text, so
 * that a substring search as short as two characters (窓口) is an index lookup, not a scan:
 * Japanese has no spaces to split words on, and pg_trgm cannot serve two characters.
 * A trigger keeps it in step with `search_text` on every write path. See core/text/search-grams.ts.
 */
const SOURCES = [
  ['p', 'target_project'],
  ['m', 'municipality'],
  ['b', 'bidder'],
] as const;

export class Migration20261202121000_SearchGrams extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "search_gram" ("kind" char(1) not null, "gram" text collate "C" not null, "row_id" int not null, primary key ("kind", "gram", "row_id"));`,
    );
    this.addSql(`create index "search_gram_row_index" on "search_gram" ("kind", "row_id");`);
    this.addSql(`create function search_gram_refresh() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then
    delete from search_gram where kind = tg_argv[0] and row_id = old.id;
  end if;
  if tg_op <> 'DELETE' then
    insert into search_gram (kind, gram, row_id)
      select distinct tg_argv[0], substr(new.search_text, n, 2), new.id from generate_series(1, length(new.search_text)) n
      on conflict do nothing;
  end if;
  return null;
end $$;`);
    for (const [kind, table] of SOURCES) {
      this.addSql(
        `create trigger "${table}_search_gram_insert" after insert or delete on "${table}" for each row execute function search_gram_refresh('${kind}');`,
      );
      this.addSql(
        `create trigger "${table}_search_gram_update" after update of search_text on "${table}" for each row when (old.search_text is distinct from new.search_text) execute function search_gram_refresh('${kind}');`,
      );
      this.addSql(
        `insert into search_gram (kind, gram, row_id) select distinct '${kind}', substr(t.search_text, n, 2), t.id from "${table}" t, generate_series(1, length(t.search_text)) n on conflict do nothing;`,
      );
    }
  }
}
