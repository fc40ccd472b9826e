/**
 * Japanese fiscal years (年度) and era labels.
 *
 * docs/domain.md "Units and calendars": a fiscal year runs 1 April – 31 March and is named by its
 * start year (FY2024 = 令和6年度 = 2024-04-01 … 2025-03-31). Dates are calendar dates in
 * Japan, carried as `YYYY-MM-DD` strings so no time zone can move them across midnight.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2023-02-29 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The fiscal year (named by its start year) that contains `date` (`YYYY-MM-DD`). */
export function fiscalYearOf(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const year = Number(m[1]);
  return Number(m[2]) >= 4 ? year : year - 1;
}

/** First and last day of a fiscal year, inclusive. */
export function fiscalYearRange(fiscalYear: number): { start: string; end: string } {
  return { start: `${pad4(fiscalYear)}-04-01`, end: `${pad4(fiscalYear + 1)}-03-31` };
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

interface Era {
  name: string;
  /** First day of the era, inclusive. */
  start: string;
  /** Gregorian year of the era's first year (元年). */
  firstYear: number;
}

/** Eras from docs/domain.md: 平成 from 1989-01-08, 令和 from 2019-05-01 (令和N年 = 2018 + N). */
const ERAS: readonly Era[] = [
  { name: '令和', start: '2019-05-01', firstYear: 2019 },
  { name: '平成', start: '1989-01-08', firstYear: 1989 },
  { name: '昭和', start: '1926-12-25', firstYear: 1926 },
];

/** `令和6年4月1日` for `2024-04-01`; 元年 for an era's first year. Null before 昭和. */
export function formatJapaneseDate(date: string): string | null {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const era = ERAS.find((e) => date >= e.start);
  if (!era) return null;
  const n = Number(m[1]) - era.firstYear + 1;
  return `${era.name}${n === 1 ? '元' : n}年${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * `令和6年度` for FY2024. A fiscal year is labelled by the era in force on its first day,
 * except FY2019, which government documents call 令和元年度 although it began in 平成.
 */
export function formatJapaneseFiscalYear(fiscalYear: number): string | null {
  const first = fiscalYear === 2019 ? '2019-05-01' : fiscalYearRange(fiscalYear).start;
  const era = ERAS.find((e) => first >= e.start);
  if (!era) return null;
  const n = fiscalYear - era.firstYear + 1;
  return `${era.name}${n === 1 ? '元' : n}年度`;
}

/** Whole months of a contract period, counting both the first and the last month. */
export function monthsInPeriod(start: string, end: string): number {
  const s = ISO_DATE.exec(start);
  const e = ISO_DATE.exec(end);
  if (!s || !e) throw new RangeError(`not a YYYY-MM-DD period: ${start} … ${end}`);
  return (Number(e[1]) - Number(s[1])) * 12 + (Number(e[2]) - Number(s[2])) + 1;
}

const JAPAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Japan, `YYYY-MM-DD` (a round opened at 08:00 JST on the 1st is opened on the 1st). */
export function todayInJapan(now: Date = new Date()): string {
  return JAPAN_DAY.format(now);
}
