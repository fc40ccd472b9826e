import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig, parseDatabaseUrl, redact } from './config.js';

const CWD = resolve('/srv/tracker');

/** Runs `fn`, expecting a ConfigError, and returns it. */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('loadConfig', () => {
  it('defaults to port 4000 on 127.0.0.1 with ./data/tracker.sqlite resolved against the working directory', () => {
    expect(loadConfig({}, CWD)).toEqual({
      port: 4000,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', file: resolve(CWD, 'data/tracker.sqlite') },
      logLevel: 'info',
      diagnostics: false,
      seedOnStart: true,
      poolSize: 10,
      statementTimeoutMs: 15_000,
      acquireTimeoutMs: 5_000,
      introspection: true,
      compiledExecution: true,
      production: false,
      rateLimitPerIp: 1200,
      rateLimitPerToken: 600,
      redisUrl: null,
      redisCommandTimeoutMs: 200,
      trustProxy: 0,
      requestTimeoutMs: 30_000,
      maxBodyBytes: 102_400,
      queryMaxCost: 1_000_000,
      queryMaxNodes: 150_000,
      queryMaxDepth: 14,
      trustedDocuments: null,
      graphiql: true,
      responseCacheMb: 64,
      heapGrowthPercent: 100,
      idempotencyWindowHours: 24,
      failpoint: null,
      shutdownGraceMs: 10_000,
      outboxPollMs: 500,
      outboxRetentionHours: 168,
      outboxLagAlertSeconds: 60,
      webhooks: { allowedHosts: [], maxAttempts: 10, retryBaseMs: 60_000, timeoutMs: 10_000, pollMs: 1_000, retentionDays: 30 },
      replicas: { urls: [], maxLagSeconds: 5, checkMs: 1_000 },
    });
    expect(DEFAULT_DATABASE_URL).toBe('sqlite:./data/tracker.sqlite');
  });

  it('reads the PostgreSQL pool size and statement timeout, refusing values out of range', () => {
    expect(loadConfig({ DB_POOL_SIZE: '25', DB_STATEMENT_TIMEOUT_MS: '0', DB_ACQUIRE_TIMEOUT_MS: '800' }, CWD)).toMatchObject({
      poolSize: 25,
      statementTimeoutMs: 0,
      acquireTimeoutMs: 800,
    });
    expect(() => loadConfig({ DB_ACQUIRE_TIMEOUT_MS: '5' }, CWD)).toThrow(/DB_ACQUIRE_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_POOL_SIZE: '0' }, CWD)).toThrow(/DB_POOL_SIZE/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '-5' }, CWD)).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });

  it('reads read replicas (docs/replicas.md), only beside a PostgreSQL primary, and hides their passwords in refusals', () => {
    const primary = 'postgres://tracker@db.internal:5432/tracker';
    expect(
      loadConfig(
        {
          DATABASE_URL: primary,
          DATABASE_REPLICA_URLS: ' postgres://tracker@replica1:5432/tracker, postgresql://tracker@replica2/tracker ,',
          REPLICA_MAX_LAG_SECONDS: '10',
          REPLICA_CHECK_MS: '250',
        },
        CWD,
      ).replicas,
    ).toEqual({
      urls: ['postgres://tracker@replica1:5432/tracker', 'postgresql://tracker@replica2/tracker'],
      maxLagSeconds: 10,
      checkMs: 250,
    });
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/tracker' }, CWD)).toThrow(/needs DATABASE_URL to be PostgreSQL/);
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'mysql://u:secret@r1/x' }, CWD)).toThrow(
      /comma list of postgres:\/\/ URLs \(got "mysql:\/\/u:\*\*\*@r1\/x"\)/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, REPLICA_MAX_LAG_SECONDS: '0' }, CWD)).toThrow(/REPLICA_MAX_LAG_SECONDS/);
  });

  it('reads the Redis command timeout, refusing values out of range (README "Dependencies")', () => {
    expect(loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '500' }, CWD).redisCommandTimeoutMs).toBe(500);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' }, CWD)).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '60000' }, CWD)).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: ' ', DATABASE_URL: '  ', LOG_LEVEL: '', TRACKER_DIAGNOSTICS: '', SEED_ON_START: '' }, CWD);
    expect(config).toMatchObject({ port: 4000, logLevel: 'info', diagnostics: false, seedOnStart: true });
    expect(config.database).toEqual({ dialect: 'sqlite', file: resolve(CWD, 'data/tracker.sqlite') });
  });

  it('reads PORT, HOST and LOG_LEVEL (case-insensitively)', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'DEBUG' }, CWD)).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'debug',
    });
  });

  it('accepts port 0 (any free port) and 65535, and refuses 65536', () => {
    expect(loadConfig({ PORT: '0' }, CWD).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }, CWD).port).toBe(65535);
    expect(configErrorOf(() => loadConfig({ PORT: '65536' }, CWD)).problems).toEqual([expect.stringContaining('PORT')]);
  });

  it('reads the diagnostics and seeding flags', () => {
    expect(loadConfig({ TRACKER_DIAGNOSTICS: '1', SEED_ON_START: 'off' }, CWD)).toMatchObject({ diagnostics: true, seedOnStart: false });
    expect(loadConfig({ TRACKER_DIAGNOSTICS: 'yes', SEED_ON_START: 'FALSE' }, CWD)).toMatchObject({
      diagnostics: true,
      seedOnStart: false,
    });
  });

  it('refuses a flag that is neither on nor off', () => {
    expect(configErrorOf(() => loadConfig({ SEED_ON_START: 'maybe' }, CWD)).problems).toEqual([expect.stringContaining('SEED_ON_START')]);
  });

  it('refuses an empty HOST', () => {
    expect(configErrorOf(() => loadConfig({ HOST: '   ' }, CWD)).problems).toEqual([expect.stringContaining('HOST')]);
  });

  it('reports a bad PORT, a bad LOG_LEVEL and a bad DATABASE_URL together in one ConfigError', () => {
    const error = configErrorOf(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'verbose', DATABASE_URL: 'mysql://db/tracker' }, CWD));
    expect(error.problems).toHaveLength(3);
    expect(error.problems[0]).toMatch(/^PORT .*"eighty"/);
    expect(error.problems.some((p) => /^DATABASE_URL .*mysql/.test(p))).toBe(true);
    expect(error.problems.some((p) => /^LOG_LEVEL .*"verbose"/.test(p))).toBe(true);
    expect(error.name).toBe('ConfigError');
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });

  it.each(['80.5', '-1', '4000abc'])('refuses PORT %j', (port) => {
    expect(configErrorOf(() => loadConfig({ PORT: port }, CWD)).problems).toHaveLength(1);
  });

  it('never puts a database password in a problem message', () => {
    const error = configErrorOf(() => loadConfig({ DATABASE_URL: 'mysql://tracker:s3cret@db/tracker' }, CWD));
    expect(error.message).not.toContain('s3cret');
  });
});

describe('parseDatabaseUrl', () => {
  it('accepts :memory: and sqlite::memory: as an in-memory SQLite database', () => {
    expect(parseDatabaseUrl(':memory:', CWD)).toEqual({ dialect: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('sqlite::memory:', CWD)).toEqual({ dialect: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('sqlite://:memory:', CWD)).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('resolves a relative sqlite path against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/tracker.sqlite', CWD)).toEqual({ dialect: 'sqlite', file: resolve(CWD, 'data/tracker.sqlite') });
    expect(parseDatabaseUrl('sqlite:tracker.db', CWD)).toEqual({ dialect: 'sqlite', file: resolve(CWD, 'tracker.db') });
  });

  it('keeps an absolute sqlite path as it is', () => {
    expect(parseDatabaseUrl('sqlite:/var/lib/tracker/db.sqlite', CWD)).toEqual({ dialect: 'sqlite', file: '/var/lib/tracker/db.sqlite' });
    expect(parseDatabaseUrl('sqlite:///var/lib/tracker/db.sqlite', CWD)).toEqual({ dialect: 'sqlite', file: '/var/lib/tracker/db.sqlite' });
  });

  it('refuses sqlite: without a path', () => {
    expect(() => parseDatabaseUrl('sqlite:', CWD)).toThrow(/needs a file path/);
  });

  it('accepts postgres:// and postgresql:// URLs unchanged', () => {
    const url = 'postgres://tracker:s3cret@db.example.lg.jp:5432/tracker';
    expect(parseDatabaseUrl(url, CWD)).toEqual({ dialect: 'postgresql', url });
    expect(parseDatabaseUrl('postgresql://localhost/tracker', CWD)).toEqual({
      dialect: 'postgresql',
      url: 'postgresql://localhost/tracker',
    });
  });

  it.each(['mysql://db/tracker', 'tracker.sqlite', 'http://db/tracker', ''])('refuses %j, naming the accepted schemes', (url) => {
    expect(() => parseDatabaseUrl(url, CWD)).toThrow(/sqlite: or postgres:\/\//);
  });
});

describe('redact', () => {
  it('hides the password in a URL', () => {
    expect(redact('postgres://tracker:s3cret@db:5432/tracker')).toBe('postgres://tracker:***@db:5432/tracker');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redact('postgres://tracker@db/tracker')).toBe('postgres://tracker@db/tracker');
    expect(redact('postgres://db:5432/tracker')).toBe('postgres://db:5432/tracker');
  });

  it('hides a password that has no user name before it', () => {
    // libpq accepts postgres://:password@host; the password must not reach the log.
    expect(redact('postgres://:s3cret@db/tracker')).not.toContain('s3cret');
  });

  it('hides all of a password that contains an unescaped @', () => {
    // new URL() (and so parseDatabaseUrl) accepts this, reading the last @ as the separator.
    const url = 'postgres://tracker:p@ssw0rd@db/tracker';
    expect(parseDatabaseUrl(url, CWD)).toEqual({ dialect: 'postgresql', url });
    expect(redact(url)).not.toContain('ssw0rd');
  });
});

describe('IDEMPOTENCY_WINDOW_HOURS', () => {
  it('is a whole number of hours from 1 to 720', () => {
    expect(loadConfig({ IDEMPOTENCY_WINDOW_HOURS: '1' }, '/srv').idempotencyWindowHours).toBe(1);
    expect(loadConfig({ IDEMPOTENCY_WINDOW_HOURS: '720' }, '/srv').idempotencyWindowHours).toBe(720);
    expect(() => loadConfig({ IDEMPOTENCY_WINDOW_HOURS: '0' }, '/srv')).toThrow(/IDEMPOTENCY_WINDOW_HOURS/);
    expect(() => loadConfig({ IDEMPOTENCY_WINDOW_HOURS: '1.5' }, '/srv')).toThrow(/IDEMPOTENCY_WINDOW_HOURS/);
  });
});

describe('TRACKER_FAILPOINT', () => {
  it('accepts only the known failpoints, and none in production', () => {
    expect(loadConfig({ TRACKER_FAILPOINT: 'exit-after-commit' }, '/srv').failpoint).toBe('exit-after-commit');
    expect(() => loadConfig({ TRACKER_FAILPOINT: 'exit-before-commit' }, '/srv')).toThrow(
      /TRACKER_FAILPOINT must be one of exit-after-commit/,
    );
    expect(() => loadConfig({ TRACKER_FAILPOINT: 'exit-after-commit', NODE_ENV: 'production' }, '/srv')).toThrow(
      /refused with NODE_ENV=production/,
    );
  });
});

describe('HEAP_GROWTH_PERCENT', () => {
  it('reads 0 (V8 decides) to 300, refusing anything else', () => {
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }, '/srv').heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '50' }, '/srv').heapGrowthPercent).toBe(50);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '301' }, '/srv')).toThrow(/HEAP_GROWTH_PERCENT must be a whole number from 0 to 300/);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '1.5' }, '/srv')).toThrow(/HEAP_GROWTH_PERCENT/);
  });
});

describe('RESPONSE_CACHE_MB', () => {
  it('sizes the response cache, 0 turning it off, and refuses what is not a size', () => {
    expect(loadConfig({ RESPONSE_CACHE_MB: '0' }, '/srv').responseCacheMb).toBe(0);
    expect(loadConfig({ RESPONSE_CACHE_MB: '256' }, '/srv').responseCacheMb).toBe(256);
    expect(() => loadConfig({ RESPONSE_CACHE_MB: 'lots' }, '/srv')).toThrow(/RESPONSE_CACHE_MB/);
  });
});

describe('COMPILED_EXECUTION', () => {
  it('is on by default, off with 0, and refuses anything but a flag', () => {
    expect(loadConfig({}, '/srv').compiledExecution).toBe(true);
    expect(loadConfig({ COMPILED_EXECUTION: '0' }, '/srv').compiledExecution).toBe(false);
    expect(() => loadConfig({ COMPILED_EXECUTION: 'fast' }, '/srv')).toThrow(/COMPILED_EXECUTION/);
  });
});

describe('SHUTDOWN_GRACE_MS', () => {
  it('sets the shutdown grace, refusing what is not a duration from 100 ms to 10 minutes', () => {
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '2500' }, '/srv').shutdownGraceMs).toBe(2500);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '0' }, '/srv')).toThrow(/SHUTDOWN_GRACE_MS must be a whole number from 100 to 600000/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '10s' }, '/srv')).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '600001' }, '/srv')).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});

describe('loadConfigOrReport (for command-line tools)', () => {
  it('reports every problem once and gives null, or gives the configuration', async () => {
    const { loadConfigOrReport } = await import('./config.js');
    const reported: string[] = [];
    expect(loadConfigOrReport({ PORT: 'x', RESPONSE_CACHE_MB: '-1' }, (m) => reported.push(m))).toBeNull();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/PORT[\s\S]*RESPONSE_CACHE_MB/);
    expect(loadConfigOrReport({}, (m) => reported.push(m))?.port).toBe(4000);
    expect(reported).toHaveLength(1);
  });
});
