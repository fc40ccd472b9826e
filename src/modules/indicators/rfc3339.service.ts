/**
 * RFC 3339 timestamps as the reference reads them for R003 (ocdscardinal src/indicators/
 * r003.rs: chrono's `DateTime::parse_from_rfc3339`, then `(end - start).num_days()`).
 * JavaScript's Date is not used: it keeps milliseconds only and accepts other formats, and
 * either difference can move a period across a whole-day boundary. Accepted, as chrono does:
 * `YYYY-MM-DD`, then `T`, `t` or a space, `hh:mm:ss`, an optional fraction of any length
 * (nanoseconds kept, further digits ignored), then `Z`, `z` or `±hh:mm` (at most 23:59; the
 * minus may be U+2212). A second of 60 is a leap second.
 */
export interface Rfc3339Instant {
  /** UTC calendar day, counted from 1970-01-01. */
  readonly day: number;
  /** UTC second of that day, 0–86399 (a leap second keeps 59 and carries in `nanos`). */
  readonly second: number;
  /** Nanoseconds, 0–1_999_999_999 (at least 1e9 only during a leap second). */
  readonly nanos: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+\-\u2212])(\d{2}):(\d{2}))$/;
const MAX_OFFSET_SECONDS = (23 * 60 + 59) * 60;

/** Parses an RFC 3339 timestamp; undefined if chrono would refuse it. */
export function parseRfc3339(text: string): Rfc3339Instant | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = match[7] ?? '';
  let nanos = fraction === '' ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'));
  let wholeSecond = second;
  if (second === 60) {
    wholeSecond = 59;
    nanos += 1_000_000_000;
  }
  let offset = 0;
  if (match[8] === undefined) {
    const offsetMinutes = Number(match[11]);
    if (offsetMinutes > 59) return undefined;
    offset = (Number(match[10]) * 60 + offsetMinutes) * 60;
    if (offset > MAX_OFFSET_SECONDS) return undefined;
    if (match[9] !== '+') offset = -offset;
  }
  const localSecond = hour * 3600 + minute * 60 + wholeSecond - offset;
  return {
    day: daysFromCivil(year, month, day) + Math.floor(localSecond / 86_400),
    second: modulo(localSecond, 86_400),
    nanos,
  };
}

/**
 * chrono's `(end - start).num_days()`: whole days, truncated toward zero, with a leap second
 * counted as chrono's `NaiveTime::signed_duration_since` counts it.
 */
export function wholeDaysBetween(start: Rfc3339Instant, end: Rfc3339Instant): number {
  let seconds = (end.day - start.day) * 86_400 + end.second - start.second;
  if (end.second > start.second && start.nanos >= 1_000_000_000) seconds += 1;
  if (end.second < start.second && end.nanos >= 1_000_000_000) seconds -= 1;
  let nanos = end.nanos - start.nanos;
  seconds += Math.floor(nanos / 1_000_000_000);
  nanos = modulo(nanos, 1_000_000_000);
  // TimeDelta::num_seconds truncates toward zero; num_days divides that, truncating again.
  const wholeSeconds = seconds < 0 && nanos > 0 ? seconds + 1 : seconds;
  return Math.trunc(wholeSeconds / 86_400) + 0;
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
