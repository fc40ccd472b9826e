import { maxHeaderSize } from 'node:http';
/**
 * Running the fuzz against a server: what it learns from the server first (`discover`), the
 * run itself (`fuzz`: cases drawn in chunks from a fixed seed, a few in flight at once, each
 * answer judged by tests/fuzz/judge.ts), and a failure report readable in a test failure.
 *
 * FUZZ_RUNS (default 2000, the CI run) sets the number of cases and FUZZ_SEED the seed; the
 * seed is printed at the start, and a failure lists, per kind of failure, the first request
 * that showed it (with its case number), so the same seed and FUZZ_RUNS reproduce it.
 * FUZZ_REPORT=/tmp/fuzz.jsonl writes every failing request and answer there, one per line.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { requestArbitrary, type FuzzRequest, type Known } from './generators.js';
import { judge } from './judge.js';

/** Cases per fuzz run. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);
/** Requests in flight at once (the server sees a little concurrency, as in real life). */
const CONCURRENCY = 4;
/** Cases are generated in chunks of this many (seed + chunk number), so a long run stays small in memory. */
const CHUNK = 250;
/** A request unanswered this long is a failure (the server's own timeout is 5 s here). */
const CLIENT_TIMEOUT_MS = 15_000;
/** Failures kept: a long run may collect many (the seed and the case number reproduce the rest). */
const MAX_FAILURES = 5_000;

/** Production limits: startTestServer turns rate limits off (kept off: the fuzz would only meet 429s) and raises query limits. */
export const FUZZ_ENV = {
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_TOKEN: '0',
  QUERY_MAX_COST: '1000000',
  QUERY_MAX_NODES: '150000',
  REQUEST_TIMEOUT_MS: '5000',
};
/** Time for one fuzz test: a minute per thousand cases and two for setting up. */
export const FUZZ_TEST_TIMEOUT = RUNS * 60 + 120_000;

/** One problem with one answer, with the request (cut short) that drew it. */
export interface Failure {
  problem: string;
  case: number;
  request: FuzzRequest;
  status: number;
  response: string;
}

/** What a fuzz run saw. */
export interface RunReport {
  cases: number;
  /** Root fields (queries and mutations) the generated operations called. */
  fields: Set<string>;
  ms: number;
  statuses: Record<string, number>;
  failures: Failure[];
  firstUnanswered: Failure | null;
  slowest: { ms: number; kind: string };
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

async function send(base: string, request: FuzzRequest): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, ms: Date.now() - started };
}

/** The size of the request line and headers as sent (what Node's maxHeaderSize limits). */
function headBytes(request: FuzzRequest): number {
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.byteLength(`${request.method} ${request.path} HTTP/1.1\r\n${headers.join('')}\r\n`);
}

/** The request with its path and body cut to 4,000 characters, to keep in a report. */
const keptRequest = (request: FuzzRequest): FuzzRequest => ({
  ...request,
  path: request.path.slice(0, 4_000),
  body: request.body?.slice(0, 4_000),
});

/** Sends one case and notes it in the report: its status, the field it called, its problems. */
async function runCase(base: string, request: FuzzRequest, number: number, report: RunReport): Promise<void> {
  let status = 0;
  let text = '';
  let problems: string[];
  try {
    const answer = await send(base, request);
    status = answer.status;
    text = answer.text;
    if (answer.ms > report.slowest.ms) report.slowest = { ms: answer.ms, kind: request.kind };
    problems = judge(request, answer.status, answer.contentType, answer.text);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if ((cause?.code === 'ECONNRESET' || cause?.code === 'EPIPE') && headBytes(request) > maxHeaderSize) {
      // A request head over Node's limit is refused with 431 and the socket destroyed at once
      // (judge.ts allows that 431): a client still writing the head sees the reset instead,
      // as ECONNRESET or, when its next write meets the closed socket, EPIPE.
      report.cases++;
      report.statuses.reset = (report.statuses.reset ?? 0) + 1;
      return;
    }
    problems = [
      `no answer: ${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`,
    ];
    report.firstUnanswered ??= { problem: problems[0], case: number, request: keptRequest(request), status, response: '' };
  }
  report.cases++;
  const called = /^(?:POST|GET) (?:query|mutation):(\w+)/.exec(request.kind);
  if (called) report.fields.add(called[1]);
  report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  const kept = keptRequest(request);
  for (const problem of problems)
    if (report.failures.length < MAX_FAILURES)
      report.failures.push({ problem, case: number, request: kept, status, response: text.slice(0, 600) });
}

/** Runs one chunk's cases, CONCURRENCY at a time. */
async function runChunk(base: string, requests: FuzzRequest[], firstNumber: number, report: RunReport): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      await runCase(base, requests[index], firstNumber + index, report);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function printReport(report: RunReport, label: string): void {
  const kinds = new Set(report.failures.map((f) => f.problem.replace(/ → .*$/, '').replace(/: ".*$/, ''))).size;
  console.log(
    `[fuzz ${label}] ${report.cases} cases in ${(report.ms / 1000).toFixed(1)} s; statuses ${JSON.stringify(report.statuses)}; ` +
      `slowest ${report.slowest.ms} ms (${report.slowest.kind}); ${report.failures.length} problems of ${kinds} kinds`,
  );
}

/** Sends RUNS generated requests to the server at `base` and reports how it answered them. */
export async function fuzz(base: string, known: Known, label: string): Promise<RunReport> {
  const arb = requestArbitrary(known);
  const started = Date.now();
  const report: RunReport = {
    cases: 0,
    fields: new Set(),
    ms: 0,
    statuses: {},
    failures: [],
    firstUnanswered: null,
    slowest: { ms: 0, kind: '' },
  };
  console.log(`[fuzz ${label}] seed ${SEED}, ${RUNS} cases (FUZZ_SEED / FUZZ_RUNS to change)`);
  for (let chunk = 0; chunk * CHUNK < RUNS; chunk++) {
    const requests = fc.sample(arb, { seed: SEED + chunk, numRuns: Math.min(CHUNK, RUNS - chunk * CHUNK) });
    await runChunk(base, requests, chunk * CHUNK, report);
    // A dead server fails every later case the same way: stop at the first chunk that lost it.
    if (
      report.firstUnanswered &&
      !(await fetch(`${base}/healthz`)
        .then((r) => r.ok)
        .catch(() => false))
    )
      break;
  }
  report.ms = Date.now() - started;
  if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, report.failures.map((f) => JSON.stringify(f)).join('\n'));
  printReport(report, label);
  return report;
}

/** One failure as a few readable lines: the case, the request (long parts cut) and the answer. */
function showFailure(f: Failure): string {
  const headers = Object.fromEntries(
    Object.entries(f.request.headers).map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v]),
  );
  const body = f.request.body ?? '';
  const path = f.request.path.length > 300 ? `${f.request.path.slice(0, 300)}…(${f.request.path.length})` : f.request.path;
  return (
    `  case ${f.case} [${f.request.kind}]: ${f.request.method} ${path}\n    headers ${JSON.stringify(headers)}\n` +
    `    body ${JSON.stringify(body.slice(0, 400))}${body.length > 400 ? `…(${body.length})` : ''}\n    → ${f.status} ${f.response.slice(0, 400)}`
  );
}

/** Each kind of problem with its count and up to three examples (of different request kinds), readable in a test failure. */
export function summarise(failures: Failure[]): string[] {
  const byKind = new Map<string, Failure[]>();
  for (const f of failures) {
    const kind = `${f.problem.replace(/ → .*$/, '').slice(0, 100)} (HTTP ${f.status})`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  return [...byKind.entries()].slice(0, 20).map(([kind, list]) => {
    const examples: Failure[] = [];
    for (const f of list)
      if (examples.length < 3 && !examples.some((e) => e.request.kind.split(' ')[1] === f.request.kind.split(' ')[1])) examples.push(f);
    return `${list.length}× ${kind}\n${examples.map(showFailure).join('\n')}`;
  });
}

/** A query the fuzz's own set-up sends, which must succeed. */
async function setupQuery(base: string, query: string, auth?: string): Promise<any> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`discovery failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Real ids, codes and cursors from the server, so generated requests also reach real rows. */
export async function discover(base: string, tokens: string[], adminToken: string): Promise<Known> {
  const schema = buildClientSchema((await setupQuery(base, getIntrospectionQuery())) as IntrospectionQuery);
  const d = await setupQuery(
    base,
    `{ tenders(first: 10) { edges { cursor } nodes { id bids(first: 3) { nodes { id } } } }
       targetProjects(first: 10) { nodes { id } } bidders(first: 10) { nodes { id corporateNumber } }
       localPilots(first: 5) { nodes { id } } basicPolicies(first: 5) { nodes { id } } evaluations(first: 5) { nodes { id } }
       municipalities(first: 10) { nodes { id code } } ministries(first: 30) { nodes { id code } } }`,
    adminToken,
  );
  const nodes = (c: { nodes: { id: string }[] }) => c.nodes.map((n) => n.id);
  return {
    schema,
    ids: [
      ...nodes(d.tenders),
      ...d.tenders.nodes.flatMap((t: any) => nodes(t.bids)),
      ...nodes(d.targetProjects),
      ...nodes(d.bidders),
      ...nodes(d.localPilots),
      ...nodes(d.basicPolicies),
      ...nodes(d.evaluations),
      ...nodes(d.municipalities),
      ...nodes(d.ministries),
    ],
    cursors: d.tenders.edges.map((e: { cursor: string }) => e.cursor),
    ministryCodes: d.ministries.nodes.map((m: { code: string }) => m.code),
    municipalityCodes: d.municipalities.nodes.map((m: { code: string }) => m.code),
    corporateNumbers: d.bidders.nodes.map((b: { corporateNumber: string | null }) => b.corporateNumber).filter(Boolean),
    tokens,
  };
}
