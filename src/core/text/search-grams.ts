import type { Knex } from '@mikro-orm/knex';
import { badUserInput } from '../graphql/errors.js';
import { escapeLike, searchTerms, tooManySearchTerms } from './search-text.js';

/**
 * Substring search backed by the `search_gram` index (migration SearchGrams): every
 * two-character piece of a row's `search_text`, and its last character, with the row's id.
 * Triggers keep it in step with every write on both databases.
 *
 * A needle of two or more characters needs rows holding each of its two-character pieces
 * (an index lookup per piece, at most MAX_GRAMS of them); one character, rows with a piece
 * starting with it (an index range). For a needle of three or more characters the LIKE on
 * `search_text` then keeps only true substrings (the pieces may occur apart); one of one or two
 * characters is found exactly by its lookup. Results are exactly those of a plain LIKE.
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

/**
 * The terms of a search a list runs (`searchTerms`), or BAD_USER_INPUT on `argumentName` for
 * more than MAX_SEARCH_TERMS of them: every term is index lookups, and a pasted page of text
 * would run thousands.
 */
export function searchedTerms(query: string, argumentName = 'query'): string[] {
  const terms = searchTerms(query);
  const refusal = tooManySearchTerms(terms);
  if (refusal) throw badUserInput(refusal, argumentName);
  return terms;
}

/** Restricts a query over `<table> AS alias` to rows whose search text contains every term of `query` (`searchedTerms`). */
export function whereTextContains(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, query: string): void {
  whereTermsContained(qb, alias, kind, searchedTerms(query));
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
  whereTermsContained(sub, 'x', source.kind, [term]);
}

/**
 * Terms of a search (normalised, no spaces): the index narrows, the LIKE decides. The rows
 * holding every piece of every term are one INTERSECT of the pieces' index lookups, so the
 * query has one subquery however many terms it has: PostgreSQL plans a semi-join per `IN`
 * subquery, and thirty of them took it seconds to plan for a few milliseconds of work.
 */
function whereTermsContained(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, terms: readonly string[]): void {
  if (!terms.length) return;
  const lookups = new Map<string, (b: Knex.QueryBuilder) => void>();
  for (const term of terms) {
    const grams = gramsOf(term);
    if (grams.length === 0) {
      lookups.set(`${term}…`, (b) =>
        b
          .select('row_id')
          .from('search_gram')
          .where('kind', kind)
          .andWhere('gram', '>=', term)
          .andWhere('gram', '<', term + TOP),
      );
    }
    for (const gram of grams) lookups.set(gram, (b) => b.select('row_id').from('search_gram').where('kind', kind).andWhere('gram', gram));
  }
  const [first, ...rest] = lookups.values();
  qb.whereIn(`${alias}.id`, (sub: Knex.QueryBuilder) => {
    first(sub);
    if (rest.length) sub.intersect(rest);
  });
  // A term of one or two characters is exactly its lookup: the row holds the piece (or a piece
  // starting with the character, or ends with it) just when the term occurs. Only longer terms,
  // whose pieces may occur apart, need the LIKE, which reads every candidate's whole text: at
  // scale 100 a two-character word such as 調査 has a third of all services as candidates.
  for (const term of terms) {
    if ([...term].length > 2) qb.whereRaw(`${alias}.search_text LIKE ? ESCAPE '\\'`, [`%${escapeLike(term)}%`]);
  }
}
