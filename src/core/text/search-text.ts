/**
 * Normalises text for substring search so that what people type finds what was stored:
 * NFKC folds full-width Latin and digits and half-width katakana (ＡＢＣ１２３, ｶﾅ) into
 * their usual forms, and lower-casing makes ASCII case-insensitive on every database.
 */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
