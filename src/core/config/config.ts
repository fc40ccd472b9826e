import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './heap.js';

/** Where the data lives: an embedded SQLite file (or memory) or a PostgreSQL server. */
export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgresql'; url: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Everything the process reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  logLevel: LogLevel;
  /** `TRACKER_DIAGNOSTICS=1`: each response carries `extensions.diagnostics`. */
  diagnostics: boolean;
  /** Seed sample data into an empty database at start (`SEED_ON_START`, default on). */
  seedOnStart: boolean;
  /** PostgreSQL connections per process (`DB_POOL_SIZE`, default 10; SQLite always uses one). */
  poolSize: number;
  /** PostgreSQL statement timeout in ms (`DB_STATEMENT_TIMEOUT_MS`, default 15000; 0 = none). */
  statementTimeoutMs: number;
  /**
   * How long a request waits for a free PostgreSQL connection before it is answered
   * SERVICE_UNAVAILABLE (`DB_ACQUIRE_TIMEOUT_MS`, default 5000): an exhausted pool sheds load
   * with a retryable 503 instead of queueing requests until the request timeout.
   */
  acquireTimeoutMs: number;
  /** `INTROSPECTION=false` turns schema introspection off (default on, for GraphiQL and codegen). */
  introspection: boolean;
  /**
   * `COMPILED_EXECUTION=0` runs every query through graphql-js instead of compiling it with
   * graphql-jit (default on; core/graphql/compiled-execution.ts). The answers are the same.
   */
  compiledExecution: boolean;
  /** `NODE_ENV=production`: field suggestions are hidden from error messages. */
  production: boolean;
  /** Requests per minute from one client address (`RATE_LIMIT_PER_IP`, default 1200; 0 = off). */
  rateLimitPerIp: number;
  /** Requests per minute with one token (`RATE_LIMIT_PER_TOKEN`, default 600; 0 = off). */
  rateLimitPerToken: number;
  /** `REDIS_URL`: keep rate-limit state in Redis (else PostgreSQL when it is the database, else memory). */
  redisUrl: string | null;
  /** A Redis command not answered within this many ms counts as failed (`REDIS_COMMAND_TIMEOUT_MS`, default 200). */
  redisCommandTimeoutMs: number;
  /** `TRUST_PROXY`: how many proxies in front set X-Forwarded-For (default 0: use the socket address). */
  trustProxy: number;
  /** A request that takes longer is answered 503 (`REQUEST_TIMEOUT_MS`, default 30000). */
  requestTimeoutMs: number;
  /** Largest request body accepted (`MAX_BODY_BYTES`, default 102400). */
  maxBodyBytes: number;
  /** Query limits (`QUERY_MAX_COST`, `QUERY_MAX_NODES`, `QUERY_MAX_DEPTH`). */
  queryMaxCost: number;
  queryMaxNodes: number;
  queryMaxDepth: number;
  /** `TRUSTED_DOCUMENTS`: path of a persisted-documents manifest; non-admins may send only those. */
  trustedDocuments: string | null;
  /** `GRAPHIQL`: serve GraphiQL at /graphql (default on, off when TRUSTED_DOCUMENTS is set). */
  graphiql: boolean;
  /** `RESPONSE_CACHE_MB`: memory for cached anonymous query responses (default 64; 0 = off). */
  responseCacheMb: number;
  /**
   * `HEAP_GROWTH_PERCENT`: how far the JavaScript heap may grow past what the last full
   * collection kept before the next one (default 100; 0 = V8's own choice). core/config/heap.ts.
   */
  heapGrowthPercent: number;
  /** `IDEMPOTENCY_WINDOW_HOURS`: how long a mutation's `Idempotency-Key` is remembered (default 24). */
  idempotencyWindowHours: number;
  /**
   * `TRACKER_FAILPOINT`, for tests only (docs/stack.md "Services the tests use"):
   * `exit-after-commit` kills the process right after a mutation commits, before it answers;
   * `exit-in-consumer` kills it inside a consumer's transaction of the write pipeline.
   */
  failpoint: Failpoint | null;
  /**
   * The write pipeline (ARCHITECTURE.md "The write pipeline"): how often each process looks
   * at the outbox without being kicked by a write of its own (`OUTBOX_POLL_MS`, default 500:
   * the bound on how late another process's write reaches the consumers), how long handled
   * events are kept (`OUTBOX_RETENTION_HOURS`, default 168) and from what lag /readyz reports
   * the pipeline as degraded (`OUTBOX_LAG_ALERT_SECONDS`, default 60).
   */
  outboxPollMs: number;
  outboxRetentionHours: number;
  outboxLagAlertSeconds: number;
  /** Webhooks of saved searches (docs/notifications.md "Webhooks", "Settings"). */
  webhooks: WebhookSettings;
  /** `SHUTDOWN_GRACE_MS`: after SIGTERM/SIGINT, the time in-flight work gets before the process exits anyway (default 10000). */
  shutdownGraceMs: number;
  /** PostgreSQL read replicas (README "Running in production", docs/replicas.md). */
  replicas: ReplicaSettings;
}

/**
 * Read replicas (docs/replicas.md): `DATABASE_REPLICA_URLS` (comma list of `postgres://` URLs
 * of streaming replicas of `DATABASE_URL`; default none: every read on the primary),
 * `REPLICA_MAX_LAG_SECONDS` (a replica further behind serves no reads until it catches up;
 * default 5) and `REPLICA_CHECK_MS` (how often each process measures every replica's lag;
 * default 1000).
 */
export interface ReplicaSettings {
  urls: string[];
  maxLagSeconds: number;
  checkMs: number;
}

export const FAILPOINTS = ['exit-after-commit', 'exit-in-consumer'] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

/** Thrown with every problem found, so a user fixes the environment in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/tracker.sqlite';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the configuration; throws `ConfigError` listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT, problems);
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (!host) problems.push('HOST is empty; leave it unset for 127.0.0.1');

  let database: DatabaseTarget = { dialect: 'sqlite', file: ':memory:' };
  try {
    database = parseDatabaseUrl(env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL, cwd);
  } catch (e) {
    problems.push((e as Error).message);
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  const diagnostics = parseFlag('TRACKER_DIAGNOSTICS', env.TRACKER_DIAGNOSTICS, false, problems);
  const seedOnStart = parseFlag('SEED_ON_START', env.SEED_ON_START, true, problems);
  const poolSize = parseInteger('DB_POOL_SIZE', env.DB_POOL_SIZE, 10, 1, 500, problems);
  const statementTimeoutMs = parseInteger('DB_STATEMENT_TIMEOUT_MS', env.DB_STATEMENT_TIMEOUT_MS, 15_000, 0, 3_600_000, problems);
  const acquireTimeoutMs = parseInteger('DB_ACQUIRE_TIMEOUT_MS', env.DB_ACQUIRE_TIMEOUT_MS, 5_000, 100, 600_000, problems);

  const introspection = parseFlag('INTROSPECTION', env.INTROSPECTION, true, problems);
  const compiledExecution = parseFlag('COMPILED_EXECUTION', env.COMPILED_EXECUTION, true, problems);
  const production = (env.NODE_ENV ?? '').trim() === 'production';
  const rateLimitPerIp = parseInteger('RATE_LIMIT_PER_IP', env.RATE_LIMIT_PER_IP, 1200, 0, 10_000_000, problems);
  const rateLimitPerToken = parseInteger('RATE_LIMIT_PER_TOKEN', env.RATE_LIMIT_PER_TOKEN, 600, 0, 10_000_000, problems);
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push(`REDIS_URL must start with redis:// or rediss:// (got "${redact(redisUrl)}")`);
  const redisCommandTimeoutMs = parseInteger('REDIS_COMMAND_TIMEOUT_MS', env.REDIS_COMMAND_TIMEOUT_MS, 200, 10, 10_000, problems);
  const trustProxy = parseInteger('TRUST_PROXY', env.TRUST_PROXY, 0, 0, 10, problems);
  const requestTimeoutMs = parseInteger('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 30_000, 1_000, 600_000, problems);
  const maxBodyBytes = parseInteger('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 102_400, 1_024, 10_485_760, problems);
  const queryMaxCost = parseInteger('QUERY_MAX_COST', env.QUERY_MAX_COST, 1_000_000, 1, 1_000_000_000, problems);
  const queryMaxNodes = parseInteger('QUERY_MAX_NODES', env.QUERY_MAX_NODES, 150_000, 1, 100_000_000, problems);
  const queryMaxDepth = parseInteger('QUERY_MAX_DEPTH', env.QUERY_MAX_DEPTH, 14, 1, 100, problems);
  const trustedDocuments = env.TRUSTED_DOCUMENTS?.trim() ? resolve(cwd, env.TRUSTED_DOCUMENTS.trim()) : null;
  const graphiql = parseFlag('GRAPHIQL', env.GRAPHIQL, trustedDocuments === null, problems);
  const responseCacheMb = parseInteger('RESPONSE_CACHE_MB', env.RESPONSE_CACHE_MB, 64, 0, 65_536, problems);
  const heapGrowthPercent = parseInteger('HEAP_GROWTH_PERCENT', env.HEAP_GROWTH_PERCENT, DEFAULT_HEAP_GROWTH_PERCENT, 0, 300, problems);
  const idempotencyWindowHours = parseInteger('IDEMPOTENCY_WINDOW_HOURS', env.IDEMPOTENCY_WINDOW_HOURS, 24, 1, 720, problems);
  const failpointRaw = env.TRACKER_FAILPOINT?.trim() || null;
  let failpoint: Failpoint | null = null;
  if (failpointRaw !== null) {
    if (!(FAILPOINTS as readonly string[]).includes(failpointRaw))
      problems.push(`TRACKER_FAILPOINT must be one of ${FAILPOINTS.join(', ')} (got "${failpointRaw}")`);
    else if (production)
      problems.push('TRACKER_FAILPOINT is for tests: it kills the process on purpose and is refused with NODE_ENV=production');
    else failpoint = failpointRaw as Failpoint;
  }
  const shutdownGraceMs = parseInteger('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 10_000, 100, 600_000, problems);
  const outboxPollMs = parseInteger('OUTBOX_POLL_MS', env.OUTBOX_POLL_MS, 500, 10, 600_000, problems);
  const outboxRetentionHours = parseInteger('OUTBOX_RETENTION_HOURS', env.OUTBOX_RETENTION_HOURS, 168, 1, 87_600, problems);
  const outboxLagAlertSeconds = parseInteger('OUTBOX_LAG_ALERT_SECONDS', env.OUTBOX_LAG_ALERT_SECONDS, 60, 1, 86_400, problems);
  const webhooks: WebhookSettings = {
    allowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    maxAttempts: parseInteger('WEBHOOK_MAX_ATTEMPTS', env.WEBHOOK_MAX_ATTEMPTS, 10, 1, 50, problems),
    retryBaseMs: parseInteger('WEBHOOK_RETRY_BASE_MS', env.WEBHOOK_RETRY_BASE_MS, 60_000, 10, 86_400_000, problems),
    timeoutMs: parseInteger('WEBHOOK_TIMEOUT_MS', env.WEBHOOK_TIMEOUT_MS, 10_000, 100, 120_000, problems),
    pollMs: parseInteger('WEBHOOK_POLL_MS', env.WEBHOOK_POLL_MS, 1_000, 10, 600_000, problems),
    retentionDays: parseInteger('WEBHOOK_RETENTION_DAYS', env.WEBHOOK_RETENTION_DAYS, 30, 1, 3_650, problems),
  };

  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of replicaUrls) {
    let valid = /^postgres(ql)?:\/\//.test(url);
    try {
      new URL(url);
    } catch {
      valid = false;
    }
    if (!valid) problems.push(`DATABASE_REPLICA_URLS must be a comma list of postgres:// URLs (got "${redact(url)}")`);
  }
  if (replicaUrls.length && database.dialect !== 'postgresql')
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL to be PostgreSQL (replicas are streaming replicas of it)');
  const replicas: ReplicaSettings = {
    urls: replicaUrls,
    maxLagSeconds: parseInteger('REPLICA_MAX_LAG_SECONDS', env.REPLICA_MAX_LAG_SECONDS, 5, 1, 3_600, problems),
    checkMs: parseInteger('REPLICA_CHECK_MS', env.REPLICA_CHECK_MS, 1_000, 50, 60_000, problems),
  };

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    database,
    logLevel,
    diagnostics,
    seedOnStart,
    poolSize,
    statementTimeoutMs,
    acquireTimeoutMs,
    introspection,
    compiledExecution,
    production,
    rateLimitPerIp,
    rateLimitPerToken,
    redisUrl,
    redisCommandTimeoutMs,
    trustProxy,
    requestTimeoutMs,
    maxBodyBytes,
    queryMaxCost,
    queryMaxNodes,
    queryMaxDepth,
    trustedDocuments,
    graphiql,
    responseCacheMb,
    heapGrowthPercent,
    idempotencyWindowHours,
    failpoint,
    shutdownGraceMs,
    outboxPollMs,
    outboxRetentionHours,
    outboxLagAlertSeconds,
    webhooks,
    replicas,
  };
}

/**
 * Webhooks (docs/notifications.md "Settings"): `WEBHOOK_ALLOWED_HOSTS` (comma list of `host` or
 * `host:port` a webhook may reach although it is loopback, private or link-local, and over
 * plain http: a receiver on the operator's own network; default none), `WEBHOOK_MAX_ATTEMPTS`
 * (tries before a delivery is DEAD, default 10), `WEBHOOK_RETRY_BASE_MS` (the first retry's
 * wait, doubled each time up to 6 h; default 60 s), `WEBHOOK_TIMEOUT_MS` (a receiver's time to
 * answer, default 10 s), `WEBHOOK_POLL_MS` (how often a process looks for due deliveries,
 * default 1 s) and `WEBHOOK_RETENTION_DAYS` (delivered and dead deliveries are deleted after,
 * default 30).
 */
export interface WebhookSettings {
  allowedHosts: string[];
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
  pollMs: number;
  retentionDays: number;
}

/**
 * For command-line tools: the configuration, or null after `report` has been given every
 * problem at once (the tool then exits with status 2). Anything else still throws.
 */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env, report: (message: string) => void = console.error): Config | null {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    report(e.message);
    return null;
  }
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 4000;
  const port = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
    return 4000;
  }
  return port;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function parseFlag(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name} must be 1 or 0 (got "${raw}")`);
  return fallback;
}

/**
 * Accepts `sqlite:<path>` (relative to the working directory, or absolute),
 * `sqlite::memory:`, `:memory:` and `postgres://` / `postgresql://` URLs.
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') {
    return { dialect: 'sqlite', file: ':memory:' };
  }
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (!path) throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/tracker.sqlite');
    return { dialect: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new Error(`DATABASE_URL is not a valid PostgreSQL URL: ${redact(url)}`);
    }
    return { dialect: 'postgresql', url };
  }
  throw new Error(
    `DATABASE_URL must start with sqlite: or postgres:// (got "${redact(url)}"); ` + `the default is ${DEFAULT_DATABASE_URL}`,
  );
}

/** Hides a password (in the credentials or a `password` parameter) before a URL reaches a message or a log. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL: hide anything that looks like credentials.
    return url.replace(/\/\/[^/]*@/, '//***@');
  }
}
