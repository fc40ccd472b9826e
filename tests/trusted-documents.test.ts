import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './support/processes.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Trusted documents (the typed-clients issue): with TRUSTED_DOCUMENTS set to the generated
 * manifest, non-admin callers may run only those operations (by hash, or by identical
 * text); admins keep ad-hoc queries; GraphiQL is off unless asked for.
 */
const MANIFEST = resolve('clients/generated/persisted-documents.json');
const documents = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const [viewerHash, viewerText] = Object.entries(documents).find(([, text]) => text.startsWith('query Viewer '))!;

async function post(srv: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

describe('a server started with TRUSTED_DOCUMENTS', () => {
  let srv: TestServer;
  let ministry: Record<string, string>;
  let admin: Record<string, string>;
  beforeAll(async () => {
    srv = await startTestServer({ env: { TRUSTED_DOCUMENTS: MANIFEST } });
    ministry = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).headers;
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv.stop());

  it('runs a trusted document named by its hash alone', async () => {
    const r = await post(srv, { documentId: viewerHash }, ministry);
    expect(r.status).toBe(200);
    expect(r.body.data.viewer).toMatchObject({ role: 'MINISTRY', ministry: { code: 'MOJ' } });
  });

  it("accepts Apollo's persisted-query hash too", async () => {
    const r = await post(srv, { extensions: { persistedQuery: { version: 1, sha256Hash: viewerHash.replace('sha256:', '') } } });
    expect(r.body.data.viewer.role).toBe('ANONYMOUS');
  });

  it('accepts a trusted document sent as its identical text', async () => {
    const r = await post(srv, { query: viewerText });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.viewer.role).toBe('ANONYMOUS');
  });

  it('refuses any other document from anonymous and ministry callers, naming what to do', async () => {
    for (const headers of [{}, ministry]) {
      const r = await post(srv, { query: '{ ministries { totalCount } }' }, headers);
      expect(r.status).toBe(403);
      expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.body.errors?.[0].message).toMatch(/only trusted documents/);
      expect(r.body.data).toBeUndefined();
    }
  });

  it('refuses a trusted text changed by one character', async () => {
    const r = await post(srv, { query: viewerText.replace('role', 'role ') });
    expect(r.status).toBe(403);
  });

  it('refuses an unknown hash, and a hash sent with a different text', async () => {
    const unknown = await post(srv, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mismatched = await post(srv, { documentId: viewerHash, query: '{ ministries { totalCount } }' });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.errors?.[0].message).toMatch(/differs from the trusted document/);
  });

  it('lets admins send ad-hoc queries', async () => {
    const r = await post(srv, { query: '{ ministries { totalCount } }' }, admin);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.ministries.totalCount).toBe(25);
  });

  it('does not serve GraphiQL unless GRAPHIQL is set: a browser gets a page saying so, and why', async () => {
    const page = await fetch(srv.url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('GraphiQL is off on this server');
    expect(html).toMatch(/runs only the trusted documents of its manifest \(TRUSTED_DOCUMENTS\)/);
    expect(html).not.toMatch(/<script|graphiql\.min\.js/);
    // GraphQL clients sending GET still get GraphQL, not the page.
    const get = await fetch(`${srv.url}?query=${encodeURIComponent(viewerText)}`, {
      headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as { data: { viewer: { role: string } } }).data.viewer.role).toBe('ANONYMOUS');
    const open = await startTestServer({ seed: false, env: { TRUSTED_DOCUMENTS: MANIFEST, GRAPHIQL: 'true' } });
    try {
      const served = await fetch(open.url, { headers: { accept: 'text/html' } });
      expect(served.status).toBe(200);
      expect(await served.text()).toMatch(/graphiql/i);
    } finally {
      await open.stop();
    }
  });
});

describe.runIf(process.env.TEST_DIALECT !== 'postgresql')('the server process started with TRUSTED_DOCUMENTS', () => {
  it('says at start-up that it serves GraphQL without GraphiQL, and why', async () => {
    const server = await startServerProcess({
      DATABASE_URL: 'sqlite::memory:',
      SEED_ON_START: '0',
      LOG_LEVEL: 'info',
      TRUSTED_DOCUMENTS: MANIFEST,
    });
    try {
      await expect
        .poll(() => server.log(), { timeout: 10_000 })
        .toMatch(/serving GraphQL on http:\/\/127\.0\.0\.1:\d+\/graphql \(GraphiQL off\)/);
      expect(server.log()).not.toMatch(/serving GraphQL and GraphiQL/);
      expect(server.log()).toMatch(/"graphiql":"this server runs only the trusted documents of its manifest \(TRUSTED_DOCUMENTS\)/);
      const page = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('GraphiQL is off on this server');
    } finally {
      await server.stop();
    }
  });
});

describe('the manifest', () => {
  it('is refused at start when an entry does not match its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const tampered = join(dir, 'manifest.json');
    writeFileSync(tampered, JSON.stringify({ [viewerHash]: '{ ministries { totalCount } }' }));
    await expect(startTestServer({ seed: false, env: { TRUSTED_DOCUMENTS: tampered } })).rejects.toThrow(/does not match its document/);
  });

  it('holds every generated operation under the SHA-256 of its text', () => {
    expect(Object.keys(documents).length).toBeGreaterThanOrEqual(7);
    for (const [hash, text] of Object.entries(documents)) expect(hash).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
  });
});

describe('a server without TRUSTED_DOCUMENTS', () => {
  it('runs any document, and ignores a documentId it has no manifest for', async () => {
    const srv = await startTestServer({ seed: false });
    try {
      const r = await post(srv, { query: '{ ministries { totalCount } }', documentId: 'sha256:whatever' });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.ministries.totalCount).toBe(0);
    } finally {
      await srv.stop();
    }
  });
});
