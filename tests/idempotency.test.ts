import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { purgeExpiredKeys } from '../src/core/graphql/idempotency.js';
import {
  countRows,
  createBidder,
  createOpenTender,
  createProject,
  createTenderingProject,
  historyCount,
  projectInput,
} from './support/factories.js';
import { pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Idempotent mutations (README "Writing data", "Retrying safely"): a mutation sent again with
 * the same `Idempotency-Key` by the same token answers the first result instead of running
 * again; another request under a used key is refused and runs nothing; a refused mutation
 * leaves no key behind. The kill between commit and answer is in idempotency-processes.test.ts.
 */
let srv: TestServer;
let admin: Record<string, string>;
let otherAdmin: Record<string, string>;
let adminId: number;

beforeAll(async () => {
  srv = await startTestServer();
  const a = await issueTestToken(srv, { role: 'ADMIN', name: 'idempotency admin' });
  admin = a.headers;
  adminId = a.id;
  otherAdmin = (await issueTestToken(srv, { role: 'ADMIN', name: 'another admin' })).headers;
});
afterAll(() => srv?.stop());

const CREATE_PROJECT = `mutation Create($input: CreateTargetProjectInput!) {
  createTargetProject(input: $input) { targetProject { id name version } userErrors { code field message } }
}`;
const UPDATE_PROJECT = `mutation Update($input: UpdateTargetProjectInput!) {
  updateTargetProject(input: $input) { targetProject { id name version } userErrors { code field message } }
}`;

interface Answer {
  status: number;
  replayed: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

/** POSTs one GraphQL request and keeps the response headers (srv.gql drops them). */
async function send(query: string, variables: Record<string, unknown>, headers: Record<string, string>, key?: string): Promise<Answer> {
  const response = await fetch(srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotency-replayed'),
    body: (await response.json()) as Answer['body'],
  };
}

let keyCounter = 0;
const freshKey = () => `test-${Date.now()}-${++keyCounter}`;
const projectsNamed = (name: string) => countRows(srv, 'target_project WHERE name = ?', [name]);
const keyRows = (key: string) => countRows(srv, 'idempotency_key WHERE key = ?', [key]);
/** The data version once the write pipeline has caught up (its consumers move it too, a moment after a public write). */
const dataVersion = async () => {
  await srv.settle();
  return Number((await srv.sql<{ version: number | string }>('SELECT version FROM data_version WHERE id = 1'))[0].version);
};

describe('a retried create', () => {
  it('answers the first result, marked as a replay, and writes one row and one history entry', async () => {
    const key = freshKey();
    const input = projectInput();
    const first = await send(CREATE_PROJECT, { input }, admin, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.createTargetProject.userErrors).toEqual([]);
    expect(first.replayed).toBeNull();
    const created = first.body.data.createTargetProject.targetProject;

    const retry = await send(CREATE_PROJECT, { input }, admin, key);
    expect(retry.status).toBe(200);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.createTargetProject).toEqual({ targetProject: created, userErrors: [] });
    expect(retry.replayed).toBe('true');
    expect(retry.body.extensions?.idempotencyReplayed).toBe(true);

    expect(await projectsNamed(input.name as string)).toBe(1);
    expect(await historyCount(srv, 'TargetProject', created.id)).toBe(1);
  });

  it('without a key, the same request creates a second service (what the key prevents)', async () => {
    const input = projectInput();
    await send(CREATE_PROJECT, { input }, admin);
    await send(CREATE_PROJECT, { input }, admin);
    expect(await projectsNamed(input.name as string)).toBe(2);
  });

  it('treats the same request laid out differently (spacing, variable order) as the same request', async () => {
    const key = freshKey();
    const input = projectInput();
    const first = await send(CREATE_PROJECT, { input }, admin, key);
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const relaid = CREATE_PROJECT.replace(/\s+/g, ' ').replace('{ createTargetProject', '{\n  # same request\n  createTargetProject');
    const retry = await send(relaid, { input: reordered }, admin, key);
    expect(retry.replayed).toBe('true');
    expect(retry.body.data.createTargetProject.targetProject.id).toBe(first.body.data.createTargetProject.targetProject.id);
    expect(await projectsNamed(input.name as string)).toBe(1);
  });

  it('answers one result to two requests with one key sent at the same moment, and writes once', async () => {
    const key = freshKey();
    const input = projectInput();
    const [a, b] = await Promise.all([send(CREATE_PROJECT, { input }, admin, key), send(CREATE_PROJECT, { input }, admin, key)]);
    for (const answer of [a, b]) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.createTargetProject.userErrors).toEqual([]);
    }
    expect(a.body.data.createTargetProject.targetProject.id).toBe(b.body.data.createTargetProject.targetProject.id);
    expect([a.replayed, b.replayed].sort()).toEqual(['true', null].sort());
    expect(await projectsNamed(input.name as string)).toBe(1);
  });
});

describe('a retried update', () => {
  it('succeeds with the first answer instead of STALE_VERSION, and the update is recorded once', async () => {
    const project = await createProject(srv, admin);
    const key = freshKey();
    const input = { id: project.id, expectedVersion: project.version, name: `${project.name} 改` };
    const first = await send(UPDATE_PROJECT, { input }, admin, key);
    expect(first.body.data.updateTargetProject.userErrors).toEqual([]);
    expect(first.body.data.updateTargetProject.targetProject.version).toBe(project.version + 1);

    const retry = await send(UPDATE_PROJECT, { input }, admin, key);
    expect(retry.body.data.updateTargetProject.userErrors).toEqual([]);
    expect(retry.body.data.updateTargetProject.targetProject).toEqual(first.body.data.updateTargetProject.targetProject);
    expect(retry.replayed).toBe('true');
    const updates = await countRows(srv, 'change WHERE object_type = ? AND object_id = ? AND action = ?', [
      'TargetProject',
      pk(project.id),
      'updateTargetProject',
    ]);
    expect(updates).toBe(1);

    // The same retry without the key is what a client got before: a refusal it cannot read.
    const bare = await send(UPDATE_PROJECT, { input }, admin);
    expect(bare.body.data.updateTargetProject.userErrors.map((e: { code: string }) => e.code)).toEqual(['STALE_VERSION']);
  });
});

describe('a key used for another request', () => {
  it('is refused as IDEMPOTENCY_KEY_REUSED and runs nothing', async () => {
    const key = freshKey();
    const input = projectInput();
    await send(CREATE_PROJECT, { input }, admin, key);
    const other = projectInput();
    const versionBefore = await dataVersion();
    const reused = await send(CREATE_PROJECT, { input: other }, admin, key);
    expect(reused.body.data?.createTargetProject ?? null).toBeNull();
    expect(reused.body.errors).toHaveLength(1);
    expect(reused.body.errors![0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(reused.body.errors![0].message).toMatch(/already used by this token for another request \(createTargetProject\)/);
    expect(reused.status).toBe(422);
    expect(Object.keys(reused.body.errors![0].extensions!).sort()).toEqual(['code', 'reason']);
    expect(await projectsNamed(other.name as string)).toBe(0);
    expect(await dataVersion()).toBe(versionBefore);
    // Another mutation under the key is another request too.
    const project = await createProject(srv, admin);
    const update = await send(
      UPDATE_PROJECT,
      { input: { id: project.id, expectedVersion: project.version, name: 'キー流用' } },
      admin,
      key,
    );
    expect(update.body.errors![0].extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows(srv, 'target_project WHERE id = ? AND version = ?', [pk(project.id), project.version])).toBe(1);
  });
});

describe('keys are per caller', () => {
  it('lets another token use the same key string for its own request', async () => {
    const key = freshKey();
    const input = projectInput();
    const mine = await send(CREATE_PROJECT, { input }, admin, key);
    const theirs = await send(CREATE_PROJECT, { input }, otherAdmin, key);
    expect(theirs.replayed).toBeNull();
    expect(theirs.body.data.createTargetProject.userErrors).toEqual([]);
    expect(theirs.body.data.createTargetProject.targetProject.id).not.toBe(mine.body.data.createTargetProject.targetProject.id);
    expect(await projectsNamed(input.name as string)).toBe(2);
    expect(await keyRows(key)).toBe(2);
  });

  it('refuses a key from a caller without a token like any anonymous write', async () => {
    const key = freshKey();
    const input = projectInput();
    const anonymous = await send(CREATE_PROJECT, { input }, {}, key);
    expect(anonymous.body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await keyRows(key)).toBe(0);
  });
});

describe('the header', () => {
  it.each([
    ['empty', ''],
    ['with a space', 'my key'],
    ['not ASCII', 'clé-1'],
    ['longer than 200 characters', 'k'.repeat(201)],
  ])('is refused as BAD_REQUEST when %s, and nothing is written', async (_what, key) => {
    const input = projectInput();
    const versionBefore = await dataVersion();
    const refused = await send(CREATE_PROJECT, { input }, admin, key);
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'IDEMPOTENCY_KEY_INVALID' });
    expect(refused.body.errors![0].message).toMatch(/1 to 200 visible ASCII characters/);
    expect(await projectsNamed(input.name as string)).toBe(0);
    expect(await dataVersion()).toBe(versionBefore);
  });

  it('accepts 200 characters', async () => {
    const key = `${freshKey()}-`.padEnd(200, 'x');
    const answer = await send(CREATE_PROJECT, { input: projectInput() }, admin, key);
    expect(answer.body.data.createTargetProject.userErrors).toEqual([]);
    expect(await keyRows(key)).toBe(1);
  });

  it('is refused with a document of two mutations, which runs neither', async () => {
    const key = freshKey();
    const [one, two] = [projectInput(), projectInput()];
    const refused = await send(
      `mutation($a: CreateTargetProjectInput!, $b: CreateTargetProjectInput!) {
        a: createTargetProject(input: $a) { targetProject { id } }
        b: createTargetProject(input: $b) { targetProject { id } }
      }`,
      { a: one, b: two },
      admin,
      key,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'IDEMPOTENCY_KEY_NEEDS_ONE_MUTATION' });
    expect(refused.body.errors![0].message).toMatch(/exactly one mutation field/);
    expect((await projectsNamed(one.name as string)) + (await projectsNamed(two.name as string))).toBe(0);
    expect(await keyRows(key)).toBe(0);
  });

  it('is ignored on a query, even malformed: a query can be repeated freely', async () => {
    const answer = await send('{ ministry(code: "MOE") { code } }', {}, admin, 'not a valid key');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.ministry.code).toBe('MOE');
    expect(answer.replayed).toBeNull();
  });
});

describe('a refused mutation', () => {
  it('stores no key: the retry runs again, and the corrected request may use the same key', async () => {
    const key = freshKey();
    const bad = projectInput({ ministryCode: 'NOPE' });
    const first = await send(CREATE_PROJECT, { input: bad }, admin, key);
    expect(first.body.data.createTargetProject.userErrors.length).toBeGreaterThan(0);
    expect(await keyRows(key)).toBe(0);

    const again = await send(CREATE_PROJECT, { input: bad }, admin, key);
    expect(again.replayed).toBeNull();
    expect(again.body.data.createTargetProject.userErrors).toEqual(first.body.data.createTargetProject.userErrors);

    const good = projectInput();
    const fixed = await send(CREATE_PROJECT, { input: good }, admin, key);
    expect(fixed.body.data.createTargetProject.userErrors).toEqual([]);
    expect(await projectsNamed(good.name as string)).toBe(1);
    expect(await keyRows(key)).toBe(1);
  });
});

describe('the window', () => {
  it('forgets a key once it is older than IDEMPOTENCY_WINDOW_HOURS (24 by default): the request runs again', async () => {
    const key = freshKey();
    const input = projectInput();
    await send(CREATE_PROJECT, { input }, admin, key);
    await srv.sql('UPDATE idempotency_key SET created_at = ? WHERE token_id = ? AND key = ?', [
      new Date(Date.now() - 25 * 3_600_000),
      adminId,
      key,
    ]);
    const later = await send(CREATE_PROJECT, { input }, admin, key);
    expect(later.replayed).toBeNull();
    expect(later.body.data.createTargetProject.userErrors).toEqual([]);
    expect(await projectsNamed(input.name as string)).toBe(2);
    expect(await keyRows(key)).toBe(1);
  });

  it('still replays a key just inside the window', async () => {
    const key = freshKey();
    const input = projectInput();
    await send(CREATE_PROJECT, { input }, admin, key);
    await srv.sql('UPDATE idempotency_key SET created_at = ? WHERE token_id = ? AND key = ?', [
      new Date(Date.now() - 23 * 3_600_000),
      adminId,
      key,
    ]);
    const retry = await send(CREATE_PROJECT, { input }, admin, key);
    expect(retry.replayed).toBe('true');
    expect(await projectsNamed(input.name as string)).toBe(1);
  });

  it('purges expired keys of every caller, and only those', async () => {
    const [old, fresh] = [freshKey(), freshKey()];
    await send(CREATE_PROJECT, { input: projectInput() }, admin, old);
    await send(CREATE_PROJECT, { input: projectInput() }, otherAdmin, fresh);
    await srv.sql('UPDATE idempotency_key SET created_at = ? WHERE key = ?', [new Date(Date.now() - 48 * 3_600_000), old]);
    const purged = await purgeExpiredKeys(knexOf(srv.orm), 24 * 3_600_000);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await keyRows(old)).toBe(0);
    expect(await keyRows(fresh)).toBe(1);
  });
});

describe('under the seal', () => {
  it('a keyed bid into a sealed round leaves the data version alone, and its retry replays the bid for its owner', async () => {
    const ministry = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
    const project = await createTenderingProject(srv, ministry);
    const tender = await createOpenTender(srv, ministry, project.id);
    const bidder = await createBidder(srv, ministry);
    const RECORD_BID = `mutation($input: RecordBidInput!) { recordBid(input: $input) { bid { id amountYen } userErrors { code } } }`;
    const input = { tenderId: tender.id, bidderId: bidder.id, amountYen: 250_000_000 };
    const key = freshKey();
    const before = await dataVersion();
    const first = await send(RECORD_BID, { input }, ministry, key);
    expect(first.body.data.recordBid.userErrors).toEqual([]);
    expect(await dataVersion()).toBe(before);
    const retry = await send(RECORD_BID, { input }, ministry, key);
    expect(retry.replayed).toBe('true');
    expect(retry.body.data.recordBid).toEqual(first.body.data.recordBid);
    expect(await dataVersion()).toBe(before);
    expect(await countRows(srv, 'bid WHERE tender_id = ?', [pk(tender.id)])).toBe(1);
  });
});
