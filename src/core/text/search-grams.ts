import type { Knex } from '@mikro-orm/knex';
import { escapeLike, searchTerms } from './search-text.js';

/**
 * Substring search backed by the `search_gram` index (migration SearchGrams): every
 * two-character piece of a row's `search_text`, and its last character, with the row's id.
 * Triggers keep it in step with every write on both databases.
 *
 * A needle of two or more characters needs rows holding each of its two-character pieces
 * (an index lookup per piece, at most MAX_GRAMS of them); one character, rows with a piece
 * starting with it (an index range). The LIKE on `search_text` then keeps only true
 * substrings (the pieces may occur apart), so results are exactly those of a plain LIKE.
 */
export type SearchKind = 'p' | 'm' | 'b' | 't';

/** Pieces looked up per needle; the LIKE checks the rest. Spread over the needle. */
const MAX_GRAMS = 6;

/** The highest code point, as a range end: every piece starting with `c` is below `c` + this. */
const TOP = String.fromCodePoint(0x10ffff);

/** The distinct two-character pieces of a needle, in code points like SQL's substr. */
export function gramsOf(needle: string): string[] {
  const chars = [...needle];
  if (chars.length < 2) return [];
  const all = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
  if (all.length <= MAX_GRAMS) return all;
  return Array.from({ length: MAX_GRAMS }, (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_GRAMS - 1))]);
}

/** Restricts a query over `<table> AS alias` to rows whose search text contains every term of `query` (`searchTerms`). */
export function whereTextContains(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, query: string): void {
  for (const term of searchTerms(query)) whereTermContained(qb, alias, kind, term);
}

/** A searchable table, by its name and the kind its rows have in the index. */
export interface SearchSource {
  table: string;
  kind: SearchKind;
}

/**
 * Fills `sub` as `SELECT id FROM <source.table>` whose search text contains `term` (one term
 * of `searchTerms`): for a row found through rows of other tables (a round by its service's
 * name or its bidders' names), each source still index-backed.
 */
export function selectIdsContaining(sub: Knex.QueryBuilder, source: SearchSource, term: string): void {
  sub.select('x.id').from(`${source.table} as x`);
  whereTermContained(sub, 'x', source.kind, term);
}

/** One term of a search (normalised, no space): the index narrows, the LIKE decides. */
function whereTermContained(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, needle: string): void {
  const grams = gramsOf(needle);
  if (grams.length === 0) {
    qb.whereIn(`${alias}.id`, (sub: Knex.QueryBuilder) =>
      sub
        .select('row_id')
        .from('search_gram')
        .where('kind', kind)
        .andWhere('gram', '>=', needle)
        .andWhere('gram', '<', needle + TOP),
    );
  } else {
    for (const gram of grams) {
      qb.whereIn(`${alias}.id`, (sub: Knex.QueryBuilder) =>
        sub.select('row_id').from('search_gram').where('kind', kind).andWhere('gram', gram),
      );
    }
  }
  qb.whereRaw(`${alias}.search_text LIKE ? ESCAPE '\\'`, [`%${escapeLike(needle)}%`]);
}
