import { Migration } from '@mikro-orm/migrations';
import { normaliseForSearch } from '../../../text/search-text.js';

/**
 * Services get a reading (`target_project.kana`, よみ), and search folds katakana to hiragana
 * (core/text/search-text.ts): every stored search text is normalised again, which changes
 * only those holding katakana; the search_gram trigger follows each change.
 */
const SEARCHABLE = ['target_project', 'municipality', 'bidder', 'tender', 'public_event'];

export class Migration20261204153548_Readings extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table "target_project" add column "kana" varchar(300) null;`);
    for (const table of SEARCHABLE) {
      const rows = (await this.execute(`select id, search_text from "${table}" order by id`)) as { id: number; search_text: string }[];
      const changed = rows
        .map((r) => ({ id: r.id, text: normaliseForSearch(r.search_text) }))
        .filter((r, i) => r.text !== rows[i].search_text);
      // A thousand rows per statement: one round trip per row would take minutes at national scale.
      for (let i = 0; i < changed.length; i += 1000) {
        const slice = changed.slice(i, i + 1000);
        await this.execute(
          `update "${table}" set search_text = v.text from (values ${slice.map(() => '(?::int, ?::text)').join(', ')}) as v(id, text) where "${table}".id = v.id`,
          slice.flatMap((r) => [r.id, r.text]),
        );
      }
    }
  }

  override async down(): Promise<void> {
    await this.execute(`alter table "target_project" drop column "kana";`);
  }
}
