/**
 * The known values nearest to an unknown one, for errors that say what was probably meant
 * ("府省「MOJJ」はありません。近いもの: MOJ 法務省、…"): Levenshtein distance by code points,
 * case folded, each candidate scored by the nearest of its spellings (a code, a name).
 */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The `count` candidates nearest to `value`, nearest first and in the given order among equals. */
export function closest<T>(value: string, candidates: readonly T[], spellings: (c: T) => string[], count = 3): T[] {
  const folded = value.toUpperCase();
  return candidates
    .map((c, i) => ({ c, i, d: Math.min(...spellings(c).map((s) => editDistance(folded, s.toUpperCase()))) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, count)
    .map((x) => x.c);
}
