import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corporateNumber } from './support/factories.js';
import { assertFreshBuild, IMPORT_CLI, reportedProblems, runCli } from './support/interchange-cli.js';
import { toBool } from './support/portable.js';
import { expectOk, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * `npm run import` as users run it (the compiled CLI, in its own process) on the sample
 * files the project ships in seeds/interchange. Expectations are worked out by hand from
 * those files (see seeds/interchange/make-samples.ts) and docs/domain.md: 千円 × 1,000, 平成N年 =
 * 1988 + N, 令和N年 = 2018 + N, a bid above the reserve price is INVALID.
 */
const SAMPLES = 'seeds/interchange';
const P = {
  moj: '登記事項証明書等の交付等事務（横浜地方法務局・取込サンプル）',
  mhlw: '公共職業安定所の求人開拓業務（取込サンプル）',
  jps: '国民年金保険料収納事業（関東ブロック・取込サンプル）',
  mic: '統計調査の実施業務（取込サンプル）',
  moe: '国民公園の管理運営業務（取込サンプル）',
};

let srv: TestServer;
let admin: { token: string; headers: Record<string, string> };
let dir: string;
const TOKEN_NAME = '取込テスト（管理者）';

const importFile = (file: string, kind: string, extra: string[] = [], token = admin.token) =>
  runCli(IMPORT_CLI, [file, '--kind', kind, ...extra], { DATABASE_URL: srv.databaseUrl, TRACKER_TOKEN: token });

async function count(table: string): Promise<number> {
  return Number((await srv.sql(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
}

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['target_project', 'tender', 'bid', 'bidder', 'change']) out[t] = await count(t);
  return out;
}

async function round(project: string, n: number): Promise<Record<string, any>> {
  const [row] = await srv.sql(`SELECT t.* FROM tender t JOIN target_project p ON p.id = t.project_id WHERE p.name = ? AND t.round = ?`, [
    project,
    n,
  ]);
  return row;
}

async function bidsOf(project: string, n: number): Promise<Record<string, any>[]> {
  return srv.sql(
    `SELECT d.name, d.corporate_number, d.kind, b.amount_yen, b.technical_score, b.total_score, b.status
       FROM bid b JOIN bidder d ON d.id = b.bidder_id JOIN tender t ON t.id = b.tender_id JOIN target_project p ON p.id = t.project_id
      WHERE p.name = ? AND t.round = ? ORDER BY d.name`,
    [project, n],
  );
}

function csvFile(name: string, rows: (string | number)[][]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n') +
      '\n',
  );
  return path;
}

const PROJECT_HEADER = ['府省', '事業名', '概要', '分類', '入札方式', '従来経費(円)', '状態'];

beforeAll(async () => {
  assertFreshBuild();
  srv = await startTestServer();
  admin = await issueTestToken(srv, { role: 'ADMIN', name: TOKEN_NAME });
  dir = mkdtempSync(join(tmpdir(), 'interchange-import-'));
});

afterAll(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run import: the sample files', () => {
  it('imports the services from an .xlsx (ministries by code and by name; a number cell and a text cell with commas)', async () => {
    const result = await importFile(`${SAMPLES}/projects.xlsx`, 'projects');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/services: created 5, updated 0, unchanged 0/);
    const rows = await srv.sql(
      `SELECT m.code, p.name, p.category, p.method, p.baseline_annual_cost_yen, p.status, p.data_source, p.version
         FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE p.name LIKE ? ORDER BY p.baseline_annual_cost_yen`,
      ['%取込サンプル%'],
    );
    expect(
      rows.map((r) => [
        r.code,
        r.name,
        r.category,
        r.method,
        Number(r.baseline_annual_cost_yen),
        r.status,
        r.data_source,
        Number(r.version),
      ]),
    ).toEqual([
      ['MOE', P.moe, 'FACILITY_MANAGEMENT', 'PRIVATE', 120_000_000, 'SELECTED', 'IMPORTED', 1],
      ['MIC', P.mic, 'STATISTICAL_SURVEY', 'PUBLIC_PRIVATE', 350_000_000, 'EXITED', 'IMPORTED', 1],
      ['MHLW', P.mhlw, 'OTHER', 'PRIVATE', 480_000_000, 'TENDERING', 'IMPORTED', 1],
      ['MOJ', P.moj, 'COUNTER_SERVICE', 'PRIVATE', 1_250_000_000, 'IN_OPERATION', 'IMPORTED', 1],
      ['JPS', P.jps, 'COLLECTION', 'PRIVATE', 2_300_000_000, 'GUIDELINES_DRAFTING', 'IMPORTED', 1],
    ]);
  });

  it('imports the rounds from a Shift_JIS CSV with era dates and amounts in 千円', async () => {
    const result = await importFile(`${SAMPLES}/tenders-sjis.csv`, 'tenders');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Shift_JIS/);
    expect(result.stdout).toMatch(/rounds:\s+created 6, updated 0, unchanged 0/);
    // H26.12.1 = 2014-12-01; 3,600,000 千円 = 3,600,000,000 yen.
    expect(await round(P.moj, 1)).toMatchObject({
      announced_on: '2014-12-01',
      bid_deadline: '2015-01-20',
      opened_on: '2015-01-27',
      contract_start: '2015-04-01',
      contract_end: '2018-03-31',
      status: 'AWARDED',
      award_criteria: 'LOWEST_PRICE',
      fiscal_year: 2014,
      contract_months: 36,
      data_source: 'IMPORTED',
    });
    expect(Number((await round(P.moj, 1)).reserve_price_yen)).toBe(3_600_000_000);
    expect(Number((await round(P.moj, 1)).contract_amount_yen)).toBe(3_150_000_000);
    // 平成30年1月29日 = 2018-01-29; 令和3年3月31日 = 2021-03-31.
    expect(await round(P.moj, 2)).toMatchObject({
      opened_on: '2018-01-29',
      contract_end: '2021-03-31',
      award_criteria: 'RATED',
      status: 'AWARDED',
    });
    // Full-width 令和８年１１月２日 and １，５２０，０００ 千円; an open round has not been opened.
    const open = await round(P.mhlw, 2);
    expect(open).toMatchObject({ announced_on: '2026-11-02', bid_deadline: '2026-12-14', status: 'OPEN', opened_on: null });
    expect(Number(open.reserve_price_yen)).toBe(1_520_000_000);
    expect(await round(P.jps, 1)).toMatchObject({ status: 'UNSUCCESSFUL', award_criteria: 'RATED' });
    // A winner named without 法人番号 is the public sector's own bid.
    expect((await bidsOf(P.mic, 1)).map((b) => [b.name, b.corporate_number, b.kind, Number(b.amount_yen), b.status])).toEqual([
      ['総務省統計局（官側応札）', null, 'PUBLIC_SECTOR', 905_000_000, 'WON'],
    ]);
  });

  it('imports the bids (UTF-8 with BOM): statuses as given, or as the API gives them', async () => {
    const result = await importFile(`${SAMPLES}/bids.csv`, 'bids');
    expect(result.code, result.stderr).toBe(0);
    // 10 rows: 2 are the winners the tenders table recorded (one gets its scores: updated).
    expect(result.stdout).toMatch(/bids:\s+created 7, updated 1, unchanged 2/);
    expect(result.stdout).toMatch(/bidders \(also\):\s+created 4/);
    const A = corporateNumber('010401100001');
    expect((await bidsOf(P.moj, 1)).map((b) => [b.name, b.corporate_number, Number(b.amount_yen), b.status])).toEqual([
      ['日本窓口ソリューションズ株式会社', corporateNumber('011001400004'), 3_700_000_000, 'INVALID'], // blank 結果, above the 3.6 bn reserve
      ['株式会社サンプル窓口サービス', A, 3_150_000_000, 'WON'],
      ['関東オフィスサービス株式会社', corporateNumber('010401300003'), 3_290_000_000, 'LOST'],
    ]);
    expect((await bidsOf(P.moj, 2)).map((b) => [b.name, Number(b.technical_score), Number(b.total_score), b.status])).toEqual([
      ['株式会社サンプル窓口サービス', 58, 975.4, 'LOST'],
      ['横浜ビジネスサポート株式会社', 72.5, 1016.27, 'WON'],
    ]);
    // A sealed round: blank 結果 gives VALID within the reserve (1.52 bn) and INVALID above it.
    expect((await bidsOf(P.mhlw, 2)).map((b) => [Number(b.amount_yen), b.status])).toEqual([
      [1_480_000_000, 'VALID'],
      [1_555_000_000, 'INVALID'],
    ]);
    expect(Number((await round(P.moj, 1)).bid_count)).toBe(3);
    expect(Number((await round(P.mhlw, 2)).bid_count)).toBe(2);
  });

  it('records one history entry per created or changed record, action "import", by the token\'s principal', async () => {
    const entries = await srv.sql(`SELECT object_type, COUNT(*) AS n FROM change WHERE action = 'import' GROUP BY object_type`);
    // 5 services; 6 rounds; 3 winners' bids + 7 bids + 1 bid given its scores; 3 + 4 bidders.
    expect(Object.fromEntries(entries.map((e) => [e.object_type, Number(e.n)]))).toEqual({
      TargetProject: 5,
      Tender: 6,
      Bid: 11,
      Bidder: 7,
    });
    const [entry] = await srv.sql(
      `SELECT c.* FROM change c JOIN target_project p ON p.id = c.object_id WHERE c.object_type = 'TargetProject' AND p.name = ?`,
      [P.moj],
    );
    expect(entry).toMatchObject({ actor_name: TOKEN_NAME, actor_role: 'ADMIN', note: 'import:projects.xlsx row 2' });
    const data = expectOk(
      await srv.gql(
        `query($q: String!) { targetProjects(filter: { query: $q }) { nodes { dataSource status history(first: 5) { nodes { action actor { name role } note after } } } } }`,
        { q: '横浜地方法務局・取込サンプル' },
      ),
    );
    const [project] = data.targetProjects.nodes;
    expect(project.dataSource).toBe('IMPORTED');
    expect(project.history.nodes).toEqual([
      {
        action: 'import',
        actor: { name: TOKEN_NAME, role: 'ADMIN' },
        note: 'import:projects.xlsx row 2',
        after: expect.objectContaining({ ministryCode: 'MOJ', status: 'IN_OPERATION', baselineAnnualCostYen: 1_250_000_000 }),
      },
    ]);
  });

  it('keeps an imported open round sealed in the API for the public', async () => {
    const data = expectOk(
      await srv.gql(
        `query($q: String!) { targetProjects(filter: { query: $q }) { nodes { latestTender { status bidsSealed reservePriceYen numberOfBidders bids { totalCount } } } } }`,
        { q: '求人開拓業務（取込サンプル）' },
      ),
    );
    expect(data.targetProjects.nodes[0].latestTender).toEqual({
      status: 'OPEN',
      bidsSealed: true,
      reservePriceYen: null,
      numberOfBidders: null,
      bids: { totalCount: 0 },
    });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await tableCounts();
    const versions = await srv.sql(`SELECT id, version, updated_at FROM tender ORDER BY id`);
    for (const [file, kind, primary, total] of [
      ['projects.xlsx', 'projects', 'services', 5],
      ['tenders-sjis.csv', 'tenders', 'rounds', 6],
      ['bids.csv', 'bids', 'bids', 10],
    ] as const) {
      const result = await importFile(`${SAMPLES}/${file}`, kind);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`${primary}:\\s+created 0, updated 0, unchanged ${total}`));
      expect(result.stdout).toMatch(/history:\s+0 entries/);
    }
    expect(await tableCounts()).toEqual(before);
    expect(await srv.sql(`SELECT id, version, updated_at FROM tender ORDER BY id`)).toEqual(versions);
  });

  it('lists every bad row of the file with deliberate errors, as the committed report shows, and writes nothing', async () => {
    const before = await tableCounts();
    const result = await runCli(IMPORT_CLI, [`${SAMPLES}/bids-with-errors.csv`, '--kind', 'bids', '--token', admin.token], {
      DATABASE_URL: srv.databaseUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: 11 problems in 11 rows of seeds\/interchange\/bids-with-errors\.csv \(CSV, UTF-8\); nothing was written/,
    );
    // Row by row what make-samples.ts put there (row 9 is a good row; row 10 repeats its bidder).
    expect(reportedProblems(result.stderr).map((p) => [p.row, p.column])).toEqual([
      [2, '法人番号'], // check digit
      [3, '事業名'], // no such service
      [4, '入札金額(円)'], // 有効 above the reserve
      [5, '結果'], // a second winner
      [6, '総合評価点'], // RATED without a total score
      [7, '回次'], // round not recorded
      [8, '入札金額(円)'], // not an amount
      [10, '事業者名'], // second bid of one bidder in a round
      [11, '入札金額(円)'], // lower than the winner under LOWEST_PRICE
      [12, '回次'], // the service has no rounds
      [13, '事業者名'], // a new bidder in a round still sealed (registering it would show that it bid)
    ]);
    const committed = readFileSync(`${SAMPLES}/bids-with-errors.report.txt`, 'utf8').trimEnd().split('\n');
    const produced = result.stderr
      .split('\n')
      .filter((l) => !l.startsWith('· '))
      .join('\n')
      .trimEnd()
      .split('\n');
    expect(produced).toEqual(committed);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('npm run import: all or nothing, updates, scope', () => {
  it('writes none of the good rows when one row is bad', async () => {
    const before = await tableCounts();
    const file = csvFile('mixed.csv', [
      PROJECT_HEADER,
      ['MOJ', '一括取込テスト事業A', '概要A', '窓口業務', '民間競争入札', '100,000,000', '選定'],
      ['MOJ', '一括取込テスト事業B', '概要B', '窓口業務', '民間競争入札', '200,000,000', '選定'],
      ['MOJ', '一括取込テスト事業C', '概要C', '窓口サービス', '民間競争入札', '300,000,000', '選定'],
    ]);
    const result = await importFile(file, 'projects');
    expect(result.code).toBe(1);
    expect(reportedProblems(result.stderr).map((p) => [p.row, p.column])).toEqual([[4, '分類']]);
    expect(await tableCounts()).toEqual(before);
  });

  it('checks without writing on --dry-run, then writes the same on a real run', async () => {
    const file = csvFile('good.csv', [
      PROJECT_HEADER,
      ['MOJ', '一括取込テスト事業A', '概要A', '窓口業務', '民間競争入札', '100,000,000', '選定'],
      ['法務省', '一括取込テスト事業B', '概要B', 'COUNTER_SERVICE', 'PRIVATE', '200,000,000', ''],
    ]);
    const before = await tableCounts();
    const dry = await importFile(file, 'projects', ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/services: created 2, updated 0, unchanged 0/);
    expect(dry.stdout).toMatch(/dry run: nothing was written/);
    expect(await tableCounts()).toEqual(before);
    const real = await importFile(file, 'projects');
    expect(real.code, real.stderr).toBe(0);
    expect((await tableCounts()).target_project).toBe(before.target_project + 2);
  });

  it("updates a changed row's record, bumping its version, with a history entry naming the import", async () => {
    const file = csvFile('moe-update.csv', [
      PROJECT_HEADER,
      ['環境省', P.moe, '国民公園の清掃・植栽管理（改訂）', '施設管理・運営', '民間競争入札', '125,000,000', '実施要項案作成中'],
    ]);
    const result = await importFile(file, 'projects');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/services: created 0, updated 1, unchanged 0/);
    const [project] = await srv.sql(`SELECT * FROM target_project WHERE name = ?`, [P.moe]);
    expect(project).toMatchObject({ summary: '国民公園の清掃・植栽管理（改訂）', status: 'GUIDELINES_DRAFTING', version: 2 });
    const changes = await srv.sql(`SELECT * FROM change WHERE object_type = 'TargetProject' AND object_id = ? ORDER BY id`, [project.id]);
    expect(changes).toHaveLength(2);
    const last = changes[1];
    expect(last.action).toBe('import');
    expect(last.note).toBe('import:moe-update.csv row 2');
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(parse(last.before)).toEqual({
      summary: '国民公園（皇居外苑等）の清掃・植栽管理・案内業務。',
      baselineAnnualCostYen: 120_000_000,
      status: 'SELECTED',
    });
    expect(parse(last.after)).toEqual({
      summary: '国民公園の清掃・植栽管理（改訂）',
      baselineAnnualCostYen: 125_000_000,
      status: 'GUIDELINES_DRAFTING',
    });
  });

  it('refuses what the API refuses: a move against the lifecycle, an award above the reserve, a winner who did not bid, a bad 法人番号', async () => {
    const before = await tableCounts();
    const header = [
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
    ];
    const file = csvFile('bad-tenders.csv', [
      header,
      [
        'MOJ',
        P.moj,
        1,
        '登記事項証明書等の交付等事務（第1回）',
        '最低価格落札方式',
        '2014-12-01',
        '2015-01-20',
        '',
        '3600000000',
        '2015-04-01',
        '2018-03-31',
        '公告中',
        '',
        '',
        '',
      ],
      [
        'MHLW',
        P.mhlw,
        2,
        '求人開拓業務（第2回）',
        '最低価格落札方式',
        '2026-11-02',
        '2026-12-14',
        '2026-12-20',
        '1520000000',
        '2027-04-01',
        '2030-03-31',
        '落札',
        '未応札株式会社',
        corporateNumber('012345678901'),
        '1400000000',
      ],
      [
        'JPS',
        P.jps,
        2,
        '収納事業（第2回）',
        '最低価格落札方式',
        '2025-08-01',
        '2025-09-15',
        '2025-09-22',
        '7000000000',
        '2026-04-01',
        '2029-03-31',
        '落札',
        '株式会社X',
        '1234567890123',
        '7500000000',
      ],
    ]);
    const result = await importFile(file, 'tenders');
    expect(result.code).toBe(1);
    const problems = reportedProblems(result.stderr);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, '状態'],
      [3, '落札者'],
      [4, '落札者法人番号'],
    ]);
    expect(problems[0].line).toMatch(
      /INVALID_TRANSITION: 「落札」から「公告中」へは移せません.*（a tender round cannot move from AWARDED to OPEN/,
    );
    expect(problems[1].line).toMatch(/AWARD_RULE: the winner must be one of the round's 2 bidders/);
    expect(problems[2].line).toMatch(/check digit is wrong/);
    expect(await tableCounts()).toEqual(before);

    const above = csvFile('above.csv', [
      header,
      [
        'JPS',
        P.jps,
        2,
        '収納事業（第2回）',
        '最低価格落札方式',
        '2025-08-01',
        '2025-09-15',
        '2025-09-22',
        '7000000000',
        '2026-04-01',
        '2029-03-31',
        '落札',
        '株式会社X',
        '',
        '7500000000',
      ],
    ]);
    const refused = await importFile(above, 'tenders');
    expect(refused.code).toBe(1);
    expect(reportedProblems(refused.stderr)[0].line).toMatch(
      /AWARD_RULE: 7,500,000,000 yen is above the reserve price \(予定価格 7,000,000,000 yen\)/,
    );
    expect(await tableCounts()).toEqual(before);
  });

  it("lets a MINISTRY token import its own ministry's rows only, and records it as the actor", async () => {
    const moj = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ', name: '法務省 取込担当' });
    const before = await tableCounts();
    const both = csvFile('two-ministries.csv', [
      PROJECT_HEADER,
      ['MOJ', '法務省の取込テスト事業', '概要', '窓口業務', '民間競争入札', '100000000', ''],
      ['MHLW', '厚労省の取込テスト事業', '概要', '窓口業務', '民間競争入札', '100000000', ''],
    ]);
    const refused = await importFile(both, 'projects', [], moj.token);
    expect(refused.code).toBe(1);
    const problems = reportedProblems(refused.stderr);
    expect(problems.map((p) => [p.row, p.column])).toEqual([[3, '府省']]);
    expect(problems[0].line).toMatch(/FORBIDDEN/);
    expect(await tableCounts()).toEqual(before);

    const own = csvFile('own-ministry.csv', [
      PROJECT_HEADER,
      ['MOJ', '法務省の取込テスト事業', '概要', '窓口業務', '民間競争入札', '100000000', ''],
    ]);
    const result = await importFile(own, 'projects', [], moj.token);
    expect(result.code, result.stderr).toBe(0);
    const [entry] = await srv.sql(
      `SELECT c.actor_name, c.actor_role, c.actor_token_id FROM change c JOIN target_project p ON p.id = c.object_id WHERE c.object_type = 'TargetProject' AND p.name = ?`,
      ['法務省の取込テスト事業'],
    );
    expect(entry).toEqual({ actor_name: '法務省 取込担当', actor_role: 'MINISTRY', actor_token_id: moj.id });
  });

  it('needs an ADMIN or MINISTRY token', async () => {
    const file = `${SAMPLES}/projects.xlsx`;
    const none = await runCli(IMPORT_CLI, [file, '--kind', 'projects'], { DATABASE_URL: srv.databaseUrl });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs an ADMIN or MINISTRY token/);
    const bad = await importFile(file, 'projects', [], 'mtt_1_' + 'x'.repeat(43));
    expect(bad.code).toBe(2);
    const municipality = await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '131016' });
    const wrongRole = await importFile(file, 'projects', [], municipality.token);
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toMatch(/ADMIN or MINISTRY token, not MUNICIPALITY/);
  });

  it('reads the encoding it is told, and says what went wrong when told wrong', async () => {
    const wrong = await importFile(`${SAMPLES}/tenders-sjis.csv`, 'tenders', ['--encoding', 'utf-8']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/not valid UTF-8: is it Shift_JIS\?/);
    const right = await importFile(`${SAMPLES}/tenders-sjis.csv`, 'tenders', ['--encoding', 'shift_jis']);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/rounds:\s+created 0, updated 0, unchanged 6/);
  });

  it('stores booleans and dates the way the ORM reads them back', async () => {
    const [t] = await srv.sql(
      `SELECT negotiated_after_failure FROM tender t JOIN target_project p ON p.id = t.project_id WHERE p.name = ?`,
      [P.mic],
    );
    expect(toBool(t.negotiated_after_failure)).toBe(false);
    const data = expectOk(
      await srv.gql(
        `query($q: String!) { targetProjects(filter: { query: $q }) { nodes { tenders { nodes { announcedOn bids { nodes { submittedAt } } } } } } }`,
        { q: '統計調査の実施業務（取込サンプル）' },
      ),
    );
    // Bids without a submission time are dated at the deadline (2010-05-10, JST).
    expect(data.targetProjects.nodes[0].tenders.nodes[0].bids.nodes.map((b: { submittedAt: string }) => Date.parse(b.submittedAt))).toEqual(
      [Date.parse('2010-05-10T00:00:00+09:00'), Date.parse('2010-05-10T00:00:00+09:00')],
    );
  });
});
