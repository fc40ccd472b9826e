import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { knexOf, openDatabase } from '../../src/core/db/orm.js';
import { ENTITIES } from '../../src/entities.js';
import { Role } from '../../src/core/auth/viewer.js';
import { issueToken } from '../../src/modules/access/token.service.js';
import { GRACE_EXCEEDED_EXIT_CODE } from '../../src/core/http/shutdown.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';

/**
 * README "Running in production", shutdown: on SIGTERM a compiled server stops accepting,
 * finishes what is in flight, and exits when SHUTDOWN_GRACE_MS ends whatever is still pending,
 * with one JSON log line saying what was, and exit status 1. A server with nothing pending
 * exits 0 at once. Timing bounds are generous (a slow, shared machine): "before the grace
 * plus 10 s", and "not before the grace" where work was held open.
 */
const GRACE_MS = 2_000;
const MARGIN_MS = 10_000;

interface LogLine {
  msg?: string;
  exitCode?: number;
  graceMs?: number;
  pending?: { openRequests: number; openConnections: number; stage: string; databaseClosePending: boolean };
}

const logLines = (server: ServerProcess): LogLine[] =>
  server
    .log()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

/** SIGTERM, then the exit status and how long the process took to exit. */
async function terminate(server: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const code = await server.stop();
  return { code, ms: Date.now() - started };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('shutdown with a deadline', () => {
  let dir: string;
  const started: ServerProcess[] = [];
  const serve = async (env: Record<string, string> = {}) => {
    const server = await startServerProcess({
      DATABASE_URL: `sqlite:${join(dir, `s${started.length}.sqlite`)}`,
      SEED_ON_START: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      ...env,
    });
    started.push(server);
    return server;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mtt-shutdown-'));
  });
  afterAll(async () => {
    for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 at once when nothing is pending', async () => {
    const server = await serve();
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    const { code, ms } = await terminate(server);
    console.info(`[shutdown] idle server exited ${code} in ${ms} ms after SIGTERM`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(logLines(server).some((l) => l.msg === 'shut down')).toBe(true);
    expect(server.log()).not.toMatch(/ended with work pending/);
  });

  it('exits when the grace ends, logging what was pending, with a slow body and a keep-alive connection held open', async () => {
    const server = await serve();
    const port = Number(new URL(server.base).port);
    // A client that announces a body and sends only part of it: a request in flight forever.
    const slow = await openSocket(port);
    slow.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ mi`);
    // A keep-alive connection that got its answer and stays open, never closing its side.
    const idle = await openSocket(port);
    const answered = new Promise((r) => idle.once('data', r));
    idle.on('data', () => {});
    for (const s of [slow, idle]) s.on('error', () => {});
    // Sent after the slow request's headers, so once it is answered those have been read too.
    await new Promise((r) => setTimeout(r, 100));
    idle.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    await answered;
    await new Promise((r) => setTimeout(r, 100));

    const { code, ms } = await terminate(server);
    console.info(`[shutdown] with a slow body and a keep-alive connection held: exited ${code} in ${ms} ms (grace ${GRACE_MS} ms)`);
    slow.destroy();
    idle.destroy();
    expect(code).toBe(GRACE_EXCEEDED_EXIT_CODE);
    expect(ms).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(ms).toBeLessThan(GRACE_MS + MARGIN_MS);
    const line = logLines(server).find((l) => l.exitCode === GRACE_EXCEEDED_EXIT_CODE);
    expect(line, server.log().slice(-2000)).toBeDefined();
    expect(line!.graceMs).toBe(GRACE_MS);
    expect(line!.pending!.openRequests).toBeGreaterThanOrEqual(1);
    expect(line!.pending!.openConnections).toBeGreaterThanOrEqual(1);
    expect(line!.pending!.stage).toBe('draining');
    expect(line!.pending!.databaseClosePending).toBe(false);
  });

  it('gives up when the grace ends while closing the database waits on a transaction (another process holds the write lock)', async () => {
    const file = join(dir, 'locked.sqlite');
    const server = await serve({ DATABASE_URL: `sqlite:${file}` });
    let orm: MikroORM | undefined;
    try {
      orm = await openDatabase({ dialect: 'sqlite', file }, { entities: ENTITIES });
      const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'shutdown admin' });
      // Another process's write transaction holds the file: the server's write waits (busy timeout).
      const lock = await knexOf(orm).transaction();
      try {
        const client = new AbortController();
        const write = fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `mutation { createTargetProject(input: { ministryCode: "MOJ", name: "停止中", summary: "x", category: OTHER, method: PRIVATE, baselineAnnualCostYen: 1 }) { userErrors { code } } }`,
          }),
          signal: client.signal,
        }).catch(() => undefined);
        // Time for the write to reach its BEGIN (it then waits up to the 10 s busy timeout).
        await new Promise((r) => setTimeout(r, 1_000));
        // The client gives up: HTTP drains at once, but the transaction still holds the pool's connection.
        client.abort();
        await write;
        const { code, ms } = await terminate(server);
        console.info(`[shutdown] with a transaction waiting on another process's lock: exited ${code} in ${ms} ms (grace ${GRACE_MS} ms)`);
        expect(code).toBe(GRACE_EXCEEDED_EXIT_CODE);
        // Not the busy timeout (10 s) later: the wait for the lock is taken in short tries.
        expect(ms).toBeLessThan(GRACE_MS + MARGIN_MS);
        const line = logLines(server).find((l) => l.exitCode === GRACE_EXCEEDED_EXIT_CODE);
        expect(line, server.log().slice(-2000)).toBeDefined();
        expect(line!.pending).toMatchObject({ stage: 'database', databaseClosePending: true });
        // The line is written when the grace ends, not when the write gives up waiting.
        const lines = logLines(server) as (LogLine & { time: number })[];
        const asked = lines.find((l) => l.msg === 'shutting down: finishing in-flight requests')!;
        const gaveUp = lines.find((l) => l.exitCode === GRACE_EXCEEDED_EXIT_CODE)!;
        expect(gaveUp.time - asked.time).toBeGreaterThanOrEqual(GRACE_MS - 100);
        expect(gaveUp.time - asked.time).toBeLessThan(GRACE_MS + MARGIN_MS);
      } finally {
        await lock.rollback();
      }
    } finally {
      await orm?.close(true);
    }
  });
});
