import { get as httpGet, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/core/auth/viewer.js';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { createScratchDatabase } from '../src/core/db/scratch-postgres.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';
import { startServerProcess, type ServerProcess } from './support/processes.js';

/**
 * The response cache of anonymous queries (core/http/response-cache.ts): it serves repeated
 * reads of unchanged data, and never a response older than a write that has been answered,
 * whether the write went through this process or another one on the same database.
 */

interface Answer {
  status: number;
  cache: string | null;
  text: string;
  body: { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function ask(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, cache: response.headers.get('x-cache'), text, body: JSON.parse(text) };
}

const PROJECT = 'query($id: ID!) { node(id: $id) { ... on TargetProject { id name version } } }';
const UPDATE =
  'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { id name version } userErrors { code } } }';
const LIST = '{ targetProjects(first: 3, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { id name } } }';

describe('the response cache of anonymous queries', () => {
  let srv: TestServer;
  let admin: Record<string, string>;
  let project: { id: string; version: number };

  beforeAll(async () => {
    srv = await startTestServer();
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
    const first = await ask(srv.url, '{ targetProjects(first: 1, filter: { statuses: [IN_OPERATION] }) { nodes { id version } } }');
    project = first.body.data.targetProjects.nodes[0];
  });
  afterAll(() => srv?.stop());

  it('answers a repeated anonymous query from the cache, with the same body', async () => {
    const query = '{ ministries(first: 5) { totalCount nodes { code name } } }';
    const first = await ask(srv.url, query);
    const second = await ask(srv.url, query);
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
  });

  it('never serves a response older than an answered write: 15 writes, each read at once', async () => {
    let version = project.version;
    await ask(srv.url, PROJECT, { id: project.id });
    for (let i = 1; i <= 15; i++) {
      const name = `キャッシュ試験 ${i}`;
      const write = await ask(srv.url, UPDATE, { i: { id: project.id, expectedVersion: version, name } }, admin);
      expect(write.body.data.updateTargetProject.userErrors).toEqual([]);
      version = write.body.data.updateTargetProject.targetProject.version;
      const one = await ask(srv.url, PROJECT, { id: project.id });
      expect(one.body.data.node).toMatchObject({ name, version });
      const list = await ask(srv.url, LIST);
      expect(list.body.data.targetProjects.nodes[0]).toMatchObject({ id: project.id, name });
      // Read again with nothing written in between: now from the cache, still current.
      const again = await ask(srv.url, PROJECT, { id: project.id });
      expect(again.cache).toBe('hit');
      expect(again.body.data.node).toMatchObject({ name, version });
    }
    project.version = version;
  });

  it('answers a hit with the headers of the miss: the same ETag and type, and 304 to a GET that holds it', async () => {
    const url = `${srv.url}?query=${encodeURIComponent('{ ministries(first: 3) { nodes { code } } }')}`;
    // node:http, not fetch: fetch marks a request with If-None-Match as not to be answered from a cache.
    const get = (headers: Record<string, string> = {}) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        httpGet(url, { headers: { 'apollo-require-preflight': 'true', ...headers } }, (response) => {
          response.resume().on('end', () => resolve(response));
        }).on('error', reject);
      });
    const miss = await get();
    const hit = await get();
    expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(miss.headers.etag).toMatch(/^W\/"/);
    expect(hit.headers.etag).toBe(miss.headers.etag);
    expect(hit.headers['content-type']).toBe(miss.headers['content-type']);
    const held = await get({ 'if-none-match': miss.headers.etag! });
    expect(held.statusCode).toBe(304);
    expect(held.headers['x-cache']).toBe('hit');
  });

  it('keeps serving cached answers after a refused write, which changed nothing', async () => {
    await ask(srv.url, PROJECT, { id: project.id });
    expect((await ask(srv.url, PROJECT, { id: project.id })).cache).toBe('hit');
    const refused = await ask(
      srv.url,
      UPDATE,
      { i: { id: project.id, expectedVersion: project.version - 1, name: '古い版からの更新' } },
      admin,
    );
    expect(refused.body.data.updateTargetProject.userErrors.map((e: { code: string }) => e.code)).toEqual(['STALE_VERSION']);
    const after = await ask(srv.url, PROJECT, { id: project.id });
    expect(after.cache).toBe('hit');
    expect(after.body.data.node.name).not.toBe('古い版からの更新');
  });

  it('sees a write made outside the API once the data version moves (as every write path does)', async () => {
    await ask(srv.url, PROJECT, { id: project.id });
    const numericId = pk(project.id);
    // Straight through the database connection, bypassing every write path (and srv.sql's bump).
    await knexOf(srv.orm).raw('UPDATE target_project SET name = ? WHERE id = ?', ['直接の更新', numericId]);
    // Without the bump, the cache answers from before (which is why every write path bumps).
    expect((await ask(srv.url, PROJECT, { id: project.id })).body.data.node.name).not.toBe('直接の更新');
    await srv.sql('UPDATE data_version SET version = version + 1 WHERE id = 1');
    const after = await ask(srv.url, PROJECT, { id: project.id });
    expect(after.cache).toBe('miss');
    expect(after.body.data.node.name).toBe('直接の更新');
  });

  it('does not cache callers with a token, answers with errors, or mutations', async () => {
    const query = '{ ministries(first: 2) { nodes { code } } }';
    await ask(srv.url, query, {}, admin);
    expect((await ask(srv.url, query, {}, admin)).cache).toBeNull();

    const failing = '{ ministries(first: 500) { nodes { code } } }';
    const a = await ask(srv.url, failing);
    const b = await ask(srv.url, failing);
    expect(a.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(b.cache).toBe('miss');

    const anonymousWrite = 'mutation { createBidder(input: { name: "匿名", kind: PRIVATE }) { bidder { id } } }';
    await ask(srv.url, anonymousWrite);
    const again = await ask(srv.url, anonymousWrite);
    expect(again.cache).toBe('miss');
    expect(again.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps sealed bids sealed: an anonymous cached answer never carries what a token sees', async () => {
    const query =
      '{ tenders(first: 50, filter: { statuses: [CLOSED] }) { nodes { id reservePriceYen bids(first: 5) { nodes { amountYen } } } } }';
    const withToken = await ask(srv.url, query, {}, admin);
    const anonymous = await ask(srv.url, query);
    const anonymousAgain = await ask(srv.url, query);
    expect(anonymousAgain.cache).toBe('hit');
    for (const tender of anonymous.body.data.tenders.nodes) {
      expect(tender.reservePriceYen).toBeNull();
      expect(tender.bids.nodes).toEqual([]);
    }
    expect(anonymousAgain.text).toBe(anonymous.text);
    expect(withToken.text).not.toBe(anonymous.text);
  });
});

describe.runIf(process.env.TEST_DIALECT === 'postgresql')('the response cache across two processes on one PostgreSQL database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    const scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'respcache');
    drop = scratch.drop;
    a = await startServerProcess({ DATABASE_URL: scratch.url, SEED_ON_START: '1' });
    b = await startServerProcess({ DATABASE_URL: scratch.url, SEED_ON_START: '0' });
    const orm = await openDatabase({ dialect: 'postgresql', url: scratch.url }, { entities: ENTITIES });
    try {
      const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'cache test' });
      admin = { authorization: `Bearer ${token}` };
    } finally {
      await orm.close(true);
    }
  }, 180_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  it('a write answered by one process is seen at once by the other, whose cache held the old answer', async () => {
    const first = await ask(a.url, '{ targetProjects(first: 1, filter: { statuses: [IN_OPERATION] }) { nodes { id version } } }');
    const { id } = first.body.data.targetProjects.nodes[0];
    let version: number = first.body.data.targetProjects.nodes[0].version;
    for (let i = 1; i <= 10; i++) {
      await ask(a.url, PROJECT, { id });
      expect((await ask(a.url, PROJECT, { id })).cache).toBe('hit');
      const name = `別プロセスからの更新 ${i}`;
      const write = await ask(b.url, UPDATE, { i: { id, expectedVersion: version, name } }, admin);
      expect(write.body.data.updateTargetProject.userErrors).toEqual([]);
      version = write.body.data.updateTargetProject.targetProject.version;
      const seen = await ask(a.url, PROJECT, { id });
      expect(seen.cache).toBe('miss');
      expect(seen.body.data.node).toMatchObject({ name, version });
    }
  });
});
