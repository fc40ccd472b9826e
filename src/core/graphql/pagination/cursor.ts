import { badUserInput } from '../errors.js';
import { isStorableText } from '../storable-text.plugin.js';

/** A position in an ordered list: the sort values of a row and its id (the tie-break). */
export type CursorValue = string | number | null;

/**
 * Cursors are opaque (docs/api.md "Connections"): base64url of the ordering they belong to and
 * the row's sort key. Keyset, not offset, so a page boundary stays put under inserts.
 */
export function encodeCursor(ordering: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([ordering, ...values]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made for `ordering` with `arity` sort values, or throws BAD_USER_INPUT:
 * a cursor from another ordering or another list would silently skip rows.
 */
export function decodeCursor(cursor: string, ordering: string, arity: number, argumentName: string): CursorValue[] {
  let parsed: unknown;
  try {
    if (cursor.length > 1000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(`\`${argumentName}\` is not a cursor of this list`, argumentName);
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== ordering ||
    parsed.length !== arity + 1 ||
    !parsed
      .slice(1)
      .every((v) => v === null || (typeof v === 'string' && isStorableText(v)) || (typeof v === 'number' && Number.isFinite(v))) ||
    // The last value is the row id (the tie-break): a non-zero integer the database can hold
    // (history entries under a seal have negative ids, see modules/history/sealed-history.service.ts).
    !(Number.isSafeInteger(parsed[arity]) && (parsed[arity] as number) !== 0)
  ) {
    throw badUserInput(
      `\`${argumentName}\` is not a cursor of this list in this order; cursors are valid only for the ordering they came from`,
      argumentName,
    );
  }
  return parsed.slice(1) as CursorValue[];
}
