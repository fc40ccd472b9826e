import type { Knex } from '@mikro-orm/knex';
import { parseFiscalYear } from '../../core/calendar/fiscal-year.js';
import { parseJapaneseDate } from '../tables/japanese-date.service.js';
import { readMinistryNames, resolveMinistries } from '../ministry/ministry-codes.service.js';

/** Which records an export holds (every condition given must hold). */
export interface ExportFilter {
  /** Ministry codes (or Japanese names until `resolveMinistryNames`), e.g. ["MOJ", "MHLW"]; empty: all. */
  ministries: string[];
  /** 年度 of the round's announcement (a service: one of its rounds), e.g. 2024. */
  fiscalYear: number | null;
  /** Changed at or after this instant. */
  since: Date | null;
}

export class FilterError extends Error {}

/**
 * Reads a filter as given on a URL or a command line: `ministry=MOJ,MHLW` (repeatable),
 * `fiscalYear=2024` (or 令和6年度, R6, FY2024: core/calendar `parseFiscalYear`), `since=2024-04-01`
 * (or 令和6年4月1日, R6.4.1, 2024/4/1: a day in Japan, from its midnight JST) or an ISO
 * date-time with an offset.
 */
export function parseFilter(raw: { ministry?: string | string[] | null; fiscalYear?: string | null; since?: string | null }): ExportFilter {
  const problems: string[] = [];
  const ministries = (Array.isArray(raw.ministry) ? raw.ministry : raw.ministry ? [raw.ministry] : [])
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  let fiscalYear: number | null = null;
  if (raw.fiscalYear != null && raw.fiscalYear !== '') {
    try {
      fiscalYear = parseFiscalYear(raw.fiscalYear);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  let since: Date | null = null;
  if (raw.since != null && raw.since !== '') {
    const text = raw.since.trim();
    const day = parseJapaneseDate(text);
    if (day.ok) since = new Date(`${day.value}T00:00:00+09:00`);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)))
      since = new Date(text);
    else
      problems.push(
        `since「${raw.since}」は日付として読めません。2024-04-01、令和6年4月1日、R6.4.1 か、時差つきの日時 2024-04-01T09:00:00+09:00 で書いてください` +
          `（since must be a date, 2024-04-01, 令和6年4月1日 or R6.4.1, a day in Japan from its midnight, or a date-time with an offset, 2024-04-01T09:00:00+09:00）`,
      );
  }
  if (problems.length) throw new FilterError(problems.join('; '));
  return { ministries, fiscalYear, since };
}

/** An instant as each database compares it: SQLite stores epoch milliseconds, PostgreSQL timestamptz. */
export function instantParam(dialect: 'sqlite' | 'postgresql', at: Date): number | string {
  return dialect === 'sqlite' ? at.getTime() : at.toISOString();
}

/**
 * The filter with its ministries as codes (a code in any case or a Japanese name:
 * ministry/ministry-codes.service.ts), or a FilterError naming each value no ministry answers
 * to and the closest known ones: an unknown ministry is refused, never an empty download.
 */
export async function resolveMinistryNames(knex: Knex, filter: ExportFilter): Promise<ExportFilter> {
  if (!filter.ministries.length) return filter;
  const { ministries, problems } = resolveMinistries(filter.ministries, await readMinistryNames(knex));
  if (problems.length) throw new FilterError(problems.join('; '));
  return { ...filter, ministries: ministries.map((m) => m.code) };
}

/** Restricts a query joined to `ministry AS <alias>` to the filter's ministries (codes, as `resolveMinistryNames` answers them). */
export function whereMinistries(qb: Knex.QueryBuilder, alias: string, ministries: readonly string[]): void {
  if (ministries.length) qb.whereIn(`${alias}.code`, [...ministries]);
}
