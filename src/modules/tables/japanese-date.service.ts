import { eraNamed, isIsoDate } from '../../core/calendar/fiscal-year.js';
import { bad, ok, type Parsed } from './parsed.model.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function fromParts(year: number, month: number, day: number, written: string): Parsed<string> {
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (!isIsoDate(iso)) return bad(`${written} is not a calendar date`);
  return ok(iso);
}

const ERA_DATE = /^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*(?:年|[./-])\s*(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*日?$/i;
// Excel writes a date cell saved as CSV with its time of day (`2024/4/1 0:00`): the day is what counts.
const WESTERN_DATE = /^(\d{4})\s*(?:年|[./-])\s*(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * A date as ministry spreadsheets write it (a date outside its era, R1.4.30 or H31.5.1, is
 * refused rather than guessed; the eras are core/calendar's `ERAS`), as `YYYY-MM-DD`: ISO (`2024-04-01`),
 * `2024/4/1`, `2024年4月1日`, `20240401`, or Japanese-era (`令和6年4月1日`, `令和元年5月1日`,
 * `R6.4.1`, `H25.4.1`). Full-width digits and letters are folded first (NFKC).
 */
export function parseJapaneseDate(text: string): Parsed<string> {
  const written = text.normalize('NFKC').trim();
  if (written === '') return bad('empty');
  const era = ERA_DATE.exec(written);
  if (era) {
    const found = eraNamed(era[1])!;
    const n = era[2] === '元' ? 1 : Number(era[2]);
    if (n < 1) return bad(`${written}: an era year starts at 1 (元年)`);
    const parsed = fromParts(found.firstYear + n - 1, Number(era[3]), Number(era[4]), written);
    if (!parsed.ok) return parsed;
    if (parsed.value < found.start || (found.end !== null && parsed.value > found.end)) {
      return bad(`${written} is outside ${found.names[0]} (${found.start} … ${found.end ?? 'today'})`);
    }
    return parsed;
  }
  const western = WESTERN_DATE.exec(written);
  if (western) return fromParts(Number(western[1]), Number(western[2]), Number(western[3]), written);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(written);
  if (compact) return fromParts(Number(compact[1]), Number(compact[2]), Number(compact[3]), written);
  return bad(`${written} is not a date (write 2024-04-01, 2024/4/1, 令和6年4月1日 or R6.4.1)`);
}

/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug makes serials from March 1900 on line up). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A date cell read from a spreadsheet: text as `parseJapaneseDate`; a Date (exceljs gives a
 * date cell as UTC midnight of its day); or an Excel serial day number from a numeric cell.
 */
export function parseDateCell(value: string | number | Date): Parsed<string> {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return bad('not a date');
    return fromParts(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate(), value.toISOString());
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 2_958_465) return bad(`${value} is not a date`);
    return parseDateCell(new Date(EXCEL_EPOCH_MS + value * 86_400_000));
  }
  return parseJapaneseDate(value);
}
