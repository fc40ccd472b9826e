import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/core/auth/viewer.js';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { issueToken } from '../src/modules/access/token.service.js';
import {
  award,
  closeTender,
  closedTenderWithBids,
  createBidder,
  createOpenTender,
  createTender,
  createTenderingProject,
  mutateOk,
  projectInOperation,
  readProject,
  recordBidOk,
  runToTendering,
} from './support/factories.js';
import { assertFreshBuild, EXPORT_CLI, IMPORT_CLI, runCli } from './support/interchange-cli.js';
import { rawRows, toBool } from './support/portable.js';
import { issueTestToken, startTestServer, testDatabase, type TestServer } from './support/test-server.js';

/**
 * Export, then import into an empty database (ministries only, as reference data), gives
 * the same data: the source holds rounds made through the API in every state (awarded by
 * lowest price and by rated criteria with a contract amount of its own, failed and
 * re-tendered, negotiated after failure, cancelled, planned, open with sealed bids, a
 * public-sector bidder) and the shipped samples imported; the tables go out as CSV and as
 * .xlsx, come back into two fresh databases, and the data is compared column by column
 * with SQL, independently of the export code, and by exporting again.
 */
let srv: TestServer;
let adminToken: string;
let dir: string;
let since: Date;
const targets: { orm: MikroORM; url: string; token: string; drop: () => Promise<void> }[] = [];

const KINDS = ['projects', 'tenders', 'bids'] as const;

/** The three tables' data, by natural keys, as plain tuples sorted in code-point order. */
async function dataOf(knex: Knex, dialect: string, from: Date | null): Promise<Record<string, unknown[][]>> {
  const after = (alias: string) => (from ? `AND ${alias}.updated_at >= ?` : '');
  const bind = from ? [dialect === 'sqlite' ? from.getTime() : from.toISOString()] : [];
  const sort = (rows: unknown[][]) =>
    rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as unknown[]);
  const projects = await rawRows(
    knex,
    `SELECT m.code, p.name, p.summary, p.category, p.method, p.baseline_annual_cost_yen AS b, p.status FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE 1 = 1 ${after('p')}`,
    bind,
  );
  const tenders = await rawRows(
    knex,
    `SELECT m.code, p.name, t.round, t.title, t.award_criteria, t.announced_on, t.bid_deadline, t.opened_on, t.reserve_price_yen AS r, t.contract_start, t.contract_end,
            t.status, t.contract_amount_yen AS c, t.negotiated_after_failure AS n, t.outcome_note, t.bid_count, t.fiscal_year, t.contract_months
       FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id WHERE 1 = 1 ${after('t')}`,
    bind,
  );
  const bids = await rawRows(
    knex,
    `SELECT m.code, p.name, t.round, d.name AS bidder, d.corporate_number, d.kind, b.amount_yen AS a, b.technical_score AS ts, b.total_score AS tot, b.status
       FROM bid b JOIN tender t ON t.id = b.tender_id JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id JOIN bidder d ON d.id = b.bidder_id WHERE 1 = 1 ${after('b')}`,
    bind,
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    projects: sort(projects.map((r) => [r.code, r.name, r.summary, r.category, r.method, n(r.b), r.status])),
    tenders: sort(
      tenders.map((r) => [
        r.code,
        r.name,
        n(r.round),
        r.title,
        r.award_criteria,
        r.announced_on,
        r.bid_deadline,
        r.opened_on,
        n(r.r),
        r.contract_start,
        r.contract_end,
        r.status,
        n(r.c),
        toBool(r.n),
        r.outcome_note,
        n(r.bid_count),
        n(r.fiscal_year),
        n(r.contract_months),
      ]),
    ),
    bids: sort(bids.map((r) => [r.code, r.name, n(r.round), r.bidder, r.corporate_number, r.kind, n(r.a), n(r.ts), n(r.tot), r.status])),
  };
}

async function exportAll(databaseUrl: string, token: string, format: 'csv' | 'xlsx', prefix: string, filter: string[] = []): Promise<void> {
  for (const kind of KINDS) {
    const result = await runCli(EXPORT_CLI, [kind, '--out', join(dir, `${prefix}-${kind}.${format}`), ...filter], {
      DATABASE_URL: databaseUrl,
      TRACKER_TOKEN: token,
    });
    expect(result.code, result.stderr).toBe(0);
  }
}

async function buildThroughTheApi(headers: Record<string, string>): Promise<void> {
  // Awarded to the lowest price.
  await projectInOperation(srv, headers, { ministryCode: 'MOE' });
  // Awarded by rated criteria, with a contract amount that differs from the winning bid.
  const rated = await closedTenderWithBids(
    srv,
    headers,
    [
      { amountYen: 260_000_000, totalScore: 1001.81, technicalScore: 80.5 },
      { amountYen: 240_000_000, totalScore: 950.2, technicalScore: 60 },
    ],
    { awardCriteria: 'RATED' },
    { ministryCode: 'MOJ' },
  );
  const awarded = await award(srv, headers, rated.tender, rated.bids[0].id, 262_000_000);
  expect(awarded.userErrors).toEqual([]);
  // Failed (不調), guidelines revised, the next round open with sealed bids, one of them the ministry's own.
  const failing = await createTenderingProject(srv, headers, { ministryCode: 'MHLW', method: 'PUBLIC_PRIVATE' });
  const first = await createOpenTender(srv, headers, failing.id);
  await recordBidOk(srv, headers, first.id, (await createBidder(srv, headers)).id, 320_000_000);
  const closed = await closeTender(srv, headers, first);
  await mutateOk(
    srv,
    'markTenderUnsuccessful',
    { tenderId: closed.id, expectedVersion: closed.version, reason: '予定価格を超える入札のみのため不調' },
    headers,
  );
  await runToTendering(srv, headers, await readProject(srv, failing.id, headers));
  const second = await createOpenTender(srv, headers, failing.id, {
    title: '再度の入札（第2回）',
    announcedOn: '2026-09-01',
    bidDeadline: '2026-10-15',
    contractStart: '2027-04-01',
    contractEnd: '2030-03-31',
  });
  const own = await createBidder(srv, headers, {
    name: '厚生労働省（官側応札・往復テスト）',
    corporateNumber: null,
    kind: 'PUBLIC_SECTOR',
  });
  await recordBidOk(srv, headers, second.id, own.id, 270_000_000);
  await recordBidOk(srv, headers, second.id, (await createBidder(srv, headers)).id, 290_000_000);
  // Failed, then a negotiated contract (不落随意契約) awarded.
  const negotiating = await createTenderingProject(srv, headers, { ministryCode: 'MOJ' });
  const n1 = await createOpenTender(srv, headers, negotiating.id);
  const n1bidder = await createBidder(srv, headers);
  await recordBidOk(srv, headers, n1.id, n1bidder.id, 310_000_000);
  const n1closed = await closeTender(srv, headers, n1);
  await mutateOk(
    srv,
    'markTenderUnsuccessful',
    { tenderId: n1closed.id, expectedVersion: n1closed.version, reason: '不落', negotiatedContractFollows: true },
    headers,
  );
  const n2 = await createOpenTender(srv, headers, negotiating.id, { title: '不落随意契約', negotiatedAfterFailure: true });
  const n2bid = await recordBidOk(srv, headers, n2.id, n1bidder.id, 299_000_000);
  const n2closed = await closeTender(srv, headers, n2);
  expect((await award(srv, headers, n2closed, n2bid.id, 299_000_000)).userErrors).toEqual([]);
  // Cancelled with a bid recorded, then the next round planned.
  const cancelling = await createTenderingProject(srv, headers, { ministryCode: 'MHLW' });
  const c1 = await createOpenTender(srv, headers, cancelling.id);
  await recordBidOk(srv, headers, c1.id, (await createBidder(srv, headers)).id, 200_000_000);
  await mutateOk(srv, 'cancelTender', { tenderId: c1.id, expectedVersion: c1.version, reason: '仕様の見直しのため中止' }, headers);
  await createTender(srv, headers, { projectId: cancelling.id }, { title: '仕様見直し後の入札（第2回）' });
}

beforeAll(async () => {
  assertFreshBuild();
  srv = await startTestServer();
  const admin = await issueTestToken(srv, { role: 'ADMIN', name: '往復テスト' });
  adminToken = admin.token;
  dir = mkdtempSync(join(tmpdir(), 'interchange-roundtrip-'));
  since = new Date();
  await buildThroughTheApi(admin.headers);
  for (const [file, kind] of [
    ['projects.xlsx', 'projects'],
    ['tenders-sjis.csv', 'tenders'],
    ['bids.csv', 'bids'],
  ]) {
    const result = await runCli(IMPORT_CLI, [`seeds/interchange/${file}`, '--kind', kind], {
      DATABASE_URL: srv.databaseUrl,
      TRACKER_TOKEN: adminToken,
    });
    expect(result.code, result.stderr).toBe(0);
  }
  // Two empty databases with the ministries only (reference data every database has).
  const ministries = await srv.sql('SELECT * FROM ministry ORDER BY id');
  for (let i = 0; i < 2; i++) {
    const database = await testDatabase();
    const orm = await openDatabase(database.target, { entities: ENTITIES });
    await knexOf(orm)('ministry').insert(ministries);
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: `往復テスト（取込先${i + 1}）` });
    targets.push({ orm, url: database.url, token, drop: database.drop });
  }
});

afterAll(async () => {
  for (const t of targets) {
    await t.orm.close(true);
    await t.drop();
  }
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export, then import into an empty database', () => {
  it('gives the same data from CSV (UTF-8 with BOM) and from .xlsx', async () => {
    const filter = ['--since', since.toISOString()];
    await exportAll(srv.databaseUrl, adminToken, 'csv', 'source', filter);
    await exportAll(srv.databaseUrl, adminToken, 'xlsx', 'source', filter);
    const expected = await dataOf(knexOf(srv.orm), srv.dialect, since);
    // What the source holds: the API's 5 services and the 5 samples, with every round and bid.
    expect(expected.projects).toHaveLength(10);
    expect(expected.tenders.map((t) => t[11]).sort()).toEqual(
      [
        'AWARDED',
        'AWARDED',
        'UNSUCCESSFUL',
        'OPEN',
        'UNSUCCESSFUL',
        'AWARDED',
        'CANCELLED',
        'PLANNED',
        'AWARDED',
        'AWARDED',
        'UNSUCCESSFUL',
        'OPEN',
        'UNSUCCESSFUL',
        'AWARDED',
      ].sort(),
    );

    for (const [target, format] of [
      [targets[0], 'csv'],
      [targets[1], 'xlsx'],
    ] as const) {
      for (const kind of KINDS) {
        // A copy of everything, sealed rounds included: the admin registers their bidders knowingly.
        const register = kind === 'bids' ? ['--register-bidders'] : [];
        const result = await runCli(IMPORT_CLI, [join(dir, `source-${kind}.${format}`), '--kind', kind, ...register], {
          DATABASE_URL: target.url,
          TRACKER_TOKEN: target.token,
        });
        expect(result.code, `${format} ${kind}: ${result.stderr}`).toBe(0);
      }
      const knex = knexOf(target.orm);
      expect(await dataOf(knex, srv.dialect, null), format).toEqual(expected);
      // Every record came in as IMPORTED, and each has its history entry.
      const sources = await rawRows(knex, `SELECT data_source, COUNT(*) AS n FROM tender GROUP BY data_source`);
      expect(sources.map((r) => [r.data_source, Number(r.n)])).toEqual([['IMPORTED', expected.tenders.length]]);
      const [{ n }] = await rawRows(knex, `SELECT COUNT(*) AS n FROM change WHERE action = 'import' AND object_type = 'Tender'`);
      expect(Number(n)).toBe(expected.tenders.length);

      // Exporting the copy gives the same files, byte for byte.
      await exportAll(target.url, target.token, 'csv', `copy-${format}`);
      for (const kind of KINDS) {
        expect(
          readFileSync(join(dir, `copy-${format}-${kind}.csv`)).equals(readFileSync(join(dir, `source-${kind}.csv`))),
          `${format} ${kind}`,
        ).toBe(true);
      }
    }
  });
});
