import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBuild, EXPORT_CLI, runCli } from './support/interchange-cli.js';
import { errorCodes, expectOk, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

// A ministry is named by its code or its Japanese name wherever a filter takes one; an
// unknown ministry, local government or prefecture is refused naming the closest known ones,
// never answered with an empty list, download or file.

let srv: TestServer;
/** The ministry owning most services, so that its lists are not empty. */
let ministry: { code: string; name: string };

beforeAll(async () => {
  assertFreshBuild();
  srv = await startTestServer();
  [ministry] = await srv.sql<{ code: string; name: string }>(
    `SELECT m.code, m.name FROM ministry m JOIN target_project p ON p.ministry_id = m.id GROUP BY m.id, m.code, m.name ORDER BY COUNT(*) DESC, m.code LIMIT 1`,
  );
});

afterAll(() => srv.stop());

const MOJJ = /^府省「MOJJ」はありません。近いもの: MOJ 法務省、/;

describe('the API lists filtered by ministry', () => {
  const lists = [
    ['targetProjects', 'TargetProjectFilter'],
    ['tenders', 'TenderFilter'],
    ['evaluations', 'EvaluationFilter'],
    ['redFlags', 'RedFlagFilter'],
  ] as const;

  const count = async (field: string, type: string, ministryCodes: string[]) =>
    srv.gql<Record<string, { totalCount: number }>>(`query ($f: ${type}) { ${field}(filter: $f) { totalCount } }`, {
      f: { ministryCodes },
    });

  it('answers the services of a ministry named by its code', async () => {
    const [{ n }] = await srv.sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code = ?`,
      [ministry.code],
    );
    expect(Number(n)).toBeGreaterThan(0);
    expect(expectOk(await count('targetProjects', 'TargetProjectFilter', [ministry.code])).targetProjects.totalCount).toBe(Number(n));
  });

  it.each(lists)('%s: a Japanese name or a code in lower case answers as the code does', async (field, type) => {
    const byCode = expectOk(await count(field, type, [ministry.code]))[field].totalCount;
    expect(expectOk(await count(field, type, [ministry.name]))[field].totalCount).toBe(byCode);
    expect(expectOk(await count(field, type, [` ${ministry.code.toLowerCase()} `, ministry.name]))[field].totalCount).toBe(byCode);
  });

  it.each(lists)('%s: an unknown ministry is BAD_USER_INPUT naming it and the closest', async (field, type) => {
    const result = await count(field, type, ['MOJ', 'MOJJ']);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(MOJJ);
    expect(result.errors![0].extensions?.argumentName).toBe('ministryCodes');
    expect(result.data).toBeNull();
  });

  it('Ministry.targetProjects takes a name and refuses an unknown ministry', async () => {
    const nested = (codes: string[]) =>
      srv.gql<{ ministries: { nodes: { code: string; targetProjects: { totalCount: number } }[] } }>(
        `query ($f: TargetProjectFilter) { ministries(first: 50) { nodes { code targetProjects(filter: $f) { totalCount } } } }`,
        { f: { ministryCodes: codes } },
      );
    const byName = expectOk(await nested([ministry.name])).ministries.nodes;
    const byCode = expectOk(await nested([ministry.code])).ministries.nodes;
    expect(byName).toEqual(byCode);
    expect(byCode.find((m) => m.code === ministry.code)!.targetProjects.totalCount).toBeGreaterThan(0);
    const unknown = await nested(['MOJJ']);
    expect(errorCodes(unknown)).toContain('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toMatch(MOJJ);
  });

  it('marketTestingStats takes a name and refuses an unknown ministry', async () => {
    const stats = (ministryCodes: string[]) =>
      srv.gql<{ marketTestingStats: { projectCount: number; byMinistry: { ministry: { code: string } }[] } }>(
        `query ($f: MarketTestingStatsFilter) { marketTestingStats(filter: $f) { projectCount byMinistry { ministry { code } } } }`,
        { f: { ministryCodes } },
      );
    const byName = expectOk(await stats([ministry.name])).marketTestingStats;
    expect(byName).toEqual(expectOk(await stats([ministry.code])).marketTestingStats);
    expect(byName.byMinistry.map((m) => m.ministry.code)).toEqual([ministry.code]);
    const unknown = await stats(['MOJJ']);
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(MOJJ);
  });
});

describe('the API lists filtered by local government or prefecture', () => {
  it('localPilots: a code no local government has is BAD_USER_INPUT naming the closest', async () => {
    const [{ code }] = await srv.sql<{ code: string }>(
      `SELECT mu.code FROM municipality mu JOIN local_pilot lp ON lp.municipality_id = mu.id ORDER BY mu.code LIMIT 1`,
    );
    const pilots = (municipalityCode: string) =>
      srv.gql<{ localPilots: { totalCount: number } }>(`query ($f: LocalPilotFilter) { localPilots(filter: $f) { totalCount } }`, {
        f: { municipalityCode },
      });
    expect(expectOk(await pilots(code)).localPilots.totalCount).toBeGreaterThan(0);
    // Six digits with a valid check digit (the scalar checks those), but no local government's code.
    const unknown = await pilots('139998');
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(
      /^地方公共団体コード「139998」はありません。近いもの: 13\d{4} .*（no local government has this code; the closest: 13\d{4} /,
    );
    expect(unknown.errors![0].extensions?.argumentName).toBe('municipalityCode');

    const nested = await srv.gql(
      `query ($f: LocalPilotFilter) { municipalities(first: 2) { nodes { localPilots(filter: $f) { totalCount } } } }`,
      { f: { municipalityCode: '139998' } },
    );
    expect(errorCodes(nested)).toContain('BAD_USER_INPUT');
    expect(nested.errors![0].message).toMatch(/^地方公共団体コード「139998」はありません。近いもの: /);
  });

  it('an unknown prefecture names the closest prefectures, in every filter that takes one', async () => {
    for (const [field, type] of [
      ['municipalities', 'MunicipalityFilter'],
      ['localPilots', 'LocalPilotFilter'],
    ]) {
      const result = await srv.gql(`query ($f: ${type}) { ${field}(filter: $f) { totalCount } }`, { f: { prefectureCode: '東京' } });
      expect(errorCodes(result), field).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message, field).toMatch(
        /^都道府県「東京」はありません.*近いもの: 13 東京都、.*（no prefecture has this number or code: .*; the closest: 13 東京都/,
      );
      expect(result.errors![0].extensions?.argumentName, field).toBe('prefectureCode');
    }
    const stats = await srv.gql(`query { localPilotStats(filter: { prefectureCode: "48" }) { pilotCount } }`);
    expect(errorCodes(stats)).toEqual(['BAD_USER_INPUT']);
    expect(stats.errors![0].message).toMatch(/^都道府県「48」はありません.*（no prefecture has this number or code: .*; the closest: /);
  });
});

describe('the downloads filtered by ministry', () => {
  const get = async (path: string) => {
    const response = await fetch(`${srv.base}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  it('/export takes a Japanese name as its code, and answers an unknown ministry 400 naming the closest', async () => {
    const byCode = await get(`/export/projects.csv?ministry=${ministry.code}`);
    expect(byCode.status).toBe(200);
    expect(byCode.text.split('\n').length).toBeGreaterThan(2);
    expect((await get(`/export/projects.csv?ministry=${encodeURIComponent(ministry.name)}`)).text).toBe(byCode.text);

    const unknown = await get('/export/tenders.csv?ministry=MOJ,MOJJ');
    expect(unknown.status).toBe(400);
    expect(unknown.type).toMatch(/^application\/json/);
    expect(Object.keys(JSON.parse(unknown.text))).toEqual(['error']);
    expect(JSON.parse(unknown.text).error).toMatch(MOJJ);
  });

  it('/ocds/releases takes a Japanese name, and answers an unknown ministry 400 rather than "no contracting process matches"', async () => {
    const byName = await get(`/ocds/releases?ministry=${encodeURIComponent(ministry.name)}`);
    expect(byName.status).toBe(200);
    expect(JSON.parse(byName.text).releases.length).toBeGreaterThan(0);
    expect(JSON.parse(byName.text).releases.length).toBe(
      JSON.parse((await get(`/ocds/releases?ministry=${ministry.code}`)).text).releases.length,
    );

    const unknown = await get('/ocds/releases?ministry=XXX');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toEqual({ error: expect.stringMatching(/^府省「XXX」はありません。近いもの: /) });
  });
});

describe('the downloads refuse a parameter they do not know', () => {
  // A misspelt filter used to be ignored: the whole table came back as if it were the filtered one.
  it.each([
    ['/export/tenders.csv?ministy=MOJ', 'ministy (did you mean ministry?)'],
    ['/ocds/releases?fiscalyear=2024', 'fiscalyear (did you mean fiscalYear?)'],
    ['/feeds/tenders.atom?categories=OTHER', 'categories (did you mean category?)'],
  ])('%s is 400 naming the closest known parameter', async (path, named) => {
    const response = await fetch(`${srv.base}${path}`);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(/^パラメータ \w+ は使えません。使えるもの: /);
    expect(error).toContain(`unknown query parameter ${named}`);
  });
});

describe('npm run export -- --ministry', () => {
  it('takes a Japanese name, and exits 2 naming the closest for an unknown ministry, writing nothing', async () => {
    const env = { DATABASE_URL: srv.databaseUrl };
    const byCode = await runCli(EXPORT_CLI, ['projects', '--ministry', ministry.code], env);
    expect(byCode.code, byCode.stderr).toBe(0);
    const byName = await runCli(EXPORT_CLI, ['projects', '--ministry', ministry.name], env);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toBe(byCode.stdout);

    const dir = await mkdtemp(join(tmpdir(), 'unknown-ministry-'));
    try {
      const out = join(dir, 'tenders.csv');
      const unknown = await runCli(EXPORT_CLI, ['tenders', '--ministry', 'MOJJ', '--out', out], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toMatch(/^error: 府省「MOJJ」はありません。近いもの: MOJ 法務省、/);
      await expect(rm(out)).rejects.toThrow(/ENOENT/);

      const ocds = await runCli(EXPORT_CLI, ['ocds', 'releases', '--ministry', 'MOJJ'], env);
      expect(ocds.code).toBe(2);
      expect(ocds.stderr).toMatch(/^error: 府省「MOJJ」はありません。近いもの: MOJ 法務省、/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createTargetProject names its ministry by code or Japanese name', () => {
  const create = (ministryCode: string, headers: Record<string, string>) =>
    srv.gql<any>(
      `mutation ($i: CreateTargetProjectInput!) {
        createTargetProject(input: $i) { targetProject { name ministry { code } } userErrors { code message field } }
      }`,
      {
        i: {
          ministryCode,
          name: `省名で登録 ${ministryCode}`,
          summary: '府省名の入力',
          category: 'OTHER',
          method: 'PRIVATE',
          baselineAnnualCostYen: 1,
        },
      },
      headers,
    );

  it('takes 法務省 as MOJ, and refuses an unknown one naming the closest, writing nothing', async () => {
    const admin = await issueTestToken(srv, { role: 'ADMIN' });
    const byName = expectOk(await create('法務省', admin.headers)).createTargetProject;
    expect(byName).toEqual({ targetProject: { name: '省名で登録 法務省', ministry: { code: 'MOJ' } }, userErrors: [] });

    const [before] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
    const unknown = expectOk(await create('MOJJ', admin.headers)).createTargetProject;
    expect(unknown.targetProject).toBeNull();
    expect(unknown.userErrors).toEqual([
      {
        code: 'NOT_FOUND',
        message: expect.stringMatching(/^府省「MOJJ」はありません。近いもの: MOJ 法務省、/),
        field: ['input', 'ministryCode'],
      },
    ]);
    const [after] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
    expect(Number(after.n)).toBe(Number(before.n));

    // A MINISTRY token names its own ministry by name too, and no other.
    const moj = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
    expect(expectOk(await create('法務省', moj.headers)).createTargetProject.userErrors).toEqual([]);
    const other = expectOk(await create('厚生労働省', moj.headers)).createTargetProject;
    expect(other.userErrors.map((e: { code: string }) => e.code)).toEqual(['FORBIDDEN']);
  });
});
