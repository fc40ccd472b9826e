import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/orm.js';
import { ENTITIES } from '../../src/entities.js';
import { Role } from '../../src/core/auth/viewer.js';
import { issueToken, revokeToken } from '../../src/modules/access/token.service.js';
import { missingFaultTool } from '../support/fault-tools.js';
import { post, startServerProcess, type ServerProcess } from '../support/processes.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../bench/postgres-cluster.js';

/**
 * Read replicas (docs/replicas.md), on real streaming replication: a primary cluster of the
 * test's own, two hot standbys made from it with `pg_basebackup -R`, and two server
 * processes reading from them:
 *
 * - A: the response cache on, replicas used while at most 30 s behind;
 * - B: no response cache, replicas used while at most 5 s behind;
 * - C: like B, but checking the replicas only once a minute (what a failed request does alone),
 *   and 5 requests a minute per token.
 *
 * Lag is staged by pausing a replica's replay (`pg_wal_replay_pause()`), outages by stopping
 * it. Every consistency rule of docs/replicas.md is one test here.
 */
const missing = missingFaultTool('replication');

type Headers = Record<string, string>;

const PROJECT = `query($id: ID!) { node(id: $id) { ... on TargetProject { name version } } }`;
const ROUND = `query($id: ID!) { node(id: $id) { ... on Tender { status version numberOfBidders bids(first: 50) { totalCount nodes { amountYen } } } } }`;

/** The `tracker_db_reads_routed_total` counter of a server, by database. */
async function routed(server: ServerProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^tracker_db_reads_routed_total\{database="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** What changed in the counter while `work` ran. */
async function routedDuring(server: ServerProcess, work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await routed(server);
  await work();
  const after = await routed(server);
  return Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) ? [[k, v - (before[k] ?? 0)]] : [])));
}

async function readyz(server: ServerProcess): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.base}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** Polls until `check` holds (or fails with what it last saw). */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Both replicas serving reads, with nothing left to replay. */
const caughtUp = (server: ServerProcess) =>
  eventually(
    'replicas caught up',
    () => readyz(server),
    (r) =>
      r.body.checks.replicas?.status === 'ok' &&
      Object.values(r.body.checks.replicas.details as Record<string, { lagBytes: number }>).every((d) => d.lagBytes === 0),
  );

describe.skipIf(missing !== null)('read replicas (a primary and two streaming replicas of the test’s own)', () => {
  let primary: ThrowawayPostgres;
  let replicas: ThrowawayPostgres[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  let orm: MikroORM;
  let admin: Headers;
  let owner: Headers;
  let other: Headers;
  let revocable: { headers: Headers; id: number };
  let projectId: string;
  let roundId: string;

  const env = (extra: Record<string, string>) => ({
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: replicas.map((r) => r.url).join(','),
    REPLICA_CHECK_MS: '100',
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_TOKEN: '0',
    LOG_LEVEL: 'info',
    ...extra,
  });
  const project = async (server: ServerProcess, headers: Headers = {}) =>
    (await post(server.url, PROJECT, { id: projectId }, headers)).body;
  const round = async (server: ServerProcess, headers: Headers = {}) => (await post(server.url, ROUND, { id: roundId }, headers)).body;
  const rename = async (name: string, version?: number) => {
    version ??= (await project(a, admin)).data.node.version as number;
    const r = await post(
      a.url,
      'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { name } userErrors { code message } } }',
      { i: { id: projectId, expectedVersion: version, name } },
      admin,
    );
    expect(r.body.data.updateTargetProject.userErrors).toEqual([]);
  };
  const pauseAll = () => Promise.all(replicas.map((r) => r.pauseReplay()));
  const resumeAll = () => Promise.all(replicas.map((r) => r.resumeReplay()));

  beforeAll(async () => {
    primary = await startThrowawayPostgres();
    replicas = [await startThrowawayPostgres({ replicaOf: primary }), await startThrowawayPostgres({ replicaOf: primary })];
    a = await startServerProcess(env({ SEED_ON_START: '1', REPLICA_MAX_LAG_SECONDS: '30' }), 240_000);
    b = await startServerProcess(env({ SEED_ON_START: '0', REPLICA_MAX_LAG_SECONDS: '5', RESPONSE_CACHE_MB: '0' }));
    c = await startServerProcess(
      env({
        SEED_ON_START: '0',
        REPLICA_MAX_LAG_SECONDS: '5',
        RESPONSE_CACHE_MB: '0',
        REPLICA_CHECK_MS: '60000',
        RATE_LIMIT_PER_TOKEN: '5',
      }),
    );
    // Kept open for the revocation test (straight on the primary, as `npm run token -- revoke` does); closed in afterAll.
    orm = await openDatabase({ dialect: 'postgresql', url: primary.url }, { entities: ENTITIES });
    const bearer = async (request: Parameters<typeof issueToken>[1]) => {
      const { token, record } = await issueToken(orm.em.fork(), request);
      return { headers: { authorization: `Bearer ${token}` }, id: record.id };
    };
    admin = (await bearer({ role: Role.ADMIN, name: 'replica admin' })).headers;
    // A closed round with valid bids, and the ministry that owns it.
    const r = await post(
      a.url,
      `{ tenders(first: 50, filter: { statuses: [CLOSED] }) { nodes { id numberOfBidders project { id ministry { code } } } } }`,
      {},
      admin,
    );
    const closed = (
      r.body.data.tenders.nodes as { id: string; numberOfBidders: number; project: { id: string; ministry: { code: string } } | null }[]
    ).find((t) => t.project && t.numberOfBidders >= 2)!;
    roundId = closed.id;
    projectId = closed.project!.id;
    const ministry = closed.project!.ministry.code;
    owner = (await bearer({ role: Role.MINISTRY, ministryCode: ministry, name: 'replica owner' })).headers;
    other = (await bearer({ role: Role.MINISTRY, ministryCode: ministry === 'MOE' ? 'MOJ' : 'MOE', name: 'replica other' })).headers;
    revocable = await bearer({ role: Role.MINISTRY, ministryCode: ministry, name: 'replica revocable' });
    await caughtUp(a);
    await caughtUp(b);
  }, 400_000);

  afterAll(async () => {
    await orm?.close(true);
    await a?.stop();
    await b?.stop();
    await c?.stop();
    for (const r of replicas) await r.destroy();
    await primary?.destroy();
  });

  it('sends reads to the replicas in turn and never a mutation; /readyz and /metrics show each replica', async () => {
    const reads = await routedDuring(b, async () => {
      for (let i = 0; i < 10; i++) expect((await project(b)).data.node.name).toBeTruthy();
    });
    expect(reads).toEqual({ replica1: 5, replica2: 5 });
    const { body } = await readyz(b);
    expect(body.status).toBe('ready');
    expect(body.checks.replicas).toMatchObject({
      status: 'ok',
      details: { replica1: { serving: true, lagSeconds: 0, lagBytes: 0 }, replica2: { serving: true, lagSeconds: 0, lagBytes: 0 } },
    });
    const metrics = await (await fetch(`${b.base}/metrics`)).text();
    expect(metrics).toMatch(/^tracker_replica_lag_seconds\{replica="replica1"\} 0$/m);
    expect(metrics).toMatch(/^tracker_replica_serving\{replica="replica2"\} 1$/m);
    // A mutation reads and writes the primary only.
    const { version } = (await project(a, admin)).data.node;
    expect(await routedDuring(a, () => rename('読み取り専用レプリカ試験', version))).toEqual({ primary: 1 });
    await caughtUp(b);
  });

  it('reads a lagging replica (the data really comes from it), but a token reads its own writes at once', async () => {
    const before = (await project(b)).data.node.name;
    await pauseAll();
    try {
      await rename('書いた本人には新しい名前');
      // Others read a replica, which has not replayed the write yet: the old name.
      expect((await project(b)).data.node.name).toBe(before);
      expect((await project(b, other)).data.node.name).toBe(before);
      // The writer reads the primary until a replica has replayed its write.
      const own = await routedDuring(b, async () => expect((await project(b, admin)).data.node.name).toBe('書いた本人には新しい名前'));
      expect(own).toEqual({ primary: 1 });
      // Downloads follow the same rules: the writer's export has the write, an anonymous one not yet.
      const csv = async (headers: Headers) => (await fetch(`${b.base}/export/projects.csv`, { headers })).text();
      expect(await csv(admin)).toContain('書いた本人には新しい名前');
      const anonymous = await routedDuring(b, async () => expect(await csv({})).not.toContain('書いた本人には新しい名前'));
      expect(Object.keys(anonymous)).toEqual([expect.stringMatching(/^replica[12]$/)]);
    } finally {
      await resumeAll();
    }
    await caughtUp(b);
    // Once replayed, the writer reads a replica again, and everyone sees the new name.
    const own = await routedDuring(b, async () => expect((await project(b, admin)).data.node.name).toBe('書いた本人には新しい名前'));
    expect(Object.keys(own)).toEqual([expect.stringMatching(/^replica[12]$/)]);
    expect((await project(b)).data.node.name).toBe('書いた本人には新しい名前');
  });

  it('computes a missed cached answer only where the data version has been replayed, so the cache never serves an older answer', async () => {
    /** An anonymous POST to A, whose response cache is on: its X-Cache and its data. */
    const cached = async (query: string, id: string) => {
      const response = await fetch(a.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { id } }),
      });
      return { cache: response.headers.get('x-cache'), data: ((await response.json()) as { data: any }).data };
    };
    await cached(PROJECT, projectId);
    expect((await cached(PROJECT, projectId)).cache).toBe('hit');
    await pauseAll();
    try {
      await rename('キャッシュ越しの新しい名前');
      const reads = await routedDuring(a, async () =>
        expect(await cached(PROJECT, projectId)).toEqual({
          cache: 'miss',
          data: { node: expect.objectContaining({ name: 'キャッシュ越しの新しい名前' }) },
        }),
      );
      // The replicas' data version is behind the primary's: computed on the primary.
      expect(reads).toEqual({ primary: 1 });
    } finally {
      await resumeAll();
    }
    await caughtUp(a);
    // Caught up: a miss is computed on a replica again.
    const reads = await routedDuring(a, async () => expect((await cached(ROUND, roundId)).cache).toBe('miss'));
    expect(Object.keys(reads)).toEqual([expect.stringMatching(/^replica[12]$/)]);
  });

  it('shows a round opened on the primary whole or not at all on a lagging replica: never its bids before its status', async () => {
    const sealed = (await round(b)).data.node;
    expect(sealed).toMatchObject({ status: 'CLOSED', numberOfBidders: null, bids: { totalCount: 0, nodes: [] } });
    const withBids = (await round(a, owner)).data.node;
    expect(withBids.bids.totalCount).toBeGreaterThanOrEqual(2);
    const bids = (
      await post(
        a.url,
        `query($id: ID!) { node(id: $id) { ... on Tender { bids(first: 50) { nodes { id status } } } } }`,
        { id: roundId },
        owner,
      )
    ).body.data.node.bids.nodes as { id: string; status: string }[];
    await pauseAll();
    try {
      const award = await post(
        a.url,
        'mutation($i: AwardTenderInput!) { awardTender(input: $i) { tender { status } userErrors { code message } } }',
        {
          i: {
            tenderId: roundId,
            expectedVersion: withBids.version,
            winningBidId: bids.find((bid) => bid.status === 'SUBMITTED' || bid.status === 'VALID')!.id,
            contractAmountYen: 1_000_000,
            overrideReason: 'レプリカ試験',
          },
        },
        owner,
      );
      expect(award.body.data.awardTender.userErrors).toEqual([]);
      // On a lagging replica the round is still closed and sealed, as a whole.
      expect((await round(b)).data.node).toEqual(sealed);
      expect((await round(b, other)).data.node).toEqual(sealed);
      // The owner, who awarded it, reads the primary: opened, with its bids.
      const awarded = (await round(b, owner)).data.node;
      expect(awarded.status).toBe('AWARDED');
      expect(awarded.bids.totalCount).toBe(withBids.bids.totalCount);
      // The cache's anonymous answer is computed where the award is: opened, with its bids.
      const cached = (await round(a)).data.node;
      expect(cached).toEqual(awarded);
    } finally {
      await resumeAll();
    }
    await caughtUp(b);
    expect((await round(b)).data.node.status).toBe('AWARDED');
    expect((await round(b)).data.node.bids.totalCount).toBe(withBids.bids.totalCount);
  });

  it('refuses a revoked token at once, however far behind the replicas are', async () => {
    expect((await post(b.url, '{ ministries(first: 1) { totalCount } }', {}, revocable.headers)).status).toBe(200);
    await pauseAll();
    try {
      await revokeToken(orm.em.fork(), revocable.id);
      const r = await post(b.url, '{ ministries(first: 1) { totalCount } }', {}, revocable.headers);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await resumeAll();
    }
  });

  it('counts rate limits on the primary, whatever the replicas hold', async () => {
    await pauseAll();
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(c.url, '{ ministries(first: 1) { totalCount } }', {}, other)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await resumeAll();
    }
  });

  it('stops reading a replica further behind than REPLICA_MAX_LAG_SECONDS, says so in /readyz, and uses it again once it catches up', async () => {
    await caughtUp(b);
    await replicas[1].pauseReplay();
    try {
      await rename('遅れたレプリカは使わない');
      const lagging = await eventually(
        'replica2 reported behind',
        () => readyz(b),
        (r) => r.body.checks.replicas.details.replica2.serving === false,
      );
      expect(lagging.status).toBe(200);
      expect(lagging.body.checks.replicas.status).toBe('degraded');
      expect(lagging.body.checks.replicas.reason).toMatch(
        /^replica2: \d+ s behind the primary \(REPLICA_MAX_LAG_SECONDS 5\); reads go to replica1$/,
      );
      expect(lagging.body.checks.replicas.details.replica2.lagBytes).toBeGreaterThan(0);
      const metrics = await (await fetch(`${b.base}/metrics`)).text();
      expect(Number(/^tracker_replica_lag_seconds\{replica="replica2"\} ([\d.]+)$/m.exec(metrics)![1])).toBeGreaterThan(5);
      const reads = await routedDuring(b, async () => {
        for (let i = 0; i < 4; i++) expect((await project(b)).data.node.name).toBe('遅れたレプリカは使わない');
      });
      expect(reads).toEqual({ replica1: 4 });
    } finally {
      await replicas[1].resumeReplay();
    }
    await caughtUp(b);
    const reads = await routedDuring(b, async () => {
      for (let i = 0; i < 4; i++) await project(b);
    });
    expect(reads).toEqual({ replica1: 2, replica2: 2 });
  });

  it('checks a replica again as soon as a read on it fails, so at most the reads under way on it fail, retryably', async () => {
    await caughtUp(c);
    await replicas[1].stop('immediate');
    try {
      const answers: { status: number; code?: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await post(c.url, PROJECT, { id: projectId });
        answers.push({ status: r.status, code: r.body.errors?.[0]?.extensions?.code });
      }
      // C checks its replicas once a minute: only the failed read told it replica2 was gone.
      const failed = answers.filter((x) => x.status !== 200);
      expect(failed.length).toBeLessThanOrEqual(1);
      for (const f of failed) expect(f).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      await eventually(
        'replica2 reported down',
        () => readyz(c),
        (r) => r.body.checks.replicas.details.replica2.serving === false,
        5_000,
      );
      const reads = await routedDuring(c, async () => {
        for (let i = 0; i < 4; i++) expect((await post(c.url, PROJECT, { id: projectId })).status).toBe(200);
      });
      expect(reads).toEqual({ replica1: 4 });
    } finally {
      await replicas[1].start();
    }
  });

  it('reads the primary while every replica is down, and a replica again once it is back', async () => {
    await caughtUp(b);
    await replicas[0].stop('immediate');
    await replicas[1].stop('immediate');
    try {
      const down = await eventually(
        'both replicas reported down',
        () => readyz(b),
        (r) => Object.values(r.body.checks.replicas.details as Record<string, { serving: boolean }>).every((d) => !d.serving),
      );
      expect(down.status).toBe(200);
      expect(down.body.checks.replicas.reason).toBe('replica1: unreachable; replica2: unreachable; reads go to the primary');
      const metrics = await (await fetch(`${b.base}/metrics`)).text();
      expect(metrics).toMatch(/^tracker_replica_up\{replica="replica1"\} 0$/m);
      const reads = await routedDuring(b, async () => {
        for (let i = 0; i < 3; i++) {
          const r = await post(b.url, PROJECT, { id: projectId });
          expect(r.status).toBe(200);
          expect(r.body.errors).toBeUndefined();
        }
      });
      expect(reads).toEqual({ primary: 3 });
    } finally {
      await replicas[0].start();
      await replicas[1].start();
    }
    await caughtUp(b);
    const reads = await routedDuring(b, async () => {
      for (let i = 0; i < 2; i++) await project(b);
    });
    expect(reads).toEqual({ replica1: 1, replica2: 1 });
    // Nothing at error level in either server's log through all of it.
    for (const server of [a, b])
      expect(
        server
          .log()
          .split('\n')
          .filter((line) => /"level":(5|6)\d/.test(line)),
      ).toEqual([]);
  });
});
