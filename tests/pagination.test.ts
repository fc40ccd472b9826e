import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid } from './support/global-ids.js';
import { sortRows, type Direction, type SortValue } from './support/read-expect.js';
import { errorCodes, expectOk, startTestServer, type GqlResult, type TestServer } from './support/test-server.js';

// Relay cursor connections (docs/api.md "Connections"): keyset cursors, default 20, at most 100.
// Expected orders come from SQL rows sorted here by the declared rule.

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
});

afterAll(() => srv.stop());

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Page {
  totalCount?: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
}

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { id }`;

/** Target services in the default order (NAME ASC), from SQL. */
async function projectsByName(): Promise<string[]> {
  const rows = await srv.sql<{ id: number; name: string }>(`SELECT id, name FROM target_project`);
  return sortRows(rows, (r) => r.name, 'ASC').map((r) => gid('TargetProject', r.id));
}

/** One page of a root list with the given paging arguments and order. */
async function page(
  list: string,
  orderType: string,
  args: Record<string, unknown>,
  order?: { field: string; direction: Direction },
): Promise<Page> {
  const data = expectOk(
    await srv.gql(
      `query ($first: Int, $after: String, $last: Int, $before: String, $order: ${orderType}) {
        l: ${list}(first: $first, after: $after, last: $last, before: $before, orderBy: $order) { ${PAGE} }
      }`,
      { ...args, order },
    ),
  );
  return data.l as Page;
}

/** Checks what holds for every page: edges and nodes agree, start/end cursors are the edges' own. */
function checkPageShape(p: Page) {
  expect(p.nodes).toEqual(p.edges.map((e) => e.node));
  expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
  expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1]?.cursor ?? null);
}

async function forwards(list: string, orderType: string, size: number, order?: { field: string; direction: Direction }) {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const p = await page(list, orderType, { first: size, after }, order);
    checkPageShape(p);
    pages.push(p);
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  return pages;
}

async function backwards(list: string, orderType: string, size: number, order?: { field: string; direction: Direction }) {
  const pages: Page[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const p = await page(list, orderType, { last: size, before }, order);
    checkPageShape(p);
    pages.push(p);
    if (!p.pageInfo.hasPreviousPage) break;
    before = p.pageInfo.startCursor;
  }
  return pages;
}

function expectRefused(result: GqlResult<any>, mention?: string) {
  expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  expect(result.data ?? null).toBeNull();
  if (mention) expect(result.errors![0].message).toContain(mention);
}

describe('paging forwards and backwards through a whole list', () => {
  it('pages forwards through all target services in pages of 37 and gets the ordered list exactly once', async () => {
    const expected = await projectsByName();
    const pages = await forwards('targetProjects', 'TargetProjectOrder', 37);
    const got = pages.flatMap((p) => p.nodes.map((n) => n.id));
    expect(got).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 37));
    pages.forEach((p, i) => {
      const last = i === pages.length - 1;
      expect(p.nodes.length).toBe(last ? expected.length - 37 * i : 37);
      expect(p.pageInfo.hasNextPage, `page ${i}`).toBe(!last);
      expect(p.pageInfo.hasPreviousPage, `page ${i}`).toBe(i > 0);
      expect(p.totalCount).toBe(expected.length);
    });
  });

  it('pages backwards to the first project in pages of 37 and gets the same list', async () => {
    const expected = await projectsByName();
    const pages = await backwards('targetProjects', 'TargetProjectOrder', 37);
    const got = [...pages].reverse().flatMap((p) => p.nodes.map((n) => n.id));
    expect(got).toEqual(expected);
    const firstRead = pages[0];
    const lastRead = pages[pages.length - 1];
    expect(firstRead.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(firstRead.nodes.map((n) => n.id)).toEqual(expected.slice(-37));
    expect(lastRead.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(lastRead.nodes[0].id).toBe(expected[0]);
    for (const p of pages.slice(1, -1)) expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('ends exactly on the last item when the list is a whole number of pages', async () => {
    const expected = await projectsByName();
    const size = [100, 80, 50, 40, 25, 20, 16, 10, 8, 5, 4, 2].find((d) => expected.length % d === 0)!;
    expect(size).toBeGreaterThan(1);
    const pages = await forwards('targetProjects', 'TargetProjectOrder', size);
    expect(pages).toHaveLength(expected.length / size);
    expect(pages[pages.length - 1].pageInfo.hasNextPage).toBe(false);
    expect(pages[pages.length - 1].nodes).toHaveLength(size);
  });

  it('reads the same list forwards and backwards in an order with ties (BASELINE_COST DESC)', async () => {
    const rows = await srv.sql<{ id: number; v: number }>(`SELECT id, baseline_annual_cost_yen AS v FROM target_project`);
    const expected = sortRows(rows, (r) => Number(r.v), 'DESC').map((r) => gid('TargetProject', r.id));
    const order = { field: 'BASELINE_COST', direction: 'DESC' as Direction };
    const fw = (await forwards('targetProjects', 'TargetProjectOrder', 23, order)).flatMap((p) => p.nodes.map((n) => n.id));
    const bw = (await backwards('targetProjects', 'TargetProjectOrder', 23, order)).reverse().flatMap((p) => p.nodes.map((n) => n.id));
    expect(fw).toEqual(expected);
    expect(bw).toEqual(expected);
  });

  it.each([
    ['CONTRACT_AMOUNT', 'ASC', `t.contract_amount_yen`],
    ['CONTRACT_AMOUNT', 'DESC', `t.contract_amount_yen`],
    [
      'NUMBER_OF_BIDDERS',
      'DESC',
      `CASE WHEN t.status IN ('AWARDED', 'UNSUCCESSFUL') THEN (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') END`,
    ],
  ] as const)('pages through every tender by %s %s across the empty values, forwards and backwards', async (field, direction, expr) => {
    const rows = await srv.sql<{ id: number; v: SortValue }>(`SELECT t.id, ${expr} AS v FROM tender t`);
    expect(rows.some((r) => r.v === null)).toBe(true);
    const expected = sortRows(rows, (r) => (r.v === null ? null : Number(r.v)), direction).map((r) => gid('Tender', r.id));
    const order = { field, direction };
    const fw = (await forwards('tenders', 'TenderOrder', 100, order)).flatMap((p) => p.nodes.map((n) => n.id));
    expect(fw).toEqual(expected);
    const bw = (await backwards('tenders', 'TenderOrder', 100, order)).reverse().flatMap((p) => p.nodes.map((n) => n.id));
    expect(bw).toEqual(expected);
  });

  it('gives an empty list no cursors and no neighbours', async () => {
    const data = expectOk(await srv.gql(`{ l: targetProjects(first: 5, filter: { ministryCodes: [] }) { ${PAGE} } }`));
    expect(data.l).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
      nodes: [],
    });
  });
});

describe('page sizes', () => {
  it('reads 20 items when no size is given', async () => {
    const expected = await projectsByName();
    const p = await page('targetProjects', 'TargetProjectOrder', {});
    expect(p.nodes.map((n) => n.id)).toEqual(expected.slice(0, 20));
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('reads 20 items before a cursor when only `before` is given', async () => {
    const expected = await projectsByName();
    const p0 = await page('targetProjects', 'TargetProjectOrder', { first: 50 });
    const p = await page('targetProjects', 'TargetProjectOrder', { before: p0.pageInfo.endCursor });
    expect(p.nodes.map((n) => n.id)).toEqual(expected.slice(29, 49));
  });

  it('reads 20 items of a nested list when no size is given', async () => {
    const rows = await srv.sql<{ id: number; ministry_id: number; name: string }>(`SELECT id, ministry_id, name FROM target_project`);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(Number(r.ministry_id), (counts.get(Number(r.ministry_id)) ?? 0) + 1);
    const [mid, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(n).toBeGreaterThan(20);
    const data = expectOk(
      await srv.gql(
        `query ($id: ID!) { node(id: $id) { ... on Ministry { targetProjects { totalCount pageInfo { hasNextPage } nodes { id } } } } }`,
        {
          id: gid('Ministry', mid),
        },
      ),
    );
    const expected = sortRows(
      rows.filter((r) => Number(r.ministry_id) === mid),
      (r) => r.name,
      'ASC',
    ).map((r) => gid('TargetProject', r.id));
    expect(data.node.targetProjects.nodes.map((x: { id: string }) => x.id)).toEqual(expected.slice(0, 20));
    expect(data.node.targetProjects.totalCount).toBe(n);
    expect(data.node.targetProjects.pageInfo.hasNextPage).toBe(true);
  });

  it('answers first: 0 with no items, no cursors and the full count', async () => {
    const expected = await projectsByName();
    const p = await page('targetProjects', 'TargetProjectOrder', { first: 0 });
    expect(p.nodes).toEqual([]);
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBe(expected.length);
    expect(p.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasPreviousPage: false });
  });

  it('serves first: 100 and last: 100', async () => {
    const expected = await projectsByName();
    expect((await page('targetProjects', 'TargetProjectOrder', { first: 100 })).nodes.map((n) => n.id)).toEqual(expected.slice(0, 100));
    expect((await page('targetProjects', 'TargetProjectOrder', { last: 100 })).nodes.map((n) => n.id)).toEqual(expected.slice(-100));
  });

  it('refuses first: 101 with BAD_USER_INPUT mentioning 100, returning nothing', async () => {
    expectRefused(await srv.gql(`{ targetProjects(first: 101) { totalCount nodes { id } } }`), '100');
  });

  it('says in the refusal how to get more than a page: cursors, the /export downloads, npm run export', async () => {
    const result = await srv.gql(`{ targetProjects(first: 101) { nodes { id } } }`);
    expectRefused(result);
    expect(result.errors![0].message).toBe(
      '1ページは 100 件までです（`first`: 101）。続きはカーソルで（`pageInfo.endCursor` を `after` に）、' +
        '全件は表のダウンロード（`/export/{projects,tenders,bids}.{xlsx,csv}`）か `npm run export` で' +
        '（`first` must be from 0 to 100 (got 101). To get more, page with cursors (pass `pageInfo.endCursor` as `after`); ' +
        'to get everything at once, download a whole table at `/export/{projects,tenders,bids}.{xlsx,csv}` or run `npm run export`）',
    );
  });

  it('refuses last: 101 with BAD_USER_INPUT mentioning 100, returning nothing', async () => {
    expectRefused(await srv.gql(`{ targetProjects(last: 101) { totalCount nodes { id } } }`), '100');
  });

  it('refuses first: 101 on a nested list too', async () => {
    const result = await srv.gql(`{ ministries(first: 1) { nodes { code targetProjects(first: 101) { nodes { id } } } } }`);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toContain('100');
    expect(result.data ?? null).toBeNull();
  });

  it('refuses negative sizes', async () => {
    expectRefused(await srv.gql(`{ targetProjects(first: -1) { nodes { id } } }`));
    expectRefused(await srv.gql(`{ targetProjects(last: -1) { nodes { id } } }`));
  });

  it('refuses first together with last', async () => {
    expectRefused(await srv.gql(`{ targetProjects(first: 5, last: 5) { nodes { id } } }`));
  });

  it('refuses after with last, and before with first', async () => {
    const p = await page('targetProjects', 'TargetProjectOrder', { first: 5 });
    const cursor = p.pageInfo.endCursor;
    expectRefused(await srv.gql(`query ($c: String) { targetProjects(last: 5, after: $c) { nodes { id } } }`, { c: cursor }));
    expectRefused(await srv.gql(`query ($c: String) { targetProjects(first: 5, before: $c) { nodes { id } } }`, { c: cursor }));
  });
});

describe('cursors', () => {
  it('refuses a cursor from another ordering of the same list with BAD_USER_INPUT', async () => {
    const byName = await page('targetProjects', 'TargetProjectOrder', { first: 3 });
    const cursor = byName.pageInfo.endCursor;
    for (const order of [
      { field: 'NAME', direction: 'DESC' },
      { field: 'BASELINE_COST', direction: 'ASC' },
      { field: 'UPDATED_AT', direction: 'ASC' },
    ]) {
      const result = await srv.gql(
        `query ($c: String, $o: TargetProjectOrder) { targetProjects(first: 3, after: $c, orderBy: $o) { nodes { id } } }`,
        {
          c: cursor,
          o: order,
        },
      );
      expectRefused(result);
    }
    const before = await srv.gql(
      `query ($c: String) { targetProjects(last: 3, before: $c, orderBy: { field: NAME, direction: DESC }) { nodes { id } } }`,
      {
        c: cursor,
      },
    );
    expectRefused(before);
  });

  it.each([
    ['a word', 'garbage'],
    ['the empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url of something that is not JSON', Buffer.from('not json').toString('base64url')],
    ['base64url of a JSON object', Buffer.from('{"NAME":"x"}').toString('base64url')],
    ['base64url of a JSON array without values', Buffer.from('["NAME:ASC"]').toString('base64url')],
    ['a very long string', 'A'.repeat(5000)],
  ])('refuses a garbage cursor (%s) with BAD_USER_INPUT', async (_label, cursor) => {
    expectRefused(await srv.gql(`query ($c: String) { targetProjects(first: 3, after: $c) { nodes { id } } }`, { c: cursor }));
    expectRefused(await srv.gql(`query ($c: String) { targetProjects(last: 3, before: $c) { nodes { id } } }`, { c: cursor }));
  });

  it('refuses a cursor taken from another list (bidders by name → target services by name)', async () => {
    const bidders = expectOk(await srv.gql(`{ bidders(first: 2) { pageInfo { endCursor } } }`));
    expectRefused(
      await srv.gql(`query ($c: String) { targetProjects(first: 3, after: $c) { nodes { id name } } }`, {
        c: bidders.bidders.pageInfo.endCursor,
      }),
    );
  });

  it('refuses a cursor taken from another list (ministries by code → local governments by code)', async () => {
    const ministries = expectOk(await srv.gql(`{ ministries(first: 2) { pageInfo { endCursor } } }`));
    expectRefused(
      await srv.gql(`query ($c: String) { municipalities(first: 3, after: $c) { nodes { code } } }`, {
        c: ministries.ministries.pageInfo.endCursor,
      }),
    );
  });

  it('keeps its place under inserts: page 2 starts right after the old boundary row, nothing repeated or skipped', async () => {
    const before = await projectsByName();
    const p1 = await page('targetProjects', 'TargetProjectOrder', { first: 37 });
    const boundaryGid = p1.nodes[36].id;
    const idByGid = new Map(
      (await srv.sql<{ id: number }>(`SELECT id FROM target_project`)).map((r) => [gid('TargetProject', r.id), Number(r.id)]),
    );
    const [boundary] = await srv.sql<Record<string, any>>(`SELECT * FROM target_project WHERE id = ?`, [idByGid.get(boundaryGid)]);
    const oldSuccessor = before[37];
    // Rows that sort before the boundary, tie with it (larger id: after it), follow it, and go last.
    const names = ['!挿入：先頭', boundary.name, `${boundary.name}（追加）`, '𪚲挿入：末尾'];
    const inserted: number[] = [];
    try {
      for (const name of names) {
        await srv.sql(
          `INSERT INTO target_project (created_at, updated_at, ministry_id, name, summary, category, method, baseline_annual_cost_yen, status, version, data_source, search_text)
           VALUES (?, ?, ?, ?, 'inserted while paging', 'OTHER', 'PRIVATE', 1000, 'SELECTED', 1, 'ENTERED', ?)`,
          [boundary.created_at, boundary.updated_at, boundary.ministry_id, name, name.normalize('NFKC').toLowerCase()],
        );
        const [{ id }] = await srv.sql<{ id: number }>(`SELECT MAX(id) AS id FROM target_project`);
        inserted.push(Number(id));
      }
      const after = await projectsByName();
      const boundaryIndex = after.indexOf(boundaryGid);
      const p2 = await page('targetProjects', 'TargetProjectOrder', { first: 37, after: p1.pageInfo.endCursor });
      const p2ids = p2.nodes.map((n) => n.id);
      expect(p2ids).toEqual(after.slice(boundaryIndex + 1, boundaryIndex + 38));
      expect(p2ids[0]).toBe(gid('TargetProject', inserted[1])); // the tie, right after the boundary
      expect(p2ids).toContain(oldSuccessor);
      expect(p2ids).not.toContain(gid('TargetProject', inserted[0]));
      expect(p2ids.filter((id) => p1.nodes.some((n) => n.id === id))).toEqual([]);
      // And on to the end: every pre-existing row exactly once, the new rows after the boundary too.
      const rest: string[] = [...p2ids];
      let cursor = p2.pageInfo.endCursor;
      let more = p2.pageInfo.hasNextPage;
      while (more) {
        const p = await page('targetProjects', 'TargetProjectOrder', { first: 37, after: cursor });
        rest.push(...p.nodes.map((n) => n.id));
        cursor = p.pageInfo.endCursor;
        more = p.pageInfo.hasNextPage;
      }
      const all = [...p1.nodes.map((n) => n.id), ...rest];
      expect(new Set(all).size).toBe(all.length);
      expect(before.filter((id) => !all.includes(id))).toEqual([]);
      expect(rest).toEqual(after.slice(boundaryIndex + 1));
    } finally {
      for (const id of inserted) await srv.sql(`DELETE FROM target_project WHERE id = ?`, [id]);
    }
  });

  it('keeps its place when the boundary row itself is deleted', async () => {
    const byName = await projectsByName();
    const idOf = new Map(
      (await srv.sql<{ id: number }>(`SELECT id FROM target_project`)).map((r) => [gid('TargetProject', r.id), Number(r.id)]),
    );
    const [row] = await srv.sql<Record<string, any>>(`SELECT * FROM target_project WHERE id = ?`, [idOf.get(byName[10])]);
    await srv.sql(
      `INSERT INTO target_project (created_at, updated_at, ministry_id, name, summary, category, method, baseline_annual_cost_yen, status, version, data_source, search_text)
       VALUES (?, ?, ?, ?, 'boundary to delete', 'OTHER', 'PRIVATE', 1000, 'SELECTED', 1, 'ENTERED', '')`,
      [row.created_at, row.updated_at, row.ministry_id, `${row.name}（境界）`],
    );
    const [{ id }] = await srv.sql<{ id: number }>(`SELECT MAX(id) AS id FROM target_project`);
    try {
      const withRow = await projectsByName();
      const index = withRow.indexOf(gid('TargetProject', id));
      expect(index).toBeLessThan(100);
      const p = await page('targetProjects', 'TargetProjectOrder', { first: index + 1 });
      expect(p.nodes[index].id).toBe(gid('TargetProject', id));
      await srv.sql(`DELETE FROM target_project WHERE id = ?`, [id]);
      const next = await page('targetProjects', 'TargetProjectOrder', { first: 5, after: p.pageInfo.endCursor });
      expect(next.nodes.map((n) => n.id)).toEqual(withRow.slice(index + 1, index + 6));
      const previous = await page('targetProjects', 'TargetProjectOrder', { last: 5, before: p.pageInfo.endCursor });
      expect(previous.nodes.map((n) => n.id)).toEqual(withRow.slice(index - 5, index));
    } finally {
      await srv.sql(`DELETE FROM target_project WHERE id = ?`, [id]);
    }
  });
});

describe('nested connections', () => {
  it('pages TargetProject.tenders per parent: first: 1, then after its endCursor, gives round 2', async () => {
    const [project] = await srv.sql<{ project_id: number }>(
      `SELECT project_id FROM tender WHERE project_id IS NOT NULL GROUP BY project_id HAVING COUNT(*) >= 2 ORDER BY project_id LIMIT 1`,
    );
    const rounds = await srv.sql<{ id: number; round: number }>(`SELECT id, round FROM tender WHERE project_id = ? ORDER BY round`, [
      project.project_id,
    ]);
    const q = `query ($id: ID!, $after: String) { node(id: $id) { ... on TargetProject { tenders(first: 1, after: $after) { ${PAGE} } } } }`;
    const id = gid('TargetProject', project.project_id);
    const first = expectOk(await srv.gql(q, { id })).node.tenders as Page;
    expect(first.nodes).toEqual([{ id: gid('Tender', rounds[0].id) }]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = expectOk(await srv.gql(q, { id, after: first.pageInfo.endCursor })).node.tenders as Page;
    expect(second.nodes).toEqual([{ id: gid('Tender', rounds[1].id) }]);
    expect(rounds[1].round).toBe(2);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(rounds.length > 2);
  });

  it('pages every round of a service one at a time, forwards and backwards', async () => {
    const [project] = await srv.sql<{ project_id: number }>(
      `SELECT project_id FROM tender WHERE project_id IS NOT NULL GROUP BY project_id ORDER BY COUNT(*) DESC, project_id LIMIT 1`,
    );
    const rounds = (await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE project_id = ? ORDER BY round`, [project.project_id])).map(
      (r) => gid('Tender', r.id),
    );
    expect(rounds.length).toBeGreaterThan(2);
    const id = gid('TargetProject', project.project_id);
    const fq = `query ($id: ID!, $after: String) { node(id: $id) { ... on TargetProject { tenders(first: 1, after: $after) { ${PAGE} } } } }`;
    const bq = `query ($id: ID!, $before: String) { node(id: $id) { ... on TargetProject { tenders(last: 1, before: $before) { ${PAGE} } } } }`;
    const fw: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p = expectOk(await srv.gql(fq, { id, after })).node.tenders as Page;
      fw.push(...p.nodes.map((n) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    const bw: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p = expectOk(await srv.gql(bq, { id, before })).node.tenders as Page;
      bw.unshift(...p.nodes.map((n) => n.id));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(fw).toEqual(rounds);
    expect(bw).toEqual(rounds);
  });

  it('gives each parent its own first page, count and flags in one request', async () => {
    const data = expectOk(await srv.gql(`{ targetProjects(first: 100) { nodes { id tenders(first: 1) { ${PAGE} } } } }`));
    const tenders = await srv.sql<{ id: number; project_id: number; round: number }>(
      `SELECT id, project_id, round FROM tender WHERE project_id IS NOT NULL`,
    );
    const projects = await srv.sql<{ id: number }>(`SELECT id FROM target_project`);
    const idOf = new Map(projects.map((p) => [gid('TargetProject', p.id), Number(p.id)]));
    let withMore = 0;
    for (const node of data.targetProjects.nodes) {
      const own = sortRows(
        tenders.filter((t) => Number(t.project_id) === idOf.get(node.id)),
        (t) => t.round,
        'ASC',
      );
      const p = node.tenders as Page;
      expect(p.totalCount).toBe(own.length);
      expect(p.nodes.map((n) => n.id)).toEqual(own.slice(0, 1).map((t) => gid('Tender', t.id)));
      expect(p.pageInfo.hasNextPage).toBe(own.length > 1);
      expect(p.pageInfo.hasPreviousPage).toBe(false);
      if (own.length > 1) withMore++;
    }
    expect(withMore).toBeGreaterThan(0);
  });

  it('pages a ministry’s services in small pages and gets them all in name order', async () => {
    const rows = await srv.sql<{ id: number; ministry_id: number; name: string }>(`SELECT id, ministry_id, name FROM target_project`);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(Number(r.ministry_id), (counts.get(Number(r.ministry_id)) ?? 0) + 1);
    const [mid] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    const expected = sortRows(
      rows.filter((r) => Number(r.ministry_id) === mid),
      (r) => r.name,
      'ASC',
    ).map((r) => gid('TargetProject', r.id));
    const q = `query ($id: ID!, $after: String) { node(id: $id) { ... on Ministry { targetProjects(first: 7, after: $after) { ${PAGE} } } } }`;
    const got: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p = expectOk(await srv.gql(q, { id: gid('Ministry', mid), after })).node.targetProjects as Page;
      got.push(...p.nodes.map((n) => n.id));
      expect(p.totalCount).toBe(expected.length);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(got).toEqual(expected);
  });
});

describe('totalCount', () => {
  it('counts the whole filtered list, not the page, on every page', async () => {
    const [{ n }] = await srv.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM target_project WHERE status IN ('IN_OPERATION', 'EXITED')`);
    expect(Number(n)).toBeGreaterThan(10);
    const q = `query ($after: String) { targetProjects(first: 10, after: $after, filter: { statuses: [IN_OPERATION, EXITED] }) { totalCount pageInfo { endCursor } nodes { id } } }`;
    const p1 = expectOk(await srv.gql(q)).targetProjects;
    const p2 = expectOk(await srv.gql(q, { after: p1.pageInfo.endCursor })).targetProjects;
    expect(p1.totalCount).toBe(Number(n));
    expect(p2.totalCount).toBe(Number(n));
    expect(p1.nodes).toHaveLength(10);
  });

  it('counts a filtered nested list per parent', async () => {
    const data = expectOk(
      await srv.gql(
        `{ ministries(first: 100) { nodes { code targetProjects(first: 1, filter: { methods: [PUBLIC_PRIVATE] }) { totalCount } } } }`,
      ),
    );
    const rows = await srv.sql<{ code: string; n: number }>(
      `SELECT m.code, (SELECT COUNT(*) FROM target_project p WHERE p.ministry_id = m.id AND p.method = 'PUBLIC_PRIVATE') AS n FROM ministry m`,
    );
    expect(rows.some((r) => Number(r.n) > 0)).toBe(true);
    for (const r of rows) {
      const node = data.ministries.nodes.find((x: { code: string }) => x.code === r.code);
      expect(node.targetProjects.totalCount, r.code).toBe(Number(r.n));
    }
  });

  it('counts tenders with a filter the same as SQL', async () => {
    const [{ n }] = await srv.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM tender WHERE status = 'AWARDED' AND award_criteria = 'RATED'`);
    const data = expectOk(await srv.gql(`{ tenders(first: 1, filter: { statuses: [AWARDED], awardCriteria: [RATED] }) { totalCount } }`));
    expect(data.tenders.totalCount).toBe(Number(n));
  });
});
