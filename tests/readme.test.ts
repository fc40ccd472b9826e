import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/processes.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The README's GraphQL is run as a new user would paste it into GraphiQL: every example
 * query answers without errors, and the "Writing data" walk-through takes a service from
 * registration to exit, with the ids of each step pasted into the next.
 */
const readme = readFileSync('README.md', 'utf8');
const blocks = (text: string) => [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const [readPart, writePart] = readme.split('## Writing data');

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.stop());

describe('README', () => {
  it('has example queries that all answer without errors', async () => {
    const queries = blocks(readPart);
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const query of queries) {
      const result = await srv.gql(query);
      expect(result.errors, query).toBeUndefined();
      expect(result.status).toBe(200);
    }
  });

  it('shows, after each example query, what the API answers on the sample data', async () => {
    // A ```graphql block followed by a ```json block: the JSON is the value of the query's one
    // root field. "…" in an array stands for the elements left out (the README shows the
    // first ones); everything shown must be exactly what the API returns.
    const fences = [...readPart.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
    const pairs = fences.flatMap((f, i) =>
      f.lang === 'graphql' && fences[i + 1]?.lang === 'json' ? [[f, f.body, fences[i + 1].body] as const] : [],
    );
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const [, query, shown] of pairs) {
      const result = await srv.gql(query);
      expect(result.errors, query).toBeUndefined();
      const values = Object.values(result.data ?? {});
      expect(values, query).toHaveLength(1);
      const expected = JSON.parse(shown.replace(/,\s*…/g, ', "…"'));
      expect(shownPart(values[0], expected), query).toEqual(expected);
    }
  });

  it('has red-flag examples that find flags on the sample data', async () => {
    const queries = blocks(readme.split('## Red flags')[1].split('\n## ')[0]);
    expect(queries.length).toBeGreaterThanOrEqual(1);
    for (const query of queries) {
      const result = await srv.gql(query);
      expect(result.errors, query).toBeUndefined();
      const data = result.data as Record<string, any>;
      expect(data.redFlags.totalCount, 'redFlags finds something').toBeGreaterThan(0);
      expect(data.tenders.nodes.length, 'tenders finds something').toBeGreaterThan(0);
      expect(
        data.tenders.nodes.some((n: { redFlags: unknown[] }) => n.redFlags.length > 0),
        'some round shows its flags',
      ).toBe(true);
    }
  });

  it('walks a service from registration to exit exactly as written', async () => {
    const { headers } = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
    const steps = blocks(writePart.split('### A service')[1]);
    expect(steps.length).toBeGreaterThanOrEqual(12);
    const ids: Record<string, string> = {};
    for (const step of steps) {
      const document = step.replace(/\b(PROJECT_ID|TENDER_ID|BIDDER_1|BIDDER_2|BID_1|BID_2)\b/g, (name) => {
        expect(ids[name], `${name} is known before it is used`).toBeDefined();
        return ids[name];
      });
      const result = await srv.gql(document, {}, headers);
      expect(result.errors, document).toBeUndefined();
      for (const payload of Object.values(result.data ?? {}) as { userErrors?: unknown[] }[]) {
        expect(payload?.userErrors ?? [], document).toEqual([]);
      }
      const data = result.data as Record<string, any>;
      if (data.createTargetProject) ids.PROJECT_ID = data.createTargetProject.targetProject.id;
      if (data.createTender) ids.TENDER_ID = data.createTender.tender.id;
      if (step.includes('createBidder')) [ids.BIDDER_1, ids.BIDDER_2] = [data.a.bidder.id, data.b.bidder.id];
      if (step.includes('recordBid')) [ids.BID_1, ids.BID_2] = [data.a.bid.id, data.b.bid.id];
      if (data.awardTender) expect(data.awardTender.tender.project.status).toBe('IN_OPERATION');
      if (data.recordEvaluation) expect(data.recordEvaluation.evaluation.project.status).toBe('EXITED');
      if (data.node) expect(data.node.history.nodes.length).toBeGreaterThanOrEqual(8);
    }
    const [row] = await srv.sql<{ status: string }>('SELECT status FROM target_project WHERE name = ?', [
      '登記事項証明書等の交付等事務（さいたま地方法務局 大宮支局）',
    ]);
    expect(row.status).toBe('EXITED');
  });
});

/**
 * The part of `actual` that `shown` shows: arrays ending in "…" keep only as many elements as
 * shown; everything else is kept whole (so a field missing from, or added to, the README
 * makes the comparison fail).
 */
function shownPart(actual: unknown, shown: unknown): unknown {
  if (Array.isArray(shown) && Array.isArray(actual)) {
    const cut = shown.at(-1) === '…';
    const kept = cut ? actual.slice(0, shown.length - 1) : actual;
    return [...kept.map((a, i) => shownPart(a, shown[i])), ...(cut ? ['…'] : [])];
  }
  if (shown && actual && typeof shown === 'object' && typeof actual === 'object') {
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, shownPart(v, (shown as Record<string, unknown>)[k])]));
  }
  return actual;
}

/**
 * The README's shell examples, run as a user runs them: `npm run …` from the repository, one
 * after another on one fresh database with the sample data (`npm run seed`), in the order the
 * README gives them. Every ```sh block followed by a ```text block is run and its output
 * (stdout and stderr, as a terminal shows them) compared with the text; so is every `$ command`
 * of a transcript block (a ``` block whose commands start with "$ "), after the ```sh block
 * before it has been run (it issues the token and sets the variables). The README's other
 * ```sh blocks (install, start, the test suite, production, db:copy…) claim no output and are
 * not run here.
 *
 * What is normalised, and why, and nothing else:
 * - npm's own banner (`> market-testing-tracker@0.1.0 import`, `> node dist/…`): the README says
 *   it shows outputs without it;
 * - durations (`in 0.1 s`): they depend on the machine;
 * - CSV line ends (CR LF, which a terminal shows as plain line ends);
 * - the database's path: the README's examples ran on `/tmp/docdemo/tracker.sqlite`, this test
 *   on a scratch file of its own;
 * - tokens: `mtt_…` in a command stands for the token the last `npm run token -- create`
 *   printed (its last line), as the README tells the reader; tokens are random;
 * - the server's address: `TRACKER_URL` names the server this test starts (on a free port)
 *   instead of 127.0.0.1:4000;
 * - placeholders a reader fills in from an earlier output: `<pilot id>` is the id
 *   `register` printed (ids are opaque and depend on what the database already holds).
 * A line "…" alone in an expected output stands for any number of lines the README leaves out.
 * Ids that depend on what ran before are not normalised: the README only names ids that the
 * sample data fixes (`ocds-mttjp1-tender-15` is a seeded round).
 */
describe.runIf(process.env.TEST_DIALECT !== 'postgresql')('README shell examples, run as written', () => {
  const README_DB = '/tmp/docdemo/tracker.sqlite';
  let dir: string;
  let dbFile: string;
  let server: ServerProcess | undefined;
  const env: Record<string, string> = {};
  let lastToken = '';
  let lastPilotId = '';
  let lastStatus: number | null = 0;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'readme-shell-'));
    dbFile = join(dir, 'tracker.sqlite');
    Object.assign(env, { DATABASE_URL: `sqlite:${dbFile}`, TRACKER_TOKEN: '', TRACKER_URL: '' });
    const seeded = shell('npm run seed');
    expect(seeded.status, seeded.output).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    // The files the README's export examples write into the working directory.
    for (const file of ['tenders-moj.xlsx', 'releases.json']) rmSync(file, { force: true });
  });

  /** Runs one command line in bash, from the repository, with stdout and stderr together. */
  function shell(line: string): { status: number | null; output: string } {
    const r = spawnSync('bash', ['-c', `exec 2>&1; ${line}`], {
      encoding: 'utf8',
      env: { ...process.env, ...env, npm_config_update_notifier: 'false' },
      timeout: 120_000,
    });
    return { status: r.status, output: r.stdout };
  }

  /** One line of a README command block, as the user types it after reading the README. */
  function run(line: string): { status: number | null; output: string } {
    const command = line.replace(/mtt_…/g, lastToken).replace(/<pilot id>/g, lastPilotId);
    // A transcript's `echo $?` shows the exit status of the command before it.
    if (command === 'echo $?') return { status: 0, output: `${lastStatus}\n` };
    const exported = /^export\s+(.*)$/.exec(command);
    if (exported) {
      for (const [, name, value] of exported[1].matchAll(/(\w+)=(\S*)/g)) {
        env[name] = name === 'TRACKER_URL' ? server!.url : value;
      }
      return { status: 0, output: '' };
    }
    const r = shell(command);
    lastStatus = r.status;
    const output = withoutBanner(r.output);
    if (/npm run token -- create/.test(command)) lastToken = output.trim().split('\n').at(-1)!;
    const pilot = /^id: (\S+)$/m.exec(output);
    if (pilot) lastPilotId = pilot[1];
    return { status: r.status, output };
  }

  const withoutBanner = (output: string) => {
    const lines = output.split('\n');
    while (lines.length && (lines[0] === '' || lines[0].startsWith('> '))) lines.shift();
    return lines.join('\n');
  };

  const normalise = (text: string) =>
    text
      // CSV lines end in CR LF (what Excel expects); a terminal shows them as plain line ends.
      .replace(/\r\n/g, '\n')
      .replaceAll(dbFile, README_DB)
      .replace(/\b\d+(\.\d+)? s\b/g, '<n> s')
      .replace(/\s+$/, '');

  /** `actual` shows every line of `expected`, in order; a line "…" skips any number of lines. */
  function expectShown(actual: string, expected: string, what: string) {
    const a = normalise(actual).split('\n');
    const segments = normalise(expected)
      .split('\n')
      .reduce<string[][]>((acc, line) => (line.trim() === '…' ? [...acc, []] : (acc.at(-1)!.push(line), acc)), [[]]);
    let at = 0;
    segments.forEach((segment, i) => {
      if (segment.length === 0) return;
      const first = i === 0;
      const last = i === segments.length - 1;
      let found = -1;
      for (let k = at; k + segment.length <= a.length; k++) {
        if (first && k > 0) break;
        if (segment.every((line, j) => a[k + j] === line)) {
          found = k;
          break;
        }
      }
      expect(found, `${what}: the README's lines\n${segment.join('\n')}\n…are not in the output:\n${a.join('\n')}`).toBeGreaterThanOrEqual(
        0,
      );
      at = found + segment.length;
      if (last) expect(at, `${what}: the output goes on after what the README shows:\n${a.slice(at).join('\n')}`).toBe(a.length);
    });
  }

  it('gives the outputs the README shows', async () => {
    const fences = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
    const commands = (body: string) =>
      body
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
    const isTranscript = (f?: { lang: string; body: string }) => !!f && f.lang === '' && /^\$ /m.test(f.body);
    let compared = 0;
    const transcript = async (body: string) => {
      server ??= await startServerProcess({ DATABASE_URL: `sqlite:${dbFile}`, SEED_ON_START: '0' });
      for (const [, command, shown] of body.matchAll(/^\$ (.*)\n([\s\S]*?)(?=^\$ |(?![\s\S]))/gm)) {
        const r = run(command);
        // A command followed by `$ echo $?` may fail on purpose: the echo shows its status.
        if (!body.includes(`$ ${command}\n${shown}$ echo $?`)) expect(r.status, `${command}\n${r.output}`).toBe(0);
        expectShown(r.output, shown, command);
        compared++;
      }
    };
    for (let i = 0; i < fences.length; i++) {
      const { lang, body } = fences[i];
      const next = fences[i + 1];
      if (isTranscript(fences[i])) {
        await transcript(body);
        continue;
      }
      if (lang !== 'sh' || !next || (next.lang !== 'text' && !isTranscript(next))) continue;
      // The client examples talk to a running server (`npm start` on the same database).
      if (isTranscript(next)) server ??= await startServerProcess({ DATABASE_URL: `sqlite:${dbFile}`, SEED_ON_START: '0' });
      let result = { status: 0 as number | null, output: '' };
      for (const line of commands(body)) {
        result = run(line);
        // The one example that fails on purpose: "exits with status 1 listing every bad row".
        expect(result.status, `${line}\n${result.output}`).toBe(/bids-with-errors\.csv/.test(line) ? 1 : 0);
      }
      if (next.lang === 'text') {
        expectShown(result.output, next.body, commands(body).at(-1)!);
        compared++;
        i++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(15);
  }, 600_000);
});
