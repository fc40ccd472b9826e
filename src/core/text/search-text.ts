/**
 * Normalises text for substring search so that what people type finds what was stored:
 * NFKC folds full-width Latin and digits and half-width katakana (ＡＢＣ１２３, ｶﾅ) into
 * their usual forms, and lower-casing makes ASCII case-insensitive on every database.
 */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The terms of a search, each normalised: what people type split on any space, half- or
 * full-width (NFKC makes U+3000 a space). A row matches when its text holds every term
 * (`窓口 年金`: both words, anywhere, in any order).
 */
export function searchTerms(query: string): string[] {
  return normaliseForSearch(query).split(' ').filter(Boolean);
}

/** Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
