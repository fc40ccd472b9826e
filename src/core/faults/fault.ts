/**
 * Faults that are not the caller's mistake nor a bug: a dependency that does not answer, a
 * pool with no free connection, a statement or lock wait cut short. They are answered as
 * what they are (README "When things fail"): a coded error with `retryable: true` and a
 * `Retry-After`, never a bare INTERNAL_SERVER_ERROR, so a client can tell "try again
 * shortly" from "this is broken".
 */
export type FaultCode = 'SERVICE_UNAVAILABLE' | 'TIMEOUT';

export interface Fault {
  code: FaultCode;
  /** Safe to show a caller: says what happened and what to do, never SQL or values. */
  message: string;
  retryAfterSeconds: number;
  /** A short, stable name for logs and metrics (`database-unreachable`, `statement-timeout`, …). */
  reason: string;
}

const UNREACHABLE: Fault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'the database is not reachable at the moment; retry shortly (a mutation sent with an Idempotency-Key can be retried safely)',
  retryAfterSeconds: 5,
  reason: 'database-unreachable',
};
const POOL_EXHAUSTED: Fault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'every database connection of this server is busy; retry shortly',
  retryAfterSeconds: 2,
  reason: 'pool-exhausted',
};
const BUSY: Fault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'the database is busy with another writer; retry shortly (nothing was written)',
  retryAfterSeconds: 2,
  reason: 'database-busy',
};
const CONFLICT: Fault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'the write collided with a concurrent one and was rolled back; retry it',
  retryAfterSeconds: 1,
  reason: 'transaction-conflict',
};
const STATEMENT_TIMEOUT: Fault = {
  code: 'TIMEOUT',
  message: 'the database took too long and the statement was cancelled; retry shortly, or ask for less (smaller pages, fewer levels)',
  retryAfterSeconds: 5,
  reason: 'statement-timeout',
};
const LOCK_TIMEOUT: Fault = {
  code: 'TIMEOUT',
  message: 'the rows this write needs were held by another transaction for too long; retry shortly (nothing was written)',
  retryAfterSeconds: 2,
  reason: 'lock-timeout',
};

const ABORTED: Fault = {
  code: 'SERVICE_UNAVAILABLE',
  message: 'the database connection was lost in the middle of the write, which was rolled back; retry it',
  retryAfterSeconds: 2,
  reason: 'transaction-aborted',
};

/** Node's socket errors: the database (or the network to it) is not there. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** Messages of node-pg and knex that carry no code. */
const UNREACHABLE_MESSAGES = [
  /connection terminated/i,
  /connection ended unexpectedly/i,
  /client has encountered a connection error/i,
  /terminating connection due to/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection is closed/i,
];

function classifyOne(e: Record<string, unknown>): Fault | null {
  const code = typeof e.code === 'string' ? e.code : undefined;
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code && NETWORK_CODES.has(code)) return UNREACHABLE;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return BUSY;
  if (sqlState) {
    // PostgreSQL's SQLSTATE classes: 08 connection exception, 53
    // insufficient resources, 57P01–57P03 shutting down / cannot connect now.
    if (sqlState.startsWith('08') || sqlState.startsWith('53') || /^57P0[1-3]$/.test(sqlState)) return UNREACHABLE;
    if (sqlState === '57014') return STATEMENT_TIMEOUT;
    if (sqlState === '55P03') return LOCK_TIMEOUT;
    if (sqlState === '40001' || sqlState === '40P01') return CONFLICT;
  }
  if (name === 'KnexTimeoutError' || /Timeout acquiring a connection/i.test(message)) return POOL_EXHAUSTED;
  if (name === 'ConnectionException') return UNREACHABLE;
  // knex ends a transaction whose connection broke; the work's next statement then finds
  // it complete. Our writes never run a statement after their own commit, so this is the
  // broken connection showing, one statement later.
  if (/Transaction query already complete/.test(message)) return ABORTED;
  if (UNREACHABLE_MESSAGES.some((re) => re.test(message))) return UNREACHABLE;
  return null;
}

/**
 * The fault an error stands for, looking through the ORM's and GraphQL's wrappers
 * (`originalError`, `cause`), or null when it is none of the known ones (then it is an
 * internal error: logged, answered INTERNAL_SERVER_ERROR).
 */
export function classifyFault(error: unknown): Fault | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const found = classifyOne(e as Record<string, unknown>);
    if (found) return found;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

/** The extensions a fault is answered with. */
export function faultExtensions(fault: Fault): Record<string, unknown> {
  return { code: fault.code, retryable: true, retryAfterSeconds: fault.retryAfterSeconds };
}

/** Codes a client may retry as they are (README "When things fail"). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT', 'REQUEST_TIMEOUT']);
