import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { ocdsRoutes } from '../src/modules/ocds/ocds.routes.js';
import { loadOcdsValidator, type OcdsValidator } from '../src/modules/ocds/ocds-schema.service.js';
import { assertFreshBuild, EXPORT_CLI, runCli } from './support/interchange-cli.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * OCDS 1.1 out of the scale-1 sample (about 1,500 rounds in every state): every package the
 * endpoints and the command give is validated offline against reference/ocds-1.1.5
 * (core release schema with the bids extension merged in); what they publish is checked
 * against the database with SQL; sealed data never appears.
 */
let srv: TestServer;
let http: Server;
let base: string;
let validator: OcdsValidator;
let adminHeaders: Record<string, string>;
let dir: string;

type Json = Record<string, any>;
const PREFIX = 'ocds-mttjp1-tender-';

async function getJson(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Json };
}

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numbersIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbersIn(v, out));
  return out;
}

beforeAll(async () => {
  assertFreshBuild();
  validator = loadOcdsValidator();
  srv = await startTestServer();
  adminHeaders = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  const knex = knexOf(srv.orm);
  const app = express().use(ocdsRoutes(async () => ({ knex, dialect: srv.dialect })));
  http = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'interchange-ocds-'));
});

afterAll(async () => {
  if (http) await new Promise((resolve) => http.close(resolve));
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /ocds/releases', () => {
  it('gives a valid release package of every round, each a contracting process with its own ocid', async () => {
    const { status, body } = await getJson('/ocds/releases', adminHeaders);
    expect(status).toBe(200);
    expect(validator.releasePackage(body)).toEqual([]);
    const ids = (await srv.sql('SELECT id FROM tender ORDER BY id')).map((r) => `${PREFIX}${r.id}`);
    expect([...new Set(body.releases.map((r: Json) => r.ocid))].sort()).toEqual(ids.sort());
    expect(body.uri).toBe(`${base}/ocds/releases`);
    expect(body.extensions).toEqual([
      'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
    ]);
  });

  it.each([
    ['ministry=MOJ', `m.code = 'MOJ'`],
    ['ministry=MOJ,MHLW&fiscalYear=2020', `m.code IN ('MOJ', 'MHLW') AND t.fiscal_year = 2020`],
    ['fiscalYear=2015', 't.fiscal_year = 2015'],
    ['ministry=%E5%8E%9A%E7%94%9F%E5%8A%B4%E5%83%8D%E7%9C%81', `m.name = '厚生労働省'`],
  ])('filters by %s, and the package is valid', async (query, where) => {
    const { status, body } = await getJson(`/ocds/releases?${query}`);
    expect(status).toBe(200);
    expect(validator.releasePackage(body)).toEqual([]);
    // A local pilot's rounds have no ministry: only a ministry filter leaves them out.
    const expected = await srv.sql(
      `SELECT t.id FROM tender t LEFT JOIN target_project p ON p.id = t.project_id LEFT JOIN ministry m ON m.id = p.ministry_id WHERE ${where}`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect([...new Set(body.releases.map((r: Json) => r.ocid))].sort()).toEqual(expected.map((r) => `${PREFIX}${r.id}`).sort());
  });

  it('gives what changed since an instant: a round changed now, and nothing else', async () => {
    const [{ id }] = await srv.sql(`SELECT id FROM tender WHERE status = 'PLANNED' ORDER BY id LIMIT 1`);
    const now = new Date();
    await srv.sql('UPDATE tender SET updated_at = ? WHERE id = ?', [now, id]);
    const { status, body } = await getJson(`/ocds/releases?since=${encodeURIComponent(new Date(now.getTime() - 1000).toISOString())}`);
    expect(status).toBe(200);
    expect(validator.releasePackage(body)).toEqual([]);
    expect([...new Set(body.releases.map((r: Json) => r.ocid))]).toEqual([`${PREFIX}${id}`]);
  });

  it('answers 404 when nothing matches and 400 for a bad filter', async () => {
    expect((await getJson('/ocds/releases?fiscalYear=1990')).status).toBe(404);
    expect((await getJson('/ocds/releases?fiscalYear=twenty')).status).toBe(400);
    expect((await getJson('/ocds/releases?since=yesterday')).status).toBe(400);
  });
});

describe('what the releases say', () => {
  let all: Json[];
  const releasesOf = (id: number) => all.filter((r) => r.ocid === `${PREFIX}${id}`);

  beforeAll(async () => {
    all = (await getJson('/ocds/releases', adminHeaders)).body.releases;
  });

  it("never publishes a sealed round's bids, amounts or reserve price, even to an admin", async () => {
    const sealed = await srv.sql(`SELECT id, reserve_price_yen FROM tender WHERE status NOT IN ('AWARDED', 'UNSUCCESSFUL')`);
    expect(sealed.length).toBeGreaterThan(20);
    const sealedBids = await srv.sql(
      `SELECT b.tender_id, b.amount_yen FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status NOT IN ('AWARDED', 'UNSUCCESSFUL')`,
    );
    expect(sealedBids.length).toBeGreaterThan(20);
    for (const { id, reserve_price_yen } of sealed) {
      const releases = releasesOf(Number(id));
      expect(releases.length).toBeGreaterThan(0);
      const secrets = new Set([
        Number(reserve_price_yen),
        ...sealedBids.filter((b) => Number(b.tender_id) === Number(id)).map((b) => Number(b.amount_yen)),
      ]);
      for (const release of releases) {
        expect(release.bids).toBeUndefined();
        expect(release.awards).toBeUndefined();
        expect(release.contracts).toBeUndefined();
        expect(release.tender.value).toBeUndefined();
        expect(release.tender.numberOfTenderers).toBeUndefined();
        expect(release.tender.tenderers).toBeUndefined();
        expect(numbersIn(release).filter((n) => secrets.has(n))).toEqual([]);
      }
    }
  });

  it("publishes an awarded round's reserve, bids, award and contract as the database holds them", async () => {
    const awarded = await srv.sql(
      `SELECT t.id, t.reserve_price_yen, t.contract_amount_yen, t.bid_count, w.amount_yen AS won, d.name AS winner
         FROM tender t JOIN bid w ON w.tender_id = t.id AND w.status = 'WON' JOIN bidder d ON d.id = w.bidder_id WHERE t.status = 'AWARDED' ORDER BY t.id`,
    );
    expect(awarded.length).toBeGreaterThan(100);
    const counts = new Map(
      (await srv.sql(`SELECT tender_id, COUNT(*) AS n FROM bid GROUP BY tender_id`)).map((r) => [Number(r.tender_id), Number(r.n)]),
    );
    for (const t of awarded) {
      const releases = releasesOf(Number(t.id));
      expect(releases.map((r) => r.tag[0]).slice(0, 3)).toEqual(['tender', 'award', 'contract']);
      const awardRelease = releases.find((r) => r.tag[0] === 'award')!;
      expect(awardRelease.awards[0].value).toEqual({ amount: Number(t.won), currency: 'JPY' });
      expect(awardRelease.awards[0].suppliers.map((s: Json) => s.name)).toEqual([t.winner]);
      expect(awardRelease.tender.value).toEqual({ amount: Number(t.reserve_price_yen), currency: 'JPY' });
      expect(awardRelease.tender.numberOfTenderers).toBe(Number(t.bid_count));
      expect(awardRelease.bids.details).toHaveLength(counts.get(Number(t.id)) ?? 0);
      const contract = releases.find((r) => r.tag[0] === 'contract')!.contracts[0];
      expect(contract.value).toEqual({ amount: Number(t.contract_amount_yen), currency: 'JPY' });
      // The tender notice says nothing the opening revealed.
      expect(releases[0].tender.value).toBeUndefined();
    }
  });

  it('links a failed round (不調) and the next one by relatedProcesses', async () => {
    const pairs = await srv.sql(
      `SELECT f.id AS failed, n.id AS next FROM tender f JOIN tender n ON n.project_id = f.project_id AND n.round = f.round + 1 WHERE f.status = 'UNSUCCESSFUL' ORDER BY f.id`,
    );
    expect(pairs.length).toBeGreaterThan(10);
    for (const { failed, next } of pairs) {
      for (const release of releasesOf(Number(next))) {
        expect(release.relatedProcesses).toEqual([
          { id: '1', relationship: ['unsuccessfulProcess'], title: expect.any(String), scheme: 'ocid', identifier: `${PREFIX}${failed}` },
        ]);
      }
    }
  });

  it('publishes each evaluation of a contract as an implementation release', async () => {
    const evaluations = await srv.sql(`SELECT id, tender_id, decision, decided_on FROM evaluation ORDER BY id`);
    expect(evaluations.length).toBeGreaterThan(10);
    for (const e of evaluations) {
      const release = releasesOf(Number(e.tender_id)).find((r) => r.id === `${PREFIX}${e.tender_id}-implementation-${e.id}`);
      expect(release?.tag).toEqual(['implementation']);
      expect(release!.date).toBe(`${e.decided_on}T00:00:00+09:00`);
      const milestones = release!.contracts[0].implementation.milestones;
      expect(milestones.find((m: Json) => m.id === `evaluation-${e.id}`).code).toBe(e.decision);
    }
  });
});

describe('GET /ocds/records/:ocid', () => {
  it('gives a valid record package, with its compiled release, for every process', async () => {
    const ids = (await srv.sql('SELECT id FROM tender ORDER BY id')).map((r) => Number(r.id));
    const problems: string[] = [];
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(
        ids.slice(i, i + 16).map(async (id) => {
          const { status, body } = await getJson(`/ocds/records/${PREFIX}${id}`);
          if (status !== 200) problems.push(`${id}: ${status}`);
          for (const p of validator.recordPackage(body)) problems.push(`${id}: ${p}`);
          const record = body.records[0];
          if (record.ocid !== `${PREFIX}${id}` || record.compiledRelease.tag[0] !== 'compiled') problems.push(`${id}: not its record`);
          const dates = record.releases.map((r: Json) => Date.parse(r.date));
          if (dates.some((d: number, k: number) => k > 0 && d < dates[k - 1])) problems.push(`${id}: releases out of date order`);
        }),
      );
    }
    expect(problems).toEqual([]);
  });

  it('compiles the latest state: an awarded round is complete, with its award', async () => {
    const [{ id }] = await srv.sql(`SELECT id FROM tender WHERE status = 'AWARDED' ORDER BY id LIMIT 1`);
    const { body } = await getJson(`/ocds/records/${PREFIX}${id}`);
    const compiled = body.records[0].compiledRelease;
    expect(compiled.tender.status).toBe('complete');
    expect(compiled.awards).toHaveLength(1);
    expect(compiled.parties.find((p: Json) => p.roles.includes('supplier'))).toBeDefined();
  });

  it('answers 404 for an ocid that is not ours or not there', async () => {
    expect((await getJson('/ocds/records/ocds-abcdef-1')).status).toBe(404);
    expect((await getJson(`/ocds/records/${PREFIX}99999999`)).status).toBe(404);
  });
});

describe('npm run export -- ocds', () => {
  it('writes a release package that validates, checking it with --validate first', async () => {
    const out = join(dir, 'moj.json');
    const result = await runCli(
      EXPORT_CLI,
      [
        'ocds',
        'releases',
        '--ministry',
        'MOJ',
        '--fiscal-year',
        '2018',
        '--validate',
        '--out',
        out,
        '--base-url',
        'https://tracker.example.go.jp',
      ],
      { DATABASE_URL: srv.databaseUrl },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/valid against OCDS 1\.1\.5 \+ bids extension/);
    const pkg = JSON.parse(readFileSync(out, 'utf8'));
    expect(validator.releasePackage(pkg)).toEqual([]);
    expect(pkg.uri).toBe('https://tracker.example.go.jp/ocds/releases?ministry=MOJ&fiscalYear=2018');
  });

  it('writes the record package of one ocid to standard output', async () => {
    const [{ id }] = await srv.sql(`SELECT id FROM tender WHERE status = 'UNSUCCESSFUL' ORDER BY id LIMIT 1`);
    const result = await runCli(EXPORT_CLI, ['ocds', 'record', `${PREFIX}${id}`, '--validate'], { DATABASE_URL: srv.databaseUrl });
    expect(result.code, result.stderr).toBe(0);
    const pkg = JSON.parse(result.stdout);
    expect(validator.recordPackage(pkg)).toEqual([]);
    expect(pkg.records[0].compiledRelease.tender.status).toBe('unsuccessful');
  });

  it('says clearly when the schema folder is missing', async () => {
    const result = await runCli(EXPORT_CLI, ['ocds', 'releases', '--validate'], {
      DATABASE_URL: srv.databaseUrl,
      OCDS_SCHEMA_DIR: join(dir, 'no-such-folder'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /OCDS schema folder .*no-such-folder does not exist: the OCDS 1\.1\.5 schemas are expected in reference\/ocds-1\.1\.5 of the project/,
    );
  });
});
