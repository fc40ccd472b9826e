import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid, pk } from './support/global-ids.js';
import { expectOk, startTestServer, type TestServer } from './support/test-server.js';

/**
 * docs/domain.md "Sealed bids": until a round is AWARDED or UNSUCCESSFUL its bids (amounts,
 * scores, bidders, even how many there are) and its reserve price are invisible to the
 * public. Every path an anonymous caller can take to a round or a bid is tried here against
 * the seeded scale-1 sample; expectations come from SQL over the same database.
 */

const OPENED = ['AWARDED', 'UNSUCCESSFUL'] as const;
const SEALED = ['OPEN', 'CLOSED', 'PLANNED', 'CANCELLED'] as const;
const SEALED_SQL = `('OPEN', 'CLOSED', 'PLANNED', 'CANCELLED')`;
const OPENED_SQL = `('AWARDED', 'UNSUCCESSFUL')`;

const TENDER_FIELDS = `
  id status
  reservePriceYen numberOfBidders isSingleBid bidsSealed
  winningBid { id amountYen }
  bids(first: 100) {
    totalCount
    nodes { id amountYen totalScore technicalScore status bidder { id name } }
    edges { cursor }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }`;

interface TenderView {
  id: string;
  status: string;
  reservePriceYen: number | null;
  numberOfBidders: number | null;
  isSingleBid: boolean | null;
  bidsSealed: boolean;
  winningBid: { id: string; amountYen: number } | null;
  bids: {
    totalCount: number;
    nodes: { id: string; amountYen: number; status: string; bidder: { id: string; name: string } }[];
    edges: { cursor: string }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

/** Everything sealed reads as unknown: no count, no price, no bids, no winner. */
function expectSealed(t: TenderView): void {
  expect(t, `tender ${pk(t.id)} (${t.status})`).toMatchObject({
    reservePriceYen: null,
    numberOfBidders: null,
    isSingleBid: null,
    bidsSealed: true,
    winningBid: null,
    bids: {
      totalCount: 0,
      nodes: [],
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    },
  });
}

interface TenderRow {
  id: number;
  status: string;
  project_id: number | null;
  local_pilot_id: number | null;
  reserve_price_yen: number | null;
  bid_count: number;
  contract_amount_yen: number | null;
}

let srv: TestServer;
let tenders: TenderRow[];
let sealedTenders: TenderRow[];
/** Bids of sealed rounds, by id, with their round. */
let sealedBids: { id: number; tender_id: number; bidder_id: number }[];

beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
  // bid_count is counted here from the bids themselves (withdrawn ones do not count), not read from the column.
  tenders = await srv.sql<TenderRow>(
    `SELECT t.id, t.status, t.project_id, t.local_pilot_id, t.reserve_price_yen, t.contract_amount_yen,
            (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS bid_count
       FROM tender t ORDER BY t.id`,
  );
  tenders.forEach((t) => (t.bid_count = Number(t.bid_count)));
  sealedTenders = tenders.filter((t) => (SEALED as readonly string[]).includes(t.status));
  sealedBids = await srv.sql(
    `SELECT b.id, b.tender_id, b.bidder_id FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status IN ${SEALED_SQL} ORDER BY b.id`,
  );
});
afterAll(() => srv?.stop());

describe('the sample holds sealed data worth hiding (preconditions)', () => {
  it('has OPEN and CLOSED rounds with bids and reserve prices, and PLANNED and CANCELLED rounds', async () => {
    for (const status of SEALED)
      expect(
        sealedTenders.some((t) => t.status === status),
        status,
      ).toBe(true);
    for (const status of ['OPEN', 'CLOSED']) {
      const withBids = await srv.sql(
        `SELECT COUNT(DISTINCT tender_id) AS n FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status = ?`,
        [status],
      );
      expect(Number(withBids[0].n), `${status} rounds with bids`).toBeGreaterThan(0);
    }
    expect(sealedTenders.filter((t) => t.reserve_price_yen !== null).length).toBeGreaterThan(0);
    expect(sealedBids.length).toBeGreaterThan(0);
    // Some sealed rounds have exactly one bid: a leak through singleBidOnly would show.
    expect(sealedTenders.some((t) => (t.status === 'OPEN' || t.status === 'CLOSED') && t.bid_count === 1)).toBe(true);
  });
});

describe('the tenders list', () => {
  it.each(SEALED)('hides bids, counts and reserve prices of every %s round', async (status) => {
    const expected = sealedTenders.filter((t) => t.status === status).map((t) => gid('Tender', t.id));
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const data: any = expectOk(
        await srv.gql(
          `query($s: [TenderStatus!], $after: String) { tenders(first: 100, after: $after, filter: { statuses: $s }) {
            totalCount pageInfo { hasNextPage endCursor } nodes { ${TENDER_FIELDS} } } }`,
          { s: [status], after },
        ),
      );
      expect(data.tenders.totalCount).toBe(expected.length);
      for (const t of data.tenders.nodes as TenderView[]) {
        expect(t.status).toBe(status);
        expectSealed(t);
        ids.push(t.id);
      }
      after = data.tenders.pageInfo.hasNextPage ? data.tenders.pageInfo.endCursor : null;
    } while (after);
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it('hides them in the default list too, where sealed and opened rounds are mixed', async () => {
    const data: any = expectOk(await srv.gql(`{ tenders(first: 100) { nodes { ${TENDER_FIELDS} } } }`));
    const nodes = data.tenders.nodes as TenderView[];
    const sealed = nodes.filter((t) => (SEALED as readonly string[]).includes(t.status));
    // The newest rounds come first, so the first page holds rounds still in progress.
    expect(sealed.length).toBeGreaterThan(0);
    sealed.forEach(expectSealed);
  });
});

describe('node and nodes', () => {
  it('node(id) of each sealed round with bids hides them', async () => {
    const withBids = [...new Set(sealedBids.map((b) => b.tender_id))];
    expect(withBids.length).toBeGreaterThan(0);
    for (const id of withBids) {
      const data: any = expectOk(
        await srv.gql(`query($id: ID!) { node(id: $id) { ... on Tender { ${TENDER_FIELDS} } } }`, { id: gid('Tender', id) }),
      );
      expect(data.node.id).toBe(gid('Tender', id));
      expectSealed(data.node);
    }
  });

  it('nodes(ids) of every sealed round hides them, in order', async () => {
    const ids = sealedTenders.map((t) => gid('Tender', t.id));
    expect(ids.length).toBeLessThanOrEqual(100);
    const data: any = expectOk(await srv.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Tender { ${TENDER_FIELDS} } } }`, { ids }));
    expect(data.nodes.map((n: TenderView) => n.id)).toEqual(ids);
    (data.nodes as TenderView[]).forEach(expectSealed);
  });

  it('node(id) of a bid in a sealed round is null, as if it did not exist', async () => {
    for (const bid of sealedBids) {
      const data: any = expectOk(
        await srv.gql(`query($id: ID!) { node(id: $id) { id ... on Bid { amountYen bidder { name } } } }`, { id: gid('Bid', bid.id) }),
      );
      expect(data.node, `bid ${bid.id} of sealed tender ${bid.tender_id}`).toBeNull();
    }
  });

  it('nodes(ids) of bids in sealed rounds are all null', async () => {
    const ids = sealedBids.slice(0, 100).map((b) => gid('Bid', b.id));
    const data: any = expectOk(await srv.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Bid { amountYen } } }`, { ids }));
    expect(data.nodes).toEqual(ids.map(() => null));
  });

  it('node(id) of a bid in an opened round is the bid (the seal lifts)', async () => {
    const [bid] = await srv.sql<{ id: number; amount_yen: number }>(
      `SELECT b.id, b.amount_yen FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status = 'AWARDED' ORDER BY b.id LIMIT 1`,
    );
    const [failed] = await srv.sql<{ id: number; amount_yen: number }>(
      `SELECT b.id, b.amount_yen FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status = 'UNSUCCESSFUL' ORDER BY b.id LIMIT 1`,
    );
    const data: any = expectOk(
      await srv.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Bid { amountYen } } }`, {
        ids: [gid('Bid', bid.id), gid('Bid', failed.id)],
      }),
    );
    expect(data.nodes).toEqual([
      { id: gid('Bid', bid.id), amountYen: Number(bid.amount_yen) },
      { id: gid('Bid', failed.id), amountYen: Number(failed.amount_yen) },
    ]);
  });
});

describe('relations that reach rounds', () => {
  it('TargetProject.tenders and latestTender hide sealed rounds', async () => {
    const projectIds = [...new Set(sealedTenders.filter((t) => t.project_id !== null).map((t) => t.project_id!))];
    const latestSealed = await srv.sql<{ project_id: number; id: number }>(
      `SELECT t.project_id, t.id FROM tender t WHERE t.project_id IS NOT NULL AND t.status IN ${SEALED_SQL}
        AND t.round = (SELECT MAX(t2.round) FROM tender t2 WHERE t2.project_id = t.project_id)`,
    );
    expect(latestSealed.length).toBeGreaterThan(0);
    let seen = 0;
    for (let i = 0; i < projectIds.length; i += 50) {
      const ids = projectIds.slice(i, i + 50).map((id) => gid('TargetProject', id));
      const data: any = expectOk(
        await srv.gql(
          `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on TargetProject {
            tenders(first: 100) { nodes { ${TENDER_FIELDS} } }
            latestTender { ${TENDER_FIELDS} } } } }`,
          { ids },
        ),
      );
      for (const project of data.nodes) {
        for (const t of project.tenders.nodes as TenderView[]) {
          if ((SEALED as readonly string[]).includes(t.status)) {
            expectSealed(t);
            seen++;
          }
        }
        const latest = latestSealed.find((l) => l.project_id === pk(project.id));
        if (latest) {
          expect(project.latestTender.id).toBe(gid('Tender', latest.id));
          expectSealed(project.latestTender);
        }
      }
    }
    expect(seen).toBe(sealedTenders.filter((t) => t.project_id !== null).length);
  });

  it('LocalPilot.tenders hides sealed rounds', async () => {
    const pilotTenders = sealedTenders.filter((t) => t.local_pilot_id !== null);
    expect(pilotTenders.filter((t) => t.status === 'OPEN' || t.status === 'CLOSED').length).toBeGreaterThan(0);
    const ids = [...new Set(pilotTenders.map((t) => gid('LocalPilot', t.local_pilot_id!)))];
    const data: any = expectOk(
      await srv.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on LocalPilot { tenders(first: 100) { nodes { ${TENDER_FIELDS} } } } } }`,
        { ids },
      ),
    );
    const seen = (data.nodes as { tenders: { nodes: TenderView[] } }[]).flatMap((p) => p.tenders.nodes);
    expect(seen.map((t) => t.id).sort()).toEqual(pilotTenders.map((t) => gid('Tender', t.id)).sort());
    seen.forEach(expectSealed);
  });

  it('Bid.tender of a visible bid never leads into a sealed round (every reachable bid belongs to an opened round)', async () => {
    const data: any = expectOk(
      await srv.gql(
        `{ tenders(first: 100, filter: { statuses: [AWARDED, UNSUCCESSFUL] }) { nodes { bids(first: 100) { nodes { tender { status bidsSealed } } } } } }`,
      ),
    );
    const reached = data.tenders.nodes.flatMap((t: any) => t.bids.nodes.map((b: any) => b.tender));
    expect(reached.length).toBeGreaterThan(0);
    for (const t of reached) expect(t).toMatchObject({ bidsSealed: false });
  });
});

describe('Bidder.bids', () => {
  it('leaves out bids of sealed rounds: totalCount and ids match SQL over opened rounds only', async () => {
    const opened = await srv.sql<{ id: number; bidder_id: number }>(
      `SELECT b.id, b.bidder_id FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status IN ${OPENED_SQL}`,
    );
    const openedByBidder = new Map<number, number[]>();
    for (const b of opened) openedByBidder.set(b.bidder_id, [...(openedByBidder.get(b.bidder_id) ?? []), b.id]);
    const [{ n: maxPerBidder }] = await srv.sql<{ n: number }>(
      'SELECT MAX(c) AS n FROM (SELECT COUNT(*) AS c FROM bid GROUP BY bidder_id) AS per_bidder',
    );
    expect(Number(maxPerBidder)).toBeLessThanOrEqual(100); // one page holds every bidder's bids
    const biddersWithSealedBids = new Set(sealedBids.map((b) => b.bidder_id));
    expect(biddersWithSealedBids.size).toBeGreaterThan(0);

    const [{ n: bidderCount }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM bidder');
    let checked = 0;
    let checkedWithSealed = 0;
    let after: string | null = null;
    do {
      const data: any = expectOk(
        await srv.gql(
          `query($after: String) { bidders(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
            nodes { id bids(first: 100) { totalCount pageInfo { hasNextPage } nodes { id tender { status } } } } } }`,
          { after },
        ),
      );
      for (const bidder of data.bidders.nodes) {
        const id = pk(bidder.id);
        const expected = (openedByBidder.get(id) ?? []).map((b) => gid('Bid', b)).sort();
        expect(bidder.bids.totalCount, `bidder ${id}`).toBe(expected.length);
        expect(bidder.bids.pageInfo.hasNextPage).toBe(false);
        expect(bidder.bids.nodes.map((b: { id: string }) => b.id).sort(), `bidder ${id}`).toEqual(expected);
        for (const b of bidder.bids.nodes) expect(OPENED).toContain(b.tender.status);
        checked++;
        if (biddersWithSealedBids.has(id)) checkedWithSealed++;
      }
      after = data.bidders.pageInfo.hasNextPage ? data.bidders.pageInfo.endCursor : null;
    } while (after);
    expect(checked).toBe(Number(bidderCount));
    expect(checkedWithSealed).toBe(biddersWithSealedBids.size);
  });
});

describe('ordering and filtering by the number of bidders', () => {
  async function allTenders(
    orderBy: object,
    filter: object | null = null,
  ): Promise<{ id: string; status: string; numberOfBidders: number | null }[]> {
    const out: { id: string; status: string; numberOfBidders: number | null }[] = [];
    let after: string | null = null;
    do {
      const data: any = expectOk(
        await srv.gql(
          `query($o: TenderOrder, $f: TenderFilter, $after: String) { tenders(first: 100, after: $after, orderBy: $o, filter: $f) {
            pageInfo { hasNextPage endCursor } edges { cursor } nodes { id status numberOfBidders } } }`,
          { o: orderBy, f: filter, after },
        ),
      );
      out.push(...data.tenders.nodes);
      after = data.tenders.pageInfo.hasNextPage ? data.tenders.pageInfo.endCursor : null;
    } while (after);
    return out;
  }

  it.each(['ASC', 'DESC'] as const)(
    'NUMBER_OF_BIDDERS %s sorts opened rounds by their count and sealed rounds last, by id only',
    async (direction) => {
      const sign = direction === 'ASC' ? 1 : -1;
      const opened = tenders.filter((t) => (OPENED as readonly string[]).includes(t.status));
      const sealed = sealedTenders;
      const expected = [
        ...[...opened].sort((a, b) => sign * (a.bid_count - b.bid_count) || sign * (a.id - b.id)),
        ...[...sealed].sort((a, b) => sign * (a.id - b.id)),
      ].map((t) => gid('Tender', t.id));
      const got = await allTenders({ field: 'NUMBER_OF_BIDDERS', direction });
      expect(got.map((t) => t.id)).toEqual(expected);
      for (const t of got.slice(opened.length)) expect(t.numberOfBidders).toBeNull();
    },
  );

  it('sealed rounds alone, ordered by NUMBER_OF_BIDDERS, come in id order (their counts do not move them)', async () => {
    // Precondition: the sealed rounds' real counts are not already in id order.
    const byCount = [...sealedTenders].filter((t) => t.status === 'OPEN' || t.status === 'CLOSED');
    const realOrder = [...byCount].sort((a, b) => b.bid_count - a.bid_count || b.id - a.id).map((t) => t.id);
    const idOrder = [...byCount].sort((a, b) => b.id - a.id).map((t) => t.id);
    expect(realOrder).not.toEqual(idOrder);
    const got = await allTenders({ field: 'NUMBER_OF_BIDDERS', direction: 'DESC' }, { statuses: ['OPEN', 'CLOSED'] });
    expect(got.map((t) => pk(t.id))).toEqual(idOrder);
  });

  it('singleBidOnly: true returns exactly the opened rounds with one bidder, never a sealed one', async () => {
    const expected = await srv.sql<{ id: number }>(
      `SELECT t.id FROM tender t WHERE t.status IN ${OPENED_SQL}
        AND (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') = 1`,
    );
    expect(expected.length).toBeGreaterThan(0);
    const got = await allTenders({ field: 'ANNOUNCED_ON', direction: 'DESC' }, { singleBidOnly: true });
    expect(got.map((t) => pk(t.id)).sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
    for (const t of got) {
      expect(OPENED).toContain(t.status);
      expect(t.numberOfBidders).toBe(1);
    }
  });

  it('singleBidOnly: false returns only opened rounds with another count, never a sealed one', async () => {
    const expected = await srv.sql<{ id: number }>(
      `SELECT t.id FROM tender t WHERE t.status IN ${OPENED_SQL}
        AND (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') <> 1`,
    );
    const got = await allTenders({ field: 'ANNOUNCED_ON', direction: 'DESC' }, { singleBidOnly: false });
    expect(got.map((t) => pk(t.id)).sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
    for (const t of got) expect(OPENED).toContain(t.status);
  });

  it('singleBidOnly: true combined with statuses [OPEN, CLOSED] is empty although such rounds have one bid', async () => {
    const data: any = expectOk(
      await srv.gql(`{ tenders(first: 100, filter: { singleBidOnly: true, statuses: [OPEN, CLOSED] }) { totalCount nodes { id } } }`),
    );
    expect(data.tenders).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('marketTestingStats', () => {
  it('bid figures equal SQL over AWARDED rounds only, so no sealed round moves them', async () => {
    const rows = await srv.sql<{ status: string; bidders: number }>(
      `SELECT t.status, (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS bidders
         FROM tender t WHERE t.project_id IS NOT NULL`,
    );
    const awarded = rows.filter((r) => r.status === 'AWARDED');
    const average = awarded.reduce((s, r) => s + Number(r.bidders), 0) / awarded.length;
    const single = awarded.filter((r) => Number(r.bidders) === 1).length / awarded.length;
    // What the figures would be if sealed rounds leaked into them: different, so a leak shows.
    const leaky = rows.filter((r) => r.status === 'AWARDED' || r.status === 'OPEN' || r.status === 'CLOSED');
    const leakyAverage = leaky.reduce((s, r) => s + Number(r.bidders), 0) / leaky.length;
    expect(leakyAverage).not.toBeCloseTo(average, 6);

    const data: any = expectOk(
      await srv.gql(
        `{ marketTestingStats { averageBidders singleBidRate awardedTenderCount byFiscalYear { fiscalYear averageBidders singleBidRate } } }`,
      ),
    );
    expect(data.marketTestingStats.awardedTenderCount).toBe(awarded.length);
    expect(data.marketTestingStats.averageBidders).toBeCloseTo(average, 10);
    expect(data.marketTestingStats.singleBidRate).toBeCloseTo(single, 10);
  });

  it('a fiscal year whose only bids are sealed shows no bid figures from them', async () => {
    // The year of the sealed rounds: its averages must come from its awarded rounds alone.
    const rows = await srv.sql<{ fy: number; status: string; bidders: number }>(
      `SELECT t.fiscal_year AS fy, t.status, (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS bidders
         FROM tender t WHERE t.project_id IS NOT NULL`,
    );
    const years = [...new Set(rows.filter((r) => r.status === 'OPEN' || r.status === 'CLOSED').map((r) => Number(r.fy)))];
    expect(years.length).toBeGreaterThan(0);
    const data: any = expectOk(await srv.gql(`{ marketTestingStats { byFiscalYear { fiscalYear averageBidders singleBidRate } } }`));
    for (const fy of years) {
      const awarded = rows.filter((r) => Number(r.fy) === fy && r.status === 'AWARDED');
      const got = data.marketTestingStats.byFiscalYear.find((y: { fiscalYear: number }) => y.fiscalYear === fy);
      if (awarded.length === 0) {
        expect(got.averageBidders).toBeNull();
        expect(got.singleBidRate).toBeNull();
      } else {
        expect(got.averageBidders).toBeCloseTo(awarded.reduce((s, r) => s + Number(r.bidders), 0) / awarded.length, 10);
        expect(got.singleBidRate).toBeCloseTo(awarded.filter((r) => Number(r.bidders) === 1).length / awarded.length, 10);
      }
    }
  });
});

describe('opened rounds (the seal lifts at AWARDED and UNSUCCESSFUL)', () => {
  it.each(OPENED)('%s rounds show their reserve price, bidder count and every bid', async (status) => {
    const rows = tenders.filter((t) => t.status === status);
    const bids = await srv.sql<{ id: number; tender_id: number; amount_yen: number; status: string }>(
      `SELECT b.id, b.tender_id, b.amount_yen, b.status FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status = ?`,
      [status],
    );
    const sample = rows.filter((t) => bids.some((b) => b.tender_id === t.id)).slice(0, 100);
    expect(sample.length).toBeGreaterThan(0);
    const data: any = expectOk(
      await srv.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Tender { ${TENDER_FIELDS} } } }`, {
        ids: sample.map((t) => gid('Tender', t.id)),
      }),
    );
    data.nodes.forEach((t: TenderView, i: number) => {
      const row = sample[i];
      const own = bids.filter((b) => b.tender_id === row.id);
      const counted = own.filter((b) => b.status !== 'WITHDRAWN').length;
      expect(t.bidsSealed).toBe(false);
      expect(t.reservePriceYen).toBe(row.reserve_price_yen === null ? null : Number(row.reserve_price_yen));
      expect(t.numberOfBidders).toBe(counted);
      expect(t.isSingleBid).toBe(counted === 1);
      expect(t.bids.totalCount).toBe(own.length);
      expect(t.bids.nodes.map((b) => b.id).sort()).toEqual(own.map((b) => gid('Bid', b.id)).sort());
      const won = own.find((b) => b.status === 'WON');
      if (status === 'AWARDED') {
        expect(t.winningBid).toEqual({ id: gid('Bid', won!.id), amountYen: Number(won!.amount_yen) });
        expect(Number(row.contract_amount_yen)).toBe(Number(won!.amount_yen));
      } else {
        expect(t.winningBid).toBeNull();
      }
    });
  });
});
