import type { Knex } from '@mikro-orm/knex';
import type { Viewer } from '../../core/auth/viewer.js';
import { maySeeSealedData, whereSealedDataVisible } from '../seal/seal.service.js';
import { BidStatus, type BidderKind, type TenderStatus } from '../tender/tender.enum.js';
import { COLUMNS, type ColumnSpec, type TableKind } from '../tables/columns.constants.js';
import { instantParam, whereMinistries, type ExportFilter } from './export-filter.service.js';
import {
  AWARD_CRITERIA_LABELS,
  BID_STATUS_LABELS,
  BIDDER_KIND_LABELS,
  CATEGORY_LABELS,
  labelOf,
  METHOD_LABELS,
  PROJECT_STATUS_LABELS,
  TENDER_STATUS_LABELS,
} from '../tables/labels.constants.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';

/** A cell of an exported table: text, a number (yen, round, score) or empty. Dates are `YYYY-MM-DD` text. */
export type ExportCell = string | number | null;

export interface ExportTable {
  kind: TableKind;
  columns: readonly ColumnSpec[];
  rows: ExportCell[][];
}

/**
 * A row of the wide joins below, read column by column into typed values (each read says
 * what the column is); PostgreSQL may give numbers as strings.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: every column is converted where it is read
type Row = Record<string, any>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Code-point order of (ministry code, service name, round, …), the same whichever database answered. */
function byKeys(...keys: ((r: Row) => string | number)[]) {
  return (a: Row, b: Row): number => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

async function projects(db: ListDb, filter: ExportFilter): Promise<ExportCell[][]> {
  const qb = db
    .knex('target_project as p')
    .join('ministry as m', 'm.id', 'p.ministry_id')
    .select('p.*', 'm.code as ministry_code', 'm.name as ministry_name');
  whereMinistries(qb, 'm', filter.ministries);
  if (filter.fiscalYear != null)
    qb.whereExists((sub: Knex.QueryBuilder) =>
      sub.select(db.knex.raw('1')).from('tender as t').whereRaw('t.project_id = p.id').where('t.fiscal_year', filter.fiscalYear!),
    );
  if (filter.since) qb.where('p.updated_at', '>=', instantParam(db.dialect, filter.since));
  const rows = ((await qb) as Row[]).sort(
    byKeys(
      (r) => r.ministry_code,
      (r) => r.name,
      (r) => Number(r.id),
    ),
  );
  return rows.map((r) => [
    r.ministry_name,
    r.name,
    r.summary,
    labelOf(CATEGORY_LABELS, r.category),
    labelOf(METHOD_LABELS, r.method),
    num(r.baseline_annual_cost_yen),
    labelOf(PROJECT_STATUS_LABELS, r.status),
  ]);
}

async function tenders(db: ListDb, filter: ExportFilter, viewer: Viewer): Promise<ExportCell[][]> {
  const qb = db
    .knex('tender as t')
    .join('target_project as p', 'p.id', 't.project_id')
    .join('ministry as m', 'm.id', 'p.ministry_id')
    .leftJoin('bid as w', (j) => j.on('w.tender_id', 't.id').andOnVal('w.status', BidStatus.WON))
    .leftJoin('bidder as wb', 'wb.id', 'w.bidder_id')
    .select(
      't.*',
      'p.name as project_name',
      'p.ministry_id',
      'm.code as ministry_code',
      'm.name as ministry_name',
      'w.amount_yen as winning_amount_yen',
      'wb.name as winner_name',
      'wb.corporate_number as winner_corporate_number',
    );
  whereMinistries(qb, 'm', filter.ministries);
  if (filter.fiscalYear != null) qb.where('t.fiscal_year', filter.fiscalYear);
  if (filter.since) qb.where('t.updated_at', '>=', instantParam(db.dialect, filter.since));
  const rows = ((await qb) as Row[]).sort(
    byKeys(
      (r) => r.ministry_code,
      (r) => r.project_name,
      (r) => Number(r.round),
      (r) => Number(r.id),
    ),
  );
  return rows.map((r) => {
    // Spreadsheets are the API's data in another shape, so they follow the seal for the
    // caller (modules/seal); OCDS exports are public documents and follow the public rule
    // whoever asks (ocds-release.service). These rounds are target services': no pilot owns them.
    const sealed = !maySeeSealedData(viewer, { status: r.status, ministryId: Number(r.ministry_id), municipalityId: null });
    return [
      r.ministry_name,
      r.project_name,
      Number(r.round),
      r.title,
      labelOf(AWARD_CRITERIA_LABELS, r.award_criteria),
      r.announced_on,
      r.bid_deadline,
      r.opened_on ?? null,
      sealed ? null : num(r.reserve_price_yen),
      r.contract_start,
      r.contract_end,
      labelOf(TENDER_STATUS_LABELS, r.status as TenderStatus),
      r.winner_name ?? null,
      r.winner_corporate_number ?? null,
      num(r.winning_amount_yen),
      num(r.contract_amount_yen),
      r.negotiated_after_failure === true || r.negotiated_after_failure === 1 ? 'はい' : null,
      r.outcome_note ?? null,
    ];
  });
}

async function bids(db: ListDb, filter: ExportFilter, viewer: Viewer): Promise<ExportCell[][]> {
  const qb = db
    .knex('bid as b')
    .join('tender as t', 't.id', 'b.tender_id')
    .join('target_project as p', 'p.id', 't.project_id')
    .join('ministry as m', 'm.id', 'p.ministry_id')
    .join('bidder as d', 'd.id', 'b.bidder_id')
    .select(
      'b.*',
      't.round',
      'p.name as project_name',
      'm.code as ministry_code',
      'm.name as ministry_name',
      'd.name as bidder_name',
      'd.corporate_number',
      'd.kind as bidder_kind',
    );
  // A sealed round's bids are left out for anyone who may not see them (the API's rule, in SQL).
  whereSealedDataVisible(qb, 't', viewer);
  whereMinistries(qb, 'm', filter.ministries);
  if (filter.fiscalYear != null) qb.where('t.fiscal_year', filter.fiscalYear);
  if (filter.since) qb.where('b.updated_at', '>=', instantParam(db.dialect, filter.since));
  const rows = ((await qb) as Row[]).sort(
    byKeys(
      (r) => r.ministry_code,
      (r) => r.project_name,
      (r) => Number(r.round),
      (r) => r.bidder_name,
      (r) => Number(r.id),
    ),
  );
  return rows.map((r) => [
    r.ministry_name,
    r.project_name,
    Number(r.round),
    r.bidder_name,
    r.corporate_number ?? null,
    num(r.amount_yen),
    num(r.technical_score),
    num(r.total_score),
    labelOf(BID_STATUS_LABELS, r.status as BidStatus),
    labelOf(BIDDER_KIND_LABELS, r.bidder_kind as BidderKind),
  ]);
}

/**
 * One of the three tables as the import reads it (same headers, Japanese labels, yen), for
 * the services of target projects (a local pilot's rounds have no 府省/事業名 and are not in
 * these tables). Rows are in a stable order, so two exports of the same data are identical.
 */
export async function exportTable(db: ListDb, kind: TableKind, filter: ExportFilter, viewer: Viewer): Promise<ExportTable> {
  const rows =
    kind === 'projects'
      ? await projects(db, filter)
      : kind === 'tenders'
        ? await tenders(db, filter, viewer)
        : await bids(db, filter, viewer);
  return { kind, columns: COLUMNS[kind], rows };
}
