// Smoke test of the compiled server, run by .ci/run after `npm run build`: starts
// `node dist/src/main.js` on a fresh SQLite file (first start migrates and seeds), asks one
// query over HTTP, stops it with SIGTERM and expects a clean exit. ESM import cycles
// between entities crash only the compiled build (docs/stack.md "Import cycles between entities"), so only this catches them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'smoke-'));
const child = spawn(process.execPath, ['dist/src/main.js'], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'smoke.sqlite')}`, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
const fail = (message) => {
  console.error(`smoke: FAIL ${message}`);
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
};

const started = Date.now();
let healthy = false;
while (Date.now() - started < 60_000 && child.exitCode === null) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
      healthy = true;
      break;
    }
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 200));
}
if (!healthy) fail(`server did not become healthy (exit code ${child.exitCode})`);
console.log(`smoke: healthy after ${Date.now() - started} ms (first start: migrations and sample data)`);

const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ targetProjects(first: 1) { totalCount nodes { name ministry { code } latestTender { status } } } }' }),
});
const body = await response.json();
if (response.status !== 200 || body.errors || !(body.data?.targetProjects?.totalCount > 0))
  fail(`query failed: ${JSON.stringify(body).slice(0, 500)}`);
console.log(`smoke: query answered (${body.data.targetProjects.totalCount} target services)`);

// The insights page and its bundle come from the compiled build (dist/insights).
for (const path of ['/insights', '/insights/insights.js', '/insights/insights.css']) {
  const page = await fetch(`http://127.0.0.1:${port}${path}`);
  if (page.status !== 200 || (await page.arrayBuffer()).byteLength < 100) fail(`${path} answered ${page.status}`);
}
console.log('smoke: the insights page is served');

child.kill('SIGTERM');
const { code } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 15_000))]);
if (code !== 0) fail(`SIGTERM did not stop the server cleanly (exit ${code})`);
rmSync(dir, { recursive: true, force: true });
console.log('smoke: stopped cleanly on SIGTERM');
