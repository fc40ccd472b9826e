import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingFaultTool } from '../support/fault-tools.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';

/**
 * Redis, the rate limits' shared store, hung or gone (README "Dependencies"): the API keeps
 * answering within its deadlines, counts in each process's memory meanwhile (limits still
 * enforced per process), says so on /readyz and /metrics, and returns to Redis once it answers.
 * A compiled server process against a redis-server of the test's own, never the machine's.
 */

const missing = missingFaultTool('redis');

/** Requests per minute per address; each scenario uses addresses of its own (TRUST_PROXY=1). */
const LIMIT = 10;
/** How long Redis stays frozen: well past the 200 ms command timeout and the 3 s cool-down. */
const FREEZE_MS = 8_000;
/** A request taking this long while Redis is down would mean Redis is still being waited on. */
const GENEROUS_BOUND_MS = 5_000;

interface Timed {
  status: number;
  ms: number;
}

interface Readiness {
  status: string;
  checks: Record<string, { status: string; reason?: string; latencyMs?: number }>;
}

describe.skipIf(missing !== null)('a frozen or stopped Redis does not freeze the API', () => {
  let redis: ThrowawayRedis;
  let server: ServerProcess;
  let addresses = 0;
  /** A fresh client address (X-Forwarded-For), so every count starts from zero. */
  const newAddress = () => `10.77.${addresses >> 8}.${addresses++ & 255}`;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    server = await startServerProcess({
      DATABASE_URL: 'sqlite::memory:',
      SEED_ON_START: '0',
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_IP: String(LIMIT),
      RATE_LIMIT_PER_TOKEN: '0',
      TRUST_PROXY: '1',
      // The breaker's open/closed lines are at warn and info.
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.cleanup();
  });

  async function ask(address: string): Promise<Timed> {
    const started = performance.now();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ ministries { totalCount } }' }),
      signal: AbortSignal.timeout(40_000),
    });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  }

  async function readiness(): Promise<Readiness & { httpStatus: number; ms: number }> {
    const started = performance.now();
    const response = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as Readiness;
    return { ...body, httpStatus: response.status, ms: performance.now() - started };
  }

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${server.base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{dependency="redis"} `));
    return line ? Number(line.split(' ')[1]) : 0;
  }

  /** Whether Redis holds the limiter's count for `address` (a connection of its own, never retried). */
  async function countedInRedis(address: string): Promise<number | null> {
    const control = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      commandTimeout: 1_000,
      connectTimeout: 1_000,
    });
    control.on('error', () => {});
    try {
      await control.connect();
      const value = await control.get(`ip:${address}`);
      return value === null ? null : Number(value);
    } catch {
      return null;
    } finally {
      control.disconnect();
    }
  }

  /** Sends requests from one new address until Redis has counted one; the time it took. */
  async function timeUntilCountedInRedis(limitMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      // A new address each time: the limit must not refuse the polling itself.
      const address = newAddress();
      expect((await ask(address)).status).toBe(200);
      if ((await countedInRedis(address)) !== null) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`requests were still not counted in Redis ${limitMs} ms later`);
  }

  /** The per-process limit in memory: LIMIT requests from a new address pass, the next is 429. */
  async function expectLimitEnforced(): Promise<void> {
    const address = newAddress();
    for (let i = 1; i <= LIMIT; i++) expect((await ask(address)).status, `request ${i} of ${LIMIT}`).toBe(200);
    const over = await ask(address);
    expect(over.status, `request ${LIMIT + 1}`).toBe(429);
  }

  /** Requests (4 at a time, from new addresses) for `ms`; every one must be answered 200. */
  async function keepAsking(ms: number): Promise<Timed[]> {
    const answers: Timed[] = [];
    const started = performance.now();
    while (performance.now() - started < ms) {
      answers.push(...(await Promise.all(Array.from({ length: 4 }, () => ask(newAddress())))));
    }
    return answers;
  }

  function summary(answers: Timed[]): string {
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(0);
    return `${answers.length} requests, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`;
  }

  async function expectHealthy(): Promise<void> {
    const ready = await readiness();
    expect(ready.httpStatus).toBe(200);
    expect(ready.checks.redis).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
    expect(await metric('tracker_dependency_breaker_state')).toBe(0);
  }

  async function expectDegraded(reason: RegExp): Promise<void> {
    const ready = await readiness();
    // Still ready: requests are served, with the limits counted per process.
    expect(ready.httpStatus).toBe(200);
    expect(ready.status).toBe('ready');
    expect(ready.checks.database.status).toBe('ok');
    expect(ready.checks.redis.status).toBe('degraded');
    expect(ready.checks.redis.reason).toMatch(reason);
    expect(ready.checks.redis.reason).toMatch(/counting rate limits in this process's memory/);
    expect(ready.ms).toBeLessThan(GENEROUS_BOUND_MS);
    expect(await metric('tracker_dependency_breaker_state')).toBeGreaterThan(0);
  }

  it('counts in Redis while Redis answers', async () => {
    const address = newAddress();
    expect((await ask(address)).status).toBe(200);
    expect((await ask(address)).status).toBe(200);
    expect(await countedInRedis(address)).toBe(2);
    await expectHealthy();
    expect(await metric('tracker_dependency_fallbacks_total')).toBe(0);
  });

  it('frozen: requests keep completing fast, limits hold per process, /readyz says degraded; thawed: back to Redis', async () => {
    const fallbacksBefore = await metric('tracker_dependency_fallbacks_total');
    redis.freeze();
    const frozenAt = performance.now();
    let answers: Timed[];
    try {
      answers = await keepAsking(FREEZE_MS / 2);
      await expectDegraded(/command timed out|no answer within/);
      await expectLimitEnforced();
      answers.push(...(await keepAsking(FREEZE_MS - (performance.now() - frozenAt))));
      await expectDegraded(/command timed out|no answer within/);
      expect(performance.now() - frozenAt).toBeGreaterThanOrEqual(FREEZE_MS);
    } finally {
      redis.thaw();
    }
    const thawedAt = performance.now();
    console.log(`[redis faults] while frozen ${FREEZE_MS / 1000} s: ${summary(answers)}`);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    for (const a of answers) expect(a.ms).toBeLessThan(GENEROUS_BOUND_MS);
    expect(await metric('tracker_dependency_fallbacks_total')).toBeGreaterThan(fallbacksBefore + answers.length / 2);

    const recoveryMs = await timeUntilCountedInRedis(15_000);
    console.log(
      `[redis faults] after thaw: counting in Redis again ${recoveryMs.toFixed(0)} ms later (${(performance.now() - thawedAt).toFixed(0)} ms incl. checks)`,
    );
    await expectHealthy();
  });

  it('stopped: requests keep completing, limits hold per process; restarted on the same port: back to Redis', async () => {
    const fallbacksBefore = await metric('tracker_dependency_fallbacks_total');
    // A client that used 4 of its 10 before the outage: the process kept its own share in
    // memory too, so the fallback lets it have 6 more, not 10 (README "Dependencies").
    const regular = newAddress();
    for (let i = 0; i < 4; i++) expect((await ask(regular)).status).toBe(200);
    expect(await countedInRedis(regular)).toBe(4);
    await redis.stop();
    for (let i = 1; i <= LIMIT - 4; i++) expect((await ask(regular)).status, `request ${4 + i} of ${LIMIT}, Redis stopped`).toBe(200);
    expect((await ask(regular)).status, `request ${LIMIT + 1}, Redis stopped`).toBe(429);
    const answers = await keepAsking(1_500);
    await expectDegraded(/connection closed|not connected|connection refused/);
    await expectLimitEnforced();
    answers.push(...(await keepAsking(1_500)));
    console.log(`[redis faults] while stopped: ${summary(answers)}`);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    for (const a of answers) expect(a.ms).toBeLessThan(GENEROUS_BOUND_MS);
    expect(await metric('tracker_dependency_fallbacks_total')).toBeGreaterThan(fallbacksBefore + answers.length / 2);

    await redis.restart();
    const recoveryMs = await timeUntilCountedInRedis(15_000);
    console.log(`[redis faults] after restart: counting in Redis again ${recoveryMs.toFixed(0)} ms later`);
    await expectHealthy();
  });

  it('logged each outage once when it began and once when it ended, not per request', () => {
    const lines = server.log().split('\n');
    const opened = lines.filter((l) => l.includes('redis unavailable'));
    const closed = lines.filter((l) => l.includes('redis answers again'));
    expect(opened, opened.join('\n')).toHaveLength(2);
    expect(closed, closed.join('\n')).toHaveLength(2);
  });
});
