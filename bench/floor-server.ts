/**
 * The floor: a bare node:http server that answers `POST /graphql` with a response captured
 * from the real server for the same request body, from memory, with the same status and
 * headers. It does no GraphQL, no database and no JSON parsing, so its throughput is what
 * this machine, Node's HTTP stack and the load generator allow for these very bytes.
 *
 *   node dist/bench/floor-server.js <captured.json>
 *
 * The file holds `FloorEntry[]`. The server listens on 127.0.0.1 on a free port and prints
 * one line `{"port": N}` when it is ready; SIGTERM or SIGINT stop it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { NOT_REPLAYED, type FloorEntry } from './captured.js';

interface Answer {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

function load(path: string): Map<string, Answer> {
  const entries = JSON.parse(readFileSync(path, 'utf8')) as FloorEntry[];
  const answers = new Map<string, Answer>();
  for (const entry of entries) {
    const body = Buffer.from(entry.responseBody, 'utf8');
    const headers: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(entry.headers)) if (!NOT_REPLAYED.has(name.toLowerCase())) headers[name] = value;
    headers['content-length'] = body.length;
    answers.set(entry.requestBody, { status: entry.status, headers, body });
  }
  return answers;
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node dist/bench/floor-server.js <captured.json>');
    process.exit(2);
  }
  const answers = load(file);
  const notFound = Buffer.from(JSON.stringify({ errors: [{ message: 'floor: no captured response for this request body' }] }));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 });
      res.end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const answer = answers.get(key);
      if (!answer) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': notFound.length });
        res.end(notFound);
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port, entries: answers.size })}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
