import { Migration } from '@mikro-orm/migrations';
import { normaliseForSearch } from '../../../text/search-text.js';

/**
 * Rounds become searchable (`TenderFilter.query`): `tender.search_text` holds the title as
 * search normalises it, and the `search_gram` index (migration SearchGrams) gains kind 't',
 * kept by the same trigger function as the other kinds. Existing rounds get their text here,
 * through the update trigger. Statements run in order (`execute`), as the fill needs the column.
 */
export class Migration20261204152358_TenderSearch extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table "tender" add column "search_text" text not null default '';`);
    await this.execute(
      `create trigger "tender_search_gram_insert" after insert or delete on "tender" for each row execute function search_gram_refresh('t');`,
    );
    await this.execute(
      `create trigger "tender_search_gram_update" after update of search_text on "tender" for each row when (old.search_text is distinct from new.search_text) execute function search_gram_refresh('t');`,
    );
    const rounds = (await this.execute('select id, title from "tender" order by id')) as { id: number; title: string }[];
    // A thousand rounds per statement: one round trip per round would take minutes at national scale.
    for (let i = 0; i < rounds.length; i += 1000) {
      const slice = rounds.slice(i, i + 1000);
      await this.execute(
        `update "tender" set search_text = v.text from (values ${slice.map(() => '(?::int, ?::text)').join(', ')}) as v(id, text) where "tender".id = v.id`,
        slice.flatMap((round) => [round.id, normaliseForSearch(round.title)]),
      );
    }
  }

  override async down(): Promise<void> {
    await this.execute(`drop trigger "tender_search_gram_update" on "tender";`);
    await this.execute(`drop trigger "tender_search_gram_insert" on "tender";`);
    await this.execute(`delete from search_gram where kind = 't';`);
    await this.execute(`alter table "tender" drop column "search_text";`);
  }
}
