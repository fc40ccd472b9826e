/**
 * Japanese labels of an enumeration, one home per enum (beside it, in its module's
 * `*.enum.ts`): the first label of each value is the one people read (the API's `…Label`
 * fields, exports, CLIs, event titles); the others are what the spreadsheet import also
 * accepts (tables/labels.constants.ts), as it accepts the API's own enum name.
 */
export interface LabelSet<E extends string> {
  /** What the values are, in Japanese (状態, 落札方式), for messages. */
  what: string;
  labels: Readonly<Record<E, readonly string[]>>;
}

/** The label people read for a value. */
export function labelOf<E extends string>(set: LabelSet<E>, value: E): string {
  return set.labels[value][0];
}
