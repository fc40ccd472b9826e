import http from 'node:http';
import type { BenchRequest } from './operations.js';

/** What one paced run saw, before CPU and the like are added by the caller. */
export interface PacedResult {
  latencies: number[];
  completed: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  statusCodes: Record<string, number>;
  bytes: number;
  durationSeconds: number;
}

/**
 * Sends requests at a steady rate, one every 1/rate seconds whatever the server is doing (an
 * open loop, as independent clients would), over keep-alive connections opened as needed, and
 * records each response's time from its scheduled start. autocannon's own rate limit lets each
 * connection send its whole second's share at once and then wait, so every second begins with
 * a burst that queues on the server: its latencies say more about the bursts than about the
 * rate.
 */
export async function pacedRun(options: {
  base: string;
  rate: number;
  seconds: number;
  next: () => BenchRequest;
  bodyOf: (request: BenchRequest) => Buffer;
  onResponse?: (request: BenchRequest, status: number, body: string) => void;
  timeoutMs?: number;
}): Promise<PacedResult> {
  const url = new URL('/graphql', options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const result: PacedResult = {
    latencies: [],
    completed: 0,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    graphqlErrors: 0,
    statusCodes: {},
    bytes: 0,
    durationSeconds: options.seconds,
  };
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();

  const send = (scheduledAt: number) => {
    const request = options.next();
    const body = options.bodyOf(request);
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...request.headers, 'content-type': 'application/json', 'content-length': body.length },
          timeout: options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            result.latencies.push(performance.now() - scheduledAt);
            result.completed++;
            result.bytes += Buffer.byteLength(text);
            result.statusCodes[status] = (result.statusCodes[status] ?? 0) + 1;
            if (status < 200 || status >= 300) result.non2xx++;
            else if (text.includes('"errors":[')) result.graphqlErrors++;
            options.onResponse?.(request, status, text);
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        result.timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        result.errors++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  // Every request due by now goes out; then the loop sleeps until the next one is due, which
  // also lets the responses that arrived meanwhile be read.
  for (let i = 0; i < total;) {
    const now = performance.now();
    for (; i < total && started + i * interval <= now; i++) send(started + i * interval);
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, started + i * interval - performance.now())));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}
