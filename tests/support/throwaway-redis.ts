import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultTools } from './fault-tools.js';
import { freePort } from './processes.js';

/**
 * A redis-server of the test's own (tests/support/fault-tools.ts finds the program), on a
 * free port of 127.0.0.1, in a temporary folder, persisting nothing: the fault tests freeze,
 * kill and restart it, which they must never do to a Redis anyone else uses.
 *
 * Whatever happens to the test, no redis-server is left behind: `cleanup()` (from an
 * afterAll) kills it even while frozen, and the vitest worker kills it when it exits.
 */
export interface ThrowawayRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** The running server's process id (changes on restart), or null while stopped. */
  pid(): number | null;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a hung Redis). */
  freeze(): void;
  /** SIGCONT: it answers again, starting with what it was sent while frozen. */
  thaw(): void;
  /** SIGKILL and wait for the exit: connections are closed, the port refuses. */
  stop(): Promise<void>;
  /** Starts a new, empty server on the same port (after `stop`). */
  restart(): Promise<void>;
  /** Stops the server if it runs and removes its folder; safe to call twice. */
  cleanup(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort when the worker exits without running afterAll: kill synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** True once the server answers PING on `port`. */
function answersPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const program = faultTools().redisServer;
  if (!program) throw new Error('redis-server not found (tests/support/fault-tools.ts missingFaultTool("redis") says why)');
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'tracker-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    const started = spawn(
      program,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    running.add(started);
    started.stdout!.on('data', (d) => (output += d));
    started.stderr!.on('data', (d) => (output += d));
    started.once('exit', () => running.delete(started));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null || started.signalCode !== null) throw new Error(`redis-server exited at start: ${output.slice(-1000)}`);
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`redis-server did not answer on port ${port} within 10 s: ${output.slice(-1000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async () => {
    const current = child;
    if (!current) return;
    child = null;
    if (current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGKILL');
    await exited;
  };

  const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
    if (!child?.pid) throw new Error(`redis-server is not running: cannot send ${name}`);
    process.kill(child.pid, name);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid ?? null,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop,
    async restart() {
      if (child) throw new Error('redis-server is still running: stop it before restarting');
      await start();
    },
    async cleanup() {
      // SIGKILL ends a stopped (frozen) process too.
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
