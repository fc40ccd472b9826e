/**
 * Writes the sample files of README.md ("Loading and exporting data") into seeds/interchange (or the
 * folder given as the first argument), so they can be regenerated and reviewed as code:
 *
 *   npm run build && node dist/seeds/interchange/make-samples.js
 *
 * - projects.xlsx: the services table as a ministry keeps it in Excel (a number cell, a text
 *   cell with commas, ministries by code and by name);
 * - tenders-sjis.csv: the rounds in Shift_JIS (CP932) as Windows Excel saves a CSV, with
 *   Japanese-era dates (H27.1.20, 平成30年1月29日, full-width 令和８年…) and amounts in 千円;
 * - bids.csv: the bids in UTF-8 with a BOM;
 * - bids-with-errors.csv: bids with deliberate mistakes, to show the report an import gives.
 *
 * The services are invented for the demonstration (their names say 取込サンプル); ministries
 * are the real ones the sample data loads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { corporateNumberCheckDigit } from '../../src/core/codes/corporate-number.js';

const out = resolve(process.argv[2] ?? 'seeds/interchange');
mkdirSync(out, { recursive: true });

const number = (base: string) => `${corporateNumberCheckDigit(base)}${base}`;
const FIRMS = {
  madoguchi: ['株式会社サンプル窓口サービス', number('010401100001')],
  yokohama: ['横浜ビジネスサポート株式会社', number('020001200002')],
  kanto: ['関東オフィスサービス株式会社', number('010401300003')],
  nihon: ['日本窓口ソリューションズ株式会社', number('011001400004')],
  joblink: ['株式会社ジョブリンク', number('011101500005')],
  research: ['株式会社統計リサーチ', number('010001600006')],
  newcomer: ['新規応札株式会社', number('010401700007')],
  lower: ['新規事業者株式会社', number('010401800008')],
} as const;

const P = {
  moj: '登記事項証明書等の交付等事務（横浜地方法務局・取込サンプル）',
  mhlw: '公共職業安定所の求人開拓業務（取込サンプル）',
  jps: '国民年金保険料収納事業（関東ブロック・取込サンプル）',
  mic: '統計調査の実施業務（取込サンプル）',
  moe: '国民公園の管理運営業務（取込サンプル）',
};

function csv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The samples are committed, so regenerating them must give the same bytes. An .xlsx file is
 * a zip: exceljs fills the workbook's properties (created, modified) and jszip, which exceljs
 * zips with, stamps every entry with the time of writing unless told a date. Both get this one.
 */
const FIXED_DATE = new Date('2026-11-28T00:00:00Z');

/** The jszip exceljs loads (resolved from exceljs, as Node resolves it for exceljs). */
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as { defaults: { date: Date | null } };

async function writeReproducibly(workbook: ExcelJS.Workbook, file: string): Promise<void> {
  workbook.created = workbook.modified = FIXED_DATE;
  const before = JSZip.defaults.date;
  JSZip.defaults.date = FIXED_DATE;
  try {
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  } finally {
    JSZip.defaults.date = before;
  }
}

async function projects(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('対象事業');
  sheet.addRow(['府省', '事業名', '概要', '分類', '入札方式', '従来経費(円)', '状態']);
  const rows: (string | number)[][] = [
    ['MOJ', P.moj, '横浜地方法務局の窓口で登記事項証明書等を交付する事務を民間事業者に委託する。', '窓口業務', '民間競争入札', 1_250_000_000, '事業実施中'],
    ['厚生労働省', P.mhlw, '公共職業安定所の求人開拓（事業所訪問による求人確保）を民間事業者に委託する。', 'その他', '民間競争入札', '480,000,000', '入札手続中'],
    ['JPS', P.jps, '関東ブロックの国民年金保険料の納付督励・収納事業。', '徴収業務', '民間競争入札', 2_300_000_000, '実施要項案作成中'],
    ['総務省', P.mic, '統計調査の調査票の配布・回収・審査業務（官民競争入札）。', '統計調査', '官民競争入札', 350_000_000, '市場化テスト終了'],
    ['環境省', P.moe, '国民公園（皇居外苑等）の清掃・植栽管理・案内業務。', '施設管理・運営', '民間競争入札', 120_000_000, '選定'],
  ];
  for (const r of rows) sheet.addRow(r);
  sheet.getColumn(6).numFmt = '#,##0';
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = [8, 48, 60, 14, 14, 16, 18][i]));
  await writeReproducibly(workbook, join(out, 'projects.xlsx'));
}

function tenders(): void {
  const header = ['府省', '事業名', '回次', '件名', '落札方式', '入札公告日', '入札締切日', '開札日', '予定価格(千円)', '契約開始日', '契約終了日', '状態', '落札者', '落札者法人番号', '落札金額(千円)'];
  const rows: (string | number)[][] = [
    ['法務省', P.moj, 1, '登記事項証明書等の交付等事務（第1回）', '最低価格落札方式', 'H26.12.1', 'H27.1.20', 'H27.1.27', '3,600,000', 'H27.4.1', 'H30.3.31', '落札', FIRMS.madoguchi[0], FIRMS.madoguchi[1], '3,150,000'],
    ['法務省', P.moj, 2, '登記事項証明書等の交付等事務（第2回）', '総合評価落札方式', '平成29年12月1日', '平成30年1月22日', '平成30年1月29日', '3,700,000', '平成30年4月1日', '令和3年3月31日', '落札', FIRMS.yokohama[0], FIRMS.yokohama[1], '3,380,000'],
    ['厚生労働省', P.mhlw, 1, '求人開拓業務（第1回）', '最低価格落札方式', 'R5.6.1', 'R5.7.10', 'R5.7.14', '1,500,000', 'R5.10.1', 'R8.9.30', '不調', '', '', ''],
    ['厚生労働省', P.mhlw, 2, '求人開拓業務（第2回）', '最低価格落札方式', '令和８年１１月２日', '令和８年１２月１４日', '', '１，５２０，０００', '令和9年4月1日', '令和12年3月31日', '公告中', '', '', ''],
    ['日本年金機構', P.jps, 1, '国民年金保険料収納事業（関東ブロック）（第1回）', '総合評価', 'R4.8.1', 'R4.9.15', 'R4.9.22', '7,200,000', 'R5.4.1', 'R8.3.31', '不調', '', '', ''],
    ['総務省', P.mic, 1, '統計調査の実施業務（第1回）', '最低価格', 'H22.4.1', 'H22.5.10', 'H22.5.17', '980,000', 'H22.7.1', 'H25.6.30', '落札', '総務省統計局（官側応札）', '', '905,000'],
  ];
  // Windows Excel saves "CSV" in CP932, the superset of Shift_JIS.
  writeFileSync(join(out, 'tenders-sjis.csv'), iconv.encode(csv([header, ...rows]), 'cp932'));
}

const BID_HEADER = ['府省', '事業名', '回次', '事業者名', '法人番号', '入札金額(円)', '技術点', '総合評価点', '結果'];

function bids(): void {
  const rows: (string | number)[][] = [
    ['法務省', P.moj, 1, ...FIRMS.madoguchi, '3,150,000,000', '', '', '落札'],
    ['法務省', P.moj, 1, ...FIRMS.kanto, '3,290,000,000', '', '', '非落札'],
    ['法務省', P.moj, 1, ...FIRMS.nihon, '3,700,000,000', '', '', ''],
    ['法務省', P.moj, 2, ...FIRMS.yokohama, '3,380,000,000', '72.5', '1,016.27', '落札'],
    ['法務省', P.moj, 2, ...FIRMS.madoguchi, '3,310,000,000', '58.0', '975.40', '非落札'],
    ['厚生労働省', P.mhlw, 1, ...FIRMS.joblink, '1,620,000,000', '', '', '無効'],
    ['厚生労働省', P.mhlw, 2, ...FIRMS.joblink, '1,480,000,000', '', '', ''],
    ['厚生労働省', P.mhlw, 2, ...FIRMS.kanto, '1,555,000,000', '', '', ''],
    ['総務省', P.mic, 1, '総務省統計局（官側応札）', '', '905,000,000', '', '', '落札'],
    ['総務省', P.mic, 1, ...FIRMS.research, '948,000,000', '', '', '非落札'],
  ];
  writeFileSync(join(out, 'bids.csv'), '\ufeff' + csv([BID_HEADER, ...rows]), 'utf8');
}

function bidsWithErrors(): void {
  const rows: (string | number)[][] = [
    ['法務省', P.moj, 1, '株式会社テスト不正番号', '1234567890123', '3,200,000,000', '', '', '非落札'],
    ['法務省', '存在しない事業（取込サンプル）', 1, ...FIRMS.kanto, '3,290,000,000', '', '', '非落札'],
    ['厚生労働省', P.mhlw, 2, ...FIRMS.joblink, '1,600,000,000', '', '', '有効'],
    ['法務省', P.moj, 2, ...FIRMS.kanto, '3,300,000,000', '80', '1,050.00', '落札'],
    ['法務省', P.moj, 2, ...FIRMS.nihon, '3,350,000,000', '65.0', '', '非落札'],
    ['総務省', P.mic, 2, ...FIRMS.research, '930,000,000', '', '', '非落札'],
    ['厚生労働省', P.mhlw, 2, ...FIRMS.joblink, '1,4８0,000千', '', '', ''],
    ['法務省', P.moj, 1, ...FIRMS.kanto, '3,290,000,000', '', '', '非落札'],
    ['法務省', P.moj, 1, ...FIRMS.kanto, '3,295,000,000', '', '', '非落札'],
    ['法務省', P.moj, 1, ...FIRMS.lower, '3,100,000,000', '', '', '非落札'],
    ['環境省', P.moe, 1, ...FIRMS.research, '100,000,000', '', '', ''],
    ['厚生労働省', P.mhlw, 2, ...FIRMS.newcomer, '1,500,000,000', '', '', ''],
  ];
  writeFileSync(join(out, 'bids-with-errors.csv'), csv([BID_HEADER, ...rows]), 'utf8');
}

await projects();
tenders();
bids();
bidsWithErrors();
console.log(`wrote projects.xlsx, tenders-sjis.csv, bids.csv and bids-with-errors.csv to ${out}`);
