import { Migration } from '@mikro-orm/migrations';
import { normaliseForSearch } from '../../../text/search-text.js';

/**
 * Rounds become searchable (`TenderFilter.query`): `tender.search_text` holds the title as
 * search normalises it, and the `search_gram` index (migration SearchGrams) gains kind 't',
 * kept by triggers like the other kinds. Existing rounds get their text here, through the
 * update trigger. Statements run in order (`execute`), as the fill needs the column.
 */
export class Migration20261204152357_TenderSearch extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table \`tender\` add column \`search_text\` text not null default '';`);
    const insert = `insert or ignore into search_gram (kind, gram, row_id) select 't', substr(new.search_text, n, 2), new.id from search_gram_position where n <= length(new.search_text)`;
    await this.execute(`create trigger \`tender_search_gram_insert\` after insert on \`tender\` begin ${insert}; end;`);
    await this.execute(
      `create trigger \`tender_search_gram_update\` after update of search_text on \`tender\` when old.search_text is not new.search_text begin delete from search_gram where kind = 't' and row_id = old.id; ${insert}; end;`,
    );
    await this.execute(
      `create trigger \`tender_search_gram_delete\` after delete on \`tender\` begin delete from search_gram where kind = 't' and row_id = old.id; end;`,
    );
    const rounds = (await this.execute('select id, title from `tender`')) as { id: number; title: string }[];
    for (const round of rounds) {
      await this.execute('update `tender` set search_text = ? where id = ?', [normaliseForSearch(round.title), round.id]);
    }
  }
}
