/**
 * Hostile input the fuzz (tests/fuzz/hostile-requests.test.ts) found faults with, pinned on
 * both databases: a short document of exponential size, and input the server once failed on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken, startTestServer, type TestServer } from '../support/test-server.js';
import { doublingFragmentsQuery } from './generators.js';
import { CODE } from './judge.js';
import { FUZZ_ENV } from './runner.js';

describe('fragments that double at every level (deep nesting in a short document)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false, env: FUZZ_ENV });
  });
  afterAll(() => srv?.stop());

  /**
   * 21 fragments, each spreading the one below twice: under 1,000 characters and about 150
   * tokens, but 2^21 field resolutions. The limits must refuse it as QUERY_TOO_COMPLEX
   * without walking all of them: counting stops once the limit is passed.
   */
  it('is refused as QUERY_TOO_COMPLEX within a second, without measuring every expansion', async () => {
    const query = doublingFragmentsQuery(21);
    expect(query.length).toBeLessThan(1_000);
    const started = Date.now();
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const elapsed = Date.now() - started;
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBeLessThan(500);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(elapsed, 'milliseconds the server spent on a 1 kB document').toBeLessThan(1_000);
  });
});

/**
 * Failures the fuzz found, pinned as plain examples (each names its input), so that each
 * one is reported on its own and stays fixed. "Answered as the client's mistake" means: a
 * status below 500 and no INTERNAL_SERVER_ERROR (which the server also logs as a fault).
 */
describe("hostile input found by fuzzing, answered as the client's mistake", () => {
  let srv: TestServer;
  let admin: Record<string, string>;
  beforeAll(async () => {
    srv = await startTestServer({ env: FUZZ_ENV });
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv?.stop());

  const codesOf = (body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }) => [
    ...(body.errors ?? []).map((e) => String(e.extensions?.code)),
    ...Object.values(body.data ?? {}).flatMap((p) =>
      ((p as { userErrors?: { code: string }[] } | null)?.userErrors ?? []).map((u) => u.code),
    ),
  ];
  async function expectClientMistakeOrAnswer(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as Parameters<typeof codesOf>[0];
    const codes = codesOf(body);
    expect(
      { status: response.status < 500 ? 'below 500' : response.status, internal: codes.includes('INTERNAL_SERVER_ERROR') },
      JSON.stringify(body).slice(0, 300),
    ).toEqual({
      status: 'below 500',
      internal: false,
    });
    for (const code of codes) expect(code).toMatch(CODE);
  }

  const NUL_CASES: [string, string, Record<string, unknown>, boolean][] = [
    [
      'createBidder name',
      'mutation($v: String!) { createBidder(input: { name: $v, kind: PRIVATE }) { bidder { id } userErrors { code } } }',
      { v: 'テスト\u0000株式会社' },
      true,
    ],
    ['ministry(code:)', 'query($v: String!) { ministry(code: $v) { code } }', { v: 'MOE\u0000' }, false],
    ['bidders filter query', 'query($v: String) { bidders(filter: { query: $v }) { totalCount } }', { v: '窓口\u0000業' }, false],
    ['municipalities filter query', 'query($v: String) { municipalities(filter: { query: $v }) { totalCount } }', { v: '\u0000' }, false],
    [
      'targetProjects filter query',
      'query($v: String) { targetProjects(filter: { query: $v }) { totalCount } }',
      { v: '窓口\u0000業' },
      false,
    ],
    [
      'tenders filter ministryCodes',
      'query($v: [String!]) { tenders(filter: { ministryCodes: $v }) { totalCount } }',
      { v: ['MOE\u0000'] },
      false,
    ],
    ['changes filter action', 'query($v: String) { changes(filter: { action: $v }) { totalCount } }', { v: 'createBidder\u0000' }, false],
    ['node(id:) of a NUL key', 'query($v: ID!) { node(id: $v) { id } }', { v: Buffer.from('Tender:\u0000').toString('base64url') }, false],
  ];
  it.each(NUL_CASES)('a NUL character in %s', async (_what, query, variables, withToken) => {
    await expectClientMistakeOrAnswer({ query, variables }, withToken ? admin : {});
  });

  it('a lone surrogate (\\ud800) in a bidder name', async () => {
    await expectClientMistakeOrAnswer(
      {
        query: 'mutation($v: String!) { createBidder(input: { name: $v, kind: PRIVATE }) { bidder { id } userErrors { code } } }',
        variables: { v: 'テスト\ud800株式会社' },
      },
      admin,
    );
  });

  it('a real cursor with its parts tampered (an impossible date, an id beyond 64 bits)', async () => {
    const first = await srv.gql<{ tenders: { edges: { cursor: string }[] } }>('{ tenders(first: 1) { edges { cursor } } }');
    const cursor = first.data.tenders.edges[0].cursor;
    let parts: unknown[];
    try {
      parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    } catch {
      throw new Error(`cursors are no longer base64url JSON (${cursor}): update this tampering test`);
    }
    expect(Array.isArray(parts) && parts.length >= 3).toBe(true);
    const tampered = [
      [...parts.slice(0, -2), '2026-99-99', parts.at(-1)],
      [...parts.slice(0, -1), 1e20],
      [...parts.slice(0, -2), '\u0000', parts.at(-1)],
    ];
    for (const t of tampered) {
      await expectClientMistakeOrAnswer({
        query: 'query($after: String) { tenders(first: 2, after: $after) { totalCount } }',
        variables: { after: Buffer.from(JSON.stringify(t)).toString('base64url') },
      });
    }
  });

  it('a persisted-query extension (wrong hash, unknown version)', async () => {
    await expectClientMistakeOrAnswer({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    await expectClientMistakeOrAnswer({ query: '{ __typename }', extensions: { persistedQuery: 1 } });
  });

  it('a subscription operation (the schema has no subscriptions)', async () => {
    await expectClientMistakeOrAnswer({ query: 'subscription { __typename }' });
    await expectClientMistakeOrAnswer({ query: 'subscription { ministries { totalCount } }' });
  });
});
