/** SQLite gives booleans as 1/0 and instants as epoch milliseconds; PostgreSQL as true/false and text. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

export function toInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  if (/^-?\d+$/.test(text)) return new Date(Number(text));
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}
