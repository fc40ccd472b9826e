import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { knexOf } from '../../src/core/db/orm.js';
import { createLogger } from '../../src/core/logger.js';
import type { SampleOptions } from '../../seeds/generate/build.js';
import { seedDatabase } from '../../seeds/seed.js';

/** A real server on a free port over a fresh SQLite file of its own (one per test file). */
export interface TestServer {
  url: string;
  base: string;
  orm: MikroORM;
  file: string;
  gql: <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GqlResult<T>>;
  /** Runs SQL on the server's database, for setting up and checking rows. */
  sql: <R = Record<string, any>>(query: string, bindings?: unknown[]) => Promise<R[]>;
  stop: () => Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: { diagnostics?: { sqlStatements: number; durationMs: number }; [k: string]: unknown };
}

export async function startTestServer(
  options: { seed?: Partial<SampleOptions> | false; diagnostics?: boolean; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-test-'));
  const file = join(dir, 'test.sqlite');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${file}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    TRACKER_DIAGNOSTICS: options.diagnostics ? '1' : '0',
    ...options.env,
  });
  const app = await createApp(config, createLogger(config.logLevel));
  if (options.seed !== false) await seedDatabase(app.orm, options.seed ?? {});
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const { port } = app.http.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/graphql`;
  const knex = knexOf(app.orm);
  return {
    url,
    base,
    orm: app.orm,
    file,
    gql: async (query, variables = {}, headers = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GqlResult<never>, 'status'>;
      return { status: response.status, ...body } as GqlResult<any>;
    },
    sql: async (query, bindings = []) => (await knex.raw(query, bindings as never[])) as never,
    stop: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
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
