import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gramsOf } from '../src/core/text/search-grams.js';
import { normaliseForSearch, searchTerms } from '../src/core/text/search-text.js';
import { TargetProjectStatus } from '../src/modules/project/project.enum.js';
import { targetProjectSearchText } from '../src/modules/project/target-project-search.service.js';
import { award, closedTenderWithBids, createBidder, createOpenTender, createTenderingProject, recordBidOk } from './support/factories.js';
import { expectOk, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The substring search index (search_gram, kept by triggers): answers exactly what a plain
 * LIKE over every row would, for needles of one, two and more characters, and follows writes.
 */
describe('substring search through the two-character index', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.stop());

  /** What a full scan finds: every row whose search text contains every normalised term of the needle. */
  async function scan(table: string, needle: string): Promise<number> {
    const rows = await srv.sql<{ search_text: string }>(`SELECT search_text FROM ${table}`);
    const terms = searchTerms(needle);
    return rows.filter((r) => terms.every((t) => r.search_text.includes(t))).length;
  }

  it.each(['窓口', '年金', '統計調査', '業', '市', 'ＩＴ', 'it', '窓口業務の', 'そんな事業はない', '100%', '_'])(
    'targetProjects and bidders find what a full scan finds for %s',
    async (needle) => {
      const projects = expectOk(
        await srv.gql<{ targetProjects: { totalCount: number } }>(
          'query($q: String) { targetProjects(filter: { query: $q }) { totalCount } }',
          { q: needle },
        ),
      );
      expect(projects.targetProjects.totalCount).toBe(await scan('target_project', needle));
      const bidders = expectOk(
        await srv.gql<{ bidders: { totalCount: number } }>('query($q: String) { bidders(filter: { query: $q }) { totalCount } }', {
          q: needle,
        }),
      );
      expect(bidders.bidders.totalCount).toBe(await scan('bidder', needle));
    },
  );

  /** How many services `targetProjects(filter: { query })` finds. */
  const projectCount = async (q: string): Promise<number> =>
    expectOk(
      await srv.gql<{ targetProjects: { totalCount: number } }>(
        'query($q: String) { targetProjects(filter: { query: $q }) { totalCount } }',
        {
          q,
        },
      ),
    ).targetProjects.totalCount;

  // Several terms, any spaces between them (half-width, full-width U+3000, tabs): every term must occur.
  it.each(['窓口 年金', '窓口\u3000年金', ' 年金\t窓口 ', '統計 調査 業務', '業 市', '窓口 そんな事業はない'])(
    'targetProjects find every term, as a full scan does, for %j',
    async (needle) => {
      const found = await projectCount(needle);
      expect(found).toBe(await scan('target_project', needle));
      // Never more than each term finds alone.
      for (const term of searchTerms(needle)) expect(found).toBeLessThanOrEqual(await projectCount(term));
    },
  );

  it('takes a word repeated as once, and refuses more than ten distinct words (each costs index lookups)', async () => {
    expect(await projectCount(Array(500).fill('窓口').join(' '))).toBe(await projectCount('窓口'));
    const eleven = '一 二 三 四 五 六 七 八 九 十 十一';
    for (const field of ['targetProjects', 'tenders', 'bidders', 'municipalities']) {
      const result = await srv.gql(`query($q: String) { ${field}(filter: { query: $q }) { totalCount } }`, { q: eleven });
      expect(
        result.errors?.map((e) => e.extensions?.code),
        field,
      ).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message, field).toMatch(/^検索語は 10 語までです（11 語あります）/);
      expect(result.errors![0].extensions?.argumentName, field).toBe('query');
    }
    expect(await projectCount('一 二 三 四 五 六 七 八 九 十')).toBe(await scan('target_project', '一 二 三 四 五 六 七 八 九 十'));
  });

  it('two words find what neither finds as one string (窓口 年金 is not the substring "窓口 年金")', async () => {
    const [both] = await srv.sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM target_project WHERE search_text LIKE '%窓口%' AND search_text LIKE '%年金%'",
    );
    expect(Number(both.n)).toBeGreaterThan(0);
    expect(await projectCount('窓口　年金')).toBe(Number(both.n));
  });

  it('every service keeps its name, summary and reading, normalised, as its search text', async () => {
    const services = await srv.sql<{ name: string; summary: string; kana: string | null; search_text: string }>(
      'SELECT name, summary, kana, search_text FROM target_project',
    );
    expect(services.filter((p) => p.kana != null).length).toBeGreaterThan(100);
    expect(services.filter((p) => p.search_text !== targetProjectSearchText(p))).toEqual([]);
  });

  // Readings: the sample's services have them (よみ), and katakana and hiragana are one.
  it.each(['とうき', 'トウキ', 'ﾄｳｷ', 'ねんきん まどぐち', 'ハローワーク', 'はろーわーく', 'こくぜいきょく かくていしんこく'])(
    'services are found by their readings, in hiragana or katakana, as a full scan finds them: %j',
    async (needle) => {
      const found = await projectCount(needle);
      expect(found).toBeGreaterThan(0);
      expect(found).toBe(await scan('target_project', needle));
    },
  );

  it('とうき and トウキ find the same services: the 登記 counters', async () => {
    const ids = async (q: string) =>
      expectOk(
        await srv.gql<{ targetProjects: { nodes: { name: string; kana: string | null }[] } }>(
          'query($q: String) { targetProjects(first: 100, filter: { query: $q }) { nodes { name kana } } }',
          { q },
        ),
      ).targetProjects.nodes;
    const hiragana = await ids('とうき');
    expect(hiragana.length).toBeGreaterThan(0);
    expect(await ids('トウキ')).toEqual(hiragana);
    for (const p of hiragana) expect(p.name).toContain('登記');
    expect(hiragana[0].kana).toMatch(/^とうきじこうしょうめいしょ /);
  });

  it.each(['千代', '中央', '北', 'きた', 'キタ', 'チヨダ', '川崎市'])(
    'municipalities find what a full scan finds for %s',
    async (needle) => {
      const found = expectOk(
        await srv.gql<{ municipalities: { totalCount: number } }>(
          'query($q: String) { municipalities(filter: { query: $q }) { totalCount } }',
          { q: needle },
        ),
      );
      expect(found.municipalities.totalCount).toBe(await scan('municipality', needle));
      expect(found.municipalities.totalCount).toBeGreaterThan(0);
    },
  );

  it('follows creates and updates: the new text is found, the old one no longer', async () => {
    const { headers } = await issueTestToken(srv, { role: 'ADMIN' });
    const created = await srv.gql<any>(
      'mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version } userErrors { code } } }',
      {
        i: {
          ministryCode: 'MOJ',
          name: '鴨川水鳥観察窓口',
          summary: '索引の試験',
          category: 'OTHER',
          method: 'PRIVATE',
          baselineAnnualCostYen: 1000,
        },
      },
      headers,
    );
    const project = created.data.createTargetProject.targetProject;
    const count = async (q: string) =>
      (await srv.gql<any>('query($q: String) { targetProjects(filter: { query: $q }) { totalCount } }', { q })).data.targetProjects
        .totalCount;
    expect(await count('鴨川水鳥')).toBe(1);
    const updated = await srv.gql<any>(
      'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { userErrors { code } } }',
      { i: { id: project.id, expectedVersion: project.version, name: '白鷺観察窓口' } },
      headers,
    );
    expect(updated.data.updateTargetProject.userErrors).toEqual([]);
    expect(await count('鴨川水鳥')).toBe(0);
    expect(await count('白鷺')).toBe(1);
    expect(await count('索引の試験')).toBe(1);
  });

  /**
   * A search for one piece reads its page from the index in name order (the index keeps each
   * service's name with its pieces, `rowsInNameOrder`). A new name can leave the search text as
   * it was (ＡＡ and aa normalise alike) and still move the service in that order: the index must
   * follow the name, not only the text.
   */
  it('a renamed service moves in a search page even when its search text stays the same', async () => {
    const { headers } = await issueTestToken(srv, { role: 'ADMIN' });
    type Written = { targetProject: { id: string; version: number } | null; userErrors: unknown[] };
    const create = async (name: string): Promise<{ id: string; version: number }> => {
      const i = { ministryCode: 'MOJ', name, summary: '索引の試験', category: 'OTHER', method: 'PRIVATE', baselineAnnualCostYen: 1000 };
      const { createTargetProject } = expectOk(
        await srv.gql<{ createTargetProject: Written }>(
          'mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version } userErrors { code } } }',
          { i },
          headers,
        ),
      );
      expect(createTargetProject.userErrors).toEqual([]);
      return createTargetProject.targetProject!;
    };
    const rename = async (project: { id: string; version: number }, name: string) => {
      const { updateTargetProject } = expectOk(
        await srv.gql<{ updateTargetProject: Written }>(
          'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { id version } userErrors { code } } }',
          { i: { id: project.id, expectedVersion: project.version, name } },
          headers,
        ),
      );
      expect(updateTargetProject.userErrors).toEqual([]);
      return updateTargetProject.targetProject!;
    };
    const searchTextOf = async (name: string) =>
      (await srv.sql<{ search_text: string }>('SELECT search_text FROM target_project WHERE name = ?', [name])).map((r) => r.search_text);
    const names = async () =>
      expectOk(
        await srv.gql<{ targetProjects: { totalCount: number; nodes: { name: string }[] } }>(
          '{ targetProjects(first: 5, filter: { query: "鶺鴒" }) { totalCount nodes { name } } }',
        ),
      ).targetProjects;

    let moved = await create('ＡＡ鶺鴒');
    const other = await create('Ｂ鶺鴒');
    // Code-point order: Ａ (U+FF21) before Ｂ (U+FF22).
    expect(await names()).toEqual({ totalCount: 2, nodes: [{ name: 'ＡＡ鶺鴒' }, { name: 'Ｂ鶺鴒' }] });
    const [text] = await searchTextOf('ＡＡ鶺鴒');
    moved = await rename(moved, 'aa鶺鴒');
    expect(await searchTextOf('aa鶺鴒')).toEqual([text]);
    // The same text, a new name: a (U+0061) still before Ｂ, under its new name…
    expect(await names()).toEqual({ totalCount: 2, nodes: [{ name: 'aa鶺鴒' }, { name: 'Ｂ鶺鴒' }] });
    // …and renamed back to ＡＡ while the other becomes b (U+0062), it moves behind it.
    await rename(moved, 'ＡＡ鶺鴒');
    await rename(other, 'b鶺鴒');
    expect(await searchTextOf('b鶺鴒')).toHaveLength(1);
    expect(await names()).toEqual({ totalCount: 2, nodes: [{ name: 'b鶺鴒' }, { name: 'ＡＡ鶺鴒' }] });
    const [{ n: stale }] = await srv.sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM search_gram g JOIN target_project p ON p.id = g.row_id WHERE g.kind = 'p' AND g.row_name <> p.name",
    );
    expect(Number(stale)).toBe(0);
  });

  /**
   * What a full scan finds for tenders(filter: { query }): rounds where every term occurs in
   * the round's title, its service's name or summary, or the name of a bidder in the round
   * once it is opened (AWARDED, UNSUCCESSFUL).
   */
  async function scanTenders(needle: string): Promise<number> {
    const rounds = await srv.sql<{ id: number; search_text: string; service: string | null; status: string }>(
      'SELECT t.id, t.search_text, p.search_text AS service, t.status FROM tender t LEFT JOIN target_project p ON p.id = t.project_id',
    );
    const names = new Map<number, string[]>();
    for (const b of await srv.sql<{ tender_id: number; search_text: string }>(
      'SELECT b.tender_id, bd.search_text FROM bid b JOIN bidder bd ON bd.id = b.bidder_id',
    )) {
      names.set(Number(b.tender_id), [...(names.get(Number(b.tender_id)) ?? []), b.search_text]);
    }
    const terms = searchTerms(needle);
    return rounds.filter((t) => {
      const opened = t.status === 'AWARDED' || t.status === 'UNSUCCESSFUL';
      const bidders = opened ? (names.get(Number(t.id)) ?? []) : [];
      return terms.every(
        (term) => t.search_text.includes(term) || (t.service ?? '').includes(term) || bidders.some((n) => n.includes(term)),
      );
    }).length;
  }

  const tenderCount = async (q: string, headers: Record<string, string> = {}): Promise<number> =>
    expectOk(
      await srv.gql<{ tenders: { totalCount: number } }>(
        'query($q: String) { tenders(filter: { query: $q }) { totalCount } }',
        { q },
        headers,
      ),
    ).tenders.totalCount;

  it('every round keeps its title, normalised, as its search text (create, import and the sample alike)', async () => {
    const rounds = await srv.sql<{ title: string; search_text: string }>('SELECT title, search_text FROM tender');
    expect(rounds.length).toBeGreaterThan(100);
    expect(rounds.filter((t) => t.search_text !== normaliseForSearch(t.title))).toEqual([]);
  });

  it.each(['窓口', '年金', '業務', '株式会社', '第1回', '業', 'ＩＴ', '窓口 株式会社', '年金　業務 第', 'そんな入札はない'])(
    "tenders find what a full scan of titles, services and opened rounds' bidders finds for %j",
    async (needle) => {
      expect(await tenderCount(needle)).toBe(await scanTenders(needle));
    },
  );

  it("a bidder's name finds the opened rounds it bid in, with the word of a service beside it", async () => {
    const [opened] = await srv.sql<{ name: string; tender_id: number }>(
      "SELECT bd.name, b.tender_id FROM bid b JOIN bidder bd ON bd.id = b.bidder_id JOIN tender t ON t.id = b.tender_id WHERE t.status = 'AWARDED' ORDER BY b.id LIMIT 1",
    );
    const found = await tenderCount(opened.name);
    expect(found).toBeGreaterThan(0);
    expect(found).toBe(await scanTenders(opened.name));
    const [service] = await srv.sql<{ name: string }>(
      'SELECT p.name FROM target_project p JOIN tender t ON t.project_id = p.id WHERE t.id = ?',
      [opened.tender_id],
    );
    const both = `${opened.name} ${service.name}`;
    expect(await tenderCount(both)).toBeGreaterThan(0);
    expect(await tenderCount(both)).toBe(await scanTenders(both));
  });

  it("a bid in a sealed round is never found by its bidder's name, by anyone, until the round is opened", async () => {
    const { headers } = await issueTestToken(srv, { role: 'ADMIN' });
    const project = await createTenderingProject(srv, headers, { name: '索引封印試験の対象事業' });
    const open = await createOpenTender(srv, headers, project.id, { title: '索引封印試験の入札' });
    const bidder = await createBidder(srv, headers, { name: '鷺ノ宮封緘商事株式会社' });
    await recordBidOk(srv, headers, open.id, bidder.id, 250_000_000);
    // Sealed: not for the public, and not for an admin who may see the bid either.
    expect(await tenderCount('鷺ノ宮封緘商事')).toBe(0);
    expect(await tenderCount('鷺ノ宮封緘商事', headers)).toBe(0);
    expect(await tenderCount('索引封印試験')).toBe(1);

    // Once a round is awarded, its bidders find it.
    const closed = await closedTenderWithBids(srv, headers, [{ amountYen: 100_000_000 }], { title: '索引開札試験の入札' });
    const [name] = (
      await srv.sql<{ name: string }>(
        'SELECT bd.name FROM bid b JOIN bidder bd ON bd.id = b.bidder_id JOIN tender t ON t.id = b.tender_id WHERE t.title = ?',
        ['索引開札試験の入札'],
      )
    ).map((r) => r.name);
    expect(await tenderCount(`${name} 索引開札試験`)).toBe(0);
    const awarded = await award(srv, headers, closed.tender, closed.bids[0].id, 100_000_000);
    expect(awarded.userErrors).toEqual([]);
    expect(await tenderCount(`${name} 索引開札試験`)).toBe(1);
  });

  it('a reading given in katakana is kept in hiragana and found either way; "" removes it; anything but kana is refused', async () => {
    const { headers } = await issueTestToken(srv, { role: 'ADMIN' });
    const input = {
      ministryCode: '法務省',
      name: '鴨川水鳥観察事業',
      summary: '読みの試験',
      category: 'OTHER',
      method: 'PRIVATE',
      baselineAnnualCostYen: 1000,
    };
    const create =
      'mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version kana } userErrors { code field message } } }';
    const refused = await srv.gql<any>(create, { i: { ...input, kana: '鴨川' } }, headers);
    expect(refused.data.createTargetProject.userErrors).toEqual([
      {
        code: 'VALIDATION',
        field: ['input', 'kana'],
        message: expect.stringMatching(/^kana はひらがなかカタカナで書いてください（「鴨川」）/),
      },
    ]);
    expect(await projectCount('鴨川水鳥観察事業')).toBe(0);

    const created = (await srv.gql<any>(create, { i: { ...input, kana: 'カモガワ　ミズドリ' } }, headers)).data.createTargetProject;
    expect(created.userErrors).toEqual([]);
    expect(created.targetProject.kana).toBe('かもがわ みずどり');
    expect(await projectCount('かもがわ')).toBe(1);
    expect(await projectCount('ミズドリ 鴨川')).toBe(1);

    const updated = await srv.gql<any>(
      'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { kana } userErrors { code } } }',
      { i: { id: created.targetProject.id, expectedVersion: created.targetProject.version, kana: '' } },
      headers,
    );
    expect(updated.data.updateTargetProject).toEqual({ targetProject: { kana: null }, userErrors: [] });
    expect(await projectCount('かもがわ')).toBe(0);
    expect(await projectCount('鴨川水鳥観察事業')).toBe(1);
    // History records the reading's removal.
    const [change] = await srv.sql<{ before: unknown; after: unknown }>(
      `SELECT "before", "after" FROM "change" WHERE action = 'updateTargetProject' ORDER BY id DESC LIMIT 1`,
    );
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(json(change.before)).toEqual({ kana: 'かもがわ みずどり' });
    expect(json(change.after)).toEqual({ kana: null });
  });

  it('keeps one index row per distinct piece of every row, and none for rows that are gone', async () => {
    const [{ n: orphans }] = await srv.sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM search_gram g WHERE g.kind = 'p' AND NOT EXISTS (SELECT 1 FROM target_project p WHERE p.id = g.row_id)",
    );
    expect(Number(orphans)).toBe(0);
    const sample = await srv.sql<{ id: number; search_text: string }>('SELECT id, search_text FROM target_project ORDER BY id LIMIT 5');
    for (const row of sample) {
      const chars = [...row.search_text];
      const expected = new Set(chars.map((c, i) => c + (chars[i + 1] ?? '')));
      const [{ n }] = await srv.sql<{ n: number }>("SELECT COUNT(*) AS n FROM search_gram WHERE kind = 'p' AND row_id = ?", [row.id]);
      expect(Number(n)).toBe(expected.size);
    }
  });

  /**
   * A list filtered by a search alone is planned from the index (`rootTargetProjectSource`):
   * its count is the index's and a common word's page is read along the name index, ids first.
   * Adding a condition every service meets (all states) makes it the plain list again, which
   * reads and counts the rows: both must page alike, forwards and backwards, in both directions.
   */
  it.each(['調査', '窓口', '年金', '保', '国民年金', '統計 調査', 'そんな事業はない'])(
    'a search alone pages and counts as the same search with a condition every service meets, for %s',
    async (needle) => {
      const statuses = Object.values(TargetProjectStatus);
      const [{ n: all }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
      const [{ n: covered }] = await srv.sql<{ n: number }>(
        `SELECT COUNT(*) AS n FROM target_project WHERE status IN (${statuses.map(() => '?').join(', ')})`,
        statuses,
      );
      expect(Number(covered)).toBe(Number(all));
      type Page = {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
        nodes: { id: string }[];
      };
      const page = async (filter: Record<string, unknown>, args: string, cursor: string | null): Promise<Page> =>
        expectOk(
          await srv.gql<{ targetProjects: Page }>(
            `query($filter: TargetProjectFilter, $cursor: String) { targetProjects(filter: $filter, ${args}) {
              totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } }`,
            { filter, cursor },
          ),
        ).targetProjects;
      const walk = async (filter: Record<string, unknown>, direction: 'ASC' | 'DESC', backward: boolean): Promise<Page[]> => {
        const order = `orderBy: { field: NAME, direction: ${direction} }`;
        const args = backward ? `last: 12, before: $cursor, ${order}` : `first: 12, after: $cursor, ${order}`;
        const pages: Page[] = [];
        let cursor: string | null = null;
        for (;;) {
          const p = await page(filter, args, cursor);
          pages.push(p);
          const more = backward ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage;
          if (!more) return pages;
          cursor = backward ? p.pageInfo.startCursor : p.pageInfo.endCursor;
        }
      };
      let seen = 0;
      for (const direction of ['ASC', 'DESC'] as const) {
        for (const backward of [false, true]) {
          const alone = await walk({ query: needle }, direction, backward);
          const plain = await walk({ query: needle, statuses }, direction, backward);
          expect(alone).toEqual(plain);
          seen += alone.reduce((n, p) => n + p.nodes.length, 0);
        }
      }
      expect(seen).toBe(4 * (await scan('target_project', needle)));
    },
  );

  it('splits a needle into at most six distinct two-character pieces, by code point', () => {
    expect(gramsOf('窓')).toEqual([]);
    expect(gramsOf('窓口')).toEqual(['窓口']);
    expect(gramsOf('ああああ')).toEqual(['ああ']);
    expect(gramsOf('📄報告')).toEqual(['📄報', '報告']);
    expect(gramsOf('市場化テストの実施要項')).toHaveLength(6);
  });
});
