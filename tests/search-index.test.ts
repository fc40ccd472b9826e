import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gramsOf } from '../src/core/text/search-grams.js';
import { searchTerms } from '../src/core/text/search-text.js';
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

  it('two words find what neither finds as one string (窓口 年金 is not the substring "窓口 年金")', async () => {
    const [both] = await srv.sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM target_project WHERE search_text LIKE '%窓口%' AND search_text LIKE '%年金%'",
    );
    expect(Number(both.n)).toBeGreaterThan(0);
    expect(await projectCount('窓口　年金')).toBe(Number(both.n));
  });

  it.each(['千代', '中央', '北', 'きた', '川崎市'])('municipalities find what a full scan finds for %s', async (needle) => {
    const found = expectOk(
      await srv.gql<{ municipalities: { totalCount: number } }>(
        'query($q: String) { municipalities(filter: { query: $q }) { totalCount } }',
        { q: needle },
      ),
    );
    expect(found.municipalities.totalCount).toBe(await scan('municipality', needle));
    expect(found.municipalities.totalCount).toBeGreaterThan(0);
  });

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

  it('splits a needle into at most six distinct two-character pieces, by code point', () => {
    expect(gramsOf('窓')).toEqual([]);
    expect(gramsOf('窓口')).toEqual(['窓口']);
    expect(gramsOf('ああああ')).toEqual(['ああ']);
    expect(gramsOf('📄報告')).toEqual(['📄報', '報告']);
    expect(gramsOf('市場化テストの実施要項')).toHaveLength(6);
  });
});
