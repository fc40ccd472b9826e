import { Migration } from '@mikro-orm/migrations';

/**
 * An index of every two-character piece (and the last character) of each searchable text, so
 * that a substring search as short as two characters (窓口) is an index lookup, not a scan:
 * Japanese has no spaces to split words on, and a trigram index cannot serve two characters.
 * Triggers keep it in step with `search_text` on every write path. See core/text/search-grams.ts.
 */
const SOURCES = [
  ['p', 'target_project'],
  ['m', 'municipality'],
  ['b', 'bidder'],
] as const;

/** Longest searchable text indexed in full (names of 300 and summaries of 4,000, after NFKC). */
const POSITIONS = 20_000;

export class Migration20261202121000_SearchGrams extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`search_gram\` (\`kind\` text not null, \`gram\` text not null, \`row_id\` integer not null, primary key (\`kind\`, \`gram\`, \`row_id\`)) without rowid;`,
    );
    this.addSql(`create index \`search_gram_row_index\` on \`search_gram\` (\`kind\`, \`row_id\`);`);
    this.addSql(`create table \`search_gram_position\` (\`n\` integer not null primary key);`);
    this.addSql(
      `insert into \`search_gram_position\` (\`n\`) with recursive p(n) as (select 1 union all select n + 1 from p where n < ${POSITIONS}) select n from p;`,
    );
    for (const [kind, table] of SOURCES) {
      const insert = (row: string) =>
        `insert or ignore into search_gram (kind, gram, row_id) select '${kind}', substr(${row}.search_text, n, 2), ${row}.id from search_gram_position where n <= length(${row}.search_text)`;
      this.addSql(`create trigger \`${table}_search_gram_insert\` after insert on \`${table}\` begin ${insert('new')}; end;`);
      this.addSql(
        `create trigger \`${table}_search_gram_update\` after update of search_text on \`${table}\` when old.search_text is not new.search_text begin delete from search_gram where kind = '${kind}' and row_id = old.id; ${insert('new')}; end;`,
      );
      this.addSql(
        `create trigger \`${table}_search_gram_delete\` after delete on \`${table}\` begin delete from search_gram where kind = '${kind}' and row_id = old.id; end;`,
      );
      this.addSql(`${insert('t').replace(`from search_gram_position`, `from \`${table}\` t join search_gram_position on 1 = 1`)};`);
    }
  }
}
