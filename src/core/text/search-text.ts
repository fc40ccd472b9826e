/**
 * Normalises text for substring search so that what people type finds what was stored:
 * NFKC folds full-width Latin and digits and half-width katakana (ＡＢＣ１２３, ｶﾅ) into
 * their usual forms, lower-casing makes ASCII case-insensitive on every database, and
 * katakana becomes hiragana, so that a reading finds a name however either is written
 * (とうき and トウキ alike; ハローワーク is found by はろーわーく).
 */
export function normaliseForSearch(text: string): string {
  return hiragana(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim());
}

/** Katakana ァ–ヶ as the hiragana of the same sound (ぁ–ゖ); the prolonged sound mark ー and the rest unchanged. */
export function hiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/**
 * The terms of a search, each normalised: what people type split on any space, half- or
 * full-width (NFKC makes U+3000 a space). A row matches when its text holds every term
 * (`窓口 年金`: both words, anywhere, in any order).
 */
export function searchTerms(query: string): string[] {
  return [...new Set(normaliseForSearch(query).split(' ').filter(Boolean))];
}

/** Distinct terms a search takes: each costs index lookups, so a pasted page is refused, not run. */
export const MAX_SEARCH_TERMS = 10;

/** The refusal of a search with more distinct terms than MAX_SEARCH_TERMS, or null. */
export function tooManySearchTerms(terms: readonly string[]): string | null {
  return terms.length > MAX_SEARCH_TERMS
    ? `検索語は ${MAX_SEARCH_TERMS} 語までです（${terms.length} 語あります）（a search takes at most ${MAX_SEARCH_TERMS} distinct words, got ${terms.length}）`
    : null;
}

/** Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
