import type { Knex } from '@mikro-orm/knex';
import { badUserInput } from '../graphql/errors.js';
import type { KeyIndex } from '../graphql/pagination/list-query.js';
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

/**
 * Restricts a query over `<table> AS alias` to rows whose search text contains every term of
 * `query` (`searchedTerms`). With `inListOrder` (`searchReadsInListOrder`) the rows are tested
 * against the index's answer instead of looked up by it, so the database reads the list's own
 * order index and stops after a page.
 */
export function whereTextContains(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, query: string, inListOrder = false): void {
  whereTermsContained(qb, alias, kind, searchedTerms(query), inListOrder);
}

/** A searchable table, by its name and the kind its rows have in the index. */
export interface SearchSource {
  table: string;
  kind: SearchKind;
}

/** What the index says of a search before any row is read (`planSearch`). */
export interface SearchPlan {
  /** Rows holding every piece of every term: exactly the rows that match when `isExactSearch` holds for the terms. */
  candidates: number;
  /** The table's highest id: about how many rows it holds. */
  rows: number;
}

/**
 * One statement over the index alone: how many rows of `source` hold every piece of every
 * term of `query` (`searchedTerms`), and how many rows the table holds. Null for a query with
 * no terms (blank), which restricts nothing. For a list filtered by the search alone this is
 * its `totalCount` when its terms are exact (`isExactSearch`; the index's triggers keep one entry per
 * row and piece, and delete a row's entries with it), and it tells SQLite how to read the
 * page (`searchReadsInListOrder`).
 */
export async function planSearch(knex: Knex, source: SearchSource, query: string): Promise<SearchPlan | null> {
  const terms = searchedTerms(query);
  if (!terms.length) return null;
  const ids = knex.queryBuilder();
  matchingIds(ids, source.kind, terms);
  const [row] = (await knex.select({
    candidates: knex.from(ids.as('c')).count('*'),
    rows: knex(source.table).max('id'),
  })) as { candidates: number | string; rows: number | string | null }[];
  return { candidates: Number(row!.candidates), rows: Number(row!.rows ?? 0) };
}

/** Whether the index alone answers a search of these terms (`searchedTerms`): each has one or two characters, so no LIKE follows. */
export function isExactSearch(terms: readonly string[]): boolean {
  return terms.every((term) => [...term].length <= 2);
}

/**
 * The one piece a search is, when it is exactly one (a single term of two characters, such as
 * 調査): its index entries are then exactly the matching rows, so a page and the count can be
 * read from them alone (`rowsInNameOrder`). Null for anything else.
 */
export function onePiece(terms: readonly string[]): string | null {
  return terms.length === 1 && [...terms[0]!].length === 2 ? gramsOf(terms[0]!)[0]! : null;
}

/**
 * The target services holding `piece` (`onePiece`), as the search index keeps them in their
 * list's default order: each entry carries its service's name, and a partial index holds a
 * piece's entries by (name, id) (migration SearchNameOrder). A page is read from it alone and
 * stops, at any scale and wherever the matches fall in name order; the count reads the piece's
 * entries and no service (PERFORMANCE.md "Search pages from the index in name order"). The
 * kind is written into the statement, not bound, so that a prepared statement's generic plan
 * may use the partial index.
 */
export function rowsInNameOrder(piece: string): KeyIndex {
  return {
    rows: (knex) => knex('search_gram as g').whereRaw(`g.kind = 'p'`).andWhere('g.gram', piece),
    keys: ['g.row_name', 'g.row_id'],
  };
}

/**
 * Whether to read a page of `pageRows` rows of a list filtered by this search alone along the
 * list's order index (`whereTextContains(…, inListOrder)`), testing each row against the
 * index's answer, rather than look every candidate up by id and sort them. The look-up reads
 * every candidate: at scale 100, 11,573 services for 調査, 22 ms on SQLite. Walking the order
 * index reads about pageRows × rows ÷ candidates entries (more where the matches bunch together
 * in that order) and stops (the same page: about 3 ms; PERFORMANCE.md "Search read in the
 * list's order"); per row the two cost about the same, so the walk is taken once
 * candidates² ≥ pageRows × rows. Neither database can weigh this itself: SQLite has no
 * statistics of each piece and always plans the look-up; PostgreSQL, which has them, expects
 * the matches spread evenly and plans the walk as a probe of the index per entry, 33–39 ms for
 * 統計 at scale 100, where the walk passes 8,032 services for a page (PERFORMANCE.md "Search
 * walks the name index alone").
 */
export function searchReadsInListOrder(plan: SearchPlan, pageRows: number): boolean {
  return plan.candidates > 0 && plan.candidates * plan.candidates >= pageRows * plan.rows;
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
 * Fills `sub` as the ids of rows holding every piece of every term: one INTERSECT of the
 * pieces' index lookups, so a query has one subquery however many terms it has: PostgreSQL
 * plans a semi-join per `IN` subquery, and thirty of them took it seconds to plan for a few
 * milliseconds of work.
 */
function matchingIds(sub: Knex.QueryBuilder, kind: SearchKind, terms: readonly string[]): void {
  const lookups = new Map<string, (b: Knex.QueryBuilder) => void>();
  for (const term of terms) {
    const grams = gramsOf(term);
    if (grams.length === 0) {
      lookups.set(`${term}…`, (b) =>
        b
          // A row holds several pieces starting with the character: each row once, for `planSearch`'s count.
          .distinct('row_id')
          .from('search_gram')
          .where('kind', kind)
          .andWhere('gram', '>=', term)
          .andWhere('gram', '<', term + TOP),
      );
    }
    for (const gram of grams) lookups.set(gram, (b) => b.select('row_id').from('search_gram').where('kind', kind).andWhere('gram', gram));
  }
  const [first, ...rest] = lookups.values();
  first!(sub);
  if (rest.length) sub.intersect(rest);
}

/**
 * Terms of a search (normalised, no spaces): the index narrows, the LIKE decides. With
 * `inListOrder` the test is `(id IN (…)) IS TRUE`, which neither database looks up by nor
 * turns into a join: each tests the rows it reads in the list's order against the index's
 * answer, read once (PostgreSQL: a hashed subplan; SQLite: a list subquery).
 */
function whereTermsContained(qb: Knex.QueryBuilder, alias: string, kind: SearchKind, terms: readonly string[], inListOrder = false): void {
  if (!terms.length) return;
  const ids = (sub: Knex.QueryBuilder) => matchingIds(sub, kind, terms);
  if (inListOrder) {
    const sub = qb.client.queryBuilder() as Knex.QueryBuilder;
    ids(sub);
    qb.whereRaw(`(?? IN ?) IS TRUE`, [`${alias}.id`, sub]);
  } else {
    qb.whereIn(`${alias}.id`, ids);
  }
  // A term of one or two characters is exactly its lookup: the row holds the piece (or a piece
  // starting with the character, or ends with it) just when the term occurs. Only longer terms,
  // whose pieces may occur apart, need the LIKE, which reads every candidate's whole text: at
  // scale 100 a two-character word such as 調査 has a third of all services as candidates.
  for (const term of terms) {
    if (!isExactSearch([term])) qb.whereRaw(`${alias}.search_text LIKE ? ESCAPE '\\'`, [`%${escapeLike(term)}%`]);
  }
}
