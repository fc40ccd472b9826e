/**
 * Helpers for the read-side integration tests (read-api, filters-and-order, pagination):
 * independent re-statements of the ordering rules in docs/api.md and docs/domain.md, applied to rows
 * read with SQL, so expectations never come from the code under test.
 */
import type { GqlResult, TestServer } from './test-server.js';

/** The ids of a page's nodes, in the order the API answered them (to compare with an expected order). */
export function ids(nodes: { id: string }[]): string[] {
  return nodes.map((n) => n.id);
}

/** Unicode code-point order (what docs/api.md promises for text): UTF-8 byte order is the same. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export type SortValue = string | number | null;
export type Direction = 'ASC' | 'DESC';

/** The declared rule: value in the direction (text by code point), nulls last either way, ties by id in the same direction. */
export function sortRows<R extends { id: number }>(rows: readonly R[], valueOf: (row: R) => SortValue, direction: Direction): R[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = valueOf(x);
    const b = valueOf(y);
    if (a === null && b !== null) return 1;
    if (a !== null && b === null) return -1;
    if (a !== null && b !== null && a !== b) {
      const c = typeof a === 'string' && typeof b === 'string' ? compareCodePoints(a, b) : a < b ? -1 : 1;
      if (c !== 0) return sign * c;
    }
    return sign * (Number(x.id) - Number(y.id));
  });
}

/** Fails with the server's errors, or returns data (for use where `expectOk` is not imported). */
function ok<T>(result: GqlResult<T>): T {
  if (result.errors?.length || result.status !== 200) {
    throw new Error(`expected success, got ${result.status}: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/**
 * Reads a whole root connection page by page (`first: 100`). `field` is the root field,
 * `args` its arguments other than paging (as GraphQL text, e.g. `filter: $filter`),
 * `selection` what to read of each node.
 */
export async function readAll<N = Record<string, any>>(
  srv: TestServer,
  field: string,
  options: { args?: string; varDefs?: string; variables?: Record<string, unknown>; selection?: string } = {},
): Promise<{ nodes: N[]; totalCount: number }> {
  const { args = '', varDefs = '', variables = {}, selection = 'id' } = options;
  const query = `query ReadAll($after: String${varDefs ? `, ${varDefs}` : ''}) {
    list: ${field}(first: 100, after: $after${args ? `, ${args}` : ''}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ${selection} }
    }
  }`;
  const nodes: N[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const data = ok(await srv.gql(query, { ...variables, after })) as {
      list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: N[] };
    };
    nodes.push(...data.list.nodes);
    if (!data.list.pageInfo.hasNextPage) return { nodes, totalCount: data.list.totalCount };
    after = data.list.pageInfo.endCursor;
  }
  throw new Error(`${field}: more than 500 pages, paging does not end`);
}
