import type { Knex } from '@mikro-orm/knex';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { Breaker } from './breaker.js';
import { breakerCheck, databaseCheck } from './readiness.js';

/** /readyz's checks (README "Dependencies"): each within its own deadline, a reason when not ok. */

const knexAnswering = (raw: () => Promise<unknown>) => ({ raw }) as unknown as Knex;
const quiet = { warn() {}, info() {}, debug() {} } as unknown as Logger;

describe('databaseCheck', () => {
  it('is ok with its latency when the database answers', async () => {
    const result = await databaseCheck(knexAnswering(async () => [{ 1: 1 }])).run();
    expect(result).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
  });

  it('is unavailable after its deadline when the database never answers, instead of hanging /readyz', async () => {
    const started = Date.now();
    const result = await databaseCheck(
      knexAnswering(() => new Promise(() => {})),
      100,
    ).run();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ status: 'unavailable', reason: 'no answer within 100 ms' });
  });

  it('gives "unreachable" as the reason for a driver error, never its message', async () => {
    const result = await databaseCheck(
      knexAnswering(() => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 user tracker'))),
    ).run();
    expect(result.status).toBe('unavailable');
    expect(result.reason).toBe('unreachable');
  });
});

describe('breakerCheck', () => {
  it('is ok while the dependency answers, degraded with the reason and the fallback once it does not', async () => {
    const breaker = new Breaker({
      dependency: 'redis',
      deadlineMs: 50,
      coolDownMs: 60_000,
      logger: quiet,
      fallback: "counting rate limits in this process's memory",
    });
    let hung = false;
    const check = breakerCheck(breaker, () => (hung ? new Promise(() => {}) : Promise.resolve('PONG')));
    expect(check.required).toBe(false);
    expect(await check.run()).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
    hung = true;
    expect(await check.run()).toEqual({
      status: 'degraded',
      reason: "no answer within 50 ms; counting rate limits in this process's memory",
    });
    // Open now: answered at once from the breaker, without asking.
    const started = Date.now();
    expect((await check.run()).status).toBe('degraded');
    expect(Date.now() - started).toBeLessThan(40);
  });
});
