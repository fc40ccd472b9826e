/**
 * The known values nearest to an unknown one, for error messages that say what was probably
 * meant ("no ministry MOJJ; closest: MOJ, MOF"): Levenshtein distance over code points, ties
 * in the candidates' order, only those within half the value's length (or 2).
 */
export function closestTo(value: string, candidates: readonly string[], count = 3): string[] {
  const needle = [...value.toUpperCase()];
  const limit = Math.max(2, Math.ceil(needle.length / 2));
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: distance(needle, [...candidate.toUpperCase()]) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, count)
    .map((c) => c.candidate);
}

function distance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
