import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid } from './support/global-ids.js';
import { toBool } from './support/portable.js';
import { expectOk, startTestServer, type GqlResult, type TestServer } from './support/test-server.js';

/**
 * The N+1 guard: a nested query costs one SQL statement per list level (plus one per
 * `totalCount` read), however many parents each level returns; a to-one relation selected
 * under a list (a bid's bidder, a round's service and its ministry) is read in the list's own
 * statement (core/graphql/related-rows.ts). Each query is run with a small and a large page;
 * the statement count (TRACKER_DIAGNOSTICS) must be the same, while the amount of data
 * returned grows.
 */

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
});
afterAll(() => srv?.stop());

function statements(result: GqlResult<unknown>): number {
  expectOk(result);
  const n = result.extensions?.diagnostics?.sqlStatements;
  expect(typeof n).toBe('number');
  return n!;
}

/** Counts every object in a JSON value that has one of `keys` set (to check pages really grew). */
function countObjects(value: unknown, key: string): number {
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + countObjects(v, key), 0);
  if (value && typeof value === 'object') {
    return Object.entries(value).reduce((s, [k, v]) => s + (k === key && v !== null ? 1 : 0) + countObjects(v, key), 0);
  }
  return 0;
}

describe('nested lists cost one statement per level, whatever the page size', () => {
  const ministriesQuery = (n: number) => `{
    ministries(first: 50) { nodes {
      targetProjects(first: ${n}) { totalCount nodes {
        tenders(first: 3) { nodes {
          numberOfBidders
          bids(first: 5) { nodes { amountYen bidder { name } } }
        } }
      } }
    } }
  }`;

  it('ministries → targetProjects(+totalCount) → tenders → bids → bidder: 4 statements at N=10 and at N=100', async () => {
    const small = await srv.gql(ministriesQuery(10));
    const large = await srv.gql(ministriesQuery(100));
    // Lists: ministries, targetProjects, tenders, bids with their bidders (4); targetProjects.totalCount comes with its page.
    expect(statements(small)).toBe(4);
    expect(statements(large)).toBe(4);
    // The larger page really fetched more at every level.
    expect(countObjects(large.data, 'numberOfBidders')).toBeGreaterThan(countObjects(small.data, 'numberOfBidders'));
    expect(countObjects(large.data, 'amountYen')).toBeGreaterThan(countObjects(small.data, 'amountYen'));
  });

  it('a root list counts its rows in its page statement when totalCount is selected, and on its own for an empty page', async () => {
    const [{ n }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
    const page = await srv.gql(`{ targetProjects(first: 3) { totalCount pageInfo { endCursor } nodes { name } } }`);
    const data: any = expectOk(page);
    expect(data.targetProjects.totalCount).toBe(Number(n));
    expect(statements(page)).toBe(1);
    expect(statements(await srv.gql(`{ targetProjects(first: 3) { nodes { name } } }`))).toBe(1);
    const [{ n: rounds }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM tender');
    const tenders = await srv.gql(`{ tenders(first: 3) { totalCount nodes { round project { name } } } }`);
    expect((expectOk(tenders) as any).tenders.totalCount).toBe(Number(rounds));
    expect(statements(tenders)).toBe(1);
    // Past the last row: no row carries the count, which is then a statement of its own.
    const last = await srv.gql(`{ targetProjects(last: 1) { pageInfo { endCursor } } }`);
    const cursor = (expectOk(last) as any).targetProjects.pageInfo.endCursor;
    const past = await srv.gql(`query($after: String) { targetProjects(first: 3, after: $after) { totalCount nodes { name } } }`, {
      after: cursor,
    });
    expect(expectOk(past)).toEqual({ targetProjects: { totalCount: Number(n), nodes: [] } });
    expect(statements(past)).toBe(2);
  });

  it("a nested page after a cursor counts its parents' rows in a statement of its own, and counts them all", async () => {
    const count = (code: string) =>
      srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code = ?', [code]);
    const first: any = expectOk(
      await srv.gql(`{ ministries(first: 50) { nodes { code targetProjects(first: 2) { pageInfo { endCursor } } } } }`),
    );
    const ministry = first.ministries.nodes.find((m: any) => m.targetProjects.pageInfo.endCursor !== null);
    const after = await srv.gql(
      `query($after: String) { ministries(first: 50) { nodes { code targetProjects(first: 2, after: $after) { totalCount } } } }`,
      { after: ministry.targetProjects.pageInfo.endCursor },
    );
    const answered: any = expectOk(after);
    const mine = answered.ministries.nodes.find((m: any) => m.code === ministry.code);
    expect(mine.targetProjects.totalCount).toBe(Number((await count(ministry.code))[0].n));
    // ministries, the pages after the cursor, their counts.
    expect(statements(after)).toBe(3);
  });

  it('the nested page holds what SQL says (the batching does not lose rows)', async () => {
    const data: any = expectOk(
      await srv.gql(`{ ministries(first: 50) { nodes { code targetProjects(first: 100) { totalCount nodes { name } } } } }`),
    );
    const counts = await srv.sql<{ code: string; n: number }>(
      'SELECT m.code, COUNT(p.id) AS n FROM ministry m LEFT JOIN target_project p ON p.ministry_id = m.id GROUP BY m.code',
    );
    const expected = new Map(counts.map((r) => [r.code, Number(r.n)]));
    expect(data.ministries.nodes.length).toBe(expected.size);
    for (const m of data.ministries.nodes) {
      expect(m.targetProjects.totalCount, m.code).toBe(expected.get(m.code));
      expect(m.targetProjects.nodes.length, m.code).toBe(Math.min(100, expected.get(m.code)!));
    }
  });

  it('tenders → project → ministry: 1 statement at first 10 and first 100 (the relations are read with the page)', async () => {
    const q = (n: number) => `{ tenders(first: ${n}) { nodes { title project { name ministry { code } } } } }`;
    const small = await srv.gql(q(10));
    const large = await srv.gql(q(100));
    expect(statements(small)).toBe(1);
    expect(statements(large)).toBe(1);
    expect(countObjects(large.data, 'ministry')).toBeGreaterThan(countObjects(small.data, 'ministry'));
  });

  it('municipalities → localPilots → tenders: 3 statements at first 10 and first 100', async () => {
    // A prefecture whose first ten local governments (by code) include a pilot with a round,
    // so that every level returns rows at both sizes.
    const rows = await srv.sql<{ prefecture_number: string; code: string; has_tender: unknown }>(
      `SELECT mu.prefecture_number, mu.code,
              EXISTS (SELECT 1 FROM local_pilot lp JOIN tender t ON t.local_pilot_id = lp.id WHERE lp.municipality_id = mu.id) AS has_tender
         FROM municipality mu ORDER BY mu.code`,
    );
    const byPrefecture = new Map<string, { code: string; has: boolean }[]>();
    for (const r of rows)
      byPrefecture.set(r.prefecture_number, [
        ...(byPrefecture.get(r.prefecture_number) ?? []),
        { code: r.code, has: toBool(r.has_tender) === true },
      ]);
    const prefecture = [...byPrefecture.entries()].find(
      ([, list]) => list.slice(0, 10).some((m) => m.has) && list.filter((m) => m.has).length > 1,
    )?.[0];
    expect(prefecture, 'a prefecture with pilot rounds among its first ten codes').toBeDefined();

    const q = (n: number) => `{ municipalities(first: ${n}, filter: { prefectureCode: "${prefecture}" }) { nodes { code
      localPilots(first: 5) { nodes { title tenders(first: 3) { nodes { title status } } } } } } }`;
    const small = await srv.gql(q(10));
    const large = await srv.gql(q(100));
    expect(countObjects(small.data, 'status')).toBeGreaterThan(0);
    expect(countObjects(large.data, 'status')).toBeGreaterThan(countObjects(small.data, 'status'));
    expect(statements(small)).toBe(3);
    expect(statements(large)).toBe(3);
  });

  it('basicPolicies → entries → project → latestTender: 4 statements at 10 and 100 entries per policy', async () => {
    const q = (n: number) =>
      `{ basicPolicies(first: 20) { nodes { title entries(first: ${n}) { nodes { action project { name latestTender { round status numberOfBidders } } } } } } }`;
    const small = await srv.gql(q(10));
    const large = await srv.gql(q(100));
    expect(statements(small)).toBe(4);
    expect(statements(large)).toBe(4);
    expect(countObjects(large.data, 'latestTender')).toBeGreaterThan(countObjects(small.data, 'latestTender'));
  });

  it('evaluations → tender → project: 1 statement at first 10 and first 100 (the relations are read with the page)', async () => {
    const q = (n: number) =>
      `{ evaluations(first: ${n}) { nodes { decision exitCriteriaMet tender { round numberOfBidders project { name } } } } }`;
    const small = await srv.gql(q(10));
    const large = await srv.gql(q(100));
    expect(statements(small)).toBe(1);
    expect(statements(large)).toBe(1);
    expect(countObjects(large.data, 'project')).toBe(100);
    expect(countObjects(small.data, 'project')).toBe(10);
  });
});

describe('node(id) of a target service with all its relations', () => {
  const projectQuery = `query($id: ID!) { node(id: $id) { ... on TargetProject {
    name
    ministry { code }
    policyEntries(first: 20) { totalCount nodes { action policy { title } } }
    guidelineMilestones(first: 20) { nodes { kind occurredOn } }
    tenders(first: 20) { totalCount nodes {
      round status numberOfBidders reservePriceYen
      bids(first: 20) { nodes { amountYen bidder { name } } }
      winningBid { amountYen }
    } }
    latestTender { round }
    evaluations(first: 20) { nodes { decision tender { round } } }
    latestEvaluation { decision }
  } } }`;

  it('costs 10 statements, however many rounds the service has', async () => {
    // Services with every relation present: entries, milestones, an awarded round with bids, an evaluation.
    const candidates = await srv.sql<{ id: number; rounds: number }>(
      `SELECT p.id, (SELECT COUNT(*) FROM tender t WHERE t.project_id = p.id) AS rounds FROM target_project p
        WHERE EXISTS (SELECT 1 FROM policy_entry e WHERE e.project_id = p.id)
          AND EXISTS (SELECT 1 FROM guideline_milestone g WHERE g.project_id = p.id)
          AND EXISTS (SELECT 1 FROM evaluation v WHERE v.project_id = p.id)
          AND EXISTS (SELECT 1 FROM tender t JOIN bid b ON b.tender_id = t.id WHERE t.project_id = p.id AND t.status = 'AWARDED')
        ORDER BY rounds, p.id`,
    );
    const few = candidates[0];
    const many = candidates[candidates.length - 1];
    expect(Number(many.rounds)).toBeGreaterThan(Number(few.rounds));
    const a = await srv.gql(projectQuery, { id: gid('TargetProject', few.id) });
    const b = await srv.gql(projectQuery, { id: gid('TargetProject', many.id) });
    expect((a.data as any).node.tenders.totalCount).toBe(Number(few.rounds));
    expect((b.data as any).node.tenders.totalCount).toBe(Number(many.rounds));
    // node 1, ministry 1, policyEntries 1 + policy 1, milestones 1, tenders (with each round's
    // winning bid) 1 + bids (with their bidders) 1, latestTender 1, evaluations (with their
    // rounds) 1, latestEvaluation 1; the two totalCounts come with their pages. The node is read
    // alone, so its ministry and latest round and evaluation are one statement each.
    for (const answer of [a, b]) expect(statements(answer)).toBe(10);
  });
});

describe('diagnostics are opt-in', () => {
  it('without TRACKER_DIAGNOSTICS responses carry no extensions.diagnostics (POST and GET)', async () => {
    const quiet = await startTestServer({ diagnostics: false, seed: false });
    try {
      const post = await quiet.gql('{ ministries { totalCount } }');
      expect(expectOk(post)).toEqual({ ministries: { totalCount: 0 } });
      expect(post.extensions?.diagnostics).toBeUndefined();
      const response = await fetch(`${quiet.url}?query=${encodeURIComponent('{ ministries { totalCount } }')}`, {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      });
      const body = (await response.json()) as { data: unknown; extensions?: { diagnostics?: unknown } };
      expect(response.status).toBe(200);
      expect(body.data).toEqual({ ministries: { totalCount: 0 } });
      expect(body.extensions?.diagnostics).toBeUndefined();
      const failed = await quiet.gql('{ nope }');
      expect(failed.extensions?.diagnostics).toBeUndefined();
    } finally {
      await quiet.stop();
    }
  });

  it('with TRACKER_DIAGNOSTICS each response counts its own statements', async () => {
    const one = await srv.gql('{ ministries { nodes { code } } }');
    const two = await srv.gql('{ ministries { nodes { code } } bidders { nodes { name } } }');
    expect(statements(one)).toBe(1);
    expect(statements(two)).toBe(2);
    expect(one.extensions?.diagnostics?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
