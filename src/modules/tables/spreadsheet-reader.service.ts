import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { decodeCsv, encodingLabel, type CsvEncoding } from './encoding.service.js';

/** A cell as read: text from CSV; text, numbers, dates or booleans from .xlsx. */
export type Cell = string | number | Date | boolean | null;

export interface SheetRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  rowNumber: number;
  cells: Cell[];
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  /** How the file was read, for the report (e.g. "Shift_JIS (CP932)", "xlsx, sheet 入札"). */
  readAs: string;
  headers: string[];
  rows: SheetRow[];
}

export class SheetError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads `.xlsx` (first worksheet) or CSV (any encoding `decodeCsv` knows) into rows. */
export async function readSheet(bytes: Buffer, fileName: string, encoding?: CsvEncoding): Promise<Sheet> {
  const ext = extname(fileName).toLowerCase();
  const zip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  if (ext === '.xls') throw new SheetError('.xls (Excel 97–2003) is not supported: save the file as .xlsx or CSV');
  if (ext === '.xlsx' || (zip && ext !== '.csv')) return readXlsx(bytes);
  if (zip) throw new SheetError(`${fileName} is a zip archive (an .xlsx?), not a CSV: name it .xlsx`);
  return readCsv(bytes, encoding);
}

function readCsv(bytes: Buffer, explicit?: CsvEncoding): Sheet {
  const { text, encoding, bom } = decodeCsv(bytes, explicit);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, relax_quotes: false, bom: false }) as string[][];
  } catch (e) {
    throw new SheetError(`not a readable CSV: ${(e as Error).message}`);
  }
  // Excel shows one row per record (a quoted line break stays in its cell), so record n is row n.
  const [headers = [], ...rest] = records;
  const rows: SheetRow[] = [];
  rest.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ rowNumber: i + 2, cells });
  });
  return { format: 'csv', readAs: `CSV, ${encodingLabel(encoding, bom)}`, headers: headers.map((h) => h.trim()), rows };
}

/** A cell's value as a plain value: formulas give their result, rich text and links their text. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function readXlsx(bytes: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new SheetError(`not a readable .xlsx file: ${(e as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError('the workbook has no worksheet');
  let headers: string[] = [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // exceljs numbers cells from 1 and leaves holes for empty cells: Array.from fills them.
    const cells = Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v) => plain(v));
    if (rowNumber === 1) {
      headers = cells.map((c) => (c === null ? '' : String(c).trim()));
      return;
    }
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return;
    rows.push({ rowNumber, cells });
  });
  return { format: 'xlsx', readAs: `xlsx, sheet ${sheet.name}`, headers, rows };
}
