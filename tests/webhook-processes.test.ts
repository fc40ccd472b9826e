import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { Role } from '../src/core/auth/viewer.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { projectInput, tenderInput } from './support/factories.js';
import { pk } from './support/global-ids.js';
import { post, startServerProcess, type ServerProcess } from './support/processes.js';
import { testDatabase } from './support/test-server.js';

/**
 * Webhooks across processes (docs/notifications.md "Delivery guarantees"): two compiled
 * server processes send from one queue (PostgreSQL, or one SQLite file in the SQLite half:
 * its write lock serialises the claims as SKIP LOCKED does on PostgreSQL). Every delivery is
 * claimed by one of them under a lease, so the receiver gets each event exactly once.
 */
describe('webhooks across processes', () => {
  let orm: MikroORM;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let headers: Record<string, string>;
  let receiver: Server;
  let port: number;
  const perEvent = new Map<string, number>();
  const servers: ServerProcess[] = [];
  const ROUNDS = 30;

  const sql = async <R = Record<string, any>>(query: string, bindings: unknown[] = []): Promise<R[]> => {
    const result = await knexOf(orm).raw(query, bindings as never[]);
    return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
  };
  const mutation = async (server: ServerProcess, name: string, input: Record<string, unknown>, selection: string) => {
    const type = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const { body } = await post(
      server.url,
      `mutation($i: ${type}!) { ${name}(input: $i) { ${selection} userErrors { code message } } }`,
      { i: input },
      headers,
    );
    const payload = body.data?.[name];
    if (!payload || payload.userErrors.length) throw new Error(`${name} failed: ${JSON.stringify(body.errors ?? payload.userErrors)}`);
    return payload;
  };
  /** A new service taken to TENDERING and a round of it announced, through `server`. */
  const announce = async (server: ServerProcess, i: number) => {
    let project = (await mutation(server, 'createTargetProject', projectInput(), 'targetProject { id version }')).targetProject;
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
      project = (
        await mutation(
          server,
          'transitionTargetProject',
          { id: project.id, to, expectedVersion: project.version },
          'targetProject { id version }',
        )
      ).targetProject;
    }
    await mutation(server, 'createTender', tenderInput({ projectId: project.id }, { title: `並行配信 ${i}` }), 'tender { id }');
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['tracker-event-id']);
        perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
        // A receiver that takes a moment, so both processes have deliveries in hand at once.
        setTimeout(() => res.end('ok'), 20);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    database = await testDatabase();
    // A first process migrates and seeds, then stops.
    await (await startServerProcess({ DATABASE_URL: database.url })).stop();
    orm = await openDatabase(database.target, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'webhook processes admin' });
    headers = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await orm?.close(true);
    await database?.drop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('two processes on one queue: each of 30 events reaches the receiver exactly once', async () => {
    const env = {
      DATABASE_URL: database.url,
      OUTBOX_POLL_MS: '50',
      WEBHOOK_POLL_MS: '20',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}`,
    };
    const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    servers.push(a, b);
    const search = (
      await mutation(
        a,
        'createSavedSearch',
        { name: 'two processes', filter: { types: ['TENDER_ANNOUNCED'], text: '並行配信' }, webhookUrl: `http://127.0.0.1:${port}/hook` },
        'savedSearch { id }',
      )
    ).savedSearch;
    // Rounds announced through both processes at once.
    await Promise.all(
      [a, b].map((server, s) =>
        (async () => {
          for (let i = s; i < ROUNDS; i += 2) await announce(server, i);
        })(),
      ),
    );

    const deadline = Date.now() + 60_000;
    const delivered = async () =>
      Number(
        (await sql("SELECT COUNT(*) AS n FROM webhook_delivery WHERE saved_search_id = ? AND status = 'DELIVERED'", [pk(search.id)]))[0].n,
      );
    while ((await delivered()) < ROUNDS) {
      if (Date.now() > deadline) throw new Error(`only ${await delivered()} of ${ROUNDS} delivered within 60 s; ${a.log().slice(-1000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Time for a stray second send to arrive, were there one.
    await new Promise((r) => setTimeout(r, 500));
    const rows = await sql<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM webhook_delivery WHERE saved_search_id = ?',
      [pk(search.id)],
    );
    expect(rows).toHaveLength(ROUNDS);
    expect(rows.filter((r) => r.status !== 'DELIVERED' || Number(r.attempts) !== 1)).toEqual([]);
    expect(perEvent.size).toBe(ROUNDS);
    // Events received more than once, with how many times: none.
    expect([...perEvent.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(Number((await sql('SELECT COUNT(*) AS n FROM webhook_attempt'))[0].n)).toBe(ROUNDS);
    // Each process counts what it sent: together, each delivery once.
    const sentBy = async (server: ServerProcess) =>
      Number(
        /^tracker_webhook_deliveries_total\{outcome="delivered"\} (\d+)/m.exec(await (await fetch(`${server.base}/metrics`)).text())?.[1] ??
          0,
      );
    expect((await sentBy(a)) + (await sentBy(b))).toBe(ROUNDS);
  });
});
