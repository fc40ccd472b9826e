import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { authenticate } from '../src/modules/access/token.service.js';
import { exportRoutes } from '../src/modules/export/export.routes.js';
import { cellText } from '../src/modules/import/row-parser.service.js';
import { readSheet } from '../src/modules/tables/spreadsheet-reader.service.js';
import { assertFreshBuild, EXPORT_CLI, runCli } from './support/interchange-cli.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The three tables out as spreadsheets over HTTP and from the command line, on the scale-1
 * sample: the import's headers, CSV that Excel in Japan opens right (UTF-8 BOM), .xlsx with
 * the same rows, filters, and the API's seal for whoever asks.
 */
let srv: TestServer;
let http: Server;
let base: string;
let dir: string;
let admin: { token: string; headers: Record<string, string> };
let moj: { token: string; headers: Record<string, string> };

const HEADERS = {
  projects: ['府省', '事業名', '概要', '分類', '入札方式', '従来経費(円)', '状態'],
  tenders: [
    '府省',
    '事業名',
    '回次',
    '件名',
    '落札方式',
    '入札公告日',
    '入札締切日',
    '開札日',
    '予定価格(円)',
    '契約開始日',
    '契約終了日',
    '状態',
    '落札者',
    '落札者法人番号',
    '落札金額(円)',
    '契約金額(円)',
    '不落随契',
    '備考',
  ],
  bids: ['府省', '事業名', '回次', '事業者名', '法人番号', '入札金額(円)', '技術点', '総合評価点', '結果', '事業者種別'],
};

/** Each sheet of a workbook as exceljs reads it back: name, frozen rows, autofilter range, size. */
async function sheetsOf(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((ws) => ({
    name: ws.name,
    frozenRows: ws.views.map((v) => (v.state === 'frozen' ? v.ySplit : undefined)),
    autoFilter: ws.autoFilter,
    rowCount: ws.rowCount,
    columnCount: ws.columnCount,
  }));
}

/** `A1:R40`: from the header's first cell to the last column (at most 26 here) of the last row. */
const tableRange = (columns: number, rows: number) => `A1:${String.fromCharCode(64 + columns)}${rows}`;

async function download(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const response = await fetch(`${base}${path}`, { headers });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    disposition: response.headers.get('content-disposition') ?? '',
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function csvRows(path: string, headers: Record<string, string> = {}): Promise<string[][]> {
  const { status, bytes } = await download(path, headers);
  expect(status).toBe(200);
  return parse(bytes.subarray(3).toString('utf8')) as string[][];
}

const SEALED = `t.status NOT IN ('AWARDED', 'UNSUCCESSFUL')`;

beforeAll(async () => {
  assertFreshBuild();
  srv = await startTestServer();
  admin = await issueTestToken(srv, { role: 'ADMIN' });
  moj = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
  const knex = knexOf(srv.orm);
  const app = express().use(
    exportRoutes({
      readsFor: async () => ({ knex, dialect: srv.dialect }),
      viewerOf: (req) => authenticate(knex, req.headers.authorization),
    }),
  );
  http = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'interchange-export-'));
});

afterAll(async () => {
  if (http) await new Promise((resolve) => http.close(resolve));
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /export/{projects,tenders,bids}.{csv,xlsx}', () => {
  it.each(['projects', 'tenders', 'bids'] as const)(
    'serves %s.csv in UTF-8 with a BOM and CRLF, headed as the import reads it',
    async (kind) => {
      const { status, type, disposition, bytes } = await download(`/export/${kind}.csv`, admin.headers);
      expect(status).toBe(200);
      expect(type).toBe('text/csv; charset=utf-8');
      expect(disposition).toMatch(new RegExp(`^attachment; filename="?${kind}\\.csv"?$`));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.split('\r\n')[0]).toBe(HEADERS[kind].join(','));
      const rows = parse(text) as string[][];
      const expected =
        kind === 'projects'
          ? await srv.sql('SELECT COUNT(*) AS n FROM target_project')
          : kind === 'tenders'
            ? await srv.sql('SELECT COUNT(*) AS n FROM tender WHERE project_id IS NOT NULL')
            : await srv.sql('SELECT COUNT(*) AS n FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.project_id IS NOT NULL');
      expect(rows.length - 1).toBe(Number(expected[0].n));
    },
  );

  it.each(['projects', 'tenders', 'bids'] as const)('serves %s.xlsx with the same rows as the CSV', async (kind) => {
    const { status, type, bytes } = await download(`/export/${kind}.xlsx?ministry=MHLW`, admin.headers);
    expect(status).toBe(200);
    expect(type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readSheet(bytes, `${kind}.xlsx`);
    const csv = await csvRows(`/export/${kind}.csv?ministry=MHLW`, admin.headers);
    expect(sheet.headers).toEqual(csv[0]);
    expect(sheet.rows.map((r) => csv[0].map((_, i) => cellText(r.cells[i] ?? null)))).toEqual(csv.slice(1));
  });

  it.each(['projects', 'tenders', 'bids'] as const)(
    'puts an autofilter on every sheet of %s.xlsx, from the frozen header row over every column to the last row',
    async (kind) => {
      const { bytes } = await download(`/export/${kind}.xlsx?ministry=MHLW`, admin.headers);
      const csv = await csvRows(`/export/${kind}.csv?ministry=MHLW`, admin.headers);
      expect(csv.length).toBeGreaterThan(1);
      const sheets = await sheetsOf(bytes);
      expect(sheets).toHaveLength(1);
      for (const sheet of sheets) {
        expect(sheet.frozenRows).toEqual([1]);
        expect(sheet.columnCount).toBe(HEADERS[kind].length);
        expect(sheet.rowCount).toBe(csv.length);
        expect(sheet.autoFilter).toBe(tableRange(HEADERS[kind].length, csv.length));
      }
    },
  );

  it('puts the autofilter on the header row alone when no row matches', async () => {
    const { status, bytes } = await download('/export/tenders.xlsx?ministry=MHLW&since=2999-01-01', admin.headers);
    expect(status).toBe(200);
    expect((await sheetsOf(bytes)).map((s) => s.autoFilter)).toEqual([tableRange(HEADERS.tenders.length, 1)]);
  });

  it("hides a sealed round's reserve price and bids from the public, and shows them to its ministry and to admins", async () => {
    const rounds = await srv.sql(
      `SELECT m.name AS ministry, m.code, p.name AS project, t.round, t.status, t.reserve_price_yen FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id`,
    );
    const key = (r: Record<string, any>) => `${r.ministry}|${r.project}|${Number(r.round)}`;
    const truth = new Map(rounds.map((r) => [key(r), r]));
    const opened = (status: string) => status === 'AWARDED' || status === 'UNSUCCESSFUL';
    for (const [who, headers, sees] of [
      ['the public', {}, (r: Record<string, any>) => opened(r.status)],
      ['MOJ', moj.headers, (r: Record<string, any>) => opened(r.status) || r.code === 'MOJ'],
      ['an admin', admin.headers, () => true],
    ] as const) {
      const rows = (await csvRows('/export/tenders.csv', headers)).slice(1);
      expect(rows).toHaveLength(rounds.length);
      for (const row of rows) {
        const t = truth.get(key({ ministry: row[0], project: row[1], round: row[2] }))!;
        expect(row[8], `${who} ${key(t)}`).toBe(sees(t) && t.reserve_price_yen != null ? String(Number(t.reserve_price_yen)) : '');
      }
      const [{ n }] = await srv.sql(
        `SELECT COUNT(*) AS n FROM bid b JOIN tender t ON t.id = b.tender_id JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id
          WHERE NOT (${SEALED}) ${who === 'the public' ? '' : who === 'MOJ' ? `OR m.code = 'MOJ'` : 'OR 1 = 1'}`,
      );
      expect((await csvRows('/export/bids.csv', headers)).length - 1, who).toBe(Number(n));
    }
    const [{ n: sealedBids }] = await srv.sql(
      `SELECT COUNT(*) AS n FROM bid b JOIN tender t ON t.id = b.tender_id WHERE ${SEALED} AND t.project_id IS NOT NULL`,
    );
    expect(Number(sealedBids)).toBeGreaterThan(0);
  });

  it('filters by ministry and fiscal year', async () => {
    const [{ n: tenders }] = await srv.sql(
      `SELECT COUNT(*) AS n FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOJ' AND t.fiscal_year = 2020`,
    );
    const [{ n: projects }] = await srv.sql(
      `SELECT COUNT(*) AS n FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOJ' AND EXISTS (SELECT 1 FROM tender t WHERE t.project_id = p.id AND t.fiscal_year = 2020)`,
    );
    expect(Number(tenders)).toBeGreaterThan(0);
    const tenderRows = (await csvRows('/export/tenders.csv?ministry=MOJ&fiscalYear=2020')).slice(1);
    expect(tenderRows).toHaveLength(Number(tenders));
    expect(new Set(tenderRows.map((r) => r[0]))).toEqual(new Set(['法務省']));
    expect(tenderRows.every((r) => r[5] >= '2020-04-01' && r[5] <= '2021-03-31')).toBe(true);
    expect((await csvRows('/export/projects.csv?ministry=MOJ&fiscalYear=2020')).length - 1).toBe(Number(projects));
  });

  it('answers 401 for a bad token, 400 for a bad filter and 404 for an unknown table', async () => {
    expect((await download('/export/bids.csv', { authorization: 'Bearer nonsense' })).status).toBe(401);
    expect((await download('/export/bids.csv?fiscalYear=abc')).status).toBe(400);
    expect((await download('/export/bidders.csv')).status).toBe(404);
    expect((await download('/export/bids.pdf')).status).toBe(404);
  });
});

describe('npm run export -- <table>', () => {
  it('writes CSV with a BOM to standard output, and .xlsx to a file, as the token may see', async () => {
    const csv = await runCli(EXPORT_CLI, ['projects', '--ministry', 'JPS'], { DATABASE_URL: srv.databaseUrl });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\ufeff府省,事業名,概要')).toBe(true);
    const [{ n }] = await srv.sql(
      `SELECT COUNT(*) AS n FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'JPS'`,
    );
    expect((parse(csv.stdout.slice(1)) as string[][]).length - 1).toBe(Number(n));

    const out = join(dir, 'moj-bids.xlsx');
    const xlsx = await runCli(EXPORT_CLI, ['bids', '--ministry', 'MOJ', '--out', out, '--token', moj.token], {
      DATABASE_URL: srv.databaseUrl,
    });
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stderr).toMatch(/as test ministry MOJ \(MINISTRY\)/);
    const sheet = await readSheet(readFileSync(out), out);
    const [{ n: bids }] = await srv.sql(
      `SELECT COUNT(*) AS n FROM bid b JOIN tender t ON t.id = b.tender_id JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOJ'`,
    );
    expect(sheet.rows).toHaveLength(Number(bids));
    expect((await sheetsOf(readFileSync(out))).map((s) => s.autoFilter)).toEqual([tableRange(HEADERS.bids.length, Number(bids) + 1)]);
  });

  it('refuses an .xlsx export without --out and a bad filter', async () => {
    expect((await runCli(EXPORT_CLI, ['bids', '--format', 'xlsx'], { DATABASE_URL: srv.databaseUrl })).code).toBe(2);
    expect((await runCli(EXPORT_CLI, ['bids', '--fiscal-year', 'next'], { DATABASE_URL: srv.databaseUrl })).code).toBe(2);
  });
});
