import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { Role } from '../src/core/auth/viewer.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { pk } from './support/global-ids.js';
import { startServerProcess, type ServerProcess } from './support/processes.js';
import { testDatabase } from './support/test-server.js';

/**
 * A mutation committed, then its process died before answering (finding 7 of the faults
 * issue: "retries are unsafe"). Two compiled server processes share one database; A runs
 * with TRACKER_FAILPOINT=exit-after-commit (docs/stack.md "Services the tests use"), so it is
 * killed like `kill -9` between the commit and the reply. The client sees a socket error and
 * sends the same request, with the same Idempotency-Key, to B: it gets the first result, and
 * the write happened once (README "Writing data", "Retrying safely"). Runs on each database.
 */
describe('a mutation whose process died between commit and reply, retried on another process', () => {
  let a: ServerProcess | undefined;
  let b: ServerProcess;
  let orm: MikroORM;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let headers: Record<string, string>;

  const sql = async <R = Record<string, any>>(query: string, bindings: unknown[] = []): Promise<R[]> => {
    const result = await knexOf(orm).raw(query, bindings as never[]);
    return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
  };
  const count = async (query: string, bindings: unknown[]) =>
    Number((await sql<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${query}`, bindings))[0].n);
  const startDoomed = () => startServerProcess({ DATABASE_URL: database.url, TRACKER_FAILPOINT: 'exit-after-commit' });

  const send = async (server: ServerProcess, query: string, variables: Record<string, unknown>, key?: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { replayed: response.headers.get('idempotency-replayed'), body: (await response.json()) as { data?: any; errors?: unknown[] } };
  };

  /** Sends to the doomed process: the request must fail at the socket, and the process be gone. */
  const sendAndLoseTheAnswer = async (server: ServerProcess, query: string, variables: Record<string, unknown>, key: string) => {
    const exited = new Promise<string | null>((resolve) => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) resolve(server.child.signalCode);
      else server.child.once('exit', (_code, signal) => resolve(signal));
    });
    await expect(send(server, query, variables, key)).rejects.toThrow(/fetch failed/);
    expect(await exited).toBe('SIGKILL');
  };

  beforeAll(async () => {
    database = await testDatabase();
    // A first: it migrates and seeds; B then finds the database ready.
    a = await startDoomed();
    b = await startServerProcess({ DATABASE_URL: database.url });
    orm = await openDatabase(database.target, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'retrying admin' });
    headers = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await orm?.close(true);
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('a create: the retry answers the service the dead process created, which exists once with one history entry', async () => {
    const name = `冪等性試験 ${Date.now()}`;
    const create = `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id name version } userErrors { code } } }`;
    const input = {
      i: {
        ministryCode: 'MOJ',
        name,
        summary: '再送試験',
        category: 'COUNTER_SERVICE',
        method: 'PRIVATE',
        baselineAnnualCostYen: 1_200_000_000,
      },
    };

    await sendAndLoseTheAnswer(a!, create, input, 'create-1');
    // It committed before dying: the row is there, though nobody was told.
    const rows = await sql<{ id: number }>('SELECT id FROM target_project WHERE name = ?', [name]);
    expect(rows).toHaveLength(1);

    const retry = await send(b, create, input, 'create-1');
    expect(retry.body.errors).toBeUndefined();
    expect(retry.replayed).toBe('true');
    expect(retry.body.data.createTargetProject.userErrors).toEqual([]);
    expect(retry.body.data.createTargetProject.targetProject).toMatchObject({ name, version: 1 });
    expect(pk(retry.body.data.createTargetProject.targetProject.id)).toBe(rows[0].id);

    expect(await count('target_project WHERE name = ?', [name])).toBe(1);
    expect(await count('change WHERE object_type = ? AND object_id = ?', ['TargetProject', rows[0].id])).toBe(1);
  });

  it('an update with expectedVersion: the retry succeeds with the first answer, not STALE_VERSION', async () => {
    a = await startDoomed();
    const created = await send(
      b,
      `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version } } }`,
      {
        i: {
          ministryCode: 'MOJ',
          name: `更新再送 ${Date.now()}`,
          summary: '再送試験',
          category: 'COUNTER_SERVICE',
          method: 'PRIVATE',
          baselineAnnualCostYen: 900_000_000,
        },
      },
    );
    const project = created.body.data.createTargetProject.targetProject as { id: string; version: number };
    const update = `mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { id name version } userErrors { code } } }`;
    const input = { i: { id: project.id, expectedVersion: project.version, name: '更新再送（改）' } };

    await sendAndLoseTheAnswer(a, update, input, 'update-1');
    const [row] = await sql<{ name: string; version: number }>('SELECT name, version FROM target_project WHERE id = ?', [pk(project.id)]);
    expect(row).toEqual({ name: '更新再送（改）', version: project.version + 1 });

    const retry = await send(b, update, input, 'update-1');
    expect(retry.body.errors).toBeUndefined();
    expect(retry.replayed).toBe('true');
    expect(retry.body.data.updateTargetProject).toEqual({
      targetProject: { id: project.id, name: '更新再送（改）', version: project.version + 1 },
      userErrors: [],
    });
    expect(
      await count('change WHERE object_type = ? AND object_id = ? AND action = ?', [
        'TargetProject',
        pk(project.id),
        'updateTargetProject',
      ]),
    ).toBe(1);

    // What the same retry got before keys: a refusal for a write that had in fact succeeded.
    const bare = await send(b, update, input);
    expect(bare.body.data.updateTargetProject.userErrors).toEqual([{ code: 'STALE_VERSION' }]);
  });
});
