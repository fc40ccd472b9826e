import { readdirSync, readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../src/core/graphql/limits/query-limits.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Query limits (the hardening issue): depth, a cost that multiplies page sizes through the
 * levels, aliases, directives, tokens, document size and returned nodes, each refused with
 * QUERY_TOO_COMPLEX before any resolver runs; the measure in `extensions.cost` on every
 * response; every legitimate query of the README and the client operations still passes.
 * The server runs with the default limits (ordinary test servers raise them).
 */
const DEFAULTS = {
  QUERY_MAX_COST: String(DEFAULT_QUERY_LIMITS.maxCost),
  QUERY_MAX_NODES: String(DEFAULT_QUERY_LIMITS.maxNodes),
  QUERY_MAX_DEPTH: String(DEFAULT_QUERY_LIMITS.maxDepth),
};

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true, env: DEFAULTS });
});
afterAll(() => srv.stop());

function expectTooComplex(result: Awaited<ReturnType<TestServer['gql']>>, mention: RegExp) {
  expect(result.status).toBe(400);
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  expect(result.errors![0].message).toMatch(mention);
  expect(result.data ?? null).toBeNull();
}

/** A query nested `levels` connections deep, each asking for `page` items. */
function nested(levels: number, page: number): string {
  let inner = 'id';
  const chain = ['tenders', 'bids'];
  for (let i = levels - 1; i >= 0; i--) inner = `${chain[i % 2]}(first: ${page}) { nodes { id ${inner} } }`;
  return `{ targetProjects(first: ${page}) { nodes { id ${inner} } } }`;
}

describe('query limits', () => {
  it('reports the measured cost on every response', async () => {
    const r = await srv.gql('{ targetProjects(first: 10) { nodes { name tenders(first: 5) { nodes { round } } } } }');
    expect(r.errors).toBeUndefined();
    // 1 (targetProjects) + 1 (nodes) + 10 × 2 (name, tenders) + 10 × 1 (tenders.nodes) + 10 × 5 × 1 (round)
    expect(r.extensions?.cost).toEqual({ requested: 1 + 1 + 20 + 10 + 50, limit: DEFAULT_QUERY_LIMITS.maxCost, nodes: 10 + 50, depth: 5 });
  });

  it('counts a connection without first as its default page of 20', async () => {
    const r = await srv.gql('{ targetProjects { nodes { name } } }');
    expect(r.extensions?.cost).toMatchObject({ requested: 1 + 1 + 20, nodes: 20 });
  });

  it('multiplies page sizes through the levels and refuses a query whose worst case is too large, before any SQL runs', async () => {
    const r = await srv.gql(
      '{ targetProjects(first: 100) { nodes { tenders(first: 100) { nodes { bids(first: 100) { nodes { bidder { name } } } } } } } }',
    );
    expectTooComplex(r, /cost \d+ \(limit 1000000\).*nodes \d+ \(limit 150000\)/);
    expect(r.extensions?.diagnostics?.sqlStatements).toBe(0);
  });

  it('takes page sizes from variables too', async () => {
    const query =
      'query($n: Int) { targetProjects(first: $n) { nodes { tenders(first: $n) { nodes { bids(first: $n) { nodes { id } } } } } } }';
    const small = await srv.gql(query, { n: 5 });
    expect(small.errors).toBeUndefined();
    expectTooComplex(await srv.gql(query, { n: 100 }), /nodes/);
  });

  it('refuses nesting deeper than the depth limit', async () => {
    const deep = `{ ministries(first: 1) { nodes { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } } } }`;
    expectTooComplex(await srv.gql(deep), /depth 16 \(limit 14\)/);
  });

  it('refuses more aliases than the limit', async () => {
    const aliases = Array.from(
      { length: DEFAULT_QUERY_LIMITS.maxAliases + 1 },
      (_, i) => `a${i}: ministries(first: 1) { totalCount }`,
    ).join(' ');
    expectTooComplex(await srv.gql(`{ ${aliases} }`), /aliases 16 \(limit 15\)/);
  });

  it('refuses more directives than the limit', async () => {
    const fields = Array.from({ length: DEFAULT_QUERY_LIMITS.maxDirectives + 1 }, () => 'totalCount @include(if: true)').join(' ');
    expectTooComplex(await srv.gql(`{ ministries(first: 1) { ${fields} } }`), /directives 21 \(limit 20\)/);
  });

  it('refuses a document with too many tokens before parsing it', async () => {
    const fields = Array.from({ length: DEFAULT_QUERY_LIMITS.maxTokens + 1 }, () => 'x').join(' ');
    const r = await srv.gql(`{ ${fields} }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors?.[0].message).toMatch(/more than 2000 tokens/);
  });

  it('refuses a document longer than the size limit', async () => {
    const r = await srv.gql(`{ ministries { totalCount } } # ${'x'.repeat(DEFAULT_QUERY_LIMITS.maxDocumentLength)}`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors?.[0].message).toMatch(/characters; the limit is 20000/);
  });

  it('refuses a batch of operations in one request', async () => {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ ministries { totalCount } }' }, { query: '{ ministries { totalCount } }' }]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/batch/i);
  });

  it("lets GraphiQL's introspection query through", async () => {
    const r = await srv.gql(getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
    expect(r.data?.__schema?.types?.length).toBeGreaterThan(50);
  });
});

describe('legitimate queries pass with the default limits', () => {
  it('every GraphQL example of the README', async () => {
    const { headers } = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
    const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) {
      // Walk-through steps hold placeholder ids: refused as unknown ids, never as too complex.
      const r = await srv.gql(block, {}, headers);
      expect(
        (r.errors ?? []).map((e) => e.extensions?.code),
        block,
      ).not.toContain('QUERY_TOO_COMPLEX');
      expect(r.extensions?.cost, block).toBeDefined();
    }
  });

  it('every operation the typed clients send', async () => {
    const dir = 'clients/operations';
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      const r = await srv.gql(readFileSync(`${dir}/${file}`, 'utf8'), { ministryCode: 'MOJ', prefectureCode: '13' });
      expect(
        (r.errors ?? []).map((e) => e.extensions?.code),
        file,
      ).not.toContain('QUERY_TOO_COMPLEX');
    }
  });

  it('the nested query of the contract checks at page size 100', async () => {
    const q = `{ ministries(first: 50) { nodes { code targetProjects(first: 100) { totalCount nodes { id name status method baselineAnnualCostYen tenders(first: 3) { nodes { round status numberOfBidders isSingleBid contractAmountYen bids(first: 5) { nodes { amountYen bidder { name } } } } } } } } } }`;
    const r = await srv.gql(q);
    expect(r.errors).toBeUndefined();
    expect(r.extensions?.cost).toMatchObject({ nodes: 95_050 });
  });

  it('a two-level dashboard at the largest page size', async () => {
    const r = await srv.gql(nested(1, 100));
    expect(r.errors).toBeUndefined();
  });
});

describe('introspection and suggestions', () => {
  it('turns introspection off with INTROSPECTION=false', async () => {
    const closed = await startTestServer({ seed: false, env: { INTROSPECTION: 'false' } });
    try {
      const r = await closed.gql('{ __schema { types { name } } }');
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors?.[0].message).toMatch(/introspection/i);
      expect((await closed.gql('{ ministries { totalCount } }')).errors).toBeUndefined();
    } finally {
      await closed.stop();
    }
  });

  it('suggests field names in development and hides them in production', async () => {
    const misspelt = '{ ministries { totalCont } }';
    expect((await srv.gql(misspelt)).errors?.[0].message).toMatch(/Did you mean/);
    const production = await startTestServer({ seed: false, env: { NODE_ENV: 'production' } });
    try {
      const r = await production.gql(misspelt);
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors?.[0].message).not.toMatch(/Did you mean|totalCount/);
    } finally {
      await production.stop();
    }
  });
});
