/** The benchmark's results: their shape, the table on stdout, and the JSON and Markdown files. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './proc.js';

/** One autocannon run against one process. */
export interface RunMeasure {
  /** autocannon's requests per second (mean of its one-second samples). */
  rps: number;
  rpsStddev: number;
  /** Responses completed in the run. */
  requests: number;
  durationSeconds: number;
  /** From every response's time (autocannon's `response` events), nearest rank. */
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /** autocannon's own histogram (whole milliseconds), for comparison. */
  autocannonLatencyMs: { p50: number; p97_5: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses whose body held `"errors":[` (GraphQL errors), from autocannon's verifyBody. */
  graphqlErrors: number;
  statusCodes: Record<string, number>;
  /** utime + stime of the process (/proc/<pid>/stat) over the run. */
  cpuMs: number | null;
  cpuMsPerRequest: number | null;
  /** PostgreSQL backends of the server's pool (local server only): their CPU over the run. */
  dbCpuMsPerRequest: number | null;
  /** The load generator's own CPU (this process), for reading the floor. */
  loadGeneratorCpuMsPerRequest: number;
  /** Largest VmRSS sampled during the run. */
  rssMaxBytes: number | null;
  bytesPerResponse: number;
}

export interface SqlCount {
  /** sqlStatements of the first request checked before the run. */
  first: number;
  min: number;
  max: number;
  /** Every sample checked gave the same count. */
  uniform: boolean;
  checked: number;
  /** Per kind of request (writes mix two). */
  byKind: Record<string, { first: number; min: number; max: number; checked: number }>;
}

export interface OperationResult {
  name: string;
  group: string;
  title: string;
  /** Distinct request bodies checked and captured before the run. */
  bodies: number;
  /** null when the checks failed and nothing was measured. */
  sql: SqlCount | null;
  /** The largest `extensions.cost` among the requests checked (the server's query limits). */
  queryCost: { requested: number; nodes: number; depth: number; limit: number | null } | null;
  server: RunMeasure | null;
  /** The server again at half the rate `server` reached (null: skipped, or too slow to halve). */
  halfRate: RunMeasure | null;
  floor: RunMeasure | null;
  /** server rps ÷ floor rps. */
  ratio: number | null;
  /** userErrors by code and the like (writes), over the measured run. */
  counters: Record<string, number>;
  failure: string | null;
  notes: string[];
}

export interface BenchReport {
  tool: string;
  date: string;
  options: Record<string, unknown>;
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  database: {
    dialect: 'sqlite' | 'postgresql';
    version: string;
    location: string;
    scale: number | null;
    reused: boolean;
    migrateMs: number | null;
    seedMs: number | null;
    rows: Record<string, number> | null;
    /** Streaming replicas the server read from (`--replicas`; absent or 0: none). */
    replicas?: number;
  };
  server: {
    command: string;
    environment: Record<string, string>;
    startMs: number;
    /** VmHWM at the end of the operations: the server's peak resident set. */
    peakRssBytes: number | null;
  };
  operations: OperationResult[];
  notes: string[];
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function num(value: number | null | undefined, digits = 1): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function mib(bytes: number | null | undefined): string {
  return bytes == null ? '—' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function ratioText(ratio: number | null): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

function sqlText(sql: SqlCount | null): string {
  if (!sql) return '—';
  const kinds = Object.entries(sql.byKind);
  if (kinds.length > 1) {
    return kinds.map(([kind, k]) => `${kind} ${k.min === k.max ? k.first : `${k.min}–${k.max}`}`).join(', ');
  }
  return sql.uniform ? String(sql.first) : `${sql.first} (${sql.min}–${sql.max})`;
}

function errorText(m: RunMeasure | null, counters: Record<string, number> = {}): string {
  if (!m) return '—';
  const parts: string[] = [];
  if (m.errors - m.timeouts) parts.push(`conn ${m.errors - m.timeouts}`);
  if (m.timeouts) parts.push(`timeout ${m.timeouts}`);
  if (m.non2xx) parts.push(`non-2xx ${m.non2xx}`);
  if (m.graphqlErrors) parts.push(`gql ${m.graphqlErrors}`);
  const total = m.errors + m.non2xx + m.graphqlErrors;
  let text = total ? `${total} (${parts.join(', ')})` : '0';
  const userErrors = Object.entries(counters).filter(([k]) => k.startsWith('userErrors.'));
  if (userErrors.length) {
    const sum = userErrors.reduce((s, [, n]) => s + n, 0);
    text += `; userErrors ${sum} (${userErrors.map(([k, n]) => `${k.slice('userErrors.'.length)} ${n}`).join(', ')})`;
  }
  return text;
}

/** The rows of the table, as text cells. */
export function tableRows(report: BenchReport): { header: string[]; rows: string[][] } {
  const withDbCpu = report.operations.some((o) => o.server?.dbCpuMsPerRequest != null);
  const header = [
    'operation',
    'rps',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'CPU ms/req',
    ...(withDbCpu ? ['db CPU ms/req'] : []),
    'p50/p99 ms at ½ rate',
    'SQL/req',
    'errors',
    'floor rps',
    'ratio',
  ];
  const rows = report.operations.map((o) => {
    if (o.failure || !o.server) {
      return [o.name, 'FAILED', '', '', '', '', ...(withDbCpu ? [''] : []), '', sqlText(o.sql), o.failure ?? 'not measured', '', ''];
    }
    const s = o.server;
    const floorErrors = o.floor ? o.floor.errors + o.floor.non2xx + o.floor.graphqlErrors : 0;
    return [
      o.name,
      int.format(s.rps),
      num(s.latencyMs.p50),
      num(s.latencyMs.p95),
      num(s.latencyMs.p99),
      num(s.cpuMsPerRequest, 2),
      ...(withDbCpu ? [num(s.dbCpuMsPerRequest, 2)] : []),
      o.halfRate ? `${num(o.halfRate.latencyMs.p50)} / ${num(o.halfRate.latencyMs.p99)}` : '—',
      sqlText(o.sql),
      errorText(s, o.counters),
      o.floor ? `${int.format(o.floor.rps)}${floorErrors ? ` (errors ${floorErrors})` : ''}` : '—',
      ratioText(o.ratio),
    ];
  });
  return { header, rows };
}

const RIGHT = new Set(['rps', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/req', 'db CPU ms/req', 'p50/p99 ms at ½ rate', 'floor rps', 'ratio']);

export function textTable(header: string[], rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - width(s));
    return RIGHT.has(header[i]) ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function summaryLines(report: BenchReport): string[] {
  const d = report.database;
  const m = report.machine;
  return [
    `date: ${report.date}`,
    `database: ${d.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${d.version}, ${d.reused ? `reused (${d.location}), not seeded` : `scale ${d.scale}, seed time ${d.seedMs} ms (migrations ${d.migrateMs} ms)`}${d.replicas !== undefined ? `; a primary of the bench's own with ${d.replicas} streaming replica(s)` : ''}`,
    `server: start ${report.server.startMs} ms (spawn to /healthz 200), peak RSS ${mib(report.server.peakRssBytes)} (VmHWM)`,
    `machine: ${m.cpuModel}, ${m.cores} cores, ${mib(m.totalMemoryBytes)} RAM, ${m.platform} ${m.kernel}, Node ${m.node}; load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end`,
    `runs: ${report.options.connections} connections, ${report.options.warmupSeconds} s warm-up + ${report.options.durationSeconds} s measured per operation, on the server and on the floor${report.options.halfRate ? ', then the server again at half the rate it reached' : ''}`,
  ];
}

const LEGEND = [
  "rps: autocannon mean over the measured run; p50/p95/p99: from every response time; CPU ms/req: the server process's utime+stime (/proc) over the run ÷ responses;",
  'SQL/req: extensions.diagnostics.sqlStatements of the first request checked before the run, "(min–max)" when the requests checked differ; errors: connection errors, timeouts,',
  'non-2xx and responses with GraphQL errors (and userErrors for writes); floor: the same response bodies from a bare node:http server in its own process; ratio: rps ÷ floor rps;',
  'p50/p99 ms at ½ rate: a second server run sending half the measured rps at even intervals (bench/paced.ts), each time from its scheduled start.',
].join('\n');

/** What goes to stdout at the end. */
export function printableReport(report: BenchReport): string {
  const { header, rows } = tableRows(report);
  const rss = report.operations
    .filter((o) => o.server)
    .map((o) => `${o.name} ${mib(o.server!.rssMaxBytes)}`)
    .join(', ');
  return [
    ...summaryLines(report),
    '',
    textTable(header, rows),
    LEGEND,
    '',
    `max RSS sampled during each run: ${rss || '—'}`,
    ...report.notes.map((n) => `note: ${n}`),
    ...report.operations.flatMap((o) => o.notes.map((n) => `note (${o.name}): ${n}`)),
  ].join('\n');
}

function markdown(report: BenchReport): string {
  const { header, rows } = tableRows(report);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const table = [
    `| ${header.join(' | ')} |`,
    `|${header.map((h) => (RIGHT.has(h) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  const details = report.operations.map((o) => {
    const s = o.server;
    const f = o.floor;
    const lines = [`- **${o.name}**: ${o.title}. ${o.bodies} distinct request ${o.bodies === 1 ? 'body' : 'bodies'}.`];
    if (s) {
      lines.push(
        `  server: ${int.format(s.requests)} responses in ${s.durationSeconds} s, mean latency ${num(s.latencyMs.mean)} ms (max ${num(s.latencyMs.max)}), ${int.format(s.bytesPerResponse)} bytes per response, max RSS ${mib(s.rssMaxBytes)}, load generator ${num(s.loadGeneratorCpuMsPerRequest, 3)} CPU ms/req`,
      );
    }
    if (f) {
      lines.push(
        `  floor: ${int.format(f.requests)} responses, p50/p95/p99 ${num(f.latencyMs.p50)}/${num(f.latencyMs.p95)}/${num(f.latencyMs.p99)} ms, floor CPU ${num(f.cpuMsPerRequest, 3)} ms/req, load generator ${num(f.loadGeneratorCpuMsPerRequest, 3)} CPU ms/req`,
      );
    }
    if (o.sql) {
      lines.push(
        o.sql.uniform
          ? `  SQL statements: the same for each of the ${o.sql.checked} requests checked${Object.keys(o.sql.byKind).length > 1 ? ' (per kind)' : ''}`
          : `  SQL statements differ between the ${o.sql.checked} requests checked: ${Object.entries(o.sql.byKind)
              .map(([k, v]) => `${k} ${v.min} to ${v.max}`)
              .join(', ')}`,
      );
    }
    if (o.queryCost)
      lines.push(
        `  query limits: largest cost ${int.format(o.queryCost.requested)} of ${o.queryCost.limit != null ? int.format(o.queryCost.limit) : '?'}, ${int.format(o.queryCost.nodes)} nodes, depth ${o.queryCost.depth}`,
      );
    for (const n of o.notes) lines.push(`  ${n}`);
    if (o.failure) lines.push(`  FAILED: ${o.failure}`);
    return lines.join('\n');
  });
  return [
    `# Benchmark: ${report.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${report.database.reused ? 'reused database' : `scale ${report.database.scale}`}${report.database.replicas !== undefined ? `, ${report.database.replicas} replica(s)` : ''}`,
    '',
    ...summaryLines(report).map((l) => `- ${l}`),
    '',
    ...table,
    '',
    LEGEND,
    '',
    '## Operations',
    '',
    ...details,
    ...(report.notes.length ? ['', '## Notes', '', ...report.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

/** Writes `<date>-<db>-scale<N>.json` and `.md` (with -2, -3… when a run of that day exists). */
export function writeReport(report: BenchReport, outDir: string): { json: string; md: string } {
  mkdirSync(outDir, { recursive: true });
  const day = report.date.slice(0, 10);
  const db = report.database.dialect === 'sqlite' ? 'sqlite' : 'postgres';
  const size =
    (report.database.reused ? 'reused' : `scale${report.database.scale}`) +
    (report.database.replicas !== undefined ? `-replicas${report.database.replicas}` : '');
  let base = `${day}-${db}-${size}`;
  for (let n = 2; existsSync(join(outDir, `${base}.json`)) || existsSync(join(outDir, `${base}.md`)); n++)
    base = `${day}-${db}-${size}-${n}`;
  const json = join(outDir, `${base}.json`);
  const md = join(outDir, `${base}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown(report));
  return { json, md };
}
