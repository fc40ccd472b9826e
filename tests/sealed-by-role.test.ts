import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid, pk } from './support/global-ids.js';
import { expectOk, issueTestToken, startTestServer, type GqlResult, type TestServer } from './support/test-server.js';

/**
 * docs/domain.md "Sealed bids" by role: until a round is AWARDED or UNSUCCESSFUL its bids
 * (amounts, scores, bidders, how many) and its reserve price are visible only to the owning
 * ministry (for a local pilot's round: the owning local government) and to admins. Every
 * path to a round or a bid is read as each role; what each role should see is decided by
 * one rule restated from docs/domain.md, applied to rows read with SQL.
 */

const OPENED = ['AWARDED', 'UNSUCCESSFUL'];
const isOpened = (status: string) => OPENED.includes(status);

interface TenderRow {
  id: number;
  status: string;
  project_id: number | null;
  local_pilot_id: number | null;
  ministry_id: number | null;
  municipality_id: number | null;
  reserve_price_yen: number | null;
  /** Bids not withdrawn: 応札者数. */
  counted: number;
}
interface BidRow {
  id: number;
  tender_id: number;
  bidder_id: number;
  amount_yen: number;
  total_score: number | null;
  technical_score: number | null;
}

interface Role {
  key: string;
  label: string;
  headers: Record<string, string>;
  admin?: boolean;
  ministryId?: number;
  municipalityId?: number;
}

/** docs/domain.md: opened rounds are public; sealed ones only for admins and the owner. */
function sees(role: Role, t: TenderRow): boolean {
  if (isOpened(t.status)) return true;
  if (role.admin) return true;
  if (role.ministryId !== undefined && t.ministry_id === role.ministryId) return true;
  if (role.municipalityId !== undefined && t.municipality_id === role.municipalityId) return true;
  return false;
}

let srv: TestServer;
let tenders: TenderRow[];
let tenderById: Map<number, TenderRow>;
let bids: BidRow[];
let bidsByTender: Map<number, BidRow[]>;
const roles: Role[] = [];
const role = (key: string) => roles.find((r) => r.key === key)!;

async function loadRows(): Promise<void> {
  tenders = (
    await srv.sql<TenderRow>(
      `SELECT t.id, t.status, t.project_id, t.local_pilot_id, p.ministry_id, lp.municipality_id, t.reserve_price_yen,
              (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS counted
         FROM tender t
         LEFT JOIN target_project p ON p.id = t.project_id
         LEFT JOIN local_pilot lp ON lp.id = t.local_pilot_id
        ORDER BY t.id`,
    )
  ).map((t) => ({
    ...t,
    id: Number(t.id),
    counted: Number(t.counted),
    reserve_price_yen: t.reserve_price_yen === null ? null : Number(t.reserve_price_yen),
  }));
  tenderById = new Map(tenders.map((t) => [t.id, t]));
  bids = (await srv.sql<BidRow>('SELECT id, tender_id, bidder_id, amount_yen, total_score, technical_score FROM bid ORDER BY id')).map(
    (b) => ({
      ...b,
      id: Number(b.id),
      tender_id: Number(b.tender_id),
      bidder_id: Number(b.bidder_id),
      amount_yen: Number(b.amount_yen),
    }),
  );
  bidsByTender = new Map();
  for (const b of bids) bidsByTender.set(b.tender_id, [...(bidsByTender.get(b.tender_id) ?? []), b]);
}

const sealedRows = () => tenders.filter((t) => !isOpened(t.status));
const sealedWithBids = () => sealedRows().filter((t) => (bidsByTender.get(t.id) ?? []).length > 0);

// ---------------------------------------------------------------------------------------
// What a round looks like to a role

const TENDER_FIELDS = `
  id status reservePriceYen numberOfBidders isSingleBid bidsSealed
  bids(first: 100) { totalCount nodes { id amountYen totalScore technicalScore bidder { id } } }`;

interface TenderView {
  id: string;
  status: string;
  reservePriceYen: number | null;
  numberOfBidders: number | null;
  isSingleBid: boolean | null;
  bidsSealed: boolean;
  bids: {
    totalCount: number;
    nodes: { id: string; amountYen: number; totalScore: number | null; technicalScore: number | null; bidder: { id: string } }[];
  };
}

/** A round as `r` must see it: everything when it may, nothing sealed otherwise. */
function expectRoundAsSeenBy(r: Role, view: TenderView, where: string): void {
  const row = tenderById.get(pk(view.id));
  expect(row, `${where}: round ${view.id} is in the database`).toBeDefined();
  const label = `${where}: ${r.label}, round ${row!.id} (${row!.status})`;
  if (sees(r, row!)) {
    const own = bidsByTender.get(row!.id) ?? [];
    expect(
      {
        bidsSealed: view.bidsSealed,
        reservePriceYen: view.reservePriceYen,
        numberOfBidders: view.numberOfBidders,
        isSingleBid: view.isSingleBid,
        totalCount: view.bids.totalCount,
      },
      label,
    ).toEqual({
      bidsSealed: false,
      reservePriceYen: row!.reserve_price_yen,
      numberOfBidders: row!.counted,
      isSingleBid: row!.counted === 1,
      totalCount: own.length,
    });
    const got = [...view.bids.nodes].sort((a, b) => pk(a.id) - pk(b.id));
    expect(got, label).toEqual(
      own.map((b) => ({
        id: gid('Bid', b.id),
        amountYen: b.amount_yen,
        totalScore: b.total_score === null ? null : Number(b.total_score),
        technicalScore: b.technical_score === null ? null : Number(b.technical_score),
        bidder: { id: gid('Bidder', b.bidder_id) },
      })),
    );
  } else {
    expect(
      {
        bidsSealed: view.bidsSealed,
        reservePriceYen: view.reservePriceYen,
        numberOfBidders: view.numberOfBidders,
        isSingleBid: view.isSingleBid,
        bids: view.bids,
      },
      label,
    ).toEqual({ bidsSealed: true, reservePriceYen: null, numberOfBidders: null, isSingleBid: null, bids: { totalCount: 0, nodes: [] } });
  }
}

async function gqlAs<T = any>(r: Role, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return expectOk(await srv.gql<T>(query, variables, r.headers)) as T;
}

/** A whole root connection, page by page. */
async function readAll<N>(
  r: Role,
  field: string,
  selection: string,
  args = '',
  variables: Record<string, unknown> = {},
  varDefs = '',
): Promise<N[]> {
  const out: N[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const data: any = await gqlAs(
      r,
      `query Q($after: String${varDefs ? `, ${varDefs}` : ''}) { list: ${field}(first: 100, after: $after${args ? `, ${args}` : ''}) {
        pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`,
      { ...variables, after },
    );
    out.push(...data.list.nodes);
    if (!data.list.pageInfo.hasNextPage) return out;
    after = data.list.pageInfo.endCursor;
  }
  throw new Error(`${field}: paging does not end`);
}

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  srv = await startTestServer();
  await loadRows();

  // The owner: the ministry with the most sealed rounds holding bids; "another ministry": the next one.
  const byMinistry = new Map<number, number>();
  for (const t of sealedWithBids()) if (t.ministry_id !== null) byMinistry.set(t.ministry_id, (byMinistry.get(t.ministry_id) ?? 0) + 1);
  const [ownerMinistry, otherMinistry] = [...byMinistry.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  // The owning local government: the one whose sealed pilot round has the most bids; "another": the next one.
  const pilotRounds = sealedWithBids()
    .filter((t) => t.municipality_id !== null)
    .sort((a, b) => (bidsByTender.get(b.id)?.length ?? 0) - (bidsByTender.get(a.id)?.length ?? 0) || a.id - b.id);
  const ownerMunicipality = pilotRounds[0]?.municipality_id;
  const otherMunicipality = pilotRounds.find((t) => t.municipality_id !== ownerMunicipality)?.municipality_id;
  if (ownerMinistry === undefined || otherMinistry === undefined || ownerMunicipality == null || otherMunicipality == null) {
    throw new Error('the sample lacks sealed rounds with bids for two ministries and two local governments');
  }
  const code = async (table: string, id: number) =>
    String((await srv.sql<{ code: string }>(`SELECT code FROM ${table} WHERE id = ?`, [id]))[0].code);
  const [om, pm, on, pn] = [
    await code('ministry', ownerMinistry),
    await code('ministry', otherMinistry),
    await code('municipality', ownerMunicipality),
    await code('municipality', otherMunicipality),
  ];

  roles.push(
    { key: 'anonymous', label: 'anonymous', headers: {} },
    {
      key: 'ownerMinistry',
      label: `the owning ministry (${om})`,
      headers: (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: om })).headers,
      ministryId: ownerMinistry,
    },
    {
      key: 'otherMinistry',
      label: `another ministry (${pm})`,
      headers: (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: pm })).headers,
      ministryId: otherMinistry,
    },
    {
      key: 'ownerMunicipality',
      label: `the owning local government (${on})`,
      headers: (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: on })).headers,
      municipalityId: ownerMunicipality,
    },
    {
      key: 'otherMunicipality',
      label: `another local government (${pn})`,
      headers: (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: pn })).headers,
      municipalityId: otherMunicipality,
    },
    { key: 'admin', label: 'an admin', headers: (await issueTestToken(srv, { role: 'ADMIN' })).headers, admin: true },
  );
});
afterAll(() => srv?.stop());

const ROLE_KEYS = ['anonymous', 'ownerMinistry', 'otherMinistry', 'ownerMunicipality', 'otherMunicipality', 'admin'] as const;

describe('preconditions: each role has sealed rounds it may see and sealed rounds it may not', () => {
  it('the owning ministry, the owning local government and admins see some sealed rounds with bids; anonymous sees none', () => {
    for (const key of ['ownerMinistry', 'otherMinistry', 'ownerMunicipality', 'otherMunicipality', 'admin']) {
      const r = role(key);
      expect(sealedWithBids().filter((t) => sees(r, t)).length, r.label).toBeGreaterThan(0);
    }
    expect(sealedWithBids().filter((t) => sees(role('anonymous'), t))).toEqual([]);
    for (const key of ['anonymous', 'ownerMinistry', 'otherMinistry', 'ownerMunicipality', 'otherMunicipality']) {
      const r = role(key);
      expect(sealedWithBids().filter((t) => !sees(r, t)).length, r.label).toBeGreaterThan(0);
    }
    // The owner's sealed rounds carry reserve prices, so their absence elsewhere is meaningful.
    expect(
      sealedRows().filter((t) => t.ministry_id === role('ownerMinistry').ministryId && t.reserve_price_yen !== null).length,
    ).toBeGreaterThan(0);
    expect(
      sealedRows().filter((t) => t.municipality_id === role('ownerMunicipality').municipalityId && t.reserve_price_yen !== null).length,
    ).toBeGreaterThan(0);
  });
});

describe.each(ROLE_KEYS.map((k) => [k] as const))('as %s', (key) => {
  it('the tenders list shows bids, bidder count and reserve price of exactly the rounds this role may see', async () => {
    const r = role(key);
    const nodes = await readAll<TenderView>(r, 'tenders', TENDER_FIELDS);
    expect(nodes.map((n) => pk(n.id)).sort((a, b) => a - b)).toEqual(tenders.map((t) => t.id));
    for (const n of nodes) expectRoundAsSeenBy(r, n, 'tenders');
  });

  it('tenders filtered to sealed statuses: the totalCount is the same as for anyone, and each round is shown as this role may see it', async () => {
    const r = role(key);
    const data: any = await gqlAs(
      r,
      `{ tenders(first: 100, filter: { statuses: [PLANNED, OPEN, CLOSED, CANCELLED] }) { totalCount nodes { ${TENDER_FIELDS} } } }`,
    );
    expect(data.tenders.totalCount).toBe(sealedRows().length);
    for (const n of data.tenders.nodes) expectRoundAsSeenBy(r, n, 'tenders(statuses)');
  });

  it('node and nodes of every sealed round show its data only if this role may see it', async () => {
    const r = role(key);
    const ids = sealedRows().map((t) => gid('Tender', t.id));
    expect(ids.length).toBeLessThanOrEqual(100);
    const data: any = await gqlAs(r, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Tender { ${TENDER_FIELDS} } } }`, { ids });
    expect(data.nodes.map((n: TenderView) => n.id)).toEqual(ids);
    for (const n of data.nodes) expectRoundAsSeenBy(r, n, 'nodes');
    for (const t of sealedWithBids()) {
      const one: any = await gqlAs(r, `query($id: ID!) { node(id: $id) { ... on Tender { ${TENDER_FIELDS} } } }`, {
        id: gid('Tender', t.id),
      });
      expectRoundAsSeenBy(r, one.node, 'node');
    }
  });

  it('node and nodes of a bid in a sealed round: the bid (amount, scores, bidder) for a role that may see it, null otherwise', async () => {
    const r = role(key);
    const sealedBids = bids.filter((b) => !isOpened(tenderById.get(b.tender_id)!.status));
    expect(sealedBids.length).toBeGreaterThan(0);
    expect(sealedBids.length).toBeLessThanOrEqual(100);
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Bid { amountYen totalScore bidder { id name } tender { id } } } }`;
    const data: any = await gqlAs(r, query, { ids: sealedBids.map((b) => gid('Bid', b.id)) });
    const names = new Map((await srv.sql<{ id: number; name: string }>('SELECT id, name FROM bidder')).map((b) => [Number(b.id), b.name]));
    const expected = sealedBids.map((b) =>
      sees(r, tenderById.get(b.tender_id)!)
        ? {
            id: gid('Bid', b.id),
            amountYen: b.amount_yen,
            totalScore: b.total_score === null ? null : Number(b.total_score),
            bidder: { id: gid('Bidder', b.bidder_id), name: names.get(b.bidder_id) },
            tender: { id: gid('Tender', b.tender_id) },
          }
        : null,
    );
    expect(data.nodes).toEqual(expected);
    for (const [i, b] of sealedBids.entries()) {
      const one: any = await gqlAs(r, `query($id: ID!) { node(id: $id) { id ... on Bid { amountYen } } }`, { id: gid('Bid', b.id) });
      expect(one.node, `node of bid ${b.id}`).toEqual(expected[i] === null ? null : { id: gid('Bid', b.id), amountYen: b.amount_yen });
    }
  });

  it('TargetProject.tenders and latestTender show sealed rounds as this role may see them', async () => {
    const r = role(key);
    const projectIds = [
      ...new Set(
        sealedRows()
          .filter((t) => t.project_id !== null)
          .map((t) => t.project_id!),
      ),
    ];
    const latest = new Map(
      (
        await srv.sql<{ project_id: number; id: number }>(
          `SELECT t.project_id, t.id FROM tender t WHERE t.project_id IS NOT NULL
              AND t.round = (SELECT MAX(t2.round) FROM tender t2 WHERE t2.project_id = t.project_id)`,
        )
      ).map((row) => [Number(row.project_id), Number(row.id)]),
    );
    let sealedSeen = 0;
    for (let i = 0; i < projectIds.length; i += 25) {
      const ids = projectIds.slice(i, i + 25).map((id) => gid('TargetProject', id));
      const data: any = await gqlAs(
        r,
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on TargetProject { tenders(first: 100) { totalCount nodes { ${TENDER_FIELDS} } } latestTender { ${TENDER_FIELDS} } } } }`,
        { ids },
      );
      for (const project of data.nodes) {
        const own = tenders.filter((t) => t.project_id === pk(project.id));
        expect(project.tenders.totalCount).toBe(own.length);
        for (const t of project.tenders.nodes) {
          expectRoundAsSeenBy(r, t, 'TargetProject.tenders');
          if (!isOpened(t.status)) sealedSeen++;
        }
        expect(project.latestTender.id).toBe(gid('Tender', latest.get(pk(project.id))!));
        expectRoundAsSeenBy(r, project.latestTender, 'TargetProject.latestTender');
      }
    }
    expect(sealedSeen).toBe(sealedRows().filter((t) => t.project_id !== null).length);
  });

  it('LocalPilot.tenders shows sealed rounds as this role may see them', async () => {
    const r = role(key);
    const pilotIds = [
      ...new Set(
        sealedRows()
          .filter((t) => t.local_pilot_id !== null)
          .map((t) => t.local_pilot_id!),
      ),
    ];
    expect(pilotIds.length).toBeGreaterThan(0);
    const data: any = await gqlAs(
      r,
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on LocalPilot { tenders(first: 100) { nodes { ${TENDER_FIELDS} } } } } }`,
      {
        ids: pilotIds.map((id) => gid('LocalPilot', id)),
      },
    );
    const seen = data.nodes.flatMap((p: { tenders: { nodes: TenderView[] } }) => p.tenders.nodes) as TenderView[];
    expect(seen.map((t) => pk(t.id)).sort((a, b) => a - b)).toEqual(
      tenders.filter((t) => t.local_pilot_id !== null && pilotIds.includes(t.local_pilot_id)).map((t) => t.id),
    );
    for (const t of seen) expectRoundAsSeenBy(r, t, 'LocalPilot.tenders');
  });

  it('Bidder.bids: totalCount and ids equal SQL over bids of opened rounds plus the sealed rounds this role may see', async () => {
    const r = role(key);
    const expectedByBidder = new Map<number, number[]>();
    for (const b of bids)
      if (sees(r, tenderById.get(b.tender_id)!)) expectedByBidder.set(b.bidder_id, [...(expectedByBidder.get(b.bidder_id) ?? []), b.id]);
    const bidders = await readAll<{
      id: string;
      bids: { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: { id: string }[] };
    }>(r, 'bidders', 'id bids(first: 100) { totalCount pageInfo { hasNextPage } nodes { id } }');
    const [{ n }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM bidder');
    expect(bidders.length).toBe(Number(n));
    const sealedBidders = new Set(bids.filter((b) => !isOpened(tenderById.get(b.tender_id)!.status)).map((b) => b.bidder_id));
    for (const bidder of bidders) {
      const id = pk(bidder.id);
      const expected = (expectedByBidder.get(id) ?? []).sort((a, b) => a - b);
      expect(bidder.bids.pageInfo.hasNextPage).toBe(false);
      expect(
        { totalCount: bidder.bids.totalCount, ids: bidder.bids.nodes.map((b) => pk(b.id)).sort((a, b) => a - b) },
        `bidder ${id}${sealedBidders.has(id) ? ' (has sealed bids)' : ''}`,
      ).toEqual({
        totalCount: expected.length,
        ids: expected,
      });
    }
  });

  it.each(['ASC', 'DESC'] as const)(
    'ordering by NUMBER_OF_BIDDERS %s: rounds hidden from this role come last in id order, with no count, whatever their real count',
    async (direction) => {
      const r = role(key);
      const sign = direction === 'ASC' ? 1 : -1;
      const nodes = await readAll<{ id: string; status: string; numberOfBidders: number | null }>(
        r,
        'tenders',
        'id status numberOfBidders',
        'orderBy: { field: NUMBER_OF_BIDDERS, direction: $d }',
        { d: direction },
        '$d: OrderDirection!',
      );
      expect(nodes.length).toBe(tenders.length);
      const rows = nodes.map((n) => tenderById.get(pk(n.id))!);
      // Counts shown: the real one where the role may see it, null where not.
      nodes.forEach((n, i) => expect(n.numberOfBidders, `round ${rows[i].id}`).toBe(sees(r, rows[i]) ? rows[i].counted : null));
      // Opened rounds first, by their count (then id) in the direction.
      const opened = rows.filter((t) => isOpened(t.status));
      const expectedOpened = [...opened].sort((a, b) => sign * (a.counted - b.counted) || sign * (a.id - b.id)).map((t) => t.id);
      expect(rows.slice(0, opened.length).map((t) => t.id)).toEqual(expectedOpened);
      // Then the sealed ones; those hidden from this role in id order, so their position tells nothing.
      const hidden = rows
        .slice(opened.length)
        .filter((t) => !sees(r, t))
        .map((t) => t.id);
      expect(hidden).toEqual([...hidden].sort((a, b) => sign * (a - b)));
      expect(rows.slice(0, opened.length).every((t) => isOpened(t.status))).toBe(true);
      if (!r.admin && r.ministryId === undefined && r.municipalityId === undefined) {
        expect(rows.slice(opened.length).map((t) => t.id)).toEqual(
          sealedRows()
            .map((t) => t.id)
            .sort((a, b) => sign * (a - b)),
        );
      }
    },
  );

  it('singleBidOnly never returns a round whose count is hidden from this role', async () => {
    const r = role(key);
    for (const single of [true, false]) {
      const nodes = await readAll<{ id: string; numberOfBidders: number | null }>(
        r,
        'tenders',
        'id numberOfBidders',
        'filter: { singleBidOnly: $s }',
        { s: single },
        '$s: Boolean!',
      );
      for (const n of nodes) {
        const row = tenderById.get(pk(n.id))!;
        expect(sees(r, row), `round ${row.id} (${row.status})`).toBe(true);
        expect(row.counted === 1, `round ${row.id}`).toBe(single);
      }
    }
  });
});

describe('marketTestingStats', () => {
  const STATS = `query($f: MarketTestingStatsFilter) { marketTestingStats(filter: $f) {
    projectCount tenderCount awardedTenderCount unsuccessfulTenderCount averageBidders singleBidRate unsuccessfulRate
    baselineYen contractedYen reductionYen reductionRate
    byFiscalYear { fiscalYear tenderCount awardedTenderCount averageBidders singleBidRate contractedYen reductionYen }
    byMinistry { ministry { code } tenderCount awardedTenderCount averageBidders singleBidRate contractedYen reductionYen } } }`;

  it('is the same for every role, over everything and over the owning ministry alone', async () => {
    const ownerCode = String(
      (await srv.sql<{ code: string }>('SELECT code FROM ministry WHERE id = ?', [role('ownerMinistry').ministryId]))[0].code,
    );
    for (const filter of [null, { ministryCodes: [ownerCode] }, { fromFiscalYear: 2025 }]) {
      const reference = await gqlAs(role('anonymous'), STATS, { f: filter });
      for (const key of ROLE_KEYS)
        expect(await gqlAs(role(key), STATS, { f: filter }), `${role(key).label}, ${JSON.stringify(filter)}`).toEqual(reference);
    }
  });

  it('its bidder figures come from opened rounds only (the sealed bids of the owner do not move them)', async () => {
    const awarded = tenders.filter((t) => t.status === 'AWARDED' && t.project_id !== null);
    const data: any = await gqlAs(role('admin'), STATS, { f: null });
    expect(data.marketTestingStats.averageBidders).toBeCloseTo(awarded.reduce((s, t) => s + t.counted, 0) / awarded.length, 10);
  });
});

// ---------------------------------------------------------------------------------------
// A round followed through its life: sealed while open and closed, public after award.

describe('a round of the owning ministry, and a round of the owning local government, before and after award', () => {
  /** Distinctive figures per round, so that a leak of one round's figures cannot be confused with another's. */
  const FIGURES = [
    { reserve: 73_123_457, amounts: [61_234_567, 58_765_433] },
    { reserve: 47_654_319, amounts: [39_871_233, 41_102_977] },
  ];
  let admin: Role;
  let seq = 0;

  async function mutateAs(r: Role, name: string, field: string, input: Record<string, unknown>, selection = 'id version'): Promise<any> {
    const typeName = name[0].toUpperCase() + name.slice(1);
    const result: GqlResult<any> = await srv.gql(
      `mutation($input: ${typeName}Input!) { ${name}(input: $input) { userErrors { code message } ${field} { ${selection} } } }`,
      { input },
      r.headers,
    );
    const payload = result.data?.[name];
    if (result.errors?.length || !payload || payload.userErrors.length)
      throw new Error(`${name} as ${r.label}: ${JSON.stringify(result.errors ?? payload?.userErrors)}`);
    return payload[field];
  }
  async function version(id: string): Promise<number> {
    const data: any = await gqlAs(
      admin,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { version } ... on Tender { version } ... on LocalPilot { version } } }`,
      { id },
    );
    return data.node.version;
  }

  interface Built {
    tenderId: string;
    bidIds: string[];
    bidderIds: string[];
    reserve: number;
    amounts: number[];
  }

  /** A CLOSED round with two bids, written by `owner` (the project or pilot set up by an admin). */
  async function buildClosedRound(
    owner: Role,
    parent: Record<string, string>,
    figures: { reserve: number; amounts: number[] },
  ): Promise<Built> {
    const tender = await mutateAs(owner, 'createTender', 'tender', {
      ...parent,
      title: `封印確認入札 ${++seq}`,
      awardCriteria: 'LOWEST_PRICE',
      announcedOn: '2026-11-02',
      bidDeadline: '2026-11-30',
      reservePriceYen: figures.reserve,
      contractStart: '2027-04-01',
      contractEnd: '2030-03-31',
    });
    await mutateAs(owner, 'transitionTender', 'tender', { id: tender.id, to: 'OPEN', expectedVersion: await version(tender.id) });
    const bidderIds: string[] = [];
    const bidIds: string[] = [];
    for (const amount of figures.amounts) {
      const bidder = await mutateAs(owner, 'createBidder', 'bidder', { name: `封印確認株式会社 ${++seq}`, kind: 'PRIVATE' }, 'id');
      bidderIds.push(bidder.id);
      bidIds.push((await mutateAs(owner, 'recordBid', 'bid', { tenderId: tender.id, bidderId: bidder.id, amountYen: amount }, 'id')).id);
    }
    await mutateAs(owner, 'transitionTender', 'tender', { id: tender.id, to: 'CLOSED', expectedVersion: await version(tender.id) });
    return { tenderId: tender.id, bidIds, bidderIds, ...figures };
  }

  /** Every path to the built round and its bids, as `r`, checked against `visible`. */
  async function expectBuiltRound(r: Role, built: Built, visible: boolean, parentPath: 'project' | 'localPilot'): Promise<void> {
    const label = `${r.label} (${visible ? 'sees' : 'does not see'})`;
    const roundFields = `id status bidsSealed reservePriceYen numberOfBidders isSingleBid bids(first: 10) { totalCount nodes { id amountYen bidder { id } } }`;
    const expectRound = (t: any, where: string) => {
      if (visible) {
        expect(
          {
            bidsSealed: t.bidsSealed,
            reservePriceYen: t.reservePriceYen,
            numberOfBidders: t.numberOfBidders,
            isSingleBid: t.isSingleBid,
            totalCount: t.bids.totalCount,
          },
          `${where}: ${label}`,
        ).toEqual({
          bidsSealed: false,
          reservePriceYen: built.reserve,
          numberOfBidders: 2,
          isSingleBid: false,
          totalCount: 2,
        });
        expect(t.bids.nodes.map((b: any) => b.amountYen).sort(), `${where}: ${label}`).toEqual([...built.amounts].sort());
      } else {
        expect(
          {
            bidsSealed: t.bidsSealed,
            reservePriceYen: t.reservePriceYen,
            numberOfBidders: t.numberOfBidders,
            isSingleBid: t.isSingleBid,
            bids: t.bids,
          },
          `${where}: ${label}`,
        ).toEqual({
          bidsSealed: true,
          reservePriceYen: null,
          numberOfBidders: null,
          isSingleBid: null,
          bids: { totalCount: 0, nodes: [] },
        });
      }
    };

    const parentSelection =
      parentPath === 'project'
        ? `project { tenders(first: 100) { nodes { ${roundFields} } } latestTender { ${roundFields} } }`
        : `localPilot { tenders(first: 100) { nodes { ${roundFields} } } }`;
    const data: any = await gqlAs(
      r,
      `query($id: ID!, $bids: [ID!]!, $bidders: [ID!]!) {
        node(id: $id) { ... on Tender { ${roundFields} ${parentSelection} history(first: 100) { nodes { before after } } } }
        bidNodes: nodes(ids: $bids) { id ... on Bid { amountYen } }
        bidders: nodes(ids: $bidders) { id ... on Bidder { bids(first: 10) { totalCount nodes { id } } } }
        changes(first: 100, filter: { objectType: "Bid" }) { nodes { objectId after } }
        list: tenders(first: 100, filter: { statuses: [CLOSED, AWARDED] }, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { ${roundFields} } }
      }`,
      { id: built.tenderId, bids: built.bidIds, bidders: built.bidderIds },
    );
    const t = data.node;
    expectRound(t, 'node');
    const parent = t.project ?? t.localPilot;
    expectRound(
      parent.tenders.nodes.find((x: any) => x.id === built.tenderId),
      `${parentPath}.tenders`,
    );
    if (t.project) expectRound(t.project.latestTender, 'latestTender');
    const inList = data.list.nodes.find((x: any) => x.id === built.tenderId);
    expect(inList, `tenders list: ${label}`).toBeDefined();
    expectRound(inList, 'tenders');

    expect(data.bidNodes, `node of the bids: ${label}`).toEqual(
      visible ? built.bidIds.map((id, i) => ({ id, amountYen: built.amounts[i] })) : [null, null],
    );
    expect(
      data.bidders.map((b: any) => b.bids),
      `Bidder.bids: ${label}`,
    ).toEqual(
      visible
        ? built.bidIds.map((id) => ({ totalCount: 1, nodes: [{ id }] }))
        : [
            { totalCount: 0, nodes: [] },
            { totalCount: 0, nodes: [] },
          ],
    );

    // History: the bids' entries, and nothing in the round's own history, give the amounts or the reserve price away.
    const bidChanges = data.changes.nodes.filter((c: any) => built.bidIds.includes(c.objectId));
    expect(bidChanges.length > 0, `changes about the bids: ${label}`).toBe(visible);
    // node(id) of those history entries, by ids an admin can list.
    const all: any = await gqlAs(admin, `{ changes(first: 100, filter: { objectType: "Bid" }) { nodes { id objectId } } }`);
    const changeIds = all.changes.nodes.filter((c: any) => built.bidIds.includes(c.objectId)).map((c: any) => c.id as string);
    expect(changeIds.length).toBeGreaterThan(0);
    const changeNodes: any = await gqlAs(r, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Change { after } } }`, { ids: changeIds });
    expect(
      changeNodes.nodes.map((n: any) => n?.id ?? null),
      `node of the bids' history entries: ${label}`,
    ).toEqual(visible ? changeIds : changeIds.map(() => null));
    if (!visible) {
      const text = JSON.stringify(t.history.nodes) + JSON.stringify(data.changes.nodes);
      for (const secret of [built.reserve, ...built.amounts]) expect(text, `history as ${label}`).not.toContain(String(secret));
    }
  }

  /** LOWEST_PRICE awards the lowest amount. */
  const lowest = (built: Built) => built.amounts.indexOf(Math.min(...built.amounts));

  beforeAll(() => {
    admin = role('admin');
  });

  it("the owning ministry's round: sealed to all but the owner and admins while CLOSED, public to everyone after award", async () => {
    const owner = role('ownerMinistry');
    const code = String((await srv.sql<{ code: string }>('SELECT code FROM ministry WHERE id = ?', [owner.ministryId]))[0].code);
    const project = await mutateAs(admin, 'createTargetProject', 'targetProject', {
      ministryCode: code,
      name: `封印確認事業 ${++seq}`,
      summary: '封印の確認',
      category: 'IT_OPERATIONS',
      method: 'PRIVATE',
      baselineAnnualCostYen: 30_000_000,
    });
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
      await mutateAs(admin, 'transitionTargetProject', 'targetProject', { id: project.id, to, expectedVersion: await version(project.id) });
    }
    const built = await buildClosedRound(owner, { projectId: project.id }, FIGURES[0]);
    await loadRows();
    const row = tenderById.get(pk(built.tenderId))!;
    for (const key of ROLE_KEYS) await expectBuiltRound(role(key), built, sees(role(key), row), 'project');
    // Spelled out: only the owner and admins see it.
    expect(ROLE_KEYS.filter((k) => sees(role(k), row))).toEqual(['ownerMinistry', 'admin']);

    await mutateAs(owner, 'awardTender', 'tender', {
      tenderId: built.tenderId,
      winningBidId: built.bidIds[lowest(built)],
      contractAmountYen: Math.min(...built.amounts),
      expectedVersion: await version(built.tenderId),
    });
    for (const key of ROLE_KEYS) await expectBuiltRound(role(key), built, true, 'project');
  });

  it("the owning local government's pilot round: sealed to other local governments and to ministries while CLOSED, public after award", async () => {
    const owner = role('ownerMunicipality');
    const code = String((await srv.sql<{ code: string }>('SELECT code FROM municipality WHERE id = ?', [owner.municipalityId]))[0].code);
    const pilot = await mutateAs(admin, 'registerLocalPilot', 'localPilot', {
      municipalityCode: code,
      title: `窓口業務（封印確認 ${++seq}）`,
      scheme: 'SPECIFIC_PUBLIC_SERVICE',
      services: ['FAMILY_REGISTER_COPIES'],
    });
    for (const to of ['POLICY_ADOPTED', 'TENDERING']) {
      await mutateAs(admin, 'transitionLocalPilot', 'localPilot', { id: pilot.id, to, expectedVersion: await version(pilot.id) });
    }
    const built = await buildClosedRound(owner, { localPilotId: pilot.id }, FIGURES[1]);
    await loadRows();
    const row = tenderById.get(pk(built.tenderId))!;
    for (const key of ROLE_KEYS) await expectBuiltRound(role(key), built, sees(role(key), row), 'localPilot');
    expect(ROLE_KEYS.filter((k) => sees(role(k), row))).toEqual(['ownerMunicipality', 'admin']);

    await mutateAs(owner, 'awardTender', 'tender', {
      tenderId: built.tenderId,
      winningBidId: built.bidIds[lowest(built)],
      contractAmountYen: Math.min(...built.amounts),
      expectedVersion: await version(built.tenderId),
    });
    for (const key of ROLE_KEYS) await expectBuiltRound(role(key), built, true, 'localPilot');
  });
});
