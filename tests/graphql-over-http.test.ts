import { serverAudits, type AuditFail, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * GraphQL over HTTP (the hardening issue, point 2): graphql-http's own audit suite
 * (`serverAudits`, 61 audits in 1.23.1) runs against the real server, as configured for
 * production (rate limits and query limits at their defaults): no audit may end in `error`
 * (a MUST of the spec broken) or `warn` (a SHOULD broken). The remaining `notice`s (MAYs not
 * taken) are pinned below, each with the reason it is a notice and a check of that reason,
 * so a new notice fails this file until someone explains it.
 *
 * Apollo's CSRF prevention stays on: GET requests and "simple" POSTs (the content types a
 * browser form or a no-preflight `fetch` can send) must carry a header only a preflighted
 * request can (`apollo-require-preflight` or `x-apollo-operation-name`), or a non-simple
 * content type such as application/json.
 */

/**
 * The notices, by audit id, and why each is one. All three are GET requests that the audit
 * sends with no CSRF preflight header and no JSON content type: Apollo's CSRF prevention
 * refuses them with 400 before reading them, by design. The same requests with
 * `apollo-require-preflight: true` are answered with 200 (checked below), so GET itself works.
 *
 * - 5A70 "MAY accept application/x-www-form-urlencoded formatted GET requests": the query in
 *   the URL's search parameters, no preflight header → refused as a possible CSRF.
 * - D6D5 "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting
 *   application/graphql-response+json": same, with `variables` in the URL.
 * - 6A70 "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting
 *   application/json": same, with `Accept: application/json`.
 */
const EXPECTED_NOTICES: Record<string, string> = {
  '5A70': 'GET without a CSRF preflight header, refused by Apollo CSRF prevention (by design)',
  D6D5: 'GET (variables in the URL) without a CSRF preflight header, refused by Apollo CSRF prevention (by design)',
  '6A70': 'GET (variables in the URL) without a CSRF preflight header, refused by Apollo CSRF prevention (by design)',
};

const CSRF_MESSAGE = /Cross-Site Request Forgery|CSRF/;

/** Production-like limits: startTestServer turns rate limits off and raises query limits. */
const PRODUCTION_LIMITS = { RATE_LIMIT_PER_IP: '1200', RATE_LIMIT_PER_TOKEN: '600', QUERY_MAX_COST: '1000000', QUERY_MAX_NODES: '150000' };

interface Score {
  ok: number;
  notice: number;
  warn: number;
  error: number;
}

function score(results: AuditResult[]): Score {
  const s: Score = { ok: 0, notice: 0, warn: 0, error: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

describe.each([
  ['the default configuration', {}],
  // Production differs by the field-suggestion blocker (graphql-armor) it adds to Apollo.
  ['production (NODE_ENV=production)', { NODE_ENV: 'production' }],
])('graphql-http server audits against %s', (_label, env: Record<string, string>) => {
  let srv: TestServer;
  let results: AuditResult[];

  beforeAll(async () => {
    srv = await startTestServer({ seed: false, env: { ...PRODUCTION_LIMITS, ...env } });
    results = [];
    // One at a time: the audits are independent requests, and their order makes the log readable.
    for (const audit of serverAudits({ url: srv.url })) results.push(await audit.fn());
    const s = score(results);
    console.log(
      `[graphql-http audit, ${_label}] ${results.length} audits: ${s.ok} ok, ${s.notice} notice, ${s.warn} warn, ${s.error} error`,
    );
  });
  afterAll(() => srv?.stop());

  it('runs every audit of the suite', () => {
    expect(results.length).toBe(serverAudits({ url: srv.url }).length);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });

  it('has no audit in error (no MUST of the spec broken)', () => {
    const errors = results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(errors).toEqual([]);
  });

  it('has no audit in warn (no SHOULD of the spec broken)', () => {
    const warnings = results.filter((r) => r.status === 'warn').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(warnings).toEqual([]);
  });

  it('has exactly the explained notices, nothing else', () => {
    const notices = results
      .filter((r) => r.status === 'notice')
      .map((r) => r.id)
      .sort();
    expect(notices).toEqual(Object.keys(EXPECTED_NOTICES).sort());
  });

  it('answers a document that does not parse with GRAPHQL_PARSE_FAILED: 200 for application/json, 400 for application/graphql-response+json', async () => {
    for (const [accept, status] of [
      ['application/json', 200],
      ['application/graphql-response+json', 400],
    ] as const) {
      const response = await fetch(srv.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: '{ ministries { totalCount }' }),
      });
      const body = (await response.json()) as { data?: unknown; errors: { extensions?: { code?: string } }[] };
      expect({ accept, status: response.status, codes: body.errors.map((e) => e.extensions?.code) }).toEqual({
        accept,
        status,
        codes: ['GRAPHQL_PARSE_FAILED'],
      });
      expect(body.data ?? null).toBeNull();
    }
  });

  it('each notice is a GET refused by CSRF prevention, and the same GET with a preflight header is answered', async () => {
    const notices = results.filter((r): r is AuditFail => r.status === 'notice');
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) {
      const refused = notice.response;
      expect(refused.status, `${notice.id} ${notice.name}`).toBe(400);
      const url = new URL(refused.url);
      expect(url.pathname).toBe('/graphql');
      expect(url.searchParams.get('query'), `${notice.id}: the audit sent a GET with the query in the URL`).toBeTruthy();
      // The audit's own request, sent again as it was: refused for CSRF, with nothing executed.
      const again = await fetch(url, { headers: { accept: 'application/graphql-response+json, application/json' } });
      expect(again.status, notice.id).toBe(400);
      const refusal = (await again.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(refusal.data ?? null).toBeNull();
      expect(refusal.errors[0].message, notice.id).toMatch(CSRF_MESSAGE);
      expect(refusal.errors[0].extensions.code).toBe('BAD_REQUEST');
      // With the preflight header a browser cannot add without a CORS preflight: answered.
      const preflighted = await fetch(url, {
        headers: { accept: 'application/graphql-response+json, application/json', 'apollo-require-preflight': 'true' },
      });
      expect(preflighted.status, notice.id).toBe(200);
      const body = (await preflighted.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors, notice.id).toBeUndefined();
      expect(body.data, notice.id).toBeTruthy();
    }
  });
});

describe('graphql-http server audits with INTROSPECTION=false', () => {
  let srv: TestServer;
  let results: AuditResult[];

  beforeAll(async () => {
    srv = await startTestServer({ seed: false, env: { ...PRODUCTION_LIMITS, INTROSPECTION: 'false' } });
    results = [];
    for (const audit of serverAudits({ url: srv.url })) results.push(await audit.fn());
    const s = score(results);
    console.log(
      `[graphql-http audit, INTROSPECTION=false] ${results.length} audits: ${s.ok} ok, ${s.notice} notice, ${s.warn} warn, ${s.error} error`,
    );
  });
  afterAll(() => srv?.stop());

  /**
   * Two audits (28B9 MUST, 2EA1 SHOULD: "allow map {variables} parameter") probe with
   * `query Type($name: String!) { __type(name: $name) { name } }`, an introspection query:
   * with introspection turned off (an operator's choice) they are refused as
   * INTROSPECTION_DISABLED. That is the setting working, not the HTTP layer failing; every
   * other audit is as in the default configuration.
   */
  it('fails only the audits whose probe query is an introspection query, refused as INTROSPECTION_DISABLED', async () => {
    const failed = results.filter((r): r is AuditFail => r.status === 'error' || r.status === 'warn');
    for (const audit of failed) {
      const body = (await audit.response.clone().json()) as { errors?: { extensions?: { code?: string; validationErrorCode?: string } }[] };
      expect(body.errors?.[0]?.extensions?.validationErrorCode, `${audit.id} ${audit.name}`).toBe('INTROSPECTION_DISABLED');
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(failed.map((r) => r.id).sort()).toEqual(['28B9', '2EA1']);
    expect(
      results
        .filter((r) => r.status === 'notice')
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(EXPECTED_NOTICES).sort());
  });
});

describe('CSRF prevention', () => {
  let srv: TestServer;
  let admin: Record<string, string>;
  const countQuery = '{ ministries { totalCount } }';

  beforeAll(async () => {
    srv = await startTestServer();
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv?.stop());

  const bidderCount = async () => Number((await srv.sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM bidder'))[0].n);

  it('refuses a GET query that has neither a preflight header nor a JSON content type, and answers it with one', async () => {
    const url = `${srv.url}?query=${encodeURIComponent(countQuery)}`;
    const refused = await fetch(url, { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].message).toMatch(CSRF_MESSAGE);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');

    for (const header of [{ 'apollo-require-preflight': 'true' }, { 'x-apollo-operation-name': 'Count' }] as Record<string, string>[]) {
      const answered = await fetch(url, { headers: { accept: 'application/json', ...header } });
      expect(answered.status, JSON.stringify(header)).toBe(200);
      expect(((await answered.json()) as { data: { ministries: { totalCount: number } } }).data.ministries.totalCount).toBeGreaterThan(0);
    }
  });

  it('refuses a simple POST (text/plain, form-encoded, multipart) carrying a mutation, and writes nothing', async () => {
    const before = await bidderCount();
    const name = `CSRF試験株式会社 ${Date.now()}`;
    const body = JSON.stringify({
      query: `mutation { createBidder(input: { name: ${JSON.stringify(name)}, kind: PRIVATE }) { bidder { id } userErrors { code } } }`,
    });
    for (const contentType of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await fetch(srv.url, {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/json', ...admin },
        body,
      });
      expect(response.status, contentType).toBe(400);
      const refusal = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(refusal.data ?? null, contentType).toBeNull();
      expect(refusal.errors[0].message, contentType).toMatch(CSRF_MESSAGE);
      expect(refusal.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    expect(await bidderCount()).toBe(before);
    expect(await srv.sql('SELECT id FROM bidder WHERE name = ?', [name])).toEqual([]);

    // The same mutation as application/json (a preflighted content type) is accepted: the
    // refusals above were CSRF prevention, not a broken mutation.
    const accepted = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...admin },
      body,
    });
    expect(accepted.status).toBe(200);
    const result = (await accepted.json()) as { data: { createBidder: { bidder: { id: string } | null; userErrors: unknown[] } } };
    expect(result.data.createBidder.userErrors).toEqual([]);
    expect(await bidderCount()).toBe(before + 1);
  });
});
