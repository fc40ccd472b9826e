import { closest } from '../text/closest.js';

/**
 * The refusal of query parameters a download does not know, or null when there are none. A
 * misspelt filter (`ministy=MOJ`) would otherwise be ignored, and the answer would be the whole
 * table as if it were the filtered one: a wrong answer that looks right. Names the closest known
 * parameter and lists them all.
 */
export function unknownParameters(query: Record<string, unknown>, known: readonly string[]): string | null {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (!unknown.length) return null;
  const parts = unknown.map((name) => {
    const [near] = closest(name, known, (k) => [k], 1);
    return near ? `${name} (did you mean ${near}?)` : name;
  });
  const list = known.join(', ');
  return (
    `パラメータ ${unknown.join(', ')} は使えません。使えるもの: ${list}` +
    `（unknown query parameter ${parts.join(', ')}; this download takes ${list}）`
  );
}
