import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../src/core/db/orm.js';
import { ENTITIES } from '../../src/entities.js';
import { Role } from '../../src/core/auth/viewer.js';
import { issueToken } from '../../src/modules/access/token.service.js';
import { missingFaultTool, SLOW_FAULTS } from '../support/fault-tools.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../bench/postgres-cluster.js';

/**
 * The fault run (README "When things fail"), slow, so only with FAULTS_SLOW=1 (`npm run
 * test:faults:slow`, its own CI step): two API processes over a throwaway PostgreSQL
 * cluster, writers and readers running throughout, while the cluster is stopped and
 * restarted, crashed and restarted, its connections are killed, and one API process is
 * killed with SIGKILL and replaced. Writers retry faults and lost replies with the same
 * Idempotency-Key, as clients are told to. Afterwards: every acknowledged write is there
 * exactly once, nothing else was written, the data version moved once per write, no answer
 * was INTERNAL_SERVER_ERROR, and the figures are printed.
 */
const missing = SLOW_FAULTS ? missingFaultTool('postgres') : 'a slow scenario: runs with FAULTS_SLOW=1 (npm run test:faults:slow)';

const MUTATION = `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id name } userErrors { code message } } }`;
const READ =
  '{ targetProjects(first: 20, orderBy: { field: NAME, direction: ASC }) { totalCount nodes { id name latestTender { id status } } } }';
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT', 'REQUEST_TIMEOUT']);

function rssKb(pid: number | undefined): number | null {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  } catch {
    return null;
  }
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);

describe.skipIf(missing !== null)('the fault run: two API processes through outages, crashes and kills', () => {
  let cluster: ThrowawayPostgres;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await cluster?.destroy();
  });

  it('loses no acknowledged write, lands no refused one, answers only data or retryable faults, and recovers', async () => {
    cluster = await startThrowawayPostgres();
    const env = {
      DATABASE_URL: cluster.url,
      SEED_ON_START: '1',
      LOG_LEVEL: 'warn',
      DB_STATEMENT_TIMEOUT_MS: '5000',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_TOKEN: '0',
    };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const orm = await openDatabase({ dialect: 'postgresql', url: cluster.url }, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'fault run' });
    await orm.close(true);
    const db = async <R>(sql: string): Promise<R[]> => {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        return (await client.query(sql)).rows as R[];
      } finally {
        await client.end();
      }
    };
    const [{ version: versionBefore }] = await db<{ version: string }>('SELECT version FROM data_version WHERE id = 1');
    const rssBefore = servers.map((s) => rssKb(s.child.pid));

    const tally = {
      replayed: 0,
      acknowledged: 0,
      retries: 0,
      lostReplies: 0,
      faults: new Map<string, number>(),
      internal: 0,
      reads: 0,
      readFaults: 0,
      gaveUp: 0,
    };
    const acknowledged = new Map<string, string>();
    let stop = false;
    let turn = 0;
    const pick = () => servers[turn++ % servers.length];

    const write = async (name: string, key: string): Promise<void> => {
      for (let attempt = 0; attempt < 200 && !stop; attempt++) {
        if (attempt > 0) tally.retries++;
        const server = pick();
        try {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
            body: JSON.stringify({
              query: MUTATION,
              variables: {
                i: {
                  ministryCode: 'MOJ',
                  name,
                  summary: '耐障害試験',
                  category: 'COUNTER_SERVICE',
                  method: 'PRIVATE',
                  baselineAnnualCostYen: 100_000_000,
                },
              },
            }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
          const code = body.errors?.[0]?.extensions?.code;
          if (code) {
            if (!RETRYABLE.has(code)) tally.internal++;
            tally.faults.set(code, (tally.faults.get(code) ?? 0) + 1);
            await sleep(100);
            continue;
          }
          const payload = body.data.createTargetProject;
          expect(payload.userErrors).toEqual([]);
          if (response.headers.get('idempotency-replayed') === 'true') tally.replayed++;
          acknowledged.set(name, payload.targetProject.id);
          tally.acknowledged++;
          return;
        } catch {
          // The process died or the connection broke: the write may or may not have landed.
          tally.lostReplies++;
          await sleep(100);
        }
      }
      tally.gaveUp++;
    };
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) await write(`耐障害 ${w}-${i}`, `fault-run-${w}-${i}`);
    };
    const reader = async () => {
      while (!stop) {
        try {
          const response = await fetch(pick().url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: READ }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
          tally.reads++;
          for (const e of body.errors ?? []) {
            if (!RETRYABLE.has(e.extensions?.code ?? '')) tally.internal++;
            else tally.readFaults++;
          }
        } catch {
          tally.lostReplies++;
        }
        await sleep(20);
      }
    };

    // How long after PostgreSQL accepts connections again until both processes answer.
    const recoveries: number[] = [];
    const untilServed = async () => {
      const from = Date.now();
      for (const server of servers) {
        for (;;) {
          const r = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ ministries { totalCount } }' }),
          }).catch(() => null);
          if (r?.status === 200 && !((await r.json()) as { errors?: unknown }).errors) break;
          await sleep(10);
        }
      }
      recoveries.push(Date.now() - from);
    };

    const load = [0, 1, 2, 3].map(writer).concat([reader(), reader()]);
    await sleep(4000);
    await cluster.stop('fast');
    await sleep(3000);
    await cluster.start();
    await untilServed();
    await sleep(3000);
    await db("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'market-testing-tracker'");
    await sleep(3000);
    const victim = servers.shift()!;
    victim.child.kill('SIGKILL');
    await victim.stop();
    servers.push(await startServerProcess(env));
    await sleep(3000);
    await cluster.stop('immediate');
    await sleep(3000);
    await cluster.start();
    await untilServed();
    await sleep(4000);
    stop = true;
    await Promise.all(load);

    const rows = await db<{ name: string; n: string }>(
      "SELECT name, count(*) AS n FROM target_project WHERE name LIKE '耐障害 %' GROUP BY name",
    );
    const [{ version: versionAfter }] = await db<{ version: string }>('SELECT version FROM data_version WHERE id = 1');
    const rssAfter = servers.map((s) => rssKb(s.child.pid));
    console.log(
      `[fault figures] ${tally.acknowledged} writes acknowledged, ${tally.retries} retries (${tally.lostReplies} lost replies, ${tally.replayed} answered from the first attempt by Idempotency-Key), faults ${JSON.stringify(Object.fromEntries(tally.faults))}, ` +
        `${tally.reads} reads (${tally.readFaults} retryable field errors), INTERNAL ${tally.internal}, gave up ${tally.gaveUp}; ` +
        `recovery after PostgreSQL returned (both processes answering): ${recoveries.join(' ms, ')} ms (median ${median(recoveries)} ms); ` +
        `RSS kB before ${rssBefore.join('/')} after ${rssAfter.join('/')}`,
    );

    const internalLines = [victim, ...servers].flatMap((s) => s.log().split('\n')).filter((l) => l.includes('"level":50'));
    expect(tally.internal, internalLines.join('\n').slice(0, 4000)).toBe(0);
    expect(tally.gaveUp).toBe(0);
    expect(tally.acknowledged).toBeGreaterThan(20);
    // Every acknowledged write is there exactly once; nothing unacknowledged slipped in twice.
    const counts = new Map(rows.map((r) => [r.name, Number(r.n)]));
    for (const name of acknowledged.keys()) expect(counts.get(name), name).toBe(1);
    for (const [name, n] of counts) expect(n, name).toBe(1);
    // A write that landed but whose reply was lost was retried to an acknowledgement.
    expect(rows.length).toBe(acknowledged.size);
    // One data-version step per write (none lost), and at most one more per write from the
    // write pipeline's consumers: the notifications consumer moves the version once per batch
    // of events that changed public data, a batch holding one event or more.
    const steps = Number(versionAfter) - Number(versionBefore);
    expect(steps).toBeGreaterThanOrEqual(acknowledged.size);
    expect(steps).toBeLessThanOrEqual(2 * acknowledged.size);
  }, 240_000);
});
