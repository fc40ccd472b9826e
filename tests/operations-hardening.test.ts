import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { requestTimeout } from '../src/core/http/request-timeout.js';
import { testDatabase, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';
import { startServerProcess, type ServerProcess } from './support/processes.js';

/**
 * Operations (the hardening issue, point 5): request ids, structured logs without secrets,
 * Prometheus metrics, the request body limit, the per-request timeout, security headers,
 * mutations over GET and batched requests refused.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Body }> {
  const response = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(payload) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

/** The codes of a GraphQL answer: top-level errors and every payload's userErrors. */
function codesOf(body: Body): string[] {
  const top = (body.errors ?? []).map((e) => String(e.extensions?.code));
  const payloads = Object.values(body.data ?? {}) as ({ userErrors?: { code: string }[] } | null)[];
  return [...top, ...payloads.flatMap((p) => p?.userErrors?.map((u) => u.code) ?? [])];
}

const bidderCount = async (srv: TestServer) => Number((await srv.sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM bidder'))[0].n);

describe('request ids', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false });
  });
  afterAll(() => srv?.stop());

  it('every response carries an X-Request-Id, a fresh UUID each time: GraphQL, errors, refusals, health, metrics, GraphiQL, unknown paths', async () => {
    const requests: [string, () => Promise<Response>][] = [
      ['POST /graphql', () => fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ __typename }' }) })],
      [
        'POST /graphql (validation error)',
        () => fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ nope }' }) }),
      ],
      ['POST /graphql (broken JSON)', () => fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: '{"query": ' })],
      [
        'POST /graphql (bad token)',
        () =>
          fetch(srv.url, {
            method: 'POST',
            headers: { ...JSON_HEADERS, authorization: 'Bearer nope' },
            body: JSON.stringify({ query: '{ __typename }' }),
          }),
      ],
      ['GET /graphql (CSRF refusal)', () => fetch(`${srv.url}?query=${encodeURIComponent('{ __typename }')}`)],
      ['PUT /graphql', () => fetch(srv.url, { method: 'PUT', headers: JSON_HEADERS, body: '{}' })],
      ['GET /healthz', () => fetch(`${srv.base}/healthz`)],
      ['GET /readyz', () => fetch(`${srv.base}/readyz`)],
      ['GET /metrics', () => fetch(`${srv.base}/metrics`)],
      ['GraphiQL page', () => fetch(srv.url, { headers: { accept: 'text/html' } })],
      ['GraphiQL asset', () => fetch(`${srv.base}/graphiql/init.js`)],
      ['unknown path', () => fetch(`${srv.base}/no/such/path`)],
    ];
    const ids: string[] = [];
    for (const [what, send] of requests) {
      const response = await send();
      await response.arrayBuffer();
      const id = response.headers.get('x-request-id');
      expect(id, what).toMatch(UUID);
      ids.push(id!);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("echoes a caller's sane X-Request-Id", async () => {
    for (const claimed of ['gateway-2026.11.28:req-000123', 'A1B2C3D4', `trace_${'x'.repeat(120)}`]) {
      const response = await fetch(srv.url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'x-request-id': claimed },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(claimed);
    }
  });

  it('replaces a malformed X-Request-Id (too short, too long, spaces, markup, separators) with a fresh UUID', async () => {
    for (const claimed of [
      'short',
      'x'.repeat(129),
      'has some spaces',
      '<script>alert(1)</script>',
      'id;rm -rf /',
      'ab/cd/ef/gh',
      '"quoted-id"',
      'caf\u00e9-request',
    ]) {
      const response = await fetch(`${srv.base}/healthz`, { headers: { 'x-request-id': claimed } });
      const id = response.headers.get('x-request-id');
      expect(id, claimed).not.toBe(claimed);
      expect(id, claimed).toMatch(UUID);
    }
  });
});

/**
 * The logs of a real process (`node dist/src/main.js`, LOG_LEVEL=info), read from its
 * stdout. The compiled build is fresh in the PostgreSQL half (its global setup compiles it;
 * the SQLite half may hold a stale build), so this runs there, on the production database.
 */
describe.runIf(process.env.TEST_DIALECT === 'postgresql')('structured logs of a server process', () => {
  const AMOUNT = 1234567891;
  const RESERVE = 2468013579;
  const RESERVE_2 = 1357924680;
  let server: ServerProcess;
  let drop: () => Promise<void>;
  let token: string;
  let stdout = '';
  let requestLog = '';
  const responseIds: string[] = [];
  const clientId = `ops-log-test-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    const database = await testDatabase();
    drop = database.drop;
    server = await startServerProcess({ DATABASE_URL: database.url, SEED_ON_START: '1', LOG_LEVEL: 'info' }, 120_000);
    const startupLength = server.log().length;
    server.child.stdout!.on('data', (d) => (stdout += d));
    // A token issued as `npm run token -- create` would, on the server's database.
    const { openDatabase } = await import('../src/core/db/orm.js');
    const { ENTITIES } = await import('../src/entities.js');
    const { issueToken } = await import('../src/modules/access/token.service.js');
    const { Role } = await import('../src/core/auth/viewer.js');
    const orm = await openDatabase(database.target, { entities: ENTITIES });
    try {
      token = (await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'log test admin' })).token;
    } finally {
      await orm.close(true);
    }
    const auth = { authorization: `Bearer ${token}` };
    const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = auth) => {
      const r = await postJson(server.url, { query, variables }, headers);
      responseIds.push(r.headers.get('x-request-id')!);
      return r;
    };
    const ok = async (query: string, variables: Record<string, unknown>, field: string, object: string) => {
      const r = await gql(query, variables);
      const payload = r.body.data?.[field];
      if (r.status !== 200 || r.body.errors || payload?.userErrors?.length) throw new Error(`${field}: ${JSON.stringify(r.body)}`);
      return payload[object];
    };

    await gql('query LogProbe { ministries { totalCount } }', {}, { 'x-request-id': clientId });
    let project = await ok(
      'mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version } userErrors { code } } }',
      {
        i: {
          ministryCode: 'MOE',
          name: `ログ試験事業 ${clientId}`,
          summary: 'ログ試験',
          category: 'OTHER',
          method: 'PRIVATE',
          baselineAnnualCostYen: 120_000_000,
        },
      },
      'createTargetProject',
      'targetProject',
    );
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
      project = await ok(
        'mutation($i: TransitionTargetProjectInput!) { transitionTargetProject(input: $i) { targetProject { id version } userErrors { code } } }',
        { i: { id: project.id, to, expectedVersion: project.version } },
        'transitionTargetProject',
        'targetProject',
      );
    }
    let tender = await ok(
      'mutation($i: CreateTenderInput!) { createTender(input: $i) { tender { id version } userErrors { code } } }',
      {
        i: {
          projectId: project.id,
          title: 'ログ試験の入札',
          awardCriteria: 'LOWEST_PRICE',
          announcedOn: '2026-04-01',
          bidDeadline: '2026-05-15',
          reservePriceYen: RESERVE,
          contractStart: '2026-07-01',
          contractEnd: '2029-06-30',
        },
      },
      'createTender',
      'tender',
    );
    // An update refused for text that cannot be stored (a NUL character in the title),
    // carrying a new sealed reserve price: the refusal is logged, never with the values.
    await gql('mutation($i: UpdateTenderInput!) { updateTender(input: $i) { tender { id } userErrors { code } } }', {
      i: { id: tender.id, expectedVersion: tender.version, title: 'ログ試験\u0000の入札', reservePriceYen: RESERVE_2 },
    });
    tender = await ok(
      'mutation($i: TransitionTenderInput!) { transitionTender(input: $i) { tender { id version } userErrors { code } } }',
      { i: { id: tender.id, to: 'OPEN', expectedVersion: tender.version } },
      'transitionTender',
      'tender',
    );
    const bidder = await ok(
      'mutation($i: CreateBidderInput!) { createBidder(input: $i) { bidder { id } userErrors { code } } }',
      { i: { name: `ログ試験株式会社 ${clientId}`, kind: 'PRIVATE' } },
      'createBidder',
      'bidder',
    );
    const bid = await ok(
      'mutation RecordSealedBid($i: RecordBidInput!) { recordBid(input: $i) { bid { id amountYen } userErrors { code } } }',
      { i: { tenderId: tender.id, bidderId: bidder.id, amountYen: AMOUNT } },
      'recordBid',
      'bid',
    );
    expect(bid.amountYen).toBe(AMOUNT);
    // The same amount again, refused (one bid per bidder per round), and with a bad id:
    // refusals and errors must not log it either.
    await gql('mutation($i: RecordBidInput!) { recordBid(input: $i) { bid { id } userErrors { code } } }', {
      i: { tenderId: tender.id, bidderId: bidder.id, amountYen: AMOUNT },
    });
    await gql('mutation($i: RecordBidInput!) { recordBid(input: $i) { bid { id } userErrors { code } } }', {
      i: { tenderId: 'not-an-id', bidderId: bidder.id, amountYen: AMOUNT },
    });
    await gql('query($i: RecordBidInput!) { __typename }', { i: { amountYen: AMOUNT } });
    // A mistyped token (the real one with its last character changed) is refused and not logged.
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await gql('{ viewer { role } }', {}, { authorization: `Bearer ${wrong}` });
    // Let the last "request finished" lines reach the pipe.
    await new Promise((r) => setTimeout(r, 300));
    requestLog = stdout;
    expect(server.log().length).toBeGreaterThan(startupLength);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

  it('writes every line, from start-up on, as a JSON object with a level, a time and a message', () => {
    const all = lines(server.log());
    expect(all.length).toBeGreaterThan(10);
    for (const line of all) {
      let parsed: Record<string, unknown>;
      expect(() => (parsed = JSON.parse(line)), line.slice(0, 200)).not.toThrow();
      expect(typeof parsed!, line.slice(0, 200)).toBe('object');
      expect(parsed!.level, line.slice(0, 200)).toEqual(expect.any(Number));
      expect(parsed!.time, line.slice(0, 200)).toEqual(expect.any(Number));
      expect(parsed!.msg, line.slice(0, 200)).toEqual(expect.any(String));
    }
  });

  it('gives every line written while serving requests a requestId', () => {
    const served = lines(requestLog);
    expect(served.length).toBeGreaterThanOrEqual(responseIds.length);
    for (const line of served)
      expect((JSON.parse(line) as { requestId?: unknown }).requestId, line.slice(0, 300)).toEqual(expect.any(String));
  });

  it("puts each request's id (the X-Request-Id it answered with, or the caller's own) in its log lines", () => {
    const byId = new Map<string, Record<string, unknown>[]>();
    for (const line of lines(requestLog)) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const id = String(entry.requestId);
      byId.set(id, [...(byId.get(id) ?? []), entry]);
    }
    expect(responseIds[0]).toBe(clientId);
    for (const id of responseIds) {
      const entries = byId.get(id) ?? [];
      expect(entries.length, `log lines of request ${id}`).toBeGreaterThanOrEqual(1);
      // The line that closes the request says what it was: POST /graphql and its status.
      const finished = entries.find((e) => typeof e.status === 'number');
      expect(finished, `request ${id}`).toMatchObject({ method: 'POST', path: '/graphql', status: expect.any(Number) });
    }
  });

  it('never logs the token, its secret part, the bid amount or a reserve price, not even when a write is refused', () => {
    const everything = server.log();
    const secret = token.split('_').slice(2).join('_');
    expect(secret.length).toBe(43);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(0, 16));
    expect(everything).not.toContain(String(AMOUNT));
    expect(everything).not.toContain(AMOUNT.toLocaleString('en-US'));
    expect(everything).not.toContain(String(RESERVE));
    expect(everything).not.toContain(String(RESERVE_2));
    expect(everything).not.toMatch(/Bearer\s+mtt_/);
  });
});

/** Parses Prometheus text exposition into samples. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function sampleValue(text: string, name: string, labels: Record<string, string>): number {
  const found = samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  let srv: TestServer;
  const metrics = async () => {
    const response = await fetch(`${srv.base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.stop());

  it('serves Prometheus text: HELP and TYPE for every metric family, one parseable sample per line', async () => {
    const text = await metrics();
    const families = [...text.matchAll(/^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/gm)].map((m) => m[1]);
    for (const name of [
      'tracker_http_requests_total',
      'tracker_graphql_operation_duration_seconds',
      'tracker_graphql_errors_total',
      'tracker_db_pool_connections',
    ]) {
      expect(families, name).toContain(name);
      expect(text, name).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(samples(text).length).toBeGreaterThan(10);
  });

  it('counts HTTP requests by method, route and status', async () => {
    const labels = { method: 'POST', route: '/graphql', status: '200' };
    const assets = { method: 'GET', route: '/graphiql', status: '200' };
    const first = await metrics();
    for (let i = 0; i < 3; i++) expect((await postJson(srv.url, { query: '{ __typename }' })).status).toBe(200);
    expect(await fetch(`${srv.base}/graphiql/init.js`).then(async (r) => (await r.arrayBuffer(), r.status))).toBe(200);
    const after = await metrics();
    expect(sampleValue(after, 'tracker_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect({
      'POST /graphql 200':
        sampleValue(after, 'tracker_http_requests_total', labels) - sampleValue(first, 'tracker_http_requests_total', labels),
      'GET /graphiql/* 200':
        sampleValue(after, 'tracker_http_requests_total', assets) - sampleValue(first, 'tracker_http_requests_total', assets),
    }).toEqual({ 'POST /graphql 200': 3, 'GET /graphiql/* 200': 1 });
  });

  it('records the latency of a named query under its operation name', async () => {
    const name = `OpsMetricsProbe${randomBytes(3).toString('hex')}`;
    for (let i = 0; i < 4; i++) {
      const r = await postJson(srv.url, {
        query: `query ${name} { ministries(first: 3) { totalCount nodes { code } } }`,
        operationName: name,
      });
      expect(r.body.errors).toBeUndefined();
    }
    const text = await metrics();
    const labels = { operation: name, type: 'query' };
    expect(sampleValue(text, 'tracker_graphql_operation_duration_seconds_count', labels)).toBe(4);
    expect(sampleValue(text, 'tracker_graphql_operation_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(sampleValue(text, 'tracker_graphql_operation_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(4);
  });

  it('counts the errors of a refused mutation by their code', async () => {
    const before = await metrics();
    // Anonymous callers may not write: the mutation is refused with an error code.
    const r = await postJson(srv.url, {
      query: 'mutation { createBidder(input: { name: "匿名株式会社", kind: PRIVATE }) { bidder { id } userErrors { code } } }',
    });
    const codes = codesOf(r.body);
    expect(codes.length).toBeGreaterThan(0);
    expect(r.body.data?.createBidder?.bidder ?? null).toBeNull();
    const after = await metrics();
    for (const code of new Set(codes)) {
      const expected = codes.filter((c) => c === code).length;
      expect(
        sampleValue(after, 'tracker_graphql_errors_total', { code }) - sampleValue(before, 'tracker_graphql_errors_total', { code }),
        code,
      ).toBe(expected);
    }
    // A validation error is counted under its own code.
    const invalid = await postJson(srv.url, { query: '{ noSuchField }' });
    expect(codesOf(invalid.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const third = await metrics();
    expect(
      sampleValue(third, 'tracker_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }) -
        sampleValue(after, 'tracker_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBe(1);
  });

  it('reports the database pool by state (used, free, pending), with the connection a query used', async () => {
    expect((await postJson(srv.url, { query: '{ ministries { totalCount } }' })).status).toBe(200);
    const text = await metrics();
    const pool = Object.fromEntries(
      ['used', 'free', 'pending'].map((state) => [
        state,
        samples(text).filter((s) => s.name === 'tracker_db_pool_connections' && s.labels.state === state),
      ]),
    );
    for (const state of ['used', 'free', 'pending']) {
      expect(pool[state].length, state).toBe(1);
      expect(Number.isInteger(pool[state][0].value) && pool[state][0].value >= 0, state).toBe(true);
    }
    expect(pool.used[0].value + pool.free[0].value).toBeGreaterThanOrEqual(1);
    expect(pool.used[0].value + pool.free[0].value).toBeLessThanOrEqual(srv.dialect === 'postgresql' ? 10 : 1);
  });
});

describe('request body size limit (MAX_BODY_BYTES=2048)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false, env: { MAX_BODY_BYTES: '2048' } });
  });
  afterAll(() => srv?.stop());

  const QUERY = 'query($pad: String!) { ministry(code: $pad) { code } }';
  const bodyOf = (bytes: number) => {
    const base = JSON.stringify({ query: QUERY, variables: { pad: '' } });
    return JSON.stringify({ query: QUERY, variables: { pad: 'x'.repeat(bytes - base.length) } });
  };

  it('serves a body just under the limit', async () => {
    const body = bodyOf(2000);
    expect(Buffer.byteLength(body)).toBe(2000);
    const response = await fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Body).data).toEqual({ ministry: null });
  });

  it('answers a body over the limit with 413 and PAYLOAD_TOO_LARGE in JSON', async () => {
    const body = bodyOf(3000);
    const response = await fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const json = (await response.json()) as Body;
    expect(json.errors?.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(json.errors?.[0].message).toMatch(/2048/);
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('answers a streamed (chunked, no Content-Length) body over the limit with 413 too', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(512));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"'));
        else if (sent < 10) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('}'));
          controller.close();
        }
        sent++;
      },
    });
    const response = await fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Body).errors?.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
  });
});

describe('request timeout (src/core/http/request-timeout.ts on a small express app)', () => {
  let base: string;
  let close: () => Promise<void>;
  const late: { settled: Promise<void>; threw: unknown[] }[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(requestTimeout(100));
    const slow =
      (write: (res: express.Response) => void): express.RequestHandler =>
      (_req, res) => {
        let done!: () => void;
        const record = { settled: new Promise<void>((r) => (done = r)), threw: [] as unknown[] };
        late.push(record);
        setTimeout(() => {
          try {
            write(res);
          } catch (error) {
            record.threw.push(error);
          }
          // Give any deferred 'error' event a turn before declaring the late write done.
          setTimeout(done, 50);
        }, 300);
      };
    app.get(
      '/json',
      slow((res) => res.status(200).set('X-Late', 'yes').json({ late: true })),
    );
    app.get(
      '/send',
      slow((res) => res.send('late')),
    );
    app.get(
      '/stream',
      slow((res) => {
        res.setHeader('content-type', 'text/plain');
        res.write('late ');
        res.end('stream');
      }),
    );
    app.get('/fast', (_req, res) => {
      res.json({ fast: true });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(() => close?.());

  it('answers a handler slower than the timeout with 503 REQUEST_TIMEOUT in JSON, and its late write (json, send, write/end) neither throws nor crashes', async () => {
    for (const path of ['/json', '/send', '/stream']) {
      const response = await fetch(`${base}${path}`);
      // 503, not the handler's 200: the timeout answered before the handler did.
      expect(response.status, path).toBe(503);
      expect(response.headers.get('x-late'), path).toBeNull();
      const body = (await response.json()) as Body;
      expect(
        body.errors?.map((e) => e.extensions?.code),
        path,
      ).toEqual(['REQUEST_TIMEOUT']);
    }
    await Promise.all(late.map((l) => l.settled));
    expect(late.length).toBe(3);
    expect(late.flatMap((l) => l.threw)).toEqual([]);
    // The server (and this process) still answer.
    const fast = await fetch(`${base}/fast`);
    expect(fast.status).toBe(200);
    expect(await fast.json()).toEqual({ fast: true });
  });

  it('leaves a handler faster than the timeout alone, and never writes a late 503 after it', async () => {
    const response = await fetch(`${base}/fast`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ fast: true });
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${base}/fast`)).status).toBe(200);
  });
});

describe('request timeout on the real server (REQUEST_TIMEOUT_MS=1000)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    // One database connection, held by the test, makes a GraphQL request wait past the timeout.
    srv = await startTestServer({ seed: false, env: { REQUEST_TIMEOUT_MS: '1000', DB_POOL_SIZE: '1' } });
  });
  afterAll(() => srv?.stop());

  it('answers 503 REQUEST_TIMEOUT while the database cannot serve, and serves normally once it can', async () => {
    const knex = knexOf(srv.orm);
    const trx = await knex.transaction();
    let released = false;
    try {
      const started = Date.now();
      const r = await postJson(srv.url, { query: '{ ministries { totalCount } }' });
      const elapsed = Date.now() - started;
      expect(r.status).toBe(503);
      expect(codesOf(r.body)).toEqual(['REQUEST_TIMEOUT']);
      // README "When things fail": retryable, and when to retry.
      expect(r.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(r.body)).toContain('"retryable":true');
      expect(r.headers.get('x-request-id')).toMatch(UUID);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(5000);
      await trx.commit();
      released = true;
      // The waiting request now completes into the void; the server carries on.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
      const after = await postJson(srv.url, { query: '{ ministries { totalCount } }' });
      expect(after.status).toBe(200);
      expect(after.body.errors).toBeUndefined();
    } finally {
      if (!released) await trx.rollback().catch(() => undefined);
    }
  });
});

describe('security headers', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false });
  });
  afterAll(() => srv?.stop());

  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [name, ...values] = d.split(/\s+/);
          return [name.toLowerCase(), values] as const;
        }),
    );

  function expectSecurityHeaders(response: Response, what: string): void {
    const csp = response.headers.get('content-security-policy');
    expect(csp, what).toBeTruthy();
    const d = directives(csp!);
    expect(d.get('script-src'), what).toEqual(["'self'"]);
    expect(d.get('default-src'), what).toEqual(["'self'"]);
    expect(d.get('object-src'), what).toEqual(["'none'"]);
    expect(csp, what).not.toMatch(/https?:|\*/);
    expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
    const frameOptions = response.headers.get('x-frame-options');
    const frameAncestors = d.get('frame-ancestors');
    expect(frameOptions !== null || frameAncestors !== undefined, `${what}: x-frame-options or frame-ancestors`).toBe(true);
    if (frameOptions) expect(frameOptions.toUpperCase(), what).toMatch(/^(DENY|SAMEORIGIN)$/);
    if (frameAncestors) expect(frameAncestors, what).toEqual(["'none'"]);
    expect(response.headers.get('referrer-policy'), what).toMatch(
      /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    );
    expect(response.headers.get('x-powered-by'), what).toBeNull();
  }

  it('sends them on /graphql (answers and errors), /healthz, /readyz and /metrics', async () => {
    const responses: [string, Response][] = [
      ['POST /graphql', await fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ __typename }' }) })],
      ['POST /graphql broken JSON', await fetch(srv.url, { method: 'POST', headers: JSON_HEADERS, body: '{' })],
      ['GET /graphql CSRF refusal', await fetch(`${srv.url}?query=%7B__typename%7D`)],
      ['GET /healthz', await fetch(`${srv.base}/healthz`)],
      ['GET /readyz', await fetch(`${srv.base}/readyz`)],
      ['GET /metrics', await fetch(`${srv.base}/metrics`)],
    ];
    for (const [what, response] of responses) {
      await response.arrayBuffer();
      expectSecurityHeaders(response, what);
    }
  });

  it('sends them on the GraphiQL page, whose every script and stylesheet is a same-origin file the policy allows', async () => {
    const page = await fetch(srv.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expectSecurityHeaders(page, 'GraphiQL page');
    const html = await page.text();
    // script-src 'self' forbids inline scripts and handlers: the page must have none.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, content] of scripts) {
      expect(attributes, 'every script is a file').toMatch(/\ssrc="[^"]+"/);
      expect(content.trim(), 'no inline script').toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);

    const assets = [
      ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const url = new URL(asset, srv.url);
      expect(url.origin, asset).toBe(new URL(srv.base).origin);
      const response = await fetch(url);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(
        asset.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/,
      );
      expect(response.headers.get('x-content-type-options'), asset).toBe('nosniff');
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
  });
});

describe('mutations over GET and batched requests', () => {
  let srv: TestServer;
  let admin: Record<string, string>;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false });
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv?.stop());

  it('refuses a mutation over GET with 405, even with a preflight header and a valid token, and writes nothing', async () => {
    const before = await bidderCount(srv);
    const name = `GET試験株式会社 ${randomBytes(4).toString('hex')}`;
    const query = `mutation { createBidder(input: { name: ${JSON.stringify(name)}, kind: PRIVATE }) { bidder { id } userErrors { code } } }`;
    const response = await fetch(`${srv.url}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true', ...admin },
    });
    expect(response.status).toBe(405);
    const body = (await response.json()) as Body;
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const e of body.errors!) expect(e.extensions?.code).toEqual(expect.any(String));
    expect(await bidderCount(srv)).toBe(before);
    expect(await srv.sql('SELECT id FROM bidder WHERE name = ?', [name])).toEqual([]);

    // The same mutation over POST is written: the GET refusal was about the method.
    const posted = await postJson(srv.url, { query }, admin);
    expect(posted.body.data.createBidder.userErrors).toEqual([]);
    expect(await bidderCount(srv)).toBe(before + 1);
  });

  it('refuses a batch (a JSON array of operations) as a whole, running none of them', async () => {
    const before = await bidderCount(srv);
    const name = `バッチ試験株式会社 ${randomBytes(4).toString('hex')}`;
    const batch = [
      { query: '{ __typename }' },
      { query: `mutation { createBidder(input: { name: ${JSON.stringify(name)}, kind: PRIVATE }) { bidder { id } userErrors { code } } }` },
    ];
    const response = await fetch(srv.url, { method: 'POST', headers: { ...JSON_HEADERS, ...admin }, body: JSON.stringify(batch) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Body | Body[];
    expect(Array.isArray(body)).toBe(false);
    expect((body as Body).data ?? null).toBeNull();
    expect((body as Body).errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect((body as Body).errors?.[0].message).toMatch(/batch/i);
    expect(await bidderCount(srv)).toBe(before);
    expect(await srv.sql('SELECT id FROM bidder WHERE name = ?', [name])).toEqual([]);
  });
});
