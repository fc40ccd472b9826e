/** One row, keyed by database column names. */
export type Row = Record<string, unknown>;

/**
 * The generated database, table by table, in an order that satisfies every foreign key.
 * Rows carry explicit ids so that children can point at parents before anything is
 * written, and the whole set goes in with a few batched statements.
 */
export const TABLES = [
  'ministry',
  'municipality',
  'basic_policy',
  'target_project',
  'policy_entry',
  'guideline_milestone',
  'local_pilot',
  'bidder',
  'tender',
  'bid',
  'evaluation',
] as const;

export type Table = (typeof TABLES)[number];

export type SampleData = Record<Table, Row[]>;

export function emptySampleData(): SampleData {
  return Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as SampleData;
}

/** Hands out ids per table, starting at 1. */
export class IdSequence {
  private readonly next = new Map<Table, number>();

  take(table: Table): number {
    const id = this.next.get(table) ?? 1;
    this.next.set(table, id + 1);
    return id;
  }
}
