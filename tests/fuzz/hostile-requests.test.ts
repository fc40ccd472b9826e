/**
 * Fuzzing the real server (the hardening issue, point 3).
 *
 * Seeded with fast-check: generated and mutated requests across every root query field and
 * every mutation of the schema (tests/fuzz/generators.ts), with the hostile input a public
 * endpoint meets: broken JSON, wrong content types and methods, huge strings and bodies,
 * deep nesting (JSON, selections, fragments, braces), unknown fields and arguments, wrong
 * variable types, enormous numbers for Yen and `first`, invalid codes and ids and cursors,
 * Unicode edge cases (NUL, lone surrogates, BOM, RTL, combining marks, emoji), SQL and JSON
 * injection strings in every filter and input; with and without a token (ADMIN, MINISTRY,
 * MUNICIPALITY, forged and malformed ones), over POST and GET.
 *
 * Every answer must be acceptable by tests/fuzz/judge.ts (below 500, JSON, no stack trace or
 * SQL, a code on every error and never INTERNAL_SERVER_ERROR). Afterwards /healthz and a
 * normal query still answer, and the server process is still alive.
 *
 * Two variants: the SQLite half fuzzes a server in this process in the default (embedded)
 * configuration; the PostgreSQL half fuzzes the compiled server (`node dist/src/main.js`,
 * built fresh by that half's global setup) as its own process with NODE_ENV=production, as
 * a national deployment runs it, and also checks it logged no error.
 *
 * How to run (tests/fuzz/runner.ts says how to reproduce a failure):
 *   npx vitest run tests/fuzz                                  # the CI run: FUZZ_RUNS=2000
 *   FUZZ_RUNS=50000 npx vitest run tests/fuzz                  # the long run, on demand (npm run fuzz)
 *   FUZZ_SEED=123 FUZZ_RUNS=50000 npx vitest run tests/fuzz    # another seed
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run tests/fuzz
 *                                                              # both variants
 */
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../src/core/config/config.js';
import { issueTestToken, startTestServer, testDatabase, type TestServer } from '../support/test-server.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import type { Known } from './generators.js';
import { discover, fuzz, FUZZ_ENV, FUZZ_TEST_TIMEOUT, RUNS, summarise, type RunReport } from './runner.js';

/** After the storm: the server is up and answers a normal query correctly. */
async function expectStillServing(base: string): Promise<void> {
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ ministries(first: 100) { totalCount nodes { code } } }' }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { ministries: { totalCount: number; nodes: { code: string }[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data.ministries.totalCount).toBeGreaterThan(0);
  expect(body.data.ministries.nodes.length).toBe(body.data.ministries.totalCount);
}

/** Every case ran and was answered acceptably, and (in a long enough run) every root field was called. */
function expectClean(report: RunReport, schema: GraphQLSchema): void {
  expect(report.cases).toBe(RUNS);
  // Every root query field and every mutation was called (a short run may miss some).
  if (RUNS >= 1000) {
    const all = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    expect(
      all.filter((f) => !report.fields.has(f)),
      'root fields never called',
    ).toEqual([]);
  }
  const unanswered = report.firstUnanswered ? summarise([report.firstUnanswered]) : [];
  expect(unanswered, 'the first request left unanswered (a crash or a hang)').toEqual([]);
  expect(summarise(report.failures)).toEqual([]);
}

/** Authorization headers of an in-process server: ADMIN, MINISTRY (MOE) and MUNICIPALITY (the first one). */
async function inProcessTokens(srv: TestServer): Promise<{ admin: string; tokens: string[] }> {
  const admin = await issueTestToken(srv, { role: 'ADMIN' });
  const municipality = (await srv.sql<{ code: string }>('SELECT code FROM municipality ORDER BY code LIMIT 1'))[0].code;
  const tokens = [
    admin.headers.authorization,
    (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers.authorization,
    (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: municipality })).headers.authorization,
  ];
  return { admin: admin.headers.authorization, tokens };
}

/** The same three roles' tokens, issued straight into the database a server process uses. */
async function databaseTokens(target: DatabaseTarget): Promise<{ admin: string; tokens: string[] }> {
  const { openDatabase, knexOf } = await import('../../src/core/db/orm.js');
  const { issueToken } = await import('../../src/modules/access/token.service.js');
  const { Role } = await import('../../src/core/auth/viewer.js');
  const { ENTITIES } = await import('../../src/entities.js');
  const orm = await openDatabase(target, { entities: ENTITIES });
  try {
    const em = orm.em.fork();
    const { rows } = (await knexOf(orm).raw('SELECT code FROM municipality ORDER BY code LIMIT 1')) as { rows: { code: string }[] };
    const bearer = async (request: Parameters<typeof issueToken>[1]) => `Bearer ${(await issueToken(em, request)).token}`;
    const admin = await bearer({ role: Role.ADMIN, name: 'fuzz admin' });
    const tokens = [
      admin,
      await bearer({ role: Role.MINISTRY, ministryCode: 'MOE', name: 'fuzz ministry' }),
      await bearer({ role: Role.MUNICIPALITY, municipalityCode: rows[0].code, name: 'fuzz municipality' }),
    ];
    return { admin, tokens };
  } finally {
    await orm.close(true);
  }
}

/** Lines the server logged at error level (50) or above since `from`. */
function loggedErrors(server: ServerProcess, from: number): string[] {
  return server
    .log()
    .slice(from)
    .split('\n')
    .filter((line) => /"level":(5|6)\d/.test(line));
}

describe.runIf(process.env.TEST_DIALECT !== 'postgresql')('fuzzing a server in this process (SQLite, default configuration)', () => {
  let srv: TestServer;
  let known: Known;
  beforeAll(async () => {
    srv = await startTestServer({ env: FUZZ_ENV });
    const { admin, tokens } = await inProcessTokens(srv);
    known = await discover(srv.base, tokens, admin);
  });
  afterAll(() => srv?.stop());

  it(
    `answers ${RUNS} generated and mutated hostile requests with no 5xx, no leak, a code on every error, and keeps serving`,
    { timeout: FUZZ_TEST_TIMEOUT },
    async () => {
      const report = await fuzz(srv.base, known, 'in-process sqlite');
      await expectStillServing(srv.base);
      expectClean(report, known.schema);
    },
  );
});

describe.runIf(process.env.TEST_DIALECT === 'postgresql')('fuzzing the compiled server process (PostgreSQL, NODE_ENV=production)', () => {
  let server: ServerProcess;
  let drop: () => Promise<void>;
  let known: Known;
  beforeAll(async () => {
    const database = await testDatabase();
    drop = database.drop;
    server = await startServerProcess({
      ...FUZZ_ENV,
      DATABASE_URL: database.url,
      SEED_ON_START: '1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
    const { admin, tokens } = await databaseTokens(database.target);
    known = await discover(server.base, tokens, admin);
  });
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it(
    `answers ${RUNS} generated and mutated hostile requests with no 5xx, no leak, a code on every error, and the process lives on`,
    { timeout: FUZZ_TEST_TIMEOUT },
    async () => {
      const logStart = server.log().length;
      const report = await fuzz(server.base, known, 'compiled process postgresql production');
      expect(server.child.exitCode, `the server process exited: ${server.log().slice(-2000)}`).toBeNull();
      await expectStillServing(server.base);
      expectClean(report, known.schema);
      // A fault answered politely is still a fault: nothing at error level (50) or above in the log.
      expect(loggedErrors(server, logStart).slice(0, 5)).toEqual([]);
    },
  );
});
