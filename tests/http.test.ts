import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestServer, type TestServer } from './support/test-server.js';

/** docs/api.md "HTTP": health, readiness, GraphiQL from our own files, GraphQL over GET, errors. */

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv?.stop());

/** Signs of a leaked stack trace or of SQL in a response body. */
const STACK = /\n\s*at |&nbsp;at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.js:\d+:\d+|\.ts:\d+:\d+/;
/** SQL text, and the database's own error wording (SQLite's and PostgreSQL's). */
const SQL =
  /\bselect\b|\binsert into\b|\bfrom [`"]|\bwhere\b|SQLITE_|no such table|sqlite|relation "|does not exist|postgres|SQLSTATE|\b42P01\b/i;

describe('health and readiness', () => {
  it('GET /healthz answers 200 while the process is up', async () => {
    const response = await fetch(`${srv.base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with a working database, reporting each dependency (no Redis configured here)', async () => {
    const response = await fetch(`${srv.base}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; latencyMs?: number }> };
    expect(body).toEqual({
      status: 'ready',
      checks: {
        database: { status: 'ok', latencyMs: expect.any(Number) },
        // What follows writes (ARCHITECTURE.md "The write pipeline"): nothing waiting here.
        writePipeline: {
          status: 'ok',
          latencyMs: expect.any(Number),
          details: {
            'red-flags': { pending: 0, lagSeconds: 0 },
            stats: { pending: 0, lagSeconds: 0 },
            notifications: { pending: 0, lagSeconds: 0 },
          },
        },
        // Webhook deliveries (docs/notifications.md "Webhooks"): none queued here.
        webhooks: { status: 'ok', latencyMs: expect.any(Number), details: { pending: 0, dead: 0, oldestDueSeconds: 0 } },
      },
    });
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('GET /readyz answers 503, without internals, when the database is unreachable, while /healthz stays 200', async () => {
    const broken = await startTestServer({ seed: false });
    try {
      await broken.orm.close(true);
      const ready = await fetch(`${broken.base}/readyz`);
      const text = await ready.text();
      expect(ready.status).toBe(503);
      expect(text).not.toMatch(STACK);
      expect(text).not.toMatch(SQL);
      expect(JSON.parse(text)).toEqual({
        status: 'unavailable',
        reason: 'database unreachable',
        checks: {
          database: { status: 'unavailable', reason: 'unreachable' },
          writePipeline: { status: 'degraded', reason: 'the outbox could not be read' },
          webhooks: { status: 'degraded', reason: 'the webhook deliveries could not be read' },
        },
      });
      expect((await fetch(`${broken.base}/healthz`)).status).toBe(200);
    } finally {
      await broken.stop().catch(() => {});
    }
  });
});

describe('GraphiQL at /graphql', () => {
  let html: string;
  let pageResponse: Response;

  beforeAll(async () => {
    pageResponse = await fetch(srv.url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    html = await pageResponse.text();
  });

  it('a browser (Accept: text/html) gets the GraphiQL page', () => {
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<div id="graphiql"/);
    expect(html.toLowerCase()).toContain('graphiql');
  });

  it('every script and stylesheet loads from this server, 200 and non-empty', async () => {
    const refs = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    expect(refs.some((r) => r.endsWith('.css'))).toBe(true);
    for (const ref of refs) {
      const url = new URL(ref, srv.url);
      expect(url.origin, ref).toBe(new URL(srv.base).origin);
      const response = await fetch(url);
      expect(response.status, ref).toBe(200);
      const body = await response.text();
      expect(body.length, ref).toBeGreaterThan(0);
      if (ref.endsWith('.css')) {
        // Fonts and images inside the stylesheet are inline (data:) or ours, never a CDN's.
        for (const [, target] of body.matchAll(/url\(\s*["']?([^"')]+)/g)) {
          expect(target.startsWith('data:') || !/^(https?:)?\/\//.test(target), `${ref}: url(${target.slice(0, 60)})`).toBe(true);
        }
        for (const [statement] of body.matchAll(/@import[^;]+/g)) expect(statement).not.toMatch(/(https?:)?\/\//);
      }
    }
  });

  it('the page references no other host', () => {
    const hosts = [...html.matchAll(/(?:src|href|action)\s*=\s*["']([^"']+)["']/g)]
      .map((m) => m[1])
      .filter((u) => /^(https?:)?\/\//i.test(u));
    expect(hosts).toEqual([]);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/i);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs|googleapis/i);
  });

  it('the start-up script posts to this server, not elsewhere', async () => {
    const init = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]).find((s) => /init/.test(s));
    expect(init).toBeDefined();
    const body = await (await fetch(new URL(init!, srv.url))).text();
    expect(body).not.toMatch(/https?:\/\//);
    expect(body).toMatch(/createFetcher/);
  });
});

describe('GraphQL over GET', () => {
  const query = encodeURIComponent('{ministries{totalCount}}');

  it('is refused without a preflight header (Apollo CSRF prevention), with 400 and no data', async () => {
    const response = await fetch(`${srv.url}?query=${query}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('totalCount":');
    expect(text).toMatch(/CSRF|preflight/i);
  });

  it('answers the query with `apollo-require-preflight: true`', async () => {
    const [{ n }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM ministry');
    const response = await fetch(`${srv.url}?query=${query}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { ministries: { totalCount: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.ministries.totalCount).toBe(Number(n));
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('answers with an x-apollo-operation-name header too', async () => {
    const q = encodeURIComponent('query Count {ministries{totalCount}}');
    const response = await fetch(`${srv.url}?query=${q}&operationName=Count`, {
      headers: { accept: 'application/json', 'x-apollo-operation-name': 'Count' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ ministries: { totalCount: expect.any(Number) } });
  });

  it('refuses mutations over GET', async () => {
    const q = encodeURIComponent('mutation { __typename }');
    const response = await fetch(`${srv.url}?query=${q}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('malformed requests', () => {
  it('a malformed JSON body gets a 400 without a stack trace', async () => {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query": "{ ministries { totalCount } }"',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text, text.slice(0, 400)).not.toMatch(STACK);
  });

  it('a body that is not JSON at all gets a 400 without a stack trace', async () => {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'query { ministries }',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text, text.slice(0, 400)).not.toMatch(STACK);
  });

  it('a POST without a query gets a 400', async () => {
    const response = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(STACK);
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED (400) and runs nothing', async () => {
    const result = await srv.gql('{ ministries { totalCount } noSuchField }');
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result.errors)).not.toMatch(STACK);
  });

  it('unparseable GraphQL is GRAPHQL_PARSE_FAILED (400)', async () => {
    const result = await srv.gql('{ ministries { totalCount }');
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('a bad argument value is BAD_USER_INPUT without internals', async () => {
    const result = await srv.gql('{ tenders(first: 101) { totalCount } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(result.errors)).not.toMatch(STACK);
    expect(JSON.stringify(result.errors)).not.toMatch(SQL);
  });

  it('a forged cursor is BAD_USER_INPUT, not a database error', async () => {
    const forged = Buffer.from(JSON.stringify(['ANNOUNCED_ON:DESC', "2020-01-01' OR 1=1 --", 'x'])).toString('base64url');
    const result = await srv.gql('query($after: String) { tenders(first: 5, after: $after) { nodes { id } } }', { after: forged });
    const codes = errorCodes(result);
    // Either refused as input or harmlessly compared as a value; never an internal error.
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(result)).not.toMatch(/SQLITE_|syntax error|invalid input syntax|SQLSTATE/i);
  });
});

describe('internal errors', () => {
  it('never contain SQL text or stack traces: a query over a missing table answers a bare INTERNAL_SERVER_ERROR', async () => {
    const broken = await startTestServer({ seed: false });
    try {
      // Make the database fail underneath the server: the ministry table goes away.
      await broken.sql('ALTER TABLE ministry RENAME TO ministry_gone');
      const response = await fetch(broken.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ ministries(first: 5) { totalCount nodes { code } } }' }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors!) {
        expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(error.extensions).not.toHaveProperty('stacktrace');
        expect(error.extensions).not.toHaveProperty('exception');
      }
      expect(text).not.toMatch(SQL);
      expect(text).not.toMatch(STACK);
      expect(text).not.toContain('ministry_gone');
    } finally {
      await broken.stop();
    }
  });
});
