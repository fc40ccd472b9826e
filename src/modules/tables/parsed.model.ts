/** A value read from a spreadsheet cell, or why it could not be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T = never>(reason: string): Parsed<T> => ({ ok: false, reason });
