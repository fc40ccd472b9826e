import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { Role } from '../src/core/auth/viewer.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { gid } from './support/global-ids.js';
import { post, startServerProcess, type ServerProcess } from './support/processes.js';
import { testDatabase } from './support/test-server.js';

/**
 * The write pipeline across processes (ARCHITECTURE.md "The write pipeline"): compiled
 * server processes share one database (a SQLite file, or PostgreSQL in the PostgreSQL half).
 * A consumer killed inside its transaction leaves its batch to the next process, which
 * handles it; two processes taking events from one outbox handle each exactly once.
 */
describe('the write pipeline across processes', () => {
  let orm: MikroORM;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let headers: Record<string, string>;
  const servers: ServerProcess[] = [];

  const sql = async <R = Record<string, any>>(query: string, bindings: unknown[] = []): Promise<R[]> => {
    const result = await knexOf(orm).raw(query, bindings as never[]);
    return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
  };
  const one = async (query: string, bindings: unknown[] = []) => Number(Object.values((await sql(query, bindings))[0])[0] ?? 0);
  const start = async (env: Record<string, string> = {}) => {
    const server = await startServerProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '50', ...env });
    servers.push(server);
    return server;
  };
  /** Waits (up to 30 s) until the red-flag consumer has handled every event in the outbox. */
  const caughtUp = async () => {
    for (let i = 0; i < 300; i++) {
      const newest = await one('SELECT COALESCE(MAX(id), 0) AS n FROM outbox_event');
      if ((await one("SELECT position AS n FROM outbox_consumer WHERE name = 'red-flags'")) >= newest) return newest;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the red-flag consumer did not catch up within 30 s');
  };
  /** A service of the sample with an awarded round, hence flags to recompute. */
  const flaggedService = async (skip = 0) => {
    const [row] = await sql<{ id: number; version: number; baseline: number | string }>(
      `SELECT p.id AS id, p.version AS version, p.baseline_annual_cost_yen AS baseline FROM target_project p WHERE EXISTS (SELECT 1 FROM tender t JOIN red_flag rf ON rf.subject_type = 'TENDER' AND rf.subject_id = t.id WHERE t.project_id = p.id)
       ORDER BY p.id LIMIT 1 OFFSET ${skip}`,
    );
    return { id: gid('TargetProject', row.id), pk: Number(row.id), version: Number(row.version), baseline: Number(row.baseline) };
  };
  /**
   * Changes a service: `{ name }` is a change of its texts alone, which every consumer passes
   * over without handling it; `{ baselineAnnualCostYen }` the red-flag (and statistics)
   * consumer handles, recomputing the service's flags.
   */
  const update = (
    server: ServerProcess,
    service: { id: string; version: number },
    change: { name: string } | { baselineAnnualCostYen: number },
  ) =>
    post(
      server.url,
      'mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { version } userErrors { code } } }',
      { i: { id: service.id, expectedVersion: service.version, ...change } },
      headers,
    );

  beforeAll(async () => {
    database = await testDatabase();
    // A first process migrates and seeds, then stops: each test says which processes run.
    await (await startServerProcess({ DATABASE_URL: database.url })).stop();
    orm = await openDatabase(database.target, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'pipeline admin' });
    headers = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await orm?.close(true);
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('a consumer killed half-way: its batch is rolled back, and the next process handles it', async () => {
    const doomed = await start({ TRACKER_FAILPOINT: 'exit-in-consumer' });
    const service = await flaggedService();
    const flagsOf = () =>
      sql<{ subject_id: number; code: string; value: number }>(
        "SELECT rf.subject_id, rf.code, rf.value FROM red_flag rf JOIN tender t ON t.id = rf.subject_id WHERE rf.subject_type = 'TENDER' AND t.project_id = ? ORDER BY rf.subject_id, rf.code",
        [service.pk],
      );
    const expected = await flagsOf();
    expect(expected.length).toBeGreaterThan(0);
    // The service's flags are lost (as if computed before a write that is still to be handled):
    // only the consumer can bring them back.
    await sql("DELETE FROM red_flag WHERE subject_type = 'TENDER' AND subject_id IN (SELECT id FROM tender WHERE project_id = ?)", [
      service.pk,
    ]);
    const exited = new Promise<string | null>((resolve) => doomed.child.once('exit', (_code, signal) => resolve(signal)));
    // The write commits; its consumer dies in its transaction (the answer may or may not get out first).
    await update(doomed, service, { baselineAnnualCostYen: service.baseline + 1 }).catch(() => null);
    expect(await exited).toBe('SIGKILL');

    const [event] = await sql<{ id: number; type: string; project_id: number }>(
      "SELECT id, type, project_id FROM outbox_event WHERE type = 'project.changed' ORDER BY id DESC LIMIT 1",
    );
    expect(Number(event.project_id)).toBe(service.pk);
    // Nothing of the killed batch stayed: the position is still before the event, no flag came back.
    expect(await one("SELECT position AS n FROM outbox_consumer WHERE name = 'red-flags'")).toBeLessThan(Number(event.id));
    expect(await flagsOf()).toEqual([]);

    // The next process to start picks the batch up and the flags are back.
    await start();
    expect(await caughtUp()).toBeGreaterThanOrEqual(Number(event.id));
    expect(await flagsOf()).toEqual(expected);
  });

  it('two processes on one outbox: every event is handled once, by one of them', async () => {
    const live = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    while (live.length < 2) live.push(await start());
    const [a, b] = live;
    const first = (await caughtUp()) + 1;
    const handledBy = async (server: ServerProcess) => {
      const text = await (await fetch(`${server.base}/metrics`)).text();
      return Number(/^tracker_outbox_events_handled_total\{consumer="red-flags"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const handledBefore = (await handledBy(a)) + (await handledBy(b));
    // Writes to several services through both processes at once: changes the red-flag
    // consumer handles and changes of texts every consumer passes over, in turn.
    const services = await Promise.all([1, 2, 3, 4].map((i) => flaggedService(i)));
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        services.map((s, i) =>
          update(
            i % 2 ? b : a,
            s,
            (round + i) % 2 ? { name: `並行更新 ${round}-${i}` } : { baselineAnnualCostYen: s.baseline + round + 1 },
          ),
        ),
      );
      answers.forEach((answer, i) => {
        expect(answer.body.data.updateTargetProject.userErrors).toEqual([]);
        services[i].version = answer.body.data.updateTargetProject.targetProject.version;
      });
    }
    const last = await caughtUp();
    expect(last - first + 1).toBe(20);
    expect(await one('SELECT COUNT(*) AS n FROM outbox_event WHERE id >= ?', [first])).toBe(20);
    // Each process counts what it handled or passed over: together, each event once.
    expect((await handledBy(a)) + (await handledBy(b)) - handledBefore).toBe(20);
    const ready = (await (await fetch(`${a.base}/readyz`)).json()) as {
      checks: Record<string, { status: string; details?: Record<string, { pending: number }> }>;
    };
    expect(ready.checks.writePipeline.status).toBe('ok');
    expect(ready.checks.writePipeline.details!['red-flags'].pending).toBe(0);
  });
});
