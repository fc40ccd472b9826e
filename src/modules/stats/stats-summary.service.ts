import type { Knex } from '@mikro-orm/knex';
import { inSlices } from '../../core/db/in-slices.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { TenderStatus } from '../tender/tender.enum.js';
import { freshStoredRollups, STORED_ROLLUP } from './stats-rollups.js';

/**
 * The summaries the statistics read (docs/api.md "Statistics"; PERFORMANCE.md "Statistics from
 * summaries"): instead of grouping every round and service on each request, the write
 * pipeline's `stats` consumer keeps two small tables current, per ministry:
 *
 * - `stats_round_summary`: per (ministry, fiscal year, method, category), the additive sums of
 *   `TenderSums` over the services' rounds;
 * - `stats_service_summary`: per (ministry, fiscal year selected, method, category, state),
 *   the number of services;
 * - `stats_year_summary`: per (ministry, fiscal year, method, category), the services with an
 *   awarded contract running in that year (事業実施中) and those whose evaluation decided, in
 *   that year, that they leave market testing (終了: an EXIT decision, by its date).
 *
 * Every filter of `MarketTestingStatsFilter` is one of those key columns, so any filtered
 * figure is a sum of summary rows, exact like the grouped statements it replaces. A
 * ministry's rows are recomputed whole from its services and rounds (a service never moves
 * to another ministry), so a summary cannot drift from the rows it sums. Bid figures read
 * AWARDED rounds only, which are public: no sealed value reaches a summary.
 */

/**
 * The summary tables, which hold nothing of their own: each row can be recomputed from services
 * and rounds; the last, the unfiltered statistics' rollups (stats-rollups.ts), from the others.
 */
export const STATS_SUMMARY_TABLES = ['stats_round_summary', 'stats_service_summary', 'stats_year_summary', STORED_ROLLUP.table] as const;

/** Yen sums are kept split in two (`splitSumSql`), so no sum can overflow 64 bits on either database. */
export const SPLIT = 1_000_000_000;

export function splitSumSql(expression: string, when: string, alias: string): string[] {
  return [
    `SUM(CASE WHEN ${when} THEN (${expression}) / ${SPLIT} ELSE 0 END) AS "${alias}_high"`,
    `SUM(CASE WHEN ${when} THEN (${expression}) % ${SPLIT} ELSE 0 END) AS "${alias}_low"`,
  ];
}

const AWARDED = `t.status = '${TenderStatus.AWARDED}'`;
const WITH_AMOUNT = `${AWARDED} AND t.contract_amount_yen IS NOT NULL`;

/** The round summary's columns, keys first, in the order rows are compared. */
const ROUND_COLUMNS = [
  'ministry_id',
  'fiscal_year',
  'method',
  'category',
  'tender_count',
  'awarded_count',
  'unsuccessful_count',
  'awarded_bidders',
  'single_bid_count',
  'contracted_yen_high',
  'contracted_yen_low',
  'baseline_yen_high',
  'baseline_yen_low',
] as const;

const SERVICE_COLUMNS = ['ministry_id', 'selected_in_fiscal_year', 'method', 'category', 'status', 'project_count'] as const;

/** The round summary of the services of `ministries` (all when null), as the database groups it. */
function roundRows(knex: Knex, ministries: number[] | null) {
  const qb = knex('tender as t')
    .join('target_project as p', 'p.id', 't.project_id')
    .select('p.ministry_id as ministry_id', 't.fiscal_year as fiscal_year', 'p.method as method', 'p.category as category')
    .select(
      knex.raw('COUNT(*) AS "tender_count"'),
      knex.raw(`SUM(CASE WHEN ${AWARDED} THEN 1 ELSE 0 END) AS "awarded_count"`),
      knex.raw(`SUM(CASE WHEN t.status = '${TenderStatus.UNSUCCESSFUL}' THEN 1 ELSE 0 END) AS "unsuccessful_count"`),
      knex.raw(`SUM(CASE WHEN ${AWARDED} THEN t.bid_count ELSE 0 END) AS "awarded_bidders"`),
      knex.raw(`SUM(CASE WHEN ${AWARDED} AND t.bid_count = 1 THEN 1 ELSE 0 END) AS "single_bid_count"`),
      ...splitSumSql('t.contract_amount_yen', WITH_AMOUNT, 'contracted_yen').map((sql) => knex.raw(sql)),
      // Integer division per contract, as `costReduction` does: rounds down on both databases.
      // Yen inputs are at most 10^13 and a contract at most 9,999 years, so the product fits 64 bits.
      ...splitSumSql('p.baseline_annual_cost_yen * t.contract_months / 12', WITH_AMOUNT, 'baseline_yen').map((sql) => knex.raw(sql)),
    )
    .groupBy('p.ministry_id', 't.fiscal_year', 'p.method', 'p.category');
  if (ministries) qb.whereIn('p.ministry_id', ministries);
  return qb as unknown as Promise<Record<string, unknown>[]>;
}

function serviceRows(knex: Knex, ministries: number[] | null) {
  const qb = knex('target_project as p')
    .select('p.ministry_id as ministry_id', 'p.selected_in_fiscal_year as selected_in_fiscal_year')
    .select('p.method as method', 'p.category as category', 'p.status as status')
    .select(knex.raw('COUNT(*) AS "project_count"'))
    .groupBy('p.ministry_id', 'p.selected_in_fiscal_year', 'p.method', 'p.category', 'p.status');
  if (ministries) qb.whereIn('p.ministry_id', ministries);
  return qb as unknown as Promise<Record<string, unknown>[]>;
}

const YEAR_COLUMNS = ['ministry_id', 'fiscal_year', 'method', 'category', 'in_operation_count', 'exited_count'] as const;

/** The fiscal year (April–March) of a `YYYY-MM-DD` column, in SQL both databases read alike. */
const fiscalYearSql = (column: string) =>
  `(cast(substr(${column}, 1, 4) as integer) - case when substr(${column}, 6, 2) < '04' then 1 else 0 end)`;

/**
 * The year summary of the services of `ministries` (all when null): each awarded round's
 * contract counts its service in every fiscal year from the contract's start to its end (a
 * recursive walk over the years, in SQL both databases run), each service once a year however
 * many contracts it has; exits count the services with an EXIT decision dated in the year.
 */
export function yearSummarySql(ministries: number[] | null): { sql: string; bindings: number[] } {
  const scope = ministries ? `and p.ministry_id in (${ministries.map(() => '?').join(', ')})` : '';
  const sql = `with recursive spans as (
      select p.id as project_id, p.ministry_id, p.method, p.category,
        ${fiscalYearSql('t.contract_start')} as fiscal_year, ${fiscalYearSql('t.contract_end')} as last_year
      from tender t join target_project p on p.id = t.project_id
      where t.status = '${TenderStatus.AWARDED}' ${scope}
    ), years (project_id, ministry_id, method, category, fiscal_year, last_year) as (
      select project_id, ministry_id, method, category, fiscal_year, last_year from spans
      union all
      select project_id, ministry_id, method, category, fiscal_year + 1, last_year from years where fiscal_year < last_year
    ), operated as (
      select ministry_id, fiscal_year, method, category, count(distinct project_id) as n
      from years group by ministry_id, fiscal_year, method, category
    ), exited as (
      select p.ministry_id, ${fiscalYearSql('e.decided_on')} as fiscal_year, p.method, p.category, count(distinct e.project_id) as n
      from evaluation e join target_project p on p.id = e.project_id
      where e.decision = 'EXIT' ${scope}
      group by p.ministry_id, ${fiscalYearSql('e.decided_on')}, p.method, p.category
    )
    select ministry_id, fiscal_year, method, category, sum(in_operation) as in_operation_count, sum(exits) as exited_count
    from (
      select ministry_id, fiscal_year, method, category, n as in_operation, 0 as exits from operated
      union all
      select ministry_id, fiscal_year, method, category, 0 as in_operation, n as exits from exited
    ) both_kinds
    group by ministry_id, fiscal_year, method, category`;
  return { sql, bindings: ministries ? [...ministries, ...ministries] : [] };
}

async function yearRows(knex: Knex, ministries: number[] | null): Promise<Record<string, unknown>[]> {
  const { sql, bindings } = yearSummarySql(ministries);
  const result = (await knex.raw(sql, bindings)) as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
  return Array.isArray(result) ? result : result.rows;
}

/** A row with every value as the database's integers or text would print it, in column order. */
function canonical(row: Record<string, unknown>, columns: readonly string[]): (string | null)[] {
  return columns.map((c) => (row[c] == null ? null : String(row[c])));
}

const INSERT_ROWS = 500;
/** Rows deleted per statement (each named by its keys). */
const DELETE_ROWS = 100;

/** A summary table: its columns, the first `keys` of which name a row (its group). */
interface SummaryTable {
  table: string;
  columns: readonly string[];
  keys: number;
}

const ROUND_SUMMARY: SummaryTable = { table: 'stats_round_summary', columns: ROUND_COLUMNS, keys: 4 };
const SERVICE_SUMMARY: SummaryTable = { table: 'stats_service_summary', columns: SERVICE_COLUMNS, keys: 5 };
const YEAR_SUMMARY: SummaryTable = { table: 'stats_year_summary', columns: YEAR_COLUMNS, keys: 4 };

/**
 * Brings one summary's rows of `ministries` (all when null) to `fresh`: the rows that are gone
 * or changed are deleted by their keys, the new and changed ones inserted, and rows as they
 * were are left alone; says whether anything changed. A write moves one or two groups of its
 * ministry: rewriting all of them (a few hundred rows at scale 10) left as many dead rows per
 * write for PostgreSQL's vacuum, and a table of dead rows misleads its planner.
 */
async function replace(knex: Knex, summary: SummaryTable, ministries: number[] | null, fresh: Record<string, unknown>[]): Promise<boolean> {
  const { table, columns, keys } = summary;
  const scoped = () => (ministries ? knex(table).whereIn('ministry_id', ministries) : knex(table));
  const stored = (await scoped().select(columns as string[])) as Record<string, unknown>[];
  const whole = (r: Record<string, unknown>) => JSON.stringify(canonical(r, columns));
  const storedRows = new Set(stored.map(whole));
  const freshRows = new Set(fresh.map(whole));
  const gone = stored.filter((r) => !freshRows.has(whole(r)));
  const added = fresh.filter((r) => !storedRows.has(whole(r)));
  if (!gone.length && !added.length) return false;
  const keyColumns = columns.slice(0, keys);
  // Every row changed (the first fill, an import): one statement.
  if (gone.length === stored.length) await scoped().del();
  else
    for (let i = 0; i < gone.length; i += DELETE_ROWS) {
      await knex(table)
        .where((any: Knex.QueryBuilder) => {
          for (const row of gone.slice(i, i + DELETE_ROWS))
            any.orWhere((one: Knex.QueryBuilder) => {
              for (const c of keyColumns) {
                if (row[c] == null) one.whereNull(c);
                else one.where(c, row[c] as string | number);
              }
            });
        })
        .del();
    }
  const rows = added.map((r) => {
    const values = canonical(r, columns);
    return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
  });
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await knex(table).insert(rows.slice(i, i + INSERT_ROWS));
  return true;
}

/**
 * Recomputes the summaries of `ministries` (every ministry with 'all') from their services and
 * rounds, in the caller's transaction, and when one changed the unfiltered statistics' rollups
 * from the summaries (`STORED_ROLLUP`); says whether anything the statistics answer changed
 * (rows found as they were are left alone, so the data version need not move).
 */
export async function summarizeStats(db: ListDb, ministries: readonly number[] | 'all'): Promise<boolean> {
  if (ministries !== 'all' && ministries.length === 0) return false;
  const { knex } = db;
  const scope = ministries === 'all' ? null : [...new Set(ministries)];
  // One after another: in a transaction they share one connection, which runs one query at a time.
  const rounds = await roundRows(knex, scope);
  const services = await serviceRows(knex, scope);
  const years = await yearRows(knex, scope);
  const roundsChanged = await replace(knex, ROUND_SUMMARY, scope, rounds);
  const servicesChanged = await replace(knex, SERVICE_SUMMARY, scope, services);
  const yearsChanged = await replace(knex, YEAR_SUMMARY, scope, years);
  const changed = roundsChanged || servicesChanged || yearsChanged;
  // A few rollup rows move with a summary row (its year's, its ministry's, its category's), and
  // only those are rewritten; 'all' checks them whatever the summaries did (a first fill, an import).
  const rollupsChanged = (changed || ministries === 'all') && (await replace(knex, STORED_ROLLUP, null, await freshStoredRollups(db)));
  return changed || rollupsChanged;
}

/** The ministries of the services `projectIds`, whose summaries a write to them makes stale. */
export async function ministriesOf(knex: Knex, projectIds: readonly number[]): Promise<number[]> {
  const rows = await inSlices(
    projectIds,
    (slice) => knex('target_project').distinct('ministry_id').whereIn('id', slice) as unknown as Promise<{ ministry_id: number }[]>,
  );
  return [...new Set(rows.map((r) => Number(r.ministry_id)))];
}
