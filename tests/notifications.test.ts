import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  closedTenderWithBids,
  createBidder,
  createOpenTender,
  createTenderingProject,
  recordBidOk,
  type Headers,
} from './support/factories.js';
import { errorCodes, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Saved searches and the public events they filter (docs/notifications.md): what a write
 * becomes once the notifications consumer has run, the filters, who may read and change a
 * saved search, and that a sealed-only write tells nobody anything.
 */
const EVENTS = `query($filter: EventFilter, $first: Int) {
  publicEvents(filter: $filter, first: $first) {
    totalCount
    edges { node { id type typeLabel title ministryCode category status serviceStatus amountYen occurredAt data
      tender { id status numberOfBidders } project { id name } } }
  }
}`;
const CREATE = `mutation($input: CreateSavedSearchInput!) {
  createSavedSearch(input: $input) {
    savedSearch { id name version webhookUrl filter { types ministryCodes text municipalityCodes } }
    webhookSecret
    userErrors { code field message }
  }
}`;

describe('public events and saved searches', () => {
  let srv: TestServer;
  let moe: Headers;
  let moj: Headers;
  let admin: Headers;

  const events = async (filter: Record<string, unknown> | null = null, headers: Headers = {}) => {
    const result = await srv.gql(EVENTS, { filter, first: 100 }, headers);
    expect(result.errors).toBeUndefined();
    return result.data.publicEvents as { totalCount: number; edges: { node: any }[] };
  };

  beforeAll(async () => {
    srv = await startTestServer();
    moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
    moj = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).headers;
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('tells of a round announced, in Japanese, with the facts of its service, to anyone', async () => {
    const before = (await events()).totalCount;
    const project = await createTenderingProject(srv, moe, { name: '環境調査船の運航管理業務' });
    const round = await createOpenTender(srv, moe, project.id, { title: '運航管理業務の民間競争入札' });
    await srv.settle();
    const list = await events({ types: ['TENDER_ANNOUNCED'] });
    const announced = list.edges.map((e) => e.node).find((n) => n.tender?.id === round.id);
    expect(announced).toMatchObject({
      type: 'TENDER_ANNOUNCED',
      typeLabel: '入札公告',
      ministryCode: 'MOE',
      category: 'FACILITY_MANAGEMENT',
      project: { id: project.id, name: '環境調査船の運航管理業務' },
    });
    expect(announced.title).toMatch(
      /^【入札公告】環境省 環境調査船の運航管理業務 第1回 運航管理業務の民間競争入札（締切: 令和8年5月15日）$/,
    );
    expect(announced.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The service's selection, its moves to TENDERING, the round's creation and its opening.
    const all = await events();
    expect(all.totalCount).toBeGreaterThan(before + 2);
    const kinds = all.edges
      .map((e) => e.node)
      .filter((n) => n.project?.id === project.id)
      .map((n) => n.type);
    expect(kinds).toEqual(
      expect.arrayContaining(['SERVICE_CREATED', 'SERVICE_STATUS_CHANGED', 'TENDER_ANNOUNCED', 'TENDER_STATUS_CHANGED']),
    );
  });

  it('tells nothing of a sealed bid, and the bids once the round is opened', async () => {
    const { tender, bids } = await closedTenderWithBids(srv, moe, [{ amountYen: 90_000_000 }, { amountYen: 80_000_000 }]);
    await srv.settle();
    const before = await events();
    const bidder = await createBidder(srv, moe);
    const open = await createOpenTender(srv, moe, (await createTenderingProject(srv, moe)).id);
    await srv.settle();
    const quiet = (await events()).totalCount;
    await recordBidOk(srv, moe, open.id, bidder.id, 70_000_000);
    await srv.settle();
    // A bid under the seal is no event for anyone: the list (and its count) stay as they were.
    expect((await events()).totalCount).toBe(quiet);
    expect((await events(null, moe)).totalCount).toBe(quiet);
    expect(quiet).toBeGreaterThan(before.totalCount);

    const awarded = await award(srv, moe, tender, bids[1].id, 240_000_000);
    expect(awarded.codes).toEqual([]);
    await srv.settle();
    const node = (await events({ types: ['TENDER_AWARDED'] })).edges.map((e) => e.node).find((n) => n.tender?.id === tender.id);
    expect(node.typeLabel).toBe('開札・落札');
    expect(node.amountYen).toBe(240_000_000);
    expect(node.tender.numberOfBidders).toBe(2);
    expect(node.data.tender).toMatchObject({ status: 'AWARDED', numberOfBidders: 2, contractAmountYen: 240_000_000 });
    expect(node.data.tender.winnerName).toBe(bids[1].bidder.name);
    expect(node.title).toContain(`（落札者: ${bids[1].bidder.name}）`);
    // The announcement of a round still sealed carries none of that.
    const sealed = (await events({ types: ['TENDER_ANNOUNCED'] })).edges.map((e) => e.node).find((n) => n.tender?.id === open.id);
    expect(Object.keys(sealed.data.tender)).not.toContain('numberOfBidders');
    expect(Object.keys(sealed.data.tender)).not.toContain('reservePriceYen');
    expect(sealed.tender.numberOfBidders).toBeNull();
  });

  it('filters by ministry (code or name), words (any spaces, all must occur), status and amount', async () => {
    const project = await createTenderingProject(srv, moe, { name: '国立公園 窓口 案内業務', baselineAnnualCostYen: 55_000_000 });
    await createOpenTender(srv, moe, project.id, { title: '窓口案内業務' });
    await srv.settle();
    const mine = await events({ ministryCodes: ['環境省'], text: '国立公園　窓口' });
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.edges.every((e) => e.node.ministryCode === 'MOE' && e.node.project?.name === '国立公園 窓口 案内業務')).toBe(true);
    expect((await events({ ministryCodes: ['MOJ'], text: '国立公園 窓口' })).totalCount).toBe(0);
    expect((await events({ text: '国立公園 存在しない語' })).totalCount).toBe(0);
    const cheap = await events({ text: '国立公園', maxAmountYen: 60_000_000, types: ['SERVICE_CREATED'] });
    expect(cheap.edges.map((e) => e.node.amountYen)).toEqual([55_000_000]);
    expect((await events({ text: '国立公園', minAmountYen: 60_000_001, types: ['SERVICE_CREATED'] })).totalCount).toBe(0);
    const open = await events({ text: '国立公園', tenderStatuses: ['OPEN'] });
    expect(open.edges.map((e) => e.node.type)).toEqual(['TENDER_STATUS_CHANGED']);
    // A service's state is in the events about the service itself (its moves), as each left it.
    const tendering = await events({ text: '国立公園', serviceStatuses: ['TENDERING'] });
    expect(tendering.edges.map((e) => e.node.type)).toEqual(['SERVICE_STATUS_CHANGED']);
    expect((await events({ text: '国立公園', serviceStatuses: ['TENDERING'], types: ['TENDER_ANNOUNCED'] })).totalCount).toBe(0);
  });

  it('refuses an unknown ministry in a filter, naming the closest', async () => {
    const result = await srv.gql(EVENTS, { filter: { ministryCodes: ['MOJJ'] } });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toContain('MOJJ');
    expect(result.errors![0].message).toContain('MOJ');
  });

  it('saves a search for its token, keeps ministries as codes, and shows the webhook secret only once', async () => {
    const anonymous = await srv.gql(CREATE, { input: { name: 'x', filter: {} } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const refused = await srv.gql(
      CREATE,
      { input: { name: '法務', filter: { ministryCodes: ['MOJJ'], municipalityCodes: ['999999'] } } },
      moj,
    );
    expect(refused.data.createSavedSearch.savedSearch).toBeNull();
    const messages = refused.data.createSavedSearch.userErrors.map(
      (u: { field: string[]; message: string }) => `${u.field.join('.')}: ${u.message}`,
    );
    expect(messages).toEqual([
      expect.stringMatching(/^input\.filter\.ministryCodes: 府省「MOJJ」はありません。近いもの: MOJ/),
      expect.stringMatching(/^input\.filter\.municipalityCodes: 地方公共団体コード「999999」はありません/),
    ]);

    const made = await srv.gql(
      CREATE,
      { input: { name: '法務省の入札', filter: { ministryCodes: ['法務省'], types: ['TENDER_ANNOUNCED'], text: ' 登記 ' } } },
      moj,
    );
    expect(made.data.createSavedSearch.userErrors).toEqual([]);
    expect(made.data.createSavedSearch.savedSearch).toMatchObject({
      name: '法務省の入札',
      version: 1,
      webhookUrl: null,
      filter: { types: ['TENDER_ANNOUNCED'], ministryCodes: ['MOJ'], text: '登記', municipalityCodes: null },
    });
    expect(made.data.createSavedSearch.webhookSecret).toBeNull();
    const id = made.data.createSavedSearch.savedSearch.id;

    const read = `query($id: ID!) { node(id: $id) { ... on SavedSearch { id name } } savedSearches { id } }`;
    expect((await srv.gql(read, { id }, moj)).data).toEqual({ node: { id, name: '法務省の入札' }, savedSearches: [{ id }] });
    // Another token, and anonymous callers, see nothing of it, exactly as for an id that is none.
    expect((await srv.gql(read, { id }, moe)).data).toEqual({ node: null, savedSearches: [] });
    expect((await srv.gql(read, { id })).data).toEqual({ node: null, savedSearches: [] });
    expect((await srv.gql(read, { id }, admin)).data.node).toEqual({ id, name: '法務省の入札' });

    const update = `mutation($input: UpdateSavedSearchInput!) { updateSavedSearch(input: $input) { savedSearch { version name } webhookSecret userErrors { code } } }`;
    const foreign = await srv.gql(update, { input: { id, expectedVersion: 1, name: '乗っ取り' } }, moe);
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    const renamed = await srv.gql(update, { input: { id, expectedVersion: 1, name: '登記の入札' } }, moj);
    expect(renamed.data.updateSavedSearch.savedSearch).toEqual({ version: 2, name: '登記の入札' });
    const stale = await srv.gql(update, { input: { id, expectedVersion: 1, name: '古い' } }, moj);
    expect(errorCodes(stale)).toEqual(['STALE_VERSION']);

    const remove = `mutation($id: ID!) { deleteSavedSearch(input: { id: $id }) { savedSearch { name } userErrors { code } } }`;
    expect(errorCodes(await srv.gql(remove, { id }, moe))).toEqual(['NOT_FOUND']);
    expect((await srv.gql(remove, { id }, moj)).data.deleteSavedSearch).toEqual({ savedSearch: { name: '登記の入札' }, userErrors: [] });
    expect((await srv.gql(read, { id }, moj)).data).toEqual({ node: null, savedSearches: [] });
  });

  it('refuses webhook URLs that reach loopback, private or metadata addresses, or are not HTTPS', async () => {
    for (const webhookUrl of [
      'http://127.0.0.1:4000/hook',
      'https://127.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://10.1.2.3/hook',
      'https://localhost/hook',
      'https://metadata.google.internal/computeMetadata/v1/',
      'http://example.com/hook',
      'https://user:pw@example.com/hook',
      'not a url',
    ]) {
      const result = await srv.gql(CREATE, { input: { name: 'hook', filter: {}, webhookUrl } }, moj);
      const payload = result.data.createSavedSearch;
      expect(payload.savedSearch, webhookUrl).toBeNull();
      expect(payload.webhookSecret).toBeNull();
      expect(
        payload.userErrors.map((u: { field: string[] }) => u.field.join('.')),
        webhookUrl,
      ).toEqual(['input.webhookUrl']);
    }
    expect((await srv.gql('{ savedSearches { id } }', {}, moj)).data.savedSearches).toEqual([]);
  });
});
