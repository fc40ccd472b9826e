import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  closeTender,
  createBidder,
  createOpenTender,
  createTenderingProject,
  mutate,
  mutateOk,
  query,
  readTender,
  recordBidOk,
  type Headers,
} from './support/factories.js';
import { knexOf } from '../src/core/db/orm.js';
import { bumpDataVersion } from '../src/core/db/data-version.js';
import { summarizeStats } from '../src/modules/stats/stats-summary.service.js';
import { gid, pk, readableId } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The seal's side channels (docs/seal.md), each checked directly: what a caller who may not
 * see a round's sealed data could once learn about it from something other than the bids
 * themselves. The differential test (noninterference.test.ts) checks the whole surface at
 * once; these pin each repair where it was made.
 */

let srv: TestServer;
let moe: { headers: Headers; id: number };
let moj: { headers: Headers };
const anonymous: Headers = {};

beforeAll(async () => {
  srv = await startTestServer();
  moe = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' });
  moj = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
});
afterAll(() => srv?.stop());

async function openRound(): Promise<any> {
  const project = await createTenderingProject(srv, moe.headers);
  return createOpenTender(srv, moe.headers, project.id, { reservePriceYen: 300_000_000 });
}

async function changeIds(headers: Headers): Promise<string[]> {
  return (await query(srv, '{ changes(first: 100) { nodes { id } } }', {}, headers)).changes.nodes.map((n: { id: string }) =>
    readableId(n.id),
  );
}

describe('versions and times', () => {
  it("a new reserve price moves neither the round's version nor its update time; the owner sees the price", async () => {
    const tender = await openRound();
    const fields = 'id version reservePriceYen';
    const key = pk(tender.id);
    const updatedAt = async () =>
      (await srv.sql<{ updated_at: unknown }>('SELECT updated_at FROM tender WHERE id = ?', [key]))[0].updated_at;
    const updatedBefore = await updatedAt();
    const before = (await query(srv, `query($id: ID!) { node(id: $id) { ... on Tender { ${fields} } } }`, { id: tender.id }, anonymous))
      .node;
    const updated = await mutateOk(
      srv,
      'updateTender',
      { id: tender.id, expectedVersion: tender.version, reservePriceYen: 280_000_000 },
      moe.headers,
      fields,
    );
    expect(updated).toMatchObject({ version: before.version, reservePriceYen: 280_000_000 });
    expect(await updatedAt()).toEqual(updatedBefore);
    const after = (await query(srv, `query($id: ID!) { node(id: $id) { ... on Tender { ${fields} } } }`, { id: tender.id }, anonymous))
      .node;
    expect(after).toEqual(before);
    expect(after.reservePriceYen).toBeNull();
    const stored = await srv.sql<{ reserve_price_yen: number | string; version: number }>(
      'SELECT reserve_price_yen, version FROM tender WHERE id = ?',
      [key],
    );
    expect(Number(stored[0].reserve_price_yen)).toBe(280_000_000);
    // The version the owner holds is still the one to send.
    const renamed = await mutateOk(
      srv,
      'updateTender',
      { id: tender.id, expectedVersion: before.version, title: '改題' },
      moe.headers,
      fields,
    );
    expect(renamed.version).toBe(before.version + 1);
    expect((await readTender(srv, tender.id, moe.headers)).reservePriceYen).toBe(280_000_000);
  });
});

describe('sequences', () => {
  it('sealed entries leave no gap in the history ids others see, and join them in order when the round opens', async () => {
    const tender = await openRound();
    const sealedSeen = async () => (await changeIds(moe.headers)).filter((id) => id.startsWith('SealedChange:')).length;
    const sealedBefore = await sealedSeen();
    await createBidder(srv, moe.headers);
    const seenBefore = await changeIds(anonymous);
    const bidders = [await createBidder(srv, moe.headers), await createBidder(srv, moe.headers)];
    const lastPublic = Number(seenBefore[0].split(':')[1]) + 2;
    const bids = [];
    for (const [i, bidder] of bidders.entries()) bids.push(await recordBidOk(srv, moe.headers, tender.id, bidder.id, 250_000_000 + i));
    await mutateOk(srv, 'updateTender', { id: tender.id, expectedVersion: tender.version, reservePriceYen: 290_000_000 }, moe.headers);
    await createBidder(srv, moe.headers);
    // The next public entry follows the last one directly, for everyone who cannot see the round.
    for (const headers of [anonymous, moj.headers]) {
      expect((await changeIds(headers)).slice(0, 3)).toEqual([
        `Change:${lastPublic + 1}`,
        `Change:${lastPublic}`,
        `Change:${lastPublic - 1}`,
      ]);
    }
    // The owner sees the sealed entries too, named apart.
    expect(await sealedSeen()).toBe(sealedBefore + 3);

    const closed = await closeTender(srv, moe.headers, tender);
    expect((await award(srv, moe.headers, closed, bids[0].id, 250_000_000)).userErrors).toEqual([]);
    const published = (await query(srv, '{ changes(first: 100) { nodes { id action objectType } } }', {}, anonymous)).changes.nodes as {
      id: string;
      action: string;
      objectType: string;
    }[];
    const numbers = published.map((c) => pk(c.id));
    // Still no gap, and no SealedChange left anywhere once the round is open.
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] - i));
    expect((await changeIds(moe.headers)).filter((id) => id.startsWith('SealedChange:') && published.some((c) => c.id === id))).toEqual([]);
    // Everything published after the last public entry before the award: the round's sealed
    // entries (its reserve price when created and when changed, both bids), then the award.
    const newer = published.filter((c) => pk(c.id) > lastPublic + 1);
    const count = (action: string) => newer.filter((c) => c.action === action).length;
    expect([count('createTender'), count('updateTender'), count('recordBid')]).toEqual([1, 1, 2]);
    expect(newer[0].action).toBe('awardTender');
  });
});

describe('bid ids', () => {
  it('are numbered per round: bids recorded meanwhile in another (sealed) round leave no trace in them', async () => {
    const [a, b] = [await openRound(), await openRound()];
    const bidder = async () => (await createBidder(srv, moe.headers)).id;
    const first = await recordBidOk(srv, moe.headers, b.id, await bidder(), 250_000_000);
    for (let i = 0; i < 3; i++) await recordBidOk(srv, moe.headers, a.id, await bidder(), 250_000_000 + i);
    const second = await recordBidOk(srv, moe.headers, b.id, await bidder(), 260_000_000);
    expect(Math.abs(pk(second.id)) - Math.abs(pk(first.id))).toBe(1);
    // Once B opens, its bids are what anyone sees, and their ids say nothing about A.
    const closed = await closeTender(srv, moe.headers, b);
    expect((await award(srv, moe.headers, closed, first.id, 250_000_000)).userErrors).toEqual([]);
    const seen = (
      await query(srv, 'query($id: ID!) { node(id: $id) { ... on Tender { bids(first: 10) { nodes { id } } } } }', { id: b.id }, anonymous)
    ).node.bids.nodes.map((n: { id: string }) => n.id);
    expect(seen.sort()).toEqual([first.id, second.id].sort());
  });
});

describe('time filters', () => {
  it('a bid in a sealed round does not put the round into /ocds/releases?since=', async () => {
    const tender = await openRound();
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await recordBidOk(srv, moe.headers, tender.id, (await createBidder(srv, moe.headers)).id, 250_000_000);
    const ocid = `ocds-mttjp1-tender-${pk(tender.id)}`;
    const response = await fetch(`${srv.base}/ocds/releases?since=${encodeURIComponent(since)}`);
    const body = (await response.json()) as { releases?: { ocid: string }[] };
    // 404 when nothing changed since: the same answer as if the bid had never come.
    expect(response.status === 404 || response.status === 200).toBe(true);
    expect((body.releases ?? []).map((r) => r.ocid)).not.toContain(ocid);
  });
});

describe('refusals', () => {
  it("a bid of another ministry's sealed round and a bid that does not exist are refused alike", async () => {
    const sealed = await openRound();
    const bid = await recordBidOk(srv, moe.headers, sealed.id, (await createBidder(srv, moe.headers)).id, 250_000_000);
    const project = await createTenderingProject(srv, moj.headers, { ministryCode: 'MOJ' });
    const own = await closeTender(srv, moj.headers, await createOpenTender(srv, moj.headers, project.id));
    const missing = gid('Bid', 999_999_999);
    const a = await award(srv, moj.headers, own, bid.id, 1_000);
    const b = await award(srv, moj.headers, own, missing, 1_000);
    expect(a.codes).toEqual(['NOT_FOUND']);
    expect(a.userErrors[0].message.replace(bid.id, '<id>')).toBe(b.userErrors[0].message.replace(missing, '<id>'));
    expect((await query(srv, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [bid.id, missing] }, moj.headers)).nodes).toEqual([
      null,
      null,
    ]);
  });
});

describe('shared caches', () => {
  const DOCUMENT = '{ tenders(first: 1, filter: { statuses: [OPEN] }) { nodes { id reservePriceYen } } }';
  const hash = createHash('sha256').update(DOCUMENT).digest('hex');
  const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };

  async function post(body: object, headers: Headers): Promise<{ status: number; body: any; headers: globalThis.Headers }> {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  it('a persisted query is found only by the caller who registered it', async () => {
    await openRound();
    const registered = await post({ query: DOCUMENT, extensions: persisted }, moe.headers);
    expect(registered.body.errors).toBeUndefined();
    expect((await post({ extensions: persisted }, moe.headers)).body).toEqual(registered.body);
    for (const headers of [anonymous, moj.headers]) {
      const other = await post({ extensions: persisted }, headers);
      expect(other.status).toBe(200);
      expect(other.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(other.body.data).toBeUndefined();
    }
    // Over GET as well.
    const url = `${srv.url}?extensions=${encodeURIComponent(JSON.stringify(persisted))}`;
    const get = async (headers: Headers): Promise<any> =>
      (await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': '1', ...headers } })).json();
    expect((await get(moe.headers)).data).toEqual(registered.body.data);
    expect((await get(anonymous)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a hash that does not match the text, and an unknown protocol version', async () => {
    const wrong = await post({ query: '{ __typename }', extensions: persisted }, anonymous);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/sha does not match/);
    const version = await post({ query: DOCUMENT, extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }, anonymous);
    expect(version.status).toBe(400);
  });

  it('answers to a token are private and vary by Authorization; anonymous ones vary too', async () => {
    const token = await fetch(`${srv.url}?query=${encodeURIComponent('{ viewer { role } }')}`, {
      headers: { accept: 'application/json', ...moe.headers },
    });
    expect(token.headers.get('cache-control')).toBe('private, no-store');
    expect(token.headers.get('vary')).toMatch(/Authorization/i);
    const anon = await fetch(`${srv.url}?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { accept: 'application/json' } });
    expect(anon.headers.get('vary')).toMatch(/Authorization/i);
    const file = await fetch(`${srv.base}/export/tenders.csv`, { headers: moe.headers });
    expect(file.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('a write to sealed data alone leaves anonymous answers cached', async () => {
    const tender = await openRound();
    const bidder = await createBidder(srv, moe.headers);
    // The consumers of those public writes move the data version too, a moment later.
    await srv.settle();
    const read = async () =>
      (
        await fetch(srv.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ changes(first: 3) { nodes { id } } }' }),
        })
      ).headers.get('x-cache');
    await read();
    expect(await read()).toBe('hit');
    await recordBidOk(srv, moe.headers, tender.id, bidder.id, 252_000_000);
    expect(await read()).toBe('hit');
    await mutateOk(srv, 'updateTender', { id: tender.id, expectedVersion: tender.version, reservePriceYen: 310_000_000 }, moe.headers);
    expect(await read()).toBe('hit');
    // A public write does move it.
    await createBidder(srv, moe.headers);
    expect(await read()).toBe('miss');
  });
});

describe('money that cannot overflow', () => {
  it('refuses amounts past 10^13 yen and changes nothing', async () => {
    const tender = await openRound();
    const refused = await mutate(
      srv,
      'updateTender',
      { id: tender.id, expectedVersion: tender.version, reservePriceYen: 9_007_199_254_740_991 },
      moe.headers,
    );
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
    expect((await readTender(srv, tender.id, moe.headers)).reservePriceYen).toBe(300_000_000);
  });

  it('sums contracts past 2^53 − 1 exactly, for every caller', async () => {
    // Amounts the API no longer accepts, but that a database may hold from before.
    const tenders = [await openRound(), await openRound()];
    const amounts = [9_007_199_254_740_991n, 9_007_199_254_740_991n];
    for (const [i, t] of tenders.entries()) {
      const closed = await closeTender(srv, moe.headers, t);
      const bid = await recordBidOk(srv, moe.headers, t.id, (await createBidder(srv, moe.headers)).id, 100);
      expect((await award(srv, moe.headers, closed, bid.id, 100)).userErrors).toEqual([]);
      await srv.sql('UPDATE tender SET contract_amount_yen = ? WHERE id = ?', [amounts[i].toString(), pk(t.id)]);
    }
    // Rows changed behind the API's back, as a database from before may hold them: the
    // statistics' summaries are computed from them again, as the migration that made them does.
    await srv.settle();
    await knexOf(srv.orm).transaction(async (trx) => {
      await summarizeStats({ knex: trx, dialect: srv.dialect }, 'all');
      await bumpDataVersion(trx);
    });
    const rows = await srv.sql<{ amount: string }>(
      "SELECT CAST(t.contract_amount_yen AS TEXT) AS amount FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOE' AND t.status = 'AWARDED' AND t.contract_amount_yen IS NOT NULL",
    );
    const expected = rows.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    expect(expected).toBeGreaterThan(18_014_398_509_481_982n);
    const stats =
      '{ marketTestingStats(filter: { ministryCodes: ["MOE"] }) { contractedYen baselineYen reductionYen byMinistry { contractedYen } } }';
    for (const headers of [anonymous, moe.headers]) {
      const result = await srv.gql(stats, {}, headers);
      expect(result.errors).toBeUndefined();
      const s = (result.data as any).marketTestingStats;
      const baseline = BigInt(s.baselineYen);
      expect(s.contractedYen).toBe(expected.toString());
      expect(BigInt(s.reductionYen)).toBe(baseline - expected);
      expect(s.byMinistry[0].contractedYen).toBe(expected.toString());
    }
    // The round's own cost reduction is exact too.
    const one = await srv.gql('query($id: ID!) { node(id: $id) { ... on Tender { contractAmountYen costReductionYen } } }', {
      id: tenders[0].id,
    });
    expect(one.errors).toBeUndefined();
    expect((one.data as any).node.contractAmountYen).toBe(9_007_199_254_740_991);
  });
});
