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

export interface Era {
  /** The era's name, then its one-letter abbreviation (令和, R). */
  names: readonly [string, string];
  /** First and last day of the era, inclusive (`end` null for the era in force). */
  start: string;
  end: string | null;
  /** Gregorian year of the era's first year (元年). */
  firstYear: number;
}

/**
 * The eras (docs/domain.md "Units and calendars"): 令和 from 2019-05-01 (令和N年 = 2018 + N),
 * 平成 1989-01-08 … 2019-04-30, 昭和 1926-12-25 … 1989-01-07 (old tables). The one table of
 * them: dates, fiscal years and the spreadsheet reader all read it.
 */
export const ERAS: readonly Era[] = [
  { names: ['令和', 'R'], start: '2019-05-01', end: null, firstYear: 2019 },
  { names: ['平成', 'H'], start: '1989-01-08', end: '2019-04-30', firstYear: 1989 },
  { names: ['昭和', 'S'], start: '1926-12-25', end: '1989-01-07', firstYear: 1926 },
];

/** The era named `name` (令和, R, r), or undefined. */
export function eraNamed(name: string): Era | undefined {
  return ERAS.find((e) => e.names.some((n) => n.toUpperCase() === name.toUpperCase()));
}

/** `令和6年4月1日` for `2024-04-01`; 元年 for an era's first year. Null before 昭和. */
export function formatJapaneseDate(date: string): string | null {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const era = ERAS.find((e) => date >= e.start);
  if (!era) return null;
  const n = Number(m[1]) - era.firstYear + 1;
  return `${era.names[0]}${n === 1 ? '元' : n}年${Number(m[2])}月${Number(m[3])}日`;
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
  return `${era.names[0]}${n === 1 ? '元' : n}年度`;
}

/** The fiscal years a filter or an option may name: from 平成元年度 (the programme began in FY2006) to 2100. */
export const FISCAL_YEARS = { min: 1989, max: 2100 } as const;

const ERA_FISCAL_YEAR = /^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*(?:年度?)?$/i;
const WESTERN_FISCAL_YEAR = /^(?:FY\s*)?(\d{4})\s*(?:年度?)?$/i;

/**
 * A fiscal year as people write it, as its start year: 2024, `2024`, `2024年度`, `FY2024`,
 * `令和6年度`, `令和6`, `R6`, `令和元年度`, `H30`, `平成30年度`, full-width digits and letters
 * too (NFKC). The inverse of `formatJapaneseFiscalYear` (令和元年度 is FY2019). A value that is
 * none of these, or outside FISCAL_YEARS, throws a RangeError whose message says what is
 * accepted, Japanese first; a bare era number (6) is refused with the year it probably meant.
 */
export function parseFiscalYear(value: string | number): number {
  const written = String(value).normalize('NFKC').trim();
  const accepted = '2024、令和6年度、R6、FY2024 のように書いてください（write it as 2024, 令和6年度, R6 or FY2024）';
  let year: number | null = null;
  const era = ERA_FISCAL_YEAR.exec(written);
  if (era) {
    const found = eraNamed(era[1])!;
    const n = era[2] === '元' ? 1 : Number(era[2]);
    if (n < 1) throw new RangeError(`年度「${written}」は元年から数えます（an era's years start at 1, 元年）`);
    year = found.firstYear + n - 1;
    // The era's last fiscal year is the one its last day falls in: 平成31年度 is FY2019 (what
    // 令和元年度 was called in its first month), 平成32年度 never was.
    if (found.end && year > fiscalYearOf(found.end)) {
      throw new RangeError(
        `年度「${written}」は${found.names[0]}にありません（${written} is past the end of ${found.names[0]}, ${found.end}）`,
      );
    }
  } else {
    const western = WESTERN_FISCAL_YEAR.exec(written);
    if (western) year = Number(western[1]);
    else if (/^\d{1,2}$/.test(written)) {
      const n = Number(written);
      throw new RangeError(
        `年度「${written}」は西暦の年度ではありません。令和${n}年度なら ${2018 + n} です（fiscal year ${written} is not a year: ` +
          `for 令和${n}年度 write ${2018 + n}, "令和${n}年度" or "R${n}"）`,
      );
    }
  }
  if (year === null) throw new RangeError(`年度「${written}」は読めません。${accepted}`);
  if (year < FISCAL_YEARS.min || year > FISCAL_YEARS.max) {
    throw new RangeError(`年度「${written}」は範囲外です（fiscal year ${written} is outside ${FISCAL_YEARS.min}–${FISCAL_YEARS.max}）`);
  }
  return year;
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

/** Japan Standard Time is UTC+9 all year (no daylight saving). */
const JST_OFFSET_MS = 9 * 3_600_000;

/** An instant as people in Japan read it, ISO 8601 with its offset: `2026-12-04T20:15:00+09:00`. */
export function japanTime(at: Date): string {
  return `${new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19)}+09:00`;
}
