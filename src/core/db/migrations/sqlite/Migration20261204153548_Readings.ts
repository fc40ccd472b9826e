import { Migration } from '@mikro-orm/migrations';
import { normaliseForSearch } from '../../../text/search-text.js';

/**
 * Services get a reading (`target_project.kana`, よみ), and search folds katakana to hiragana
 * (core/text/search-text.ts): every stored search text is normalised again, which changes
 * only those holding katakana; the search_gram triggers follow each change.
 */
const SEARCHABLE = ['target_project', 'municipality', 'bidder', 'tender', 'public_event'];

export class Migration20261204153548_Readings extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table \`target_project\` add column \`kana\` text null;`);
    for (const table of SEARCHABLE) {
      const rows = (await this.execute(`select id, search_text from \`${table}\``)) as { id: number; search_text: string }[];
      for (const row of rows) {
        const text = normaliseForSearch(row.search_text);
        if (text !== row.search_text) await this.execute(`update \`${table}\` set search_text = ? where id = ?`, [text, row.id]);
      }
    }
  }
}
