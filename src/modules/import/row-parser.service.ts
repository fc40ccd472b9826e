import { corporateNumberCheckDigit, isValidCorporateNumber } from '../../core/codes/corporate-number.js';
import { COLUMNS, matchHeaders, type ColumnSpec, type HeaderMatch, type TableKind } from '../tables/columns.constants.js';
import { parseDateCell } from '../tables/japanese-date.service.js';
import {
  AWARD_CRITERIA_LABELS,
  BID_STATUS_LABELS,
  BIDDER_KIND_LABELS,
  CATEGORY_LABELS,
  METHOD_LABELS,
  parseLabel,
  PROJECT_STATUS_LABELS,
  TENDER_STATUS_LABELS,
  YES_NO_LABELS,
  type LabelSet,
} from '../tables/labels.constants.js';
import { parseDecimal, parseRound, parseYen } from '../tables/money.service.js';
import { bad, ok, type Parsed } from '../tables/parsed.model.js';
import type { BidRecord, ProjectRecord, RowProblem, TenderRecord } from './import-records.model.js';
import type { Cell, Sheet } from '../tables/spreadsheet-reader.service.js';

/** Which label set a label column of each table takes. */
const LABEL_SETS: Record<TableKind, Record<string, LabelSet<string>>> = {
  projects: { category: CATEGORY_LABELS, method: METHOD_LABELS, status: PROJECT_STATUS_LABELS },
  tenders: { awardCriteria: AWARD_CRITERIA_LABELS, status: TENDER_STATUS_LABELS, negotiatedAfterFailure: YES_NO_LABELS },
  bids: { result: BID_STATUS_LABELS, bidderKind: BIDDER_KIND_LABELS },
};

/** A cell as the report shows it. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? String(cell) : cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * 法人番号 as written: full-width digits and separators (`7-0000-1205-0002`) are folded;
 * the result must be 13 digits whose first is the check digit (docs/domain.md "Bidder").
 */
export function parseCorporateNumber(cell: string | number): Parsed<string> {
  const text = String(cell).normalize('NFKC').replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(text)) return bad(`${cell} is not a 法人番号 (13 digits)`);
  if (!isValidCorporateNumber(text))
    return bad(`check digit is wrong (for ${text.slice(1)} it is ${corporateNumberCheckDigit(text.slice(1))})`);
  return ok(text);
}

function parseCell(kind: TableKind, match: HeaderMatch, cell: Cell): Parsed<unknown> {
  const spec: ColumnSpec = match.spec;
  if (typeof cell === 'boolean')
    return spec.type === 'label' ? parseLabel(LABEL_SETS[kind][spec.key], cell ? 'TRUE' : 'FALSE') : bad(`${cell} is not a ${spec.header}`);
  switch (spec.type) {
    case 'text':
      return ok(cellText(cell).trim());
    case 'yen':
      return cell instanceof Date ? bad('a date is not an amount') : parseYen(cell!, match.unit);
    case 'date':
      return parseDateCell(cell!);
    case 'round':
      return cell instanceof Date ? bad('a date is not a round number') : parseRound(cell!);
    case 'decimal':
      return cell instanceof Date ? bad('a date is not a number') : parseDecimal(cell!);
    case 'corporateNumber':
      return cell instanceof Date ? bad('a date is not a 法人番号') : parseCorporateNumber(cell!);
    case 'label':
      return parseLabel(LABEL_SETS[kind][spec.key], cellText(cell));
  }
}

export interface ParsedSheet<R> {
  records: R[];
  /** Rows refused here, with whatever cells could be read (a later check can tell which service they were about). */
  refused: Partial<R>[];
  problems: RowProblem[];
  /** Headers the import does not know and ignored. */
  ignored: string[];
}

/**
 * Turns a sheet's rows into records of one table, checking every cell against its column
 * (dates, amounts and their units, labels, 法人番号 check digits) and collecting every
 * problem with its row and column, so one run reports them all.
 */
export type AnyRecord = ProjectRecord | TenderRecord | BidRecord;

export function parseRows(kind: TableKind, sheet: Sheet): ParsedSheet<AnyRecord> {
  const { matches, ignored, problems: headerProblems } = matchHeaders(kind, sheet.headers);
  const problems: RowProblem[] = headerProblems.map((p) => ({ row: 1, column: p.column, value: '', reason: p.reason }));
  if (problems.length) return { records: [], refused: [], problems, ignored };
  const records: AnyRecord[] = [];
  const refused: Record<string, unknown>[] = [];
  for (const { rowNumber, cells } of sheet.rows) {
    const record: Record<string, unknown> = { row: rowNumber };
    let rowOk = true;
    for (const spec of COLUMNS[kind]) record[spec.key] = null;
    for (const match of matches) {
      const cell = cells[match.index] ?? null;
      const text = cellText(cell);
      if (text.trim() === '') {
        if (match.spec.required) {
          problems.push({ row: rowNumber, column: match.written, value: '', reason: 'required' });
          rowOk = false;
        }
        continue;
      }
      const parsed = parseCell(kind, match, cell);
      if (!parsed.ok) {
        problems.push({ row: rowNumber, column: match.written, value: text, reason: parsed.reason });
        rowOk = false;
      } else record[match.spec.key] = parsed.value;
    }
    if (kind === 'tenders' && record.negotiatedAfterFailure !== null)
      record.negotiatedAfterFailure = record.negotiatedAfterFailure === 'YES';
    if (rowOk) records.push(record as unknown as AnyRecord);
    else refused.push(record);
  }
  return { records, refused: refused as Partial<AnyRecord>[], problems, ignored };
}

/** Where each field of a table is in the file, for reporting problems found later. */
export function columnNames(kind: TableKind, sheet: Sheet): Record<string, string> {
  const names: Record<string, string> = {};
  for (const spec of COLUMNS[kind]) names[spec.key] = spec.type === 'yen' ? `${spec.header}(円)` : spec.header;
  for (const m of matchHeaders(kind, sheet.headers).matches) names[m.spec.key] = m.written;
  return names;
}
