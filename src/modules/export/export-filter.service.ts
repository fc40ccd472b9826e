import type { Knex } from '@mikro-orm/knex';
import { isIsoDate } from '../../core/calendar/fiscal-year.js';
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
 * `fiscalYear=2024`, `since=2024-04-01` (a day in Japan, from its midnight JST) or an ISO
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
    if (!/^\d{4}$/.test(raw.fiscalYear.trim())) problems.push(`fiscalYear must be a year such as 2024 (got "${raw.fiscalYear}")`);
    else fiscalYear = Number(raw.fiscalYear);
  }
  let since: Date | null = null;
  if (raw.since != null && raw.since !== '') {
    const text = raw.since.trim();
    if (isIsoDate(text)) since = new Date(`${text}T00:00:00+09:00`);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)))
      since = new Date(text);
    else problems.push(`since must be a date (2024-04-01) or a date-time with an offset (2024-04-01T09:00:00+09:00) (got "${raw.since}")`);
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
