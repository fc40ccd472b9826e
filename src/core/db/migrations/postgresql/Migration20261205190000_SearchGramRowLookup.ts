import { Migration } from '@mikro-orm/migrations';

/**
 * The search index's trigger (Migration20261202121000_SearchGrams) removed a row's old pieces
 * with `kind = tg_argv[0]`: a trigger argument is text and `kind` is char(1), so PostgreSQL
 * compared `kind::text = text`, which no index serves, and every change of a searchable text
 * scanned the whole of `search_gram` (about 760,000 rows at scale 10: some 30 ms, in parallel
 * workers, per write). Casting the argument to the column's type lets the delete use
 * `search_gram_row_index (kind, row_id)`. PERFORMANCE.md "Writes" has the figures;
 * tests/indexes.test.ts holds the plan.
 */
export class Migration20261205190000_SearchGramRowLookup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function search_gram_refresh() returns trigger language plpgsql as $$
declare
  piece_kind char(1) := tg_argv[0];
begin
  if tg_op <> 'INSERT' then
    delete from search_gram where kind = piece_kind and row_id = old.id;
  end if;
  if tg_op <> 'DELETE' then
    insert into search_gram (kind, gram, row_id)
      select distinct piece_kind, substr(new.search_text, n, 2), new.id from generate_series(1, length(new.search_text)) n
      on conflict do nothing;
  end if;
  return null;
end $$;`);
  }
}
