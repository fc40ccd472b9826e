/** IN lists in slices: SQLite binds at most 32,766 values per statement (PostgreSQL 65,535). */
const SLICE = 5_000;

/** Runs `query` over `values` (deduplicated) a slice at a time and concatenates the rows. */
export async function inSlices<T>(values: readonly (string | number)[], query: (slice: (string | number)[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += SLICE) out.push(...(await query(unique.slice(i, i + SLICE))));
  return out;
}
