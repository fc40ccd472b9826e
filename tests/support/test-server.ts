import { mkdtempSync, rmSync } from 'node:fs';
import { bumpDataVersion } from '../../src/core/db/data-version.js';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { createApp } from '../../src/app.js';
import { loadConfig, type DatabaseTarget } from '../../src/core/config/config.js';
import { createScratchDatabase } from '../../src/core/db/scratch-postgres.js';
import { knexOf } from '../../src/core/db/orm.js';
import { createLogger } from '../../src/core/logger.js';
import type { SampleOptions } from '../../seeds/generate/build.js';
import { seedDatabase } from '../../seeds/seed.js';

/** A real server on a free port over a fresh SQLite file of its own (one per test file). */
export interface TestServer {
  url: string;
  base: string;
  orm: MikroORM;
  /** The SQLite file ('' on PostgreSQL). */
  file: string;
  /** DATABASE_URL of the server's database. */
  databaseUrl: string;
  dialect: 'sqlite' | 'postgresql';
  gql: <T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GqlResult<T>>;
  /** Runs SQL on the server's database, for setting up and checking rows. */
  sql: <R = Record<string, any>>(query: string, bindings?: unknown[]) => Promise<R[]>;
  /**
   * Waits until the write pipeline has handled every write committed so far (red flags are
   * recomputed after the write, within the freshness bound: README "Red flags").
   */
  settle: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: { diagnostics?: { sqlStatements: number; durationMs: number }; [k: string]: unknown };
}

/**
 * The database a test file gets for itself: a fresh SQLite file, or, in the PostgreSQL half
 * of the suite (TEST_DIALECT=postgresql), a fresh database on TEST_POSTGRES_URL's server.
 */
export async function testDatabase(): Promise<{ url: string; target: DatabaseTarget; file: string; drop: () => Promise<void> }> {
  if (process.env.TEST_DIALECT === 'postgresql') {
    const admin = process.env.TEST_POSTGRES_URL;
    if (!admin) throw new Error('TEST_DIALECT=postgresql needs TEST_POSTGRES_URL');
    const scratch = await createScratchDatabase(admin, 'test');
    return { url: scratch.url, target: { dialect: 'postgresql', url: scratch.url }, file: '', drop: scratch.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tracker-test-'));
  const file = join(dir, 'test.sqlite');
  return {
    url: `sqlite:${file}`,
    target: { dialect: 'sqlite', file },
    file,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

type TestServerOptions = { seed?: Partial<SampleOptions> | false; diagnostics?: boolean; env?: Record<string, string> };

/** The application over `databaseUrl`, seeded unless told not to, listening on a free port; closed again if a step fails. */
async function listeningApp(databaseUrl: string, options: TestServerOptions): Promise<Awaited<ReturnType<typeof createApp>>> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    TRACKER_DIAGNOSTICS: options.diagnostics ? '1' : '0',
    // Tests fire hundreds of requests a second from one address; the rate-limit tests turn
    // the limits on for themselves.
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_TOKEN: '0',
    // Tests check whole lists at once (100 × 100 × 100 pages); the limits' own tests set theirs.
    QUERY_MAX_COST: '1000000000',
    QUERY_MAX_NODES: '100000000',
    ...options.env,
  });
  const app = await createApp(config, createLogger(config.logLevel));
  try {
    if (options.seed !== false) await seedDatabase(app.orm, options.seed ?? {});
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await testDatabase();
  const file = database.file;
  // A server that fails to start (as some tests expect it to) leaves no database behind.
  const app = await listeningApp(database.url, options).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const { port } = app.http.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/graphql`;
  const knex = knexOf(app.orm);
  return {
    url,
    base,
    orm: app.orm,
    file,
    databaseUrl: database.url,
    dialect: database.target.dialect,
    gql: async (query, variables = {}, headers = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GqlResult<never>, 'status'>;
      return { status: response.status, ...body } as GqlResult<any>;
    },
    sql: async (query, bindings = []) => {
      const result = await knex.raw(query, bindings as never[]);
      // A test's direct write is a write like any other: it moves the data version, as every
      // write path of the application does, so the response cache does not answer from before.
      if (!/^\s*(select|with|pragma|explain)\b/i.test(query)) await bumpDataVersion(knex);
      // knex answers SQLite with the rows and PostgreSQL with a result holding them.
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as never;
    },
    settle: () => app.pipeline.settle(),
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The error codes of a response, top-level and in every payload's `userErrors`. */
export function errorCodes(result: GqlResult<unknown>): string[] {
  const top = (result.errors ?? []).map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
  const payloads = Object.values((result.data ?? {}) as Record<string, { userErrors?: { code: string }[] } | null>);
  return [...top, ...payloads.flatMap((p) => (p && Array.isArray(p.userErrors) ? p.userErrors.map((u) => u.code) : []))];
}

/** Fails with the server's own errors when a query that should succeed did not. */
export function expectOk<T>(result: GqlResult<T>): T {
  if (result.errors?.length || result.status !== 200) {
    throw new Error(`expected success, got ${result.status}: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** Issues a token on the server's database, as `npm run token -- create` would. */
export async function issueTestToken(
  srv: TestServer,
  request: { role: 'ADMIN' | 'MINISTRY' | 'MUNICIPALITY'; ministryCode?: string; municipalityCode?: string; name?: string },
): Promise<{ token: string; id: number; headers: Record<string, string> }> {
  const { issueToken } = await import('../../src/modules/access/token.service.js');
  const { Role } = await import('../../src/core/auth/viewer.js');
  const { token, record } = await issueToken(srv.orm.em.fork(), {
    role: Role[request.role],
    name: request.name ?? `test ${request.role.toLowerCase()} ${request.ministryCode ?? request.municipalityCode ?? ''}`.trim(),
    ministryCode: request.ministryCode,
    municipalityCode: request.municipalityCode,
  });
  return { token, id: record.id, headers: { authorization: `Bearer ${token}` } };
}
