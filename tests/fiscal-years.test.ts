import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJapaneseFiscalYear } from '../src/core/calendar/fiscal-year.js';
import { assertFreshBuild, EXPORT_CLI, runCli } from './support/interchange-cli.js';
import { errorCodes, expectOk, startTestServer, type TestServer } from './support/test-server.js';

// Fiscal years as people write them (令和6年度, R6, FY2024, 2024) in every filter that takes
// one, and era dates in the downloads and the export command; the deprecated Int fields keep
// working, and a bare era number (6) is refused instead of answering an empty list.

let srv: TestServer;

beforeAll(async () => {
  assertFreshBuild();
  srv = await startTestServer();
});
afterAll(() => srv.stop());

/** The 令和 fiscal year holding most rows of `table` (by `column`), so that the lists compared are not empty. */
async function busiestYear(table: string, column: string): Promise<number> {
  const [row] = await srv.sql<{ y: number }>(
    `SELECT ${column} AS y FROM ${table} WHERE ${column} >= 2019 GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column} LIMIT 1`,
  );
  return Number(row.y);
}

/** The ways of writing `year` a filter takes, the deprecated Int field's value first. */
const spellings = (year: number) => [year, String(year), formatJapaneseFiscalYear(year)!, `R${year - 2018}`, `FY${year}`, `${year}年度`];

describe('list filters take a fiscal year as people write it', () => {
  const lists = [
    { field: 'tenders', type: 'TenderFilter', legacy: 'fiscalYear', current: 'year', table: 'tender', column: 'fiscal_year' },
    { field: 'evaluations', type: 'EvaluationFilter', legacy: 'fiscalYear', current: 'year', table: 'evaluation', column: 'fiscal_year' },
    { field: 'redFlags', type: 'RedFlagFilter', legacy: 'fiscalYear', current: 'year', table: 'red_flag', column: 'fiscal_year' },
    {
      field: 'targetProjects',
      type: 'TargetProjectFilter',
      legacy: 'selectedInFiscalYear',
      current: 'selectedInYear',
      table: 'target_project',
      column: 'selected_in_fiscal_year',
    },
  ] as const;

  it.each(lists)('$field: $current as 2024, "令和6年度", "R6", "FY2024" all equal the deprecated $legacy', async (list) => {
    const year = await busiestYear(list.table, list.column);
    const count = async (filter: Record<string, unknown>) =>
      expectOk(
        await srv.gql<Record<string, { totalCount: number }>>(`query ($f: ${list.type}) { ${list.field}(filter: $f) { totalCount } }`, {
          f: filter,
        }),
      )[list.field].totalCount;
    const expected = await count({ [list.legacy]: year });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(await count({}));
    for (const written of spellings(year)) expect(await count({ [list.current]: written }), String(written)).toBe(expected);
    // As a literal in the document too.
    const literal = expectOk(
      await srv.gql<Record<string, { totalCount: number }>>(
        `{ ${list.field}(filter: { ${list.current}: "${formatJapaneseFiscalYear(year)}" }) { totalCount } }`,
      ),
    );
    expect(literal[list.field].totalCount).toBe(expected);
  });

  it('marketTestingStats: fromYear/toYear as 令和 years equal the deprecated Int fields', async () => {
    const stats = async (filter: Record<string, unknown>) =>
      expectOk(
        await srv.gql<any>(`query ($f: MarketTestingStatsFilter) { marketTestingStats(filter: $f) { tenderCount singleBidRate } }`, {
          f: filter,
        }),
      ).marketTestingStats;
    const expected = await stats({ fromFiscalYear: 2022, toFiscalYear: 2024 });
    expect(expected.tenderCount).toBeGreaterThan(0);
    expect(await stats({ fromYear: '令和4年度', toYear: 'R6' })).toEqual(expected);
  });

  it('refuses fiscalYear: 6 (an era number, which used to be an empty list), saying 令和6年度 is 2024', async () => {
    const result = await srv.gql(`{ tenders(filter: { fiscalYear: 6 }) { totalCount } }`);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^年度「6」は西暦の年度ではありません。令和6年度なら 2024 です/);
    expect(result.errors![0].extensions).toMatchObject({ argumentName: 'fiscalYear' });
  });

  it('refuses what is not a fiscal year, and two fields naming different years', async () => {
    const unreadable = await srv.gql(`query ($f: TenderFilter) { tenders(filter: $f) { totalCount } }`, { f: { year: '来年' } });
    expect(errorCodes(unreadable)).toEqual(['BAD_USER_INPUT']);
    expect(unreadable.errors![0].message).toMatch(/年度「来年」は読めません/);

    const differ = await srv.gql(`{ tenders(filter: { fiscalYear: 2023, year: "令和6年度" }) { totalCount } }`);
    expect(errorCodes(differ)).toEqual(['BAD_USER_INPUT']);
    expect(differ.errors![0].message).toMatch(/^fiscalYear と year が違う年度です/);
    const same = await srv.gql(`{ tenders(filter: { fiscalYear: 2024, year: "令和6年度" }) { totalCount } }`);
    expect(same.errors).toBeUndefined();
  });
});

describe('the downloads and npm run export take era years and dates', () => {
  const get = async (path: string) => {
    const response = await fetch(`${srv.base}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('/export and /ocds: fiscalYear=令和6年度 or R6 is fiscalYear=2024; since=令和2年4月1日 is since=2020-04-01', async () => {
    const western = await get('/export/tenders.csv?fiscalYear=2024');
    expect(western.status).toBe(200);
    expect(western.text.split('\n').length).toBeGreaterThan(2);
    for (const written of ['令和6年度', 'R6', 'FY2024']) {
      expect((await get(`/export/tenders.csv?fiscalYear=${encodeURIComponent(written)}`)).text, written).toBe(western.text);
    }
    const ocds = (path: string) => get(path).then((r) => JSON.parse(r.text).releases.map((x: { ocid: string }) => x.ocid));
    expect(await ocds(`/ocds/releases?fiscalYear=${encodeURIComponent('令和6年度')}`)).toEqual(
      await ocds('/ocds/releases?fiscalYear=2024'),
    );

    const since = await get('/export/projects.csv?since=2020-04-01');
    expect(since.status).toBe(200);
    expect((await get(`/export/projects.csv?since=${encodeURIComponent('令和2年4月1日')}`)).text).toBe(since.text);
    expect((await get('/export/projects.csv?since=R2.4.1')).text).toBe(since.text);

    const bad = await get(`/export/tenders.csv?fiscalYear=6`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/令和6年度なら 2024 です/);
    const badDay = await get(`/export/tenders.csv?since=${encodeURIComponent('令和2年13月1日')}`);
    expect(badDay.status).toBe(400);
    expect(JSON.parse(badDay.text).error).toMatch(/^since「令和2年13月1日」は日付として読めません/);
  });

  it('npm run export -- --fiscal-year R6 --since 令和2年4月1日 writes what 2024 and 2020-04-01 write', async () => {
    const env = { DATABASE_URL: srv.databaseUrl };
    const western = await runCli(EXPORT_CLI, ['tenders', '--format', 'csv', '--fiscal-year', '2024', '--since', '2020-04-01'], env);
    expect(western.code, western.stderr).toBe(0);
    expect(western.stdout.split('\n').length).toBeGreaterThan(2);
    const era = await runCli(EXPORT_CLI, ['tenders', '--format', 'csv', '--fiscal-year', 'R6', '--since', '令和2年4月1日'], env);
    expect(era.code, era.stderr).toBe(0);
    expect(era.stdout).toBe(western.stdout);

    const bad = await runCli(EXPORT_CLI, ['tenders', '--fiscal-year', '6'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/令和6年度なら 2024 です/);
  });
});
