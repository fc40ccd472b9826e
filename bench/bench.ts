/**
 * `npm run bench`: seeds a fresh database, starts the server as its own process, and drives
 * each operation with autocannon from this process; then the same response bodies from a
 * bare node:http server (the floor). Prints a table and writes it as JSON and Markdown.
 * Run by hand or as a separate CI step, never as a timed test. See bench/README.md.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { parseDatabaseUrl, redact, type DatabaseTarget } from '../src/core/config/config.js';
import { DEFAULT_HEAP_GROWTH_PERCENT } from '../src/core/config/heap.js';
import { Role } from '../src/core/auth/viewer.js';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { createScratchDatabase } from '../src/core/db/scratch-postgres.js';
import { lsnBytes } from '../src/core/db/replicas.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { isEmpty, seedDatabase } from '../seeds/seed.js';
import { NOT_REPLAYED, type FloorEntry } from './captured.js';
import {
  selectOperations,
  type Api,
  type BenchRequest,
  type Fixtures,
  type GraphQLResponse,
  type Operation,
  type RequestSource,
  type RunSettings,
} from './operations.js';
import { pacedRun, type PacedResult } from './paced.js';
import { startThrowawayPostgres } from './postgres-cluster.js';
import { commandName, cpuMs, freePort, machineInfo, memory, sampleRss, startManaged, type Managed } from './proc.js';
import { printableReport, writeReport, type BenchReport, type OperationResult, type RunMeasure, type SqlCount } from './report.js';

const USAGE = `usage: npm run bench -- [options]

Seeds a fresh database, starts the server (node dist/src/main.js) as its own process and
drives each operation with autocannon, then the same responses from a bare node:http server
(the floor). Prints a table and writes bench/results/<date>-<db>-scale<N>.{json,md}.

  --db sqlite|postgres     database (default sqlite: a new file in a temp directory)
  --postgres-url URL       a PostgreSQL server to create a scratch database on, dropped
                           afterwards (default $BENCH_POSTGRES_URL or $TEST_POSTGRES_URL)
  --scale N                sample size to seed, 1 to 100 (default 1; 10 for the targets)
  --duration S             measured seconds per operation, on the server and on the floor (default 10)
  --warmup S               warm-up seconds before each measured run (default 3; 0: none)
  --connections C          concurrent connections (default 10)
  --skip-half-rate         leave out the second server run of each operation at half the rate
                           the first one reached (its latencies are what the targets' "p99
                           at half the maximum rate" are about)
  --only a,b               operations or groups: dashboard, dashboard-anonymous-repeat,
                           project-detail (detail), stats, search-projects,
                           search-municipalities (search), writes
  --out DIR                where the JSON and Markdown go (default bench/results)
  --replicas N             PostgreSQL only (0 to 4): a primary of the bench's own (initdb in a
                           temp directory) with N streaming replicas (pg_basebackup -R), the
                           server reading from them (DATABASE_REPLICA_URLS); 0: the same
                           primary without replicas, to compare (docs/replicas.md)
  --reuse DATABASE_URL     use this database as it is (no seeding, nothing dropped); the
                           writes operation adds rounds, bidders, bids and tokens to it
  -h, --help`;

interface Options {
  db: 'sqlite' | 'postgres';
  postgresUrl: string | null;
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  halfRate: boolean;
  only: string[] | null;
  out: string;
  reuse: string | null;
  /** `--replicas`: null unless given. */
  replicas: number | null;
}

const ARGUMENTS = {
  db: { type: 'string', default: 'sqlite' },
  'postgres-url': { type: 'string' },
  scale: { type: 'string', default: '1' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  connections: { type: 'string', default: '10' },
  'skip-half-rate': { type: 'boolean', default: false },
  only: { type: 'string' },
  out: { type: 'string', default: 'bench/results' },
  reuse: { type: 'string' },
  replicas: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: ARGUMENTS });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const problems: string[] = [];
  const number = (name: string, raw: string, min: number, max: number, integer: boolean) => {
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
      problems.push(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${raw})`);
    return v;
  };
  const reuse = values.reuse?.trim() || null;
  let db = values.db as Options['db'];
  if (db !== 'sqlite' && db !== 'postgres') problems.push(`--db must be sqlite or postgres (got ${values.db})`);
  if (reuse) {
    try {
      db = parseDatabaseUrl(reuse).dialect === 'sqlite' ? 'sqlite' : 'postgres';
    } catch (e) {
      problems.push(`--reuse: ${(e as Error).message}`);
    }
  }
  const postgresUrl =
    values['postgres-url']?.trim() || process.env.BENCH_POSTGRES_URL?.trim() || process.env.TEST_POSTGRES_URL?.trim() || null;
  const replicas = values.replicas === undefined ? null : number('replicas', values.replicas, 0, 4, true);
  if (replicas !== null && (db !== 'postgres' || reuse))
    problems.push('--replicas needs --db postgres and no --reuse: the bench makes the primary and its replicas itself');
  if (db === 'postgres' && !reuse && !postgresUrl && replicas === null)
    problems.push('--db postgres needs --postgres-url (or BENCH_POSTGRES_URL / TEST_POSTGRES_URL)');
  const options: Options = {
    db,
    postgresUrl,
    scale: number('scale', values.scale!, 1, 100, true),
    durationSeconds: number('duration', values.duration!, 1, 3600, false),
    warmupSeconds: number('warmup', values.warmup!, 0, 3600, false),
    connections: number('connections', values.connections!, 1, 1000, true),
    halfRate: !values['skip-half-rate'],
    only: values.only
      ? values.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    out: resolve(values.out!),
    reuse,
    replicas,
  };
  try {
    selectOperations(options.only);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  return options;
}

const startedAt = Date.now();
function progress(message: string): void {
  const t = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${t}s] ${message}`);
}

/** Everything to undo, last first; runs once, on success, failure, Ctrl-C or SIGTERM. */
class Cleanup {
  private steps: { name: string; run: () => Promise<void> | void }[] = [];
  private running: Promise<void> | null = null;
  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (e) {
          console.error(`cleanup: ${step.name} failed: ${(e as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const SERVER_MAIN = here('../src/main.js');
const FLOOR_SERVER = here('./floor-server.js');

// ---------------------------------------------------------------------------------------
// Database

interface PreparedDatabase {
  version: string;
  migrateMs: number | null;
  seedMs: number | null;
  rows: Record<string, number> | null;
  adminToken: string;
  dashboardMinistries: Fixtures['dashboardMinistries'];
  ministryCodes: string[];
}

const DASHBOARD_MINISTRIES = 6;

/** Migrates, seeds (unless reused), issues the tokens, and reads what the operations need. */
async function prepareDatabase(target: DatabaseTarget, options: Options): Promise<PreparedDatabase> {
  let t = Date.now();
  const orm = await openDatabase(target, { entities: ENTITIES });
  try {
    const migrateMs = Date.now() - t;
    const knex = knexOf(orm);
    let seedMs: number | null = null;
    let rows: Record<string, number> | null = null;
    if (!options.reuse) {
      if (!(await isEmpty(knex))) throw new Error('the new database is not empty');
      progress(`seeding scale ${options.scale}…`);
      t = Date.now();
      rows = await seedDatabase(orm, { scale: options.scale }, (m) => {
        if (!m.startsWith('  ')) progress(`  ${m}`);
      });
      seedMs = Date.now() - t;
      progress(`seeded scale ${options.scale} in ${seedMs} ms (${rows.target_project} services, ${rows.tender} rounds, ${rows.bid} bids)`);
    } else if (await isEmpty(knex)) {
      throw new Error('--reuse: the database is empty; seed it first (npm run seed) or leave --reuse out');
    }

    const versionRows =
      target.dialect === 'sqlite' ? await knex.raw('select sqlite_version() as v') : (await knex.raw('show server_version')).rows;
    const version = String(Object.values((versionRows as Record<string, unknown>[])[0])[0]);

    const counted = (await knex('target_project as p')
      .join('ministry as m', 'm.id', 'p.ministry_id')
      .select('m.code as code')
      .count({ n: '*' })
      .groupBy('m.code')) as { code: string; n: number | string }[];
    const byCount = counted
      .map((r) => ({ code: r.code, projectCount: Number(r.n) }))
      .sort((a, b) => b.projectCount - a.projectCount || (a.code < b.code ? -1 : 1));
    const ministryCodes = ((await knex('ministry').select('code').orderBy('code')) as { code: string }[]).map((r) => r.code);
    if (byCount.length === 0) throw new Error('the database holds no target services');

    const em = orm.em.fork();
    const admin = await issueToken(em, { role: Role.ADMIN, name: 'npm run bench (ADMIN)' });
    const dashboardMinistries: Fixtures['dashboardMinistries'] = [];
    for (const m of byCount.slice(0, DASHBOARD_MINISTRIES)) {
      const issued = await issueToken(em, { role: Role.MINISTRY, ministryCode: m.code, name: `npm run bench (${m.code})` });
      dashboardMinistries.push({ ...m, token: issued.token });
    }
    return { version, migrateMs, seedMs, rows, adminToken: admin.token, dashboardMinistries, ministryCodes };
  } finally {
    await orm.close(true);
  }
}

// ---------------------------------------------------------------------------------------
// Processes

const SERVER_ENV = {
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_TOKEN: '0',
  LOG_LEVEL: 'warn',
  SEED_ON_START: '0',
};

/**
 * Starts `node dist/src/main.js`. `diagnostics` turns on TRACKER_DIAGNOSTICS, whose SQL
 * counter rides on AsyncLocalStorage and so costs every request: the checks run against a
 * server with it (to read SQL statements per request), the load against one without.
 */
async function startServer(
  databaseUrl: string,
  diagnostics: boolean,
  replicaUrls: string[] = [],
): Promise<{ process: Managed; base: string; startMs: number; env: Record<string, string> }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Default query limits and no trusted-documents list, whatever the caller's shell holds.
  for (const key of Object.keys(env)) if (/^QUERY_MAX_/.test(key) || key === 'TRUSTED_DOCUMENTS') delete env[key];
  const own = {
    ...SERVER_ENV,
    TRACKER_DIAGNOSTICS: diagnostics ? '1' : '0',
    DATABASE_URL: databaseUrl,
    ...(replicaUrls.length ? { DATABASE_REPLICA_URLS: replicaUrls.join(',') } : {}),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  Object.assign(env, own);
  const started = Date.now();
  const server = startManaged([SERVER_MAIN], env);
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (server.exited()) throw new Error(`the server exited during start-up:\n${server.output().slice(-3000)}`);
    if (Date.now() - started > 120_000) {
      await server.stop(1000);
      throw new Error(`the server did not answer /healthz within 120 s:\n${server.output().slice(-3000)}`);
    }
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  // The response cache changes what repeated anonymous reads cost, compiled execution what
  // every query costs, and the heap's growth the peak RSS: say which way they ran.
  const cache = {
    RESPONSE_CACHE_MB: process.env.RESPONSE_CACHE_MB ?? '64 (default)',
    COMPILED_EXECUTION: process.env.COMPILED_EXECUTION ?? '1 (default)',
    HEAP_GROWTH_PERCENT: process.env.HEAP_GROWTH_PERCENT ?? `${DEFAULT_HEAP_GROWTH_PERCENT} (default)`,
  };
  return { process: server, base, startMs: Date.now() - started, env: { ...own, ...cache, DATABASE_URL: redact(databaseUrl) } };
}

async function startFloor(entries: FloorEntry[], dir: string, name: string): Promise<{ process: Managed; base: string }> {
  const file = join(dir, `floor-${name}.json`);
  writeFileSync(file, JSON.stringify(entries));
  let announce: (port: number) => void = () => {};
  const announced = new Promise<number>((resolve) => (announce = resolve));
  const floor = startManaged([FLOOR_SERVER, file], { PATH: process.env.PATH ?? '' }, (line) => {
    try {
      const port = (JSON.parse(line) as { port?: number }).port;
      if (port) announce(port);
    } catch {
      // not the announcement
    }
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`the floor server did not start:\n${floor.output()}`)), 15_000).unref(),
  );
  const port = await Promise.race([announced, timeout]);
  return { process: floor, base: `http://127.0.0.1:${port}` };
}

/**
 * PostgreSQL backends serving the server's pools (local servers only), for their CPU time:
 * the primary's, and with `--replicas` every replica's too.
 */
class BackendCpu {
  private constructor(private readonly clients: pg.Client[]) {}

  static async connect(urls: string[]): Promise<BackendCpu | null> {
    for (const url of urls) if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(new URL(url).hostname)) return null;
    const clients: pg.Client[] = [];
    for (const url of urls) {
      const client = new pg.Client({ connectionString: url, application_name: 'tracker-bench (observer)' });
      await client.connect();
      clients.push(client);
    }
    return new BackendCpu(clients);
  }

  async snapshot(): Promise<Map<number, number> | null> {
    const result = new Map<number, number>();
    for (const client of this.clients) {
      const { rows } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'market-testing-tracker'",
      );
      for (const { pid } of rows) {
        if (commandName(pid) !== 'postgres') return null; // not this machine's process
        const ms = cpuMs(pid);
        if (ms !== null) result.set(pid, ms);
      }
    }
    return result;
  }

  static delta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
    if (!before || !after) return null;
    let sum = 0;
    for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
    return sum;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end()));
  }
}

/** Waits until every replica has replayed what the primary holds now (the seed), so the runs read the same data. */
async function waitForReplay(primaryUrl: string, replicaUrls: string[]): Promise<void> {
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return String((await client.query<{ v: string }>(sql)).rows[0].v);
    } finally {
      await client.end();
    }
  };
  const target = lsnBytes(await query(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS v'));
  for (const url of replicaUrls) {
    for (let started = Date.now(); ; await new Promise((r) => setTimeout(r, 200))) {
      if (lsnBytes(await query(url, 'SELECT pg_last_wal_replay_lsn()::text AS v')) >= target) break;
      if (Date.now() - started > 600_000) throw new Error('a replica did not replay the seed within 10 minutes');
    }
  }
}

/**
 * Rows read on each database server since it started (`pg_stat_database`: tup_returned +
 * tup_fetched of the database; a standby counts its own reads): with `--replicas`, the
 * difference over the runs shows how much reading left the primary.
 */
async function rowsRead(urls: string[]): Promise<number[]> {
  return Promise.all(
    urls.map(async (url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          'SELECT (tup_returned + tup_fetched)::text AS n FROM pg_stat_database WHERE datname = current_database()',
        );
        return Number(rows[0].n);
      } finally {
        await client.end();
      }
    }),
  );
}

/** `tracker_db_reads_routed_total` of a server: where its requests read (docs/replicas.md). */
async function readsRouted(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^tracker_db_reads_routed_total\{database="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

// ---------------------------------------------------------------------------------------
// Load

interface Drive {
  base: string;
  connections: number;
  seconds: number;
  /** Requests per second at even intervals (bench/paced.ts) instead of as fast as answered. */
  rate?: number;
  next: () => BenchRequest;
  onResponse?: (request: BenchRequest, status: number, body: string) => void;
  /** Measure this process (CPU, RSS); null for warm-ups. */
  pid: number | null;
  backends?: BackendCpu | null;
}

const bodyBuffers = new WeakMap<BenchRequest, Buffer>();
function bodyOf(request: BenchRequest): Buffer {
  let buffer = bodyBuffers.get(request);
  if (!buffer) bodyBuffers.set(request, (buffer = Buffer.from(request.body, 'utf8')));
  return buffer;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

async function drive(d: Drive): Promise<RunMeasure> {
  const backendsBefore = d.backends ? await d.backends.snapshot() : null;
  const cpuBefore = d.pid ? cpuMs(d.pid) : null;
  const rss = d.pid ? sampleRss(d.pid) : null;
  const lgBefore = process.cpuUsage();

  const load = d.rate ? await pacedLoad(d, d.rate) : await autocannonLoad(d);

  const lg = process.cpuUsage(lgBefore);
  const cpuAfter = d.pid ? cpuMs(d.pid) : null;
  const rssMax = rss ? rss.stop() : null;
  const backendsAfter = d.backends ? await d.backends.snapshot() : null;

  const { latencies, completed } = load;
  const sorted = Float64Array.from(latencies).sort();
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  const dbCpu = BackendCpu.delta(backendsBefore, backendsAfter);
  return {
    rps: load.rps,
    rpsStddev: load.rpsStddev,
    requests: completed,
    durationSeconds: load.durationSeconds,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      mean: sorted.length ? latencies.reduce((s, v) => s + v, 0) / sorted.length : NaN,
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    },
    autocannonLatencyMs: load.autocannonLatencyMs,
    errors: load.errors,
    timeouts: load.timeouts,
    non2xx: load.non2xx,
    graphqlErrors: load.graphqlErrors,
    statusCodes: load.statusCodes,
    cpuMs: cpu,
    cpuMsPerRequest: cpu !== null && completed ? cpu / completed : null,
    dbCpuMsPerRequest: dbCpu !== null && completed ? dbCpu / completed : null,
    loadGeneratorCpuMsPerRequest: completed ? (lg.user + lg.system) / 1000 / completed : NaN,
    rssMaxBytes: rssMax,
    bytesPerResponse: completed ? load.bytes / completed : 0,
  };
}

/** What a run's load generator reports, before the process measurements are added. */
interface Load extends PacedResult {
  rps: number;
  rpsStddev: number;
  autocannonLatencyMs: RunMeasure['autocannonLatencyMs'];
}

/** As many requests as the server answers, over `connections` connections (autocannon). */
async function autocannonLoad(d: Drive): Promise<Load> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${d.base}/graphql`,
    connections: d.connections,
    duration: d.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request, context) => {
          const next = d.next();
          context.request = next;
          return { ...request, method: 'POST', path: '/graphql', headers: { ...next.headers }, body: bodyOf(next) };
        },
        ...(d.onResponse
          ? {
              onResponse: (status: number, body: string, context: Record<string, unknown>) =>
                d.onResponse!(context.request as BenchRequest, status, body),
            }
          : {}),
      },
    ],
    verifyBody: (body) => !body.includes('"errors":['),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => {
    latencies.push(time);
  });
  const result = await instance;
  return {
    latencies,
    completed: result.requests.total,
    rps: result.requests.average,
    rpsStddev: result.requests.stddev,
    durationSeconds: result.duration,
    autocannonLatencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, v]) => [code, v.count])),
    bytes: result.throughput.total,
  };
}

/** `rate` requests per second at even intervals, whatever the server does (bench/paced.ts). */
async function pacedLoad(d: Drive, rate: number): Promise<Load> {
  const result = await pacedRun({ base: d.base, rate, seconds: d.seconds, next: d.next, bodyOf, onResponse: d.onResponse });
  // Not autocannon's: its histogram and per-second samples do not exist for this run.
  return {
    ...result,
    rps: result.completed / result.durationSeconds,
    rpsStddev: NaN,
    autocannonLatencyMs: { p50: NaN, p97_5: NaN, p99: NaN },
  };
}

/** Sends each request one by one, checks it, and keeps the responses for the floor. */
async function capture(
  api: Api,
  source: RequestSource,
): Promise<{ entries: FloorEntry[]; requests: BenchRequest[]; sql: SqlCount; cost: OperationResult['queryCost']; problems: string[] }> {
  const entries: FloorEntry[] = [];
  const requests: BenchRequest[] = [];
  let cost: OperationResult['queryCost'] = null;
  const counts: { kind: string; n: number }[] = [];
  const problems: string[] = [];
  for (let i = 0; i < source.captureCount; i++) {
    const request = source.next();
    const response = await api.send(request.body, request.headers);
    let json: GraphQLResponse;
    try {
      json = JSON.parse(response.text) as GraphQLResponse;
    } catch {
      problems.push(`${request.label}: the response is not JSON (HTTP ${response.status}): ${response.text.slice(0, 200)}`);
      continue;
    }
    const found = source.check(request, json);
    if (response.status !== 200) found.unshift(`HTTP ${response.status}`);
    source.onResponse?.(request, response.status, response.text);
    if (found.length) {
      problems.push(`${request.kind} ${request.label}: ${found.join('; ')}`);
      continue;
    }
    counts.push({ kind: request.kind, n: json.extensions!.diagnostics!.sqlStatements! });
    const c = json.extensions?.cost;
    if (c) {
      const before = cost as OperationResult['queryCost'];
      cost = {
        requested: Math.max(before?.requested ?? 0, c.requested ?? 0),
        nodes: Math.max(before?.nodes ?? 0, c.nodes ?? 0),
        depth: Math.max(before?.depth ?? 0, c.depth ?? 0),
        limit: c.limit ?? null,
      };
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (!NOT_REPLAYED.has(name)) headers[name] = value;
    entries.push({ requestBody: request.body, status: response.status, headers, responseBody: response.text });
    requests.push(request);
  }
  const byKind: SqlCount['byKind'] = {};
  for (const { kind, n } of counts) {
    const k = (byKind[kind] ??= { first: n, min: n, max: n, checked: 0 });
    k.min = Math.min(k.min, n);
    k.max = Math.max(k.max, n);
    k.checked++;
  }
  const all = counts.map((c) => c.n);
  const sql: SqlCount = {
    first: all[0] ?? NaN,
    min: Math.min(...all),
    max: Math.max(...all),
    // Per kind of request: the writes mix two mutations that each always run the same statements.
    uniform: Object.values(byKind).every((k) => k.min === k.max),
    checked: all.length,
    byKind,
  };
  return { entries, requests, sql, cost, problems };
}

function makeApi(base: string): Api {
  const url = `${base}/graphql`;
  const send: Api['send'] = async (body, headers) => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    return { status: response.status, headers: out, text };
  };
  return {
    url,
    send,
    async gql(query, variables = {}, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await send(JSON.stringify({ query, variables }), headers);
      let json: GraphQLResponse;
      try {
        json = JSON.parse(response.text) as GraphQLResponse;
      } catch {
        throw new Error(`HTTP ${response.status}: ${response.text.slice(0, 300)}`);
      }
      if (json.errors?.length || response.status !== 200 || !json.data)
        throw new Error(`HTTP ${response.status}: ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
      return json.data;
    },
  };
}

async function listProjects(api: Api, token: string): Promise<Fixtures['projects']> {
  const projects: Fixtures['projects'] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await api.gql(
      'query AllProjects($after: String) { targetProjects(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) { pageInfo { hasNextPage endCursor } nodes { id } } }',
      { after },
      token,
    );
    projects.push(...data.targetProjects.nodes);
    if (!data.targetProjects.pageInfo.hasNextPage) return projects;
    after = data.targetProjects.pageInfo.endCursor;
  }
}

function oneLine(name: string, m: RunMeasure): string {
  const errors = m.errors + m.non2xx + m.graphqlErrors;
  return `${name}: ${m.rps.toFixed(0)} rps, p50/p95/p99 ${m.latencyMs.p50.toFixed(1)}/${m.latencyMs.p95.toFixed(1)}/${m.latencyMs.p99.toFixed(1)} ms${m.cpuMsPerRequest != null ? `, ${m.cpuMsPerRequest.toFixed(2)} CPU ms/req` : ''}${errors ? `, ${errors} errors` : ''}`;
}

async function runOperation(
  op: Operation,
  ctx: {
    api: Api;
    fixtures: Fixtures;
    settings: RunSettings;
    server: { process: Managed; pid: number; base: string };
    backends: BackendCpu | null;
    tmp: string;
    cleanup: Cleanup;
  },
): Promise<OperationResult> {
  const { settings } = ctx;
  const result: OperationResult = {
    name: op.name,
    group: op.group,
    title: op.title,
    bodies: 0,
    sql: null,
    queryCost: null,
    server: null,
    halfRate: null,
    floor: null,
    ratio: null,
    counters: {},
    failure: null,
    notes: [],
  };
  progress(`${op.name}: preparing and checking`);
  let source: RequestSource;
  try {
    source = await op.prepare(ctx.api, ctx.fixtures, settings, progress);
  } catch (e) {
    result.failure = `preparation failed: ${(e as Error).message}`;
    progress(`${op.name}: ${result.failure}`);
    return result;
  }
  const captured = await capture(ctx.api, source);
  result.bodies = captured.entries.length;
  result.sql = captured.entries.length ? captured.sql : null;
  result.queryCost = captured.cost;
  if (captured.problems.length) {
    result.failure = `check failed: ${captured.problems.slice(0, 3).join(' | ')}${captured.problems.length > 3 ? ` (+${captured.problems.length - 3} more)` : ''}`;
    progress(`${op.name}: ${result.failure}`);
    return result;
  }
  const sqlText = Object.entries(captured.sql.byKind)
    .map(([k, v]) => `${k} ${v.min === v.max ? v.min : `${v.min}–${v.max}`}`)
    .join(', ');
  progress(
    `${op.name}: ${captured.entries.length} request ${captured.entries.length === 1 ? 'body' : 'bodies'} checked (SQL statements: ${sqlText}${captured.sql.uniform ? ', the same for every one' : ', not the same for every one'})`,
  );

  const run = {
    base: ctx.server.base,
    connections: settings.connections,
    next: () => source.next(),
    onResponse: source.onResponse?.bind(source),
  };
  // Requests cut off when a run ends still run on the server: let them finish before the
  // writes learn the versions they left unknown.
  const settle = async (m: RunMeasure | null) => {
    if (!source.resync) return;
    await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(250, 2 * (m?.latencyMs.max ?? 0)))));
    await source.resync();
  };
  if (settings.warmupSeconds > 0) {
    progress(`${op.name}: warming up the server for ${settings.warmupSeconds} s`);
    await settle(await drive({ ...run, seconds: settings.warmupSeconds, pid: null }));
  } else {
    await settle(null);
  }
  source.resetCounters?.();
  progress(`${op.name}: measuring the server for ${settings.durationSeconds} s`);
  result.server = await drive({ ...run, seconds: settings.durationSeconds, pid: ctx.server.pid, backends: ctx.backends });
  if (ctx.server.process.exited()) {
    result.failure = `the server exited during the run (${ctx.server.process.exitReason()})`;
    progress(`${op.name}: ${result.failure}`);
    return result;
  }
  result.counters = source.counters?.() ?? {};
  await settle(result.server);
  progress(`  ${oneLine('server', result.server)}${Object.keys(result.counters).length ? ` ${JSON.stringify(result.counters)}` : ''}`);
  if (settings.halfRate && result.server.rps >= 2) {
    const rate = Math.floor(result.server.rps / 2);
    progress(`${op.name}: measuring the server at half that rate (${rate} requests/s) for ${settings.durationSeconds} s`);
    result.halfRate = await drive({ ...run, seconds: settings.durationSeconds, rate, pid: ctx.server.pid, backends: ctx.backends });
    await settle(result.halfRate);
    progress(`  ${oneLine('server at half rate', result.halfRate)}`);
  }
  result.notes.push(...(source.notes?.() ?? []));

  // The floor: the captured responses, from memory, in their own process.
  const floor = await startFloor(captured.entries, ctx.tmp, op.name);
  ctx.cleanup.add(`stop the floor server of ${op.name}`, () => floor.process.stop(2000));
  try {
    let i = 0;
    // The requests checked before the run, with their headers: the floor answers each body with its captured response.
    const replay = captured.requests;
    const floorRun = {
      base: floor.base,
      connections: settings.connections,
      next: () => replay[i++ % replay.length],
    };
    if (settings.warmupSeconds > 0) {
      progress(`${op.name}: warming up the floor for ${settings.warmupSeconds} s`);
      await drive({ ...floorRun, seconds: settings.warmupSeconds, pid: null });
    }
    progress(`${op.name}: measuring the floor for ${settings.durationSeconds} s`);
    result.floor = await drive({ ...floorRun, seconds: settings.durationSeconds, pid: floor.process.pid });
    result.ratio = result.floor.rps > 0 ? result.server.rps / result.floor.rps : null;
    progress(`  ${oneLine('floor', result.floor)}; ratio ${result.ratio?.toFixed(3) ?? '—'}`);
  } finally {
    await floor.process.stop(2000);
  }
  return result;
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const operations = selectOperations(options.only);
  const cleanup = new Cleanup();
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: stopping the processes and removing the scratch database…`);
      void cleanup.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  try {
    const machine = machineInfo();
    progress(
      `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`,
    );
    const tmp = mkdtempSync(join(os.tmpdir(), 'tracker-bench-'));
    cleanup.add('remove the temporary directory', () => rmSync(tmp, { recursive: true, force: true }));

    // The database.
    let target: DatabaseTarget;
    let databaseUrl: string;
    const replicaUrls: string[] = [];
    if (options.reuse) {
      target = parseDatabaseUrl(options.reuse);
      databaseUrl = options.reuse;
      progress(`database: reusing ${target.dialect === 'sqlite' ? target.file : redact(target.url)} (not seeded, not dropped)`);
    } else if (options.replicas !== null) {
      progress(`database: a PostgreSQL primary of the bench's own (initdb) and ${options.replicas} streaming replica(s)…`);
      const primary = await startThrowawayPostgres();
      cleanup.add('remove the primary', () => primary.destroy());
      for (let i = 0; i < options.replicas; i++) {
        const replica = await startThrowawayPostgres({ replicaOf: primary });
        cleanup.add(`remove replica ${i + 1}`, () => replica.destroy());
        replicaUrls.push(replica.url);
      }
      target = { dialect: 'postgresql', url: primary.url };
      databaseUrl = primary.url;
      progress(`database: primary ${primary.url}${replicaUrls.length ? `, replicas ${replicaUrls.join(', ')}` : ''}`);
    } else if (options.db === 'sqlite') {
      const file = join(tmp, 'bench.sqlite');
      target = { dialect: 'sqlite', file };
      databaseUrl = `sqlite:${file}`;
      progress(`database: new SQLite file ${file}`);
    } else {
      const scratch = await createScratchDatabase(options.postgresUrl!, 'bench');
      cleanup.add('drop the scratch database', scratch.drop);
      target = { dialect: 'postgresql', url: scratch.url };
      databaseUrl = scratch.url;
      progress(`database: scratch PostgreSQL database ${redact(scratch.url)}`);
    }
    const db = await prepareDatabase(target, options);
    if (replicaUrls.length) {
      progress('database: waiting for the replicas to replay the seed…');
      await waitForReplay(databaseUrl, replicaUrls);
      progress('database: the replicas have replayed the seed');
    }
    progress(
      `database: ${target.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${db.version}; tokens issued (ADMIN, MINISTRY for ${db.dashboardMinistries.map((m) => m.code).join(', ')})`,
    );

    // The server.
    // Two processes on the database: the checker (TRACKER_DIAGNOSTICS=1) answers the checks,
    // the fixtures and the writes' bookkeeping; the measured server runs without diagnostics.
    progress('server: starting node dist/src/main.js (measured, no diagnostics)');
    const server = await startServer(databaseUrl, false, replicaUrls);
    cleanup.add('stop the server', () => server.process.stop(10_000));
    progress(`server: answering /healthz after ${server.startMs} ms (pid ${server.process.pid})`);
    const checker = await startServer(databaseUrl, true);
    cleanup.add('stop the checking server', () => checker.process.stop(10_000));
    progress(`checker: a second server with TRACKER_DIAGNOSTICS=1 for the checks (pid ${checker.process.pid})`);
    const backends = target.dialect === 'postgresql' ? await BackendCpu.connect([target.url, ...replicaUrls]).catch(() => null) : null;
    if (backends) cleanup.add('close the observer connection', () => backends.close());

    const api = makeApi(checker.base);
    const fixtures: Fixtures = {
      dashboardMinistries: db.dashboardMinistries,
      projects: await listProjects(api, db.adminToken),
      ministryCodes: db.ministryCodes,
      adminToken: db.adminToken,
    };
    const settings: RunSettings = {
      warmupSeconds: options.warmupSeconds,
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      halfRate: options.halfRate,
    };

    const results: OperationResult[] = [];
    const readBefore = options.replicas !== null ? await rowsRead([databaseUrl, ...replicaUrls]) : null;
    for (const op of operations) {
      if (interrupted) break;
      if (server.process.exited()) {
        results.push({
          name: op.name,
          group: op.group,
          title: op.title,
          bodies: 0,
          sql: null,
          queryCost: null,
          server: null,
          halfRate: null,
          floor: null,
          ratio: null,
          counters: {},
          failure: `not run: the server had exited (${server.process.exitReason()})`,
          notes: [],
        });
        continue;
      }
      try {
        results.push(
          await runOperation(op, {
            api,
            fixtures,
            settings,
            server: { process: server.process, pid: server.process.pid, base: server.base },
            backends,
            tmp,
            cleanup,
          }),
        );
      } catch (e) {
        progress(`${op.name}: failed: ${(e as Error).stack ?? e}`);
        results.push({
          name: op.name,
          group: op.group,
          title: op.title,
          bodies: 0,
          sql: null,
          queryCost: null,
          server: null,
          halfRate: null,
          floor: null,
          ratio: null,
          counters: {},
          failure: (e as Error).message,
          notes: [],
        });
      }
    }
    const peak = memory(server.process.pid)?.peak ?? null;
    const routed = replicaUrls.length ? await readsRouted(server.base).catch(() => null) : null;
    // Statistics reach pg_stat_database when a backend's transaction ends, within a second.
    if (readBefore) await new Promise((r) => setTimeout(r, 1_500));
    const readAfter = readBefore ? await rowsRead([databaseUrl, ...replicaUrls]) : null;
    const rowsReadBy =
      readBefore && readAfter
        ? Object.fromEntries(readAfter.map((n, i) => [i === 0 ? 'primary' : `replica${i}`, n - readBefore[i]]))
        : null;
    const serverLog = server.process.output().trim();

    const notes: string[] = [];
    if (target.dialect === 'postgresql') {
      notes.push(
        backends
          ? 'CPU ms/req is the Node server process only; db CPU ms/req is the PostgreSQL backends of its pool (local server, /proc).'
          : "CPU ms/req is the Node server process only; PostgreSQL's own CPU is not included (server not local).",
      );
    }
    if (options.replicas !== null) {
      notes.push(
        `--replicas ${options.replicas}: a primary of the bench's own (initdb, fsync off, like the fault tests') with ${options.replicas} streaming replica(s), all on this machine; db CPU ms/req counts the backends of the primary and of every replica.` +
          (routed
            ? ` Where the measured server's requests read (tracker_db_reads_routed_total, checks and warm-up included): ${JSON.stringify(routed)}.`
            : '') +
          (rowsReadBy
            ? ` Rows read on each server over the operations (pg_stat_database tup_returned + tup_fetched; the checking server and the fixtures read the primary): ${JSON.stringify(rowsReadBy)}.`
            : ''),
      );
    }
    notes.push(
      "The server, the floor and the load generator (autocannon, this process) share this machine's cores; the floor is what Node's HTTP stack and the load generator allow here, not a hardware limit.",
    );
    if (serverLog) {
      const lines = serverLog.split('\n');
      notes.push(
        `the server logged ${lines.length} line(s) at warn or above; the last: ${lines
          .slice(-3)
          .map((l) => l.slice(0, 400))
          .join(' ⏎ ')}`,
      );
    }

    const report: BenchReport = {
      tool: 'npm run bench (bench/bench.ts, autocannon 9.0.0)',
      date: new Date().toISOString(),
      options: {
        db: options.db,
        scale: options.reuse ? null : options.scale,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        halfRate: options.halfRate,
        only: options.only,
        reuse: options.reuse ? redact(options.reuse) : null,
        replicas: options.replicas,
      },
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100) },
      database: {
        dialect: target.dialect,
        version: db.version,
        location: target.dialect === 'sqlite' ? target.file : redact(target.url),
        scale: options.reuse ? null : options.scale,
        reused: options.reuse !== null,
        migrateMs: db.migrateMs,
        seedMs: db.seedMs,
        rows: db.rows,
        ...(options.replicas !== null ? { replicas: options.replicas } : {}),
      },
      server: { command: 'node dist/src/main.js', environment: server.env, startMs: server.startMs, peakRssBytes: peak },
      operations: results,
      notes,
    };
    console.log(`\n${printableReport(report)}\n`);
    const files = writeReport(report, options.out);
    console.log(`written: ${files.json}\n         ${files.md}`);
    return results.some((r) => r.failure) ? 1 : 0;
  } catch (e) {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

process.exitCode = await main();
