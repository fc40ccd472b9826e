import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';

/** Exit status when the shutdown grace ended with work still pending (README "Running in production"). */
export const GRACE_EXCEEDED_EXIT_CODE = 1;

/** What a stopping server was still doing, as the log line at the end of the grace reports it. */
export interface PendingWork {
  /** Requests received and not yet answered (or whose client is gone while their work runs on). */
  openRequests: number;
  /** TCP connections still open: idle keep-alive ones, slow clients, requests in flight. */
  openConnections: number;
  /** Where `App.close` had got to: `draining` (HTTP), `rate-limits`, `database` or `closed`. */
  stage: string;
  /** True while the database pool was still closing (it waits for the transactions holding its connections). */
  databaseClosePending: boolean;
}

/** Counts a server's open requests and connections, from now on. */
export function trackOpenWork(http: Server): () => { openRequests: number; openConnections: number } {
  const sockets = new Set<Socket>();
  let openRequests = 0;
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  http.on('request', (_req, res) => {
    openRequests++;
    // 'close' fires once whether the answer was sent or the client went away.
    res.once('close', () => openRequests--);
  });
  return () => ({ openRequests, openConnections: sockets.size });
}

/**
 * Stops a server on a signal: `close` stops accepting and finishes in-flight work; the process
 * exits 0 when it is done, 1 when it failed, and {@link GRACE_EXCEEDED_EXIT_CODE} when the grace
 * ends first, after one JSON log line saying what was still pending. The grace timer is unref'd:
 * it never keeps an otherwise finished process alive.
 */
export function shutdownOnSignals(options: {
  close: () => Promise<void>;
  graceMs: number;
  logger: Logger;
  pending: () => PendingWork;
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}): { stop: (signal: string) => Promise<void> } {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { logger, graceMs } = options;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal, graceMs }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      const pending = options.pending();
      logger.error(
        { signal, graceMs, exitCode: GRACE_EXCEEDED_EXIT_CODE, pending },
        `shutdown grace of ${graceMs} ms ended with work pending (${pending.openRequests} open requests, ${pending.openConnections} open connections, database close ${pending.databaseClosePending ? 'pending' : 'not pending'}); exiting with ${GRACE_EXCEEDED_EXIT_CODE}`,
      );
      exit(GRACE_EXCEEDED_EXIT_CODE);
    }, graceMs);
    deadline.unref();
    try {
      await options.close();
      clearTimeout(deadline);
      logger.info({ signal, ms: Date.now() - started }, 'shut down');
      exit(0);
    } catch (err) {
      clearTimeout(deadline);
      logger.error({ err }, 'shutdown failed');
      exit(1);
    }
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, () => void stop(signal));
  return { stop };
}
