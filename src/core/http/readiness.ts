import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/knex';
import { DeadlineExceeded, withDeadline, type Breaker } from './breaker.js';
import type { ReadRouter } from '../db/replicas.js';

/**
 * What `GET /readyz` says about one dependency. `ok`: it answered (in `latencyMs`);
 * `degraded`: it did not, but requests are still served without it (`reason` says how);
 * `unavailable`: it did not, and requests cannot be served.
 */
export interface CheckResult {
  status: 'ok' | 'degraded' | 'unavailable';
  latencyMs?: number;
  reason?: string;
  /** Figures that say how the dependency is doing (e.g. the write pipeline's lag per consumer). */
  details?: Record<string, unknown>;
}

/**
 * One dependency's readiness check. A check never takes longer than its own deadline (a
 * dependency that hangs is reported, it does not hang /readyz); `required` dependencies
 * make the process unready (503) when they are not `ok`, the others only `degraded`.
 * New dependencies (a read replica, a queue) add a check to the list app.ts passes to
 * `readiness`.
 */
export interface DependencyCheck {
  name: string;
  required: boolean;
  /** `error`, if given, goes to the log only, never into the answer. */
  run(): Promise<CheckResult & { error?: unknown }>;
}

/** How long /readyz waits for the database before calling it unavailable. */
export const DATABASE_CHECK_DEADLINE_MS = 2_000;

const elapsed = (started: number): number => Math.round((performance.now() - started) * 10) / 10;

/** `select 1` within a deadline: the pool may be exhausted or the server hung, not just down. */
export function databaseCheck(knex: Knex, deadlineMs = DATABASE_CHECK_DEADLINE_MS): DependencyCheck {
  return {
    name: 'database',
    required: true,
    async run() {
      const started = performance.now();
      try {
        await withDeadline(Promise.resolve(knex.raw('select 1')), deadlineMs);
        return { status: 'ok', latencyMs: elapsed(started) };
      } catch (err) {
        // Never the driver's message: it may name hosts, users or SQL.
        return {
          status: 'unavailable',
          reason: err instanceof DeadlineExceeded ? `no answer within ${deadlineMs} ms` : 'unreachable',
          error: err,
        };
      }
    },
  };
}

/**
 * A dependency behind a breaker that requests can do without: pinged through the breaker
 * (so /readyz, which load balancers poll, also finds a hang when no request is coming in),
 * `degraded` with the breaker's reason and the fallback while it is open.
 */
export function breakerCheck(breaker: Breaker, ping: () => Promise<unknown>): DependencyCheck {
  return {
    name: breaker.dependency,
    required: false,
    async run() {
      const started = performance.now();
      try {
        await breaker.call(ping);
        return { status: 'ok', latencyMs: elapsed(started) };
      } catch {
        return { status: 'degraded', reason: `${breaker.reason ?? 'unavailable'}; ${breaker.fallback}` };
      }
    },
  };
}

/**
 * The read replicas (docs/replicas.md), as their last check found them: `ok` while every one
 * serves reads, `degraded` (with who is not, why, and where reads go instead) otherwise. Never
 * required: with no replica serving, reads go to the primary, which the database check covers.
 */
export function replicaCheck(router: ReadRouter): DependencyCheck {
  return {
    name: 'replicas',
    required: false,
    async run() {
      const states = router.states();
      const details = Object.fromEntries(
        states.map((s) => [s.name, { serving: s.reason === null, lagSeconds: s.lagSeconds, lagBytes: s.lagBytes }]),
      );
      const out = states.filter((s) => s.reason !== null);
      if (!out.length) return { status: 'ok', details };
      const serving = states.filter((s) => s.reason === null).map((s) => s.name);
      const reason = `${out.map((s) => `${s.name}: ${s.reason}`).join('; ')}; reads go to ${serving.length ? serving.join(', ') : 'the primary'}`;
      return { status: 'degraded', reason, details };
    },
  };
}

/**
 * `GET /readyz`: every check at once; 200 `{ status: "ready", checks }` when every required
 * dependency is ok (others may be degraded), else 503 `{ status: "unavailable", reason, checks }`.
 */
export function readiness(checks: DependencyCheck[]): RequestHandler {
  return async (_req, res) => {
    const results = await Promise.all(checks.map(async (check) => [check, await check.run()] as const));
    const failed = results.filter(([check, result]) => check.required && result.status !== 'ok');
    const body = Object.fromEntries(results.map(([check, { error: _internal, ...result }]) => [check.name, result]));
    if (failed.length === 0) {
      res.json({ status: 'ready', checks: body });
      return;
    }
    const reason = failed.map(([check]) => `${check.name} unreachable`).join(', ');
    res.locals.log?.warn({ checks: body, err: failed[0][1].error }, `readiness check failed: ${reason}`);
    res.status(503).json({ status: 'unavailable', reason, checks: body });
  };
}
