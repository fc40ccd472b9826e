#!/usr/bin/env node
// Compiles the TypeScript sources into dist/ only when they changed since the last build.
//
// Every command-line script (`npm start`, `npm run token`, `npm run import`, …) runs this
// first. Even incremental, `tsc` needs 6–10 s to find out that nothing changed (it loads and
// checks the whole program); hashing the sources takes a few tens of milliseconds.
//
// The stamp (dist/.build-stamp) records the hash of every input of the last successful
// build: the sources tsc compiles (tsconfig.build.json: src, seeds, clients, bench, without
// tests), both tsconfig files and package-lock.json (a dependency or TypeScript upgrade
// changes the output). Then:
//   - same inputs as the stamp: nothing to do;
//   - some files changed or were added: `tsc -p tsconfig.build.json` (incremental);
//   - a file was deleted or renamed, or there is no stamp: dist/ is removed first, since tsc
//     never deletes the output of a source that is gone, and a stale dist/…/x.js would still
//     run (or be found) as if its source existed.
// A failed build removes the stamp, so the next run compiles again.
//
// The insights page (clients/insights, served at /insights) runs in the browser: after tsc,
// esbuild bundles it with the chart library into dist/insights/ beside its HTML and CSS, so
// the server sends only files of its own (closed networks: no CDN).
//
// `node scripts/build.mjs --force` rebuilds from scratch.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['src', 'seeds', 'clients', 'bench'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const STAMP = join(root, 'dist', '.build-stamp');

/** Mirrors the `exclude` of tsconfig.build.json: tests never reach dist/. */
const excluded = (path) => path.endsWith('.test.ts') || path.split('/').includes('__tests__');

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return out;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && !excluded(relative(root, path))) out.push(path);
  }
  return out;
}

function inputs() {
  const files = [...DIRS.flatMap((d) => walk(join(root, d), [])), ...FILES.map((f) => join(root, f))];
  const hashes = {};
  for (const file of files.sort()) {
    hashes[relative(root, file)] = createHash('sha1').update(readFileSync(file)).digest('hex');
  }
  return hashes;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

const force = process.argv.includes('--force');
const now = inputs();
const stamp = force ? null : readStamp();
const changed = stamp ? Object.keys(now).filter((f) => stamp[f] !== now[f]) : null;
const gone = stamp ? Object.keys(stamp).filter((f) => !(f in now)) : null;

if (stamp && changed.length === 0 && gone.length === 0) process.exit(0);

if (!stamp || gone.length > 0) rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(STAMP, { force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const INSIGHTS = join(root, 'clients/insights');
const INSIGHTS_OUT = join(root, 'dist/insights');
// (A project copied without the page, as the build's own test makes, skips this.)
if (existsSync(join(INSIGHTS, 'insights.ts'))) {
  const { build } = await import('esbuild');
  // Chunks are named by their content: the last build's files go, rather than pile up.
  rmSync(INSIGHTS_OUT, { recursive: true, force: true });
  try {
    await build({
      entryPoints: [join(INSIGHTS, 'insights.ts')],
      outdir: INSIGHTS_OUT,
      // The page's script and, apart, the chart library it loads while the API answers.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      sourcemap: true,
      // Licences of what is bundled (ECharts: Apache-2.0, graphql: MIT) go beside the bundle.
      legalComments: 'linked',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
  } catch {
    process.exit(1);
  }
  for (const file of ['index.html', 'insights.css']) copyFileSync(join(INSIGHTS, file), join(INSIGHTS_OUT, file));
}
mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, JSON.stringify(now, null, 1) + '\n');
