import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { exportHeader, type TableKind } from '../tables/columns.constants.js';
import type { ExportCell, ExportTable } from './table-export.service.js';

/** Worksheet names: what a ministry would call each table. */
const SHEET_NAMES: Record<TableKind, string> = { projects: '対象事業', tenders: '入札', bids: '応札' };

/**
 * CSV for Excel in Japan (docs/domain.md "Interchange"): UTF-8 with a byte-order mark, without
 * which Japanese Excel reads the file as Shift_JIS and garbles it; CRLF line ends; dates as
 * `YYYY-MM-DD`, amounts as plain integers in yen (the headers say `(円)`).
 */
export function tableToCsv(table: ExportTable): Buffer {
  const text = stringify([table.columns.map(exportHeader), ...table.rows.map((r) => r.map((c) => (c === null ? '' : String(c))))], {
    record_delimiter: '\r\n',
  });
  return Buffer.from(`\ufeff${text}`, 'utf8');
}

function xlsxValue(type: string, cell: ExportCell): ExcelJS.CellValue {
  if (cell === null) return null;
  // A date cell holds the day at UTC midnight: Excel has no time zone, and exceljs reads it back the same way.
  if (type === 'date' && typeof cell === 'string') return new Date(`${cell}T00:00:00Z`);
  return cell;
}

/**
 * The table as an .xlsx workbook of one sheet: real date cells (yyyy-mm-dd), amounts as
 * numbers shown with thousands separators, 法人番号 as text (so Excel keeps all 13 digits
 * as written), a bold frozen header row with an autofilter over the table (every column, from the
 * header down to the last row, as Excel itself sets one), so each header opens Excel's sort and
 * filter menu at once.
 */
export async function tableToXlsx(table: ExportTable): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and an API process that never writes a workbook
  // should not pay for it in start-up time and memory.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'market-testing-tracker';
  const sheet = workbook.addWorksheet(SHEET_NAMES[table.kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.columns.map(exportHeader)).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell, i) => xlsxValue(table.columns[i].type, cell)));
  table.columns.forEach((spec, i) => {
    const column = sheet.getColumn(i + 1);
    if (spec.type === 'yen') column.numFmt = '#,##0';
    if (spec.type === 'date') column.numFmt = 'yyyy-mm-dd';
    if (spec.type === 'corporateNumber') column.numFmt = '@';
    column.width = spec.type === 'text' ? 30 : spec.type === 'date' ? 12 : 16;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + table.rows.length, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
