import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENDER_EVENT_TYPES } from '../src/modules/notifications/public-event.enum.js';
import { checkAtom, type AtomDocument } from './support/atom.js';
import {
  award,
  closeTender,
  createBidder,
  createTender,
  createTenderingProject,
  mutateOk,
  openTender,
  recordBidOk,
  registerPilot,
  transitionPilot,
  type Headers,
} from './support/factories.js';
import { pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The Atom feed of rounds (docs/notifications.md "The Atom feed"): valid Atom 1.0 of the
 * newest public events about rounds, filtered by ministry, local government and category;
 * a bid on an open round changes nothing in it, an opened round shows its winner and amount.
 */

let srv: TestServer;
let moj: Headers;
let moe: Headers;
let chiyoda: Headers;
/** Rounds made here: MOJ counter service (awarded), MOJ open round, MOE facility round, 千代田区 pilot round. */
const rounds: Record<'mojAwarded' | 'mojOpen' | 'moe' | 'chiyoda', { id: string; version: number }> = {} as never;
const WINNER = 'フィード落札株式会社';
const LOSER = 'フィード次点株式会社';

async function getFeed(query = '', headers: Record<string, string> = {}) {
  const response = await fetch(`${srv.base}/feeds/tenders.atom${query}`, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body, text: body.toString('utf8') };
}

/** The feed, checked against RFC 4287 (a problem fails the test). */
async function validFeed(query = ''): Promise<AtomDocument & { text: string }> {
  const { response, text } = await getFeed(query);
  expect(response.status, text).toBe(200);
  const { problems, feed } = checkAtom(text);
  expect(problems).toEqual([]);
  return { ...feed!, text };
}

const tenderIdOf = (entry: AtomDocument['entries'][number]) => /ocds-mttjp1-tender-(\d+)$/.exec(entry.links[0].href)?.[1];
const tendersIn = (feed: AtomDocument) => new Set(feed.entries.map(tenderIdOf));

beforeAll(async () => {
  srv = await startTestServer();
  // The sample's history told as events (seeds/) is left out: this file checks the feed
  // against the rounds it makes itself.
  await srv.sql('DELETE FROM public_event');
  moj = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).headers;
  moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
  chiyoda = (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '131016' })).headers;

  // Each step waits for the write pipeline, so the rows of one step are written before the next
  // (and the events up to the close while the bids are still sealed).
  const step = async <T>(write: Promise<T>): Promise<T> => {
    const value = await write;
    await srv.settle();
    return value;
  };

  // MOJ: a counter service's round announced, opened, its deadline moved, bid on, closed, awarded.
  const mojProject = await step(createTenderingProject(srv, moj, { ministryCode: 'MOJ', category: 'COUNTER_SERVICE' }));
  let tender = await step(createTender(srv, moj, { projectId: mojProject.id }, { title: '登記事項証明書等交付業務' }));
  tender = await step(openTender(srv, moj, tender));
  tender = await step(mutateOk(srv, 'updateTender', { id: tender.id, expectedVersion: tender.version, bidDeadline: '2026-05-29' }, moj));
  const winner = await step(createBidder(srv, moj, { name: WINNER }));
  const loser = await step(createBidder(srv, moj, { name: LOSER }));
  const won = await step(recordBidOk(srv, moj, tender.id, winner.id, 245_000_000));
  await step(recordBidOk(srv, moj, tender.id, loser.id, 262_000_000));
  tender = await step(closeTender(srv, moj, tender));
  const awarded = await step(award(srv, moj, tender, won.id, 245_000_000));
  expect(awarded.userErrors).toEqual([]);
  rounds.mojAwarded = awarded.value;

  // MOJ: another service's round, open (bids on it are sealed).
  const mojOther = await step(createTenderingProject(srv, moj, { ministryCode: 'MOJ', category: 'COUNTER_SERVICE' }));
  rounds.mojOpen = await step(createTender(srv, moj, { projectId: mojOther.id }, { title: '戸籍副本データ管理業務' }));
  rounds.mojOpen = await step(openTender(srv, moj, rounds.mojOpen));

  // MOE: a facility's round, announced only.
  const moeProject = await step(createTenderingProject(srv, moe, { ministryCode: 'MOE', category: 'FACILITY_MANAGEMENT' }));
  rounds.moe = await step(createTender(srv, moe, { projectId: moeProject.id }, { title: '国民公園管理運営業務' }));

  // 千代田区: a pilot's round, announced and opened.
  let pilot = await step(registerPilot(srv, chiyoda, '131016'));
  pilot = (await step(transitionPilot(srv, chiyoda, pilot, 'POLICY_ADOPTED'))).value;
  pilot = (await step(transitionPilot(srv, chiyoda, pilot, 'TENDERING'))).value;
  const pilotRound = await step(
    createTender(srv, chiyoda, { localPilotId: pilot.id }, { title: '区民課窓口業務委託', reservePriceYen: 50_000_000 }),
  );
  rounds.chiyoda = await step(openTender(srv, chiyoda, pilotRound));
});
afterAll(() => srv?.stop());

describe('the Atom checker (tests/support/atom.ts)', () => {
  const good = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2026:feed</id><title>t</title><updated>2026-04-01T00:00:00Z</updated>
  <author><name>a</name></author><link rel="self" href="http://example.org/feed"/>
  <entry><id>tag:example.org,2026:1</id><title>e</title><updated>2026-04-01T00:00:00+09:00</updated><content>c</content></entry>
</feed>`;

  it('finds no problem in a valid document', () => {
    expect(checkAtom(good).problems).toEqual([]);
  });

  it('names each broken rule', () => {
    const broken = good
      .replace('http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#')
      .replace('<title>t</title>', '')
      .replace('2026-04-01T00:00:00Z', '2026/04/01')
      .replace('<author><name>a</name></author>', '')
      .replace('rel="self"', 'rel="related"')
      .replace('<content>c</content>', '<link href="http://example.org/1"/><link rel="alternate" href="http://example.org/2"/>')
      .replace('</feed>', '<entry><id>tag:example.org,2026:1</id><title>f</title><updated>2026-04-01T00:00:00Z</updated></entry></feed>');
    const problems = checkAtom(broken).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not http://www.w3.org/2005/Atom'),
        'the feed has 0 title elements, not exactly one',
        expect.stringContaining('is not an RFC 3339 date-time'),
        'entry 1 has no author and neither has the feed',
        'the feed has no link rel=self',
        'entry 1: more than one link rel=alternate with the same type and hreflang',
        'entry 2 has neither content nor a link rel=alternate',
        'entry 2: id tag:example.org,2026:1 is not unique',
      ]),
    );
    expect(checkAtom(good.replace('<id>tag:example.org,2026:1</id>', '<id>1</id>')).problems).toEqual([
      'entry 1: id "1" is not an absolute IRI',
    ]);
    expect(checkAtom(good.replace('</entry>', '')).problems[0]).toMatch(/^not well-formed XML/);
    expect(checkAtom(good.replace(/feed/g, 'rss')).problems).toContain('the root element is rss, not feed');
  });
});

describe('GET /feeds/tenders.atom', () => {
  it('is Atom 1.0 in UTF-8: the newest events about rounds, newest first, with Japanese titles', async () => {
    const { response, body } = await getFeed();
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    // Japanese as UTF-8 text, not character references.
    expect(body.includes(Buffer.from('市場化テスト 入札情報', 'utf8'))).toBe(true);
    expect(body.toString('utf8')).not.toMatch(/&#\d+;|&#x[0-9a-f]+;/i);

    const feed = await validFeed();
    expect(feed.title).toBe('市場化テスト 入札情報');
    expect(feed.links).toContainEqual({ rel: 'self', href: `${srv.base}/feeds/tenders.atom`, type: null });
    expect(feed.links).toContainEqual({ rel: 'alternate', href: `${srv.base}/graphql`, type: null });
    expect(feed.entries.length).toBeGreaterThanOrEqual(10);
    expect(feed.entries.length).toBeLessThanOrEqual(50);
    // Only events about rounds (the services created and the pilot registered are not here).
    const types = feed.entries.map((e) => e.categories.find((c) => c.scheme?.endsWith(':public-event-type'))?.term);
    expect(types.every((t) => (TENDER_EVENT_TYPES as readonly string[]).includes(String(t)))).toBe(true);
    expect(new Set(types)).toEqual(new Set(['TENDER_ANNOUNCED', 'TENDER_STATUS_CHANGED', 'TENDER_DEADLINE_CHANGED', 'TENDER_AWARDED']));
    // Newest first: the rows' ids fall, and so does the time; the feed's updated is the newest entry's.
    const ids = feed.entries.map((e) => Number(/:public-event:(\d+)$/.exec(e.id)?.[1]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(feed.updated).toBe(feed.entries[0].updated);
    const times = feed.entries.map((e) => Date.parse(e.updated));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Titles carry the event's Japanese label, as the rows have them.
    const rows = await srv.sql<{ id: number; title: string }>('SELECT id, title FROM public_event WHERE id = ?', [ids[0]]);
    expect(feed.entries[0].title).toBe(rows[0].title);
    const announced = feed.entries.find((e) => e.title.includes('登記事項証明書等交付業務') && e.title.startsWith('【入札公告】'));
    expect(announced?.title).toMatch(/^【入札公告】法務省 .+ 第1回 登記事項証明書等交付業務（締切: 令和8年5月15日）$/);
    expect(feed.entries.some((e) => e.title.startsWith('【入札締切の変更】') && e.title.includes('令和8年5月29日'))).toBe(true);
    expect(announced?.content).toContain('<dt>入札公告日</dt><dd>令和8年4月1日</dd>');
    expect(announced?.content).toContain('<dt>契約期間</dt><dd>令和8年7月1日 〜 令和11年6月30日</dd>');
    expect(announced?.categories).toContainEqual({ term: 'COUNTER_SERVICE', label: '窓口業務', scheme: expect.stringMatching(/^tag:/) });
  });

  it('gives each entry a stable tag id and a link to the round as an OCDS record', async () => {
    const feed = await validFeed();
    for (const entry of feed.entries) expect(entry.id).toMatch(/^tag:market-testing-tracker,2026:public-event:\d+$/);
    const entry = feed.entries.find((e) => tenderIdOf(e) === String(pk(rounds.moe.id)))!;
    expect(entry.links).toEqual([
      { rel: 'alternate', href: `${srv.base}/ocds/records/ocds-mttjp1-tender-${pk(rounds.moe.id)}`, type: null },
    ]);
    const record = await fetch(entry.links[0].href);
    expect(record.status).toBe(200);
    // The same id however the host is named.
    const other = await fetch(`${srv.base.replace('127.0.0.1', 'localhost')}/feeds/tenders.atom`);
    const again = checkAtom(await other.text()).feed!;
    expect(again.entries.map((e) => e.id)).toEqual(feed.entries.map((e) => e.id));
    expect(again.id).toBe(feed.id);
    expect(again.links.find((l) => l.rel === 'self')?.href).toMatch(/^http:\/\/localhost:\d+\/feeds\/tenders\.atom$/);
  });

  it('filters by ministry, by code or by name', async () => {
    const byCode = await validFeed('?ministry=MOJ');
    expect(byCode.title).toBe('市場化テスト 入札情報（府省: 法務省）');
    expect(tendersIn(byCode)).toEqual(new Set([String(pk(rounds.mojAwarded.id)), String(pk(rounds.mojOpen.id))]));
    expect(byCode.entries.every((e) => e.title.includes('法務省'))).toBe(true);
    const byName = await validFeed(`?ministry=${encodeURIComponent('法務省')}`);
    expect(byName.id).toBe(byCode.id);
    expect(byName.entries).toEqual(byCode.entries);
    const both = await validFeed('?ministry=MOJ,MOE');
    expect(tendersIn(both)).toEqual(new Set([String(pk(rounds.mojAwarded.id)), String(pk(rounds.mojOpen.id)), String(pk(rounds.moe.id))]));
    expect(await validFeed('?ministry=MOE&ministry=MOJ').then((f) => f.entries)).toEqual(both.entries);
  });

  it("filters by local government, a prefecture's code taking in its municipalities", async () => {
    const chiyodaOnly = String(pk(rounds.chiyoda.id));
    const ward = await validFeed('?municipality=131016');
    expect(ward.title).toBe('市場化テスト 入札情報（団体: 千代田区）');
    expect(tendersIn(ward)).toEqual(new Set([chiyodaOnly]));
    expect(ward.entries.map((e) => e.title.slice(0, 6))).toEqual(['【入札状況の', '【入札公告】']);
    expect(tendersIn(await validFeed('?municipality=130001'))).toEqual(new Set([chiyodaOnly]));
    expect((await validFeed('?municipality=011002')).entries).toEqual([]);
    // Rounds of services have no local government.
    expect((await validFeed('?municipality=131016&ministry=MOJ')).entries).toEqual([]);
  });

  it('filters by category, by value or by Japanese label', async () => {
    const counters = await validFeed('?category=COUNTER_SERVICE');
    expect(tendersIn(counters)).toEqual(new Set([String(pk(rounds.mojAwarded.id)), String(pk(rounds.mojOpen.id))]));
    const facilities = await validFeed(`?category=${encodeURIComponent('施設管理・運営')}`);
    expect(facilities.title).toBe('市場化テスト 入札情報（分類: 施設管理・運営）');
    expect(tendersIn(facilities)).toEqual(new Set([String(pk(rounds.moe.id))]));
  });

  it('is valid with no entry, its updated a fixed time', async () => {
    const empty = await validFeed('?ministry=MOD');
    expect(empty.entries).toEqual([]);
    expect(empty.updated).toBe('2026-01-01T00:00:00.000Z');
    expect((await getFeed('?ministry=MOD')).text).toBe((await getFeed('?ministry=MOD')).text);
  });

  it('answers an unknown ministry, local government or category with 400 naming the closest known values', async () => {
    const ministry = await getFeed('?ministry=MOJJ');
    expect(ministry.response.status).toBe(400);
    expect(ministry.response.headers.get('content-type')).toMatch(/^application\/json/);
    const error = JSON.parse(ministry.text) as { error: string };
    expect(Object.keys(error)).toEqual(['error']);
    expect(error.error).toMatch(/^府省「MOJJ」はありません。近いもの: MOJ 法務省/);
    const byName = JSON.parse((await getFeed(`?ministry=${encodeURIComponent('法務庁')}`)).text) as { error: string };
    expect(byName.error).toMatch(/^府省「法務庁」はありません。近いもの: MOJ 法務省/);

    const municipality = await getFeed('?municipality=131017');
    expect(municipality.response.status).toBe(400);
    expect(JSON.parse(municipality.text).error).toMatch(/^地方公共団体コード「131017」はありません。近いもの: \d{6} /);
    const word = JSON.parse((await getFeed(`?municipality=${encodeURIComponent('千代田')}`)).text).error as string;
    expect(word).toContain('131016 千代田区');
    expect(word).toContain('（6桁のコード、たとえば 131016）');
    expect(word).toContain('a six-digit local-government code such as 131016');

    const category = await getFeed('?category=COUNTER_SERVIC');
    expect(category.response.status).toBe(400);
    expect(JSON.parse(category.text).error).toMatch(/^分類「COUNTER_SERVIC」はありません。近いもの: COUNTER_SERVICE 窓口業務/);

    // Every bad value at once, and a good one beside them changes nothing.
    const all = JSON.parse((await getFeed('?ministry=MOJ,XYZ&category=NOPE')).text).error as string;
    expect(all).toContain('府省「XYZ」はありません');
    expect(all).toContain('分類「NOPE」はありません');
  });

  it('answers If-None-Match with 304 until a round changes', async () => {
    const first = await getFeed('?ministry=MOE');
    const etag = first.response.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"tenders-\d+-[\w-]+"$/);
    const again = await getFeed('?ministry=MOE', { 'if-none-match': etag });
    expect(again.response.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another filter is another feed.
    expect((await getFeed('?ministry=MOJ', { 'if-none-match': etag })).response.status).toBe(200);

    rounds.moe = await mutateOk(
      srv,
      'updateTender',
      { id: rounds.moe.id, expectedVersion: rounds.moe.version, bidDeadline: '2026-06-12' },
      moe,
    );
    await srv.settle();
    const changed = await getFeed('?ministry=MOE', { 'if-none-match': etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
    expect(checkAtom(changed.text).feed!.entries[0].title).toMatch(/^【入札締切の変更】環境省 .*令和8年6月12日/);
  });
});

describe('the seal', () => {
  it('a bid on an open round changes nothing in the feed', async () => {
    const before = await getFeed();
    const bidder = await createBidder(srv, moj, { name: 'フィード封印確認株式会社' });
    await recordBidOk(srv, moj, rounds.mojOpen.id, bidder.id, 198_765_432);
    await srv.settle();
    const after = await getFeed();
    expect(after.body.equals(before.body)).toBe(true);
    expect(after.response.headers.get('etag')).toBe(before.response.headers.get('etag'));
    expect(after.text).not.toContain('フィード封印確認株式会社');
    expect(after.text).not.toContain('198,765,432');
  });

  it("shows an opened round's winner, contract amount and number of bidders, and no bid before it was opened", async () => {
    const feed = await validFeed('?ministry=MOJ');
    const round = String(pk(rounds.mojAwarded.id));
    const entries = feed.entries.filter((e) => tenderIdOf(e) === round);
    const awarded = entries.find((e) => e.categories.some((c) => c.term === 'TENDER_AWARDED'))!;
    expect(awarded.title).toMatch(new RegExp(`^【開札・落札】法務省 .+（落札者: ${WINNER}）$`));
    expect(awarded.content).toContain(`<dt>落札者</dt><dd>${WINNER}</dd>`);
    expect(awarded.content).toContain('<dt>契約金額</dt><dd>245,000,000円</dd>');
    expect(awarded.content).toContain('<dt>応札者数</dt><dd>2者</dd>');
    expect(awarded.content).toContain('<dt>状態</dt><dd>落札</dd>');
    // The entries from before the opening hold none of it.
    for (const entry of entries.filter((e) => e !== awarded)) {
      expect(entry.content).not.toContain(WINNER);
      expect(entry.content).not.toContain('245,000,000');
      expect(entry.content).not.toContain('応札者数');
      expect(entry.content).not.toContain('予定価格');
    }
    expect(feed.text).not.toContain(LOSER);
  });
});

describe('text and links', () => {
  it('keeps markup in a name as text (titles and contents are escaped HTML)', async () => {
    const project = await createTenderingProject(srv, moe, { ministryCode: 'MOE', name: 'A&B <仮称> ]]> 事業' });
    await srv.settle();
    await createTender(srv, moe, { projectId: project.id }, { title: '<b>清掃</b> & 警備' });
    await srv.settle();
    const feed = await validFeed('?ministry=MOE');
    const unescape = (html: string) =>
      html
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
    const rows = await srv.sql<{ title: string }>('SELECT title FROM public_event ORDER BY id DESC LIMIT 1');
    expect(rows[0].title).toContain('A&B <仮称> ]]> 事業');
    expect(unescape(feed.entries[0].title)).toBe(rows[0].title);
    expect(feed.entries[0].content).toContain('<dd>&lt;b&gt;清掃&lt;/b&gt; &amp; 警備</dd>');
  });

  it('builds its links from the request as the proxy in front saw it, when the proxy is trusted', async () => {
    const behind = await startTestServer({ seed: false, env: { TRUST_PROXY: '1' } });
    try {
      const response = await fetch(`${behind.base}/feeds/tenders.atom`, {
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tracker.example.jp' },
      });
      const { problems, feed } = checkAtom(await response.text());
      expect(problems).toEqual([]);
      expect(feed!.entries).toEqual([]);
      expect(feed!.links).toEqual([
        { rel: 'alternate', href: 'https://tracker.example.jp/graphql', type: null },
        { rel: 'self', href: 'https://tracker.example.jp/feeds/tenders.atom', type: null },
      ]);
    } finally {
      await behind.stop();
    }
    // Without TRUST_PROXY the headers are anybody's word, and ignored.
    const direct = await fetch(`${srv.base}/feeds/tenders.atom?ministry=MOD`, { headers: { 'x-forwarded-host': 'tracker.example.jp' } });
    expect(await direct.text()).toContain(`<link rel="self" href="${srv.base}/feeds/tenders.atom?ministry=MOD"/>`);
  });
});
