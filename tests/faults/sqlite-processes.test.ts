import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../../src/core/db/orm.js';
import { ENTITIES } from '../../src/entities.js';
import { Role } from '../../src/core/auth/viewer.js';
import { issueToken } from '../../src/modules/access/token.service.js';
import { post, startServerProcess, type ServerProcess } from '../support/processes.js';

/**
 * README "SQLite: one file, several processes": two compiled server processes started at the
 * same moment on one fresh SQLite file both come up (migrations wait for each other, the
 * sample is loaded once), then writes split across both, while this process writes to the
 * file too (as `npm run token` does), all succeed: no SQLITE_BUSY, no INTERNAL_SERVER_ERROR,
 * and the rows and the data version count exactly the writes acknowledged.
 */
const WRITES = 120;
const IN_FLIGHT = 24;
const TOKENS = 10;

describe('two server processes on one SQLite file', () => {
  let dir: string;
  let file: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let orm: MikroORM;
  let admin: Record<string, string>;

  const count = async (sql: string): Promise<number> => Number(((await knexOf(orm).raw(sql)) as { n: number }[])[0].n);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mtt-sqlite-procs-'));
    file = join(dir, 'tracker.sqlite');
    const env = {
      DATABASE_URL: `sqlite:${file}`,
      SEED_ON_START: '1',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_TOKEN: '0',
      LOG_LEVEL: 'info',
    };
    // Started together on a file that does not exist yet: both migrate and seed at once.
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    orm = await openDatabase({ dialect: 'sqlite', file }, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'two-process admin' });
    admin = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await orm?.close(true);
    await Promise.all([a?.stop(), b?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts both on one fresh file: each migration applied once, the sample loaded once', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM schema_migration')).toBe(
      await count('SELECT COUNT(DISTINCT name) AS n FROM schema_migration'),
    );
    expect(await count('SELECT COUNT(*) AS n FROM ministry')).toBe(25);
    const projects = await count('SELECT COUNT(*) AS n FROM target_project');
    for (const server of [a, b]) {
      const r = await post(server.url, '{ targetProjects { totalCount } }');
      expect(r.body.data.targetProjects.totalCount).toBe(projects);
    }
    for (const server of [a, b]) expect(server.log()).not.toMatch(/MigrationError|already holds data|SQLITE_BUSY/);
  });

  it('takes concurrent writes through both processes (and one from outside) without a failure', async () => {
    const projectsBefore = await count('SELECT COUNT(*) AS n FROM target_project');
    const tokensBefore = await count('SELECT COUNT(*) AS n FROM api_token');
    const versionBefore = await count('SELECT version AS n FROM data_version WHERE id = 1');
    const createdBefore = await count("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'project.created'");

    const create = (i: number) =>
      post(
        (i % 2 ? b : a).url,
        `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id } userErrors { code } } }`,
        {
          i: {
            ministryCode: 'MOJ',
            name: `並行書込 ${i}`,
            summary: '二つのプロセス',
            category: 'COUNTER_SERVICE',
            method: 'PRIVATE',
            baselineAnnualCostYen: 1_000_000 + i,
          },
        },
        admin,
      );
    const outcomes: string[] = [];
    let acknowledged = 0;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < WRITES; i = next++) {
        const r = await create(i);
        const problems = [
          ...(r.body.errors ?? []).map((e) => e.extensions?.code ?? 'ERROR'),
          ...(r.body.data?.createTargetProject?.userErrors ?? []).map((u: { code: string }) => u.code),
        ];
        if (r.status === 200 && problems.length === 0 && r.body.data.createTargetProject.targetProject) acknowledged++;
        else outcomes.push(`${r.status} ${problems.join(',')}`);
      }
    };
    // Meanwhile this process writes too, as the command-line tools do while a server runs.
    const outside = (async () => {
      for (let t = 0; t < TOKENS; t++) await issueToken(orm.em.fork(), { role: Role.ADMIN, name: `outside ${t}` });
    })();
    await Promise.all([...Array.from({ length: IN_FLIGHT }, worker), outside]);
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `[sqlite processes] ${WRITES} writes over two processes (+${TOKENS} from outside) in ${seconds.toFixed(2)} s: ${(WRITES / seconds).toFixed(0)} writes/s`,
    );

    expect(outcomes, outcomes.slice(0, 5).join('; ')).toEqual([]);
    expect(acknowledged).toBe(WRITES);
    expect(await count('SELECT COUNT(*) AS n FROM target_project')).toBe(projectsBefore + acknowledged);
    expect(await count('SELECT COUNT(*) AS n FROM api_token')).toBe(tokensBefore + TOKENS);
    // Every write moved the data version (no bump lost to a concurrent one) and committed its
    // event; the consumers of the events (notifications) move it again, a moment later.
    expect(await count('SELECT version AS n FROM data_version WHERE id = 1')).toBeGreaterThanOrEqual(versionBefore + acknowledged);
    expect(await count("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'project.created'")).toBe(createdBefore + acknowledged);
    for (const server of [a, b]) expect(server.log()).not.toMatch(/SQLITE_BUSY|INTERNAL_SERVER_ERROR/);
  });

  it("refuses a write that waited longer than the busy timeout as retryable, with the driver's SQLITE_BUSY logged and nothing written", async () => {
    const before = await count('SELECT COUNT(*) AS n FROM target_project');
    // Another process holds the write lock past the busy timeout (a long import would).
    const lock = await knexOf(orm).transaction();
    let answer: Awaited<ReturnType<typeof post>>;
    const started = Date.now();
    try {
      answer = await post(
        a.url,
        `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id } userErrors { code } } }`,
        {
          i: {
            ministryCode: 'MOJ',
            name: '待ちすぎ',
            summary: '書込み待ち',
            category: 'OTHER',
            method: 'PRIVATE',
            baselineAnnualCostYen: 1,
          },
        },
        admin,
      );
    } finally {
      await lock.rollback();
    }
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS - 500);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(a.log()).toMatch(/SQLITE_BUSY/);
    expect(await count('SELECT COUNT(*) AS n FROM target_project')).toBe(before);
  });

  it('stops both processes cleanly on SIGTERM', async () => {
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
  });
});
