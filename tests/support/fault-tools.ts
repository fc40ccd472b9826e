import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBin } from '../../bench/postgres-cluster.js';

/**
 * What the fault tests (tests/faults/) need from the machine: PostgreSQL's server programs
 * (`initdb`, `pg_ctl`, `postgres`; Debian's postgresql package) for a throwaway cluster, and
 * `redis-server` for a throwaway Redis. Neither is needed to use or test the service
 * otherwise, so without them the fault tests are skipped with this reason printed; CI sets
 * REQUIRE_FAULT_TOOLS=1, which turns their absence into a failure.
 */
export interface FaultTools {
  /** Folder holding initdb, pg_ctl and postgres. */
  postgresBin: string | null;
  redisServer: string | null;
}

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

let found: FaultTools | undefined;

export function faultTools(): FaultTools {
  found ??= { postgresBin: postgresBin(), redisServer: onPath('redis-server') };
  return found;
}

/** Why the fault tests that need `what` cannot run here, or null when they can. */
export function missingFaultTool(what: 'postgres' | 'replication' | 'redis'): string | null {
  const tools = faultTools();
  const reason =
    what === 'postgres' && !tools.postgresBin
      ? "PostgreSQL server programs (initdb, pg_ctl) not found: install Debian's postgresql package to run the PostgreSQL fault tests"
      : what === 'replication' && !(tools.postgresBin && existsSync(join(tools.postgresBin, 'pg_basebackup')))
        ? "PostgreSQL server programs with pg_basebackup not found: install Debian's postgresql package to run the read-replica tests"
        : what === 'redis' && !tools.redisServer
          ? "redis-server not found: install Debian's redis-server package to run the Redis fault tests"
          : null;
  if (reason && process.env.REQUIRE_FAULT_TOOLS === '1') throw new Error(`REQUIRE_FAULT_TOOLS=1 but ${reason}`);
  if (reason) console.warn(`[fault tests] skipped: ${reason}`);
  return reason;
}

/**
 * Slow fault scenarios (a soak, repeated kills) run only with FAULTS_SLOW=1, a separate CI
 * step (`npm run test:faults:slow`); the fast ones take seconds each and run in `npm test`.
 */
export const SLOW_FAULTS = process.env.FAULTS_SLOW === '1';
