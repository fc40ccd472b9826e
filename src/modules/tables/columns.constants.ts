import { YEN_UNITS, type YenUnit } from './money.service.js';

/** The three tables ministries keep (and the tracker exports), one record per row. */
export type TableKind = 'projects' | 'tenders' | 'bids';
export const TABLE_KINDS: readonly TableKind[] = ['projects', 'tenders', 'bids'];

export type ColumnType = 'text' | 'yen' | 'date' | 'round' | 'decimal' | 'corporateNumber' | 'label';

export interface ColumnSpec {
  /** Field name in the parsed record. */
  key: string;
  /** The header exports write (money headers without their unit: it is added as `(円)`). */
  header: string;
  /** Other headers accepted on import. */
  aliases?: readonly string[];
  type: ColumnType;
  /** The column must be present and the cell filled. */
  required: boolean;
}

const col = (key: string, header: string, type: ColumnType, required: boolean, aliases: string[] = []): ColumnSpec => ({
  key,
  header,
  type,
  required,
  aliases,
});

/** Columns of the tables; the last ones of tenders and bids are optional extras the export also writes. */
export const COLUMNS: Readonly<Record<TableKind, readonly ColumnSpec[]>> = {
  projects: [
    col('ministry', '府省', 'text', true, ['府省名', '府省庁', '府省庁名']),
    col('name', '事業名', 'text', true, ['対象事業名', '対象公共サービス']),
    col('summary', '概要', 'text', true),
    col('category', '分類', 'label', true),
    col('method', '入札方式', 'label', true),
    col('baselineAnnualCostYen', '従来経費', 'yen', true),
    col('status', '状態', 'label', false),
  ],
  tenders: [
    col('ministry', '府省', 'text', true, ['府省名', '府省庁', '府省庁名']),
    col('projectName', '事業名', 'text', true, ['対象事業名', '対象公共サービス']),
    col('round', '回次', 'round', true),
    col('title', '件名', 'text', true),
    col('awardCriteria', '落札方式', 'label', true),
    col('announcedOn', '入札公告日', 'date', true, ['公告日']),
    col('bidDeadline', '入札締切日', 'date', true, ['締切日']),
    col('openedOn', '開札日', 'date', false),
    col('reservePriceYen', '予定価格', 'yen', false),
    col('contractStart', '契約開始日', 'date', true),
    col('contractEnd', '契約終了日', 'date', true),
    col('status', '状態', 'label', false),
    col('winnerName', '落札者', 'text', false, ['落札者名']),
    col('winnerCorporateNumber', '落札者法人番号', 'corporateNumber', false),
    col('winningAmountYen', '落札金額', 'yen', false),
    col('contractAmountYen', '契約金額', 'yen', false),
    col('negotiatedAfterFailure', '不落随契', 'label', false, ['不落随意契約']),
    col('outcomeNote', '備考', 'text', false),
  ],
  bids: [
    col('ministry', '府省', 'text', true, ['府省名', '府省庁', '府省庁名']),
    col('projectName', '事業名', 'text', true, ['対象事業名', '対象公共サービス']),
    col('round', '回次', 'round', true),
    col('bidderName', '事業者名', 'text', true, ['応札者', '応札者名']),
    col('corporateNumber', '法人番号', 'corporateNumber', false),
    col('amountYen', '入札金額', 'yen', true, ['応札金額']),
    col('technicalScore', '技術点', 'decimal', false),
    col('totalScore', '総合評価点', 'decimal', false),
    col('result', '結果', 'label', false),
    col('bidderKind', '事業者種別', 'label', false, ['種別']),
  ],
};

/** Header text compared loosely: full-width brackets and digits folded, spaces dropped. */
export function foldHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export interface HeaderMatch {
  spec: ColumnSpec;
  /** Index of the column in the file. */
  index: number;
  /** The header as the file writes it (for error reports). */
  written: string;
  /** For money columns: the unit the header names (円 when it names none). */
  unit: YenUnit;
}

/** A money header may name its unit: `予定価格(円)`, `予定価格（千円）`, `予定価格[百万円]`. */
function splitUnit(folded: string): { base: string; unit: YenUnit | null } {
  const m = /^(.*?)[([]([^)\]]+)[)\]]$/.exec(folded);
  if (m && m[2] in YEN_UNITS) return { base: m[1], unit: m[2] as YenUnit };
  return { base: folded, unit: null };
}

export interface HeaderProblem {
  column: string;
  reason: string;
}

/**
 * Finds each known column among a file's headers. Unknown headers are returned so the
 * import can say it ignored them; missing required columns and duplicates are problems.
 */
export function matchHeaders(
  kind: TableKind,
  headers: readonly string[],
): { matches: HeaderMatch[]; ignored: string[]; problems: HeaderProblem[] } {
  const specs = COLUMNS[kind];
  const matches: HeaderMatch[] = [];
  const ignored: string[] = [];
  const problems: HeaderProblem[] = [];
  headers.forEach((written, index) => {
    const folded = foldHeader(written);
    if (folded === '') return;
    const { base, unit } = splitUnit(folded);
    const spec = specs.find((s) => [s.header, ...(s.aliases ?? [])].some((h) => foldHeader(h) === base));
    if (!spec) {
      ignored.push(written);
      return;
    }
    if (unit && spec.type !== 'yen') {
      problems.push({ column: written, reason: `${spec.header} is not an amount: it takes no unit` });
      return;
    }
    const earlier = matches.find((m) => m.spec === spec);
    if (earlier) {
      problems.push({ column: written, reason: `${spec.header} appears twice (also as "${earlier.written}")` });
      return;
    }
    matches.push({ spec, index, written, unit: unit ?? '円' });
  });
  for (const spec of specs) {
    if (spec.required && !matches.some((m) => m.spec === spec)) {
      problems.push({ column: spec.type === 'yen' ? `${spec.header}(円)` : spec.header, reason: 'required column is missing' });
    }
  }
  return { matches, ignored, problems };
}

/** The header an export writes for a column (money in yen). */
export function exportHeader(spec: ColumnSpec): string {
  return spec.type === 'yen' ? `${spec.header}(円)` : spec.header;
}
