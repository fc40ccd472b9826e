import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBuild, IMPORT_CLI, runCli } from './support/interchange-cli.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The issue's figure: 100,000 bid rows import in under 30 s on SQLite. Generated tables
 * (seeds/interchange/make-bench.ts: 2,000 services, 20,000 awarded rounds, 5 bids each) go
 * in as users import them, and the bids import is timed from the command's start to its
 * exit. Slow by nature (about a minute in all), so it runs when asked:
 *   INTERCHANGE_BENCH=1 npx vitest run tests/interchange-bulk.test.ts
 */
describe.runIf(process.env.INTERCHANGE_BENCH === '1')('importing 100,000 bid rows', () => {
  let srv: TestServer;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    assertFreshBuild();
    srv = await startTestServer();
    token = (await issueTestToken(srv, { role: 'ADMIN', name: 'bench' })).token;
    dir = mkdtempSync(join(tmpdir(), 'interchange-bench-'));
    const made = await runCli('dist/seeds/interchange/make-bench.js', ['--rounds', '20000', '--out', dir], {});
    expect(made.code, made.stderr).toBe(0);
    for (const kind of ['projects', 'tenders']) {
      const result = await runCli(IMPORT_CLI, [join(dir, `${kind}.csv`), '--kind', kind], {
        DATABASE_URL: srv.databaseUrl,
        TRACKER_TOKEN: token,
      });
      expect(result.code, result.stderr).toBe(0);
    }
  }, 600_000);

  afterAll(async () => {
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`takes under 30 s on SQLite (and is measured on ${process.env.TEST_DIALECT})`, async () => {
    const started = Date.now();
    const result = await runCli(IMPORT_CLI, [join(dir, 'bids.csv'), '--kind', 'bids'], {
      DATABASE_URL: srv.databaseUrl,
      TRACKER_TOKEN: token,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/bids:\s+created 80,000, updated 0, unchanged 20,000/);
    console.log(
      `[bench] ${process.env.TEST_DIALECT}: 100,000 bid rows imported in ${seconds.toFixed(1)} s (wall clock, process start to exit)\n${result.stdout}`,
    );
    const [{ n }] = await srv.sql('SELECT COUNT(*) AS n FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.title LIKE ?', [
      'ベンチマーク事業%',
    ]);
    expect(Number(n)).toBe(100_000);
    if (process.env.TEST_DIALECT === 'sqlite') expect(seconds).toBeLessThan(30);
  }, 120_000);
});
