/** Date arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone shifts a day. */
function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** First day of the month `months` after the month of `date`. */
export function firstOfMonth(date: string, months = 0): string {
  const d = parse(date);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** Last day of the month `months` after the month of `date`. */
export function lastOfMonth(date: string, months = 0): string {
  const d = parse(date);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)));
}

/** An instant on that day at 09:00 in Japan, for created/updated times. */
export function instant(date: string, minutes = 0): Date {
  return new Date(Date.parse(`${date}T09:00:00+09:00`) + minutes * 60_000);
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
