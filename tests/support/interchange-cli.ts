import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const IMPORT_CLI = 'dist/src/cli/import.js';
export const EXPORT_CLI = 'dist/src/cli/export.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI tests run the compiled commands as users do (`npm run import` runs
 * dist/src/cli/import.js). The PostgreSQL half's global setup builds dist; a SQLite-only run
 * does not, so a stale build would test old code: refuse it, saying how to rebuild.
 */
export function assertFreshBuild(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory()
          ? newest(join(dir, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
            ? statSync(join(dir, e.name)).mtimeMs
            : 0,
      ),
    );
  const sources = Math.max(
    newest('src/cli'),
    ...['tables', 'import', 'export', 'ocds'].map((m) => newest(`src/modules/${m}`)),
    newest('src/core'),
  );
  // tsc -b writes only the outputs that changed, and its build info on every build that did anything.
  const built = (file: string) => {
    try {
      return statSync(file).mtimeMs;
    } catch {
      return 0;
    }
  };
  const missing = [IMPORT_CLI, EXPORT_CLI].filter((cli) => built(cli) === 0);
  if (missing.length || built('dist/.tsbuildinfo') < sources) {
    throw new Error(`the compiled CLIs are missing or older than their sources: run \`npx tsc -p tsconfig.build.json\` before these tests`);
  }
}

/** Runs a compiled CLI against a database; never throws for a non-zero exit. */
export async function runCli(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const { TRACKER_TOKEN: _ignored, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      env: { ...inherited, LOG_LEVEL: 'silent', ...env },
      timeout: 240_000,
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The problem lines of an import's report: `row  column  value  reason` (the header line excluded). */
export function reportedProblems(stderr: string): { row: number; column: string; line: string }[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => /^\s*row\s{2}column\s{2}/.test(l));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .map((line) => ({ line, m: /^\s*(\d+)\s{2}(\S+)/.exec(line) }))
    .filter((x) => x.m)
    .map(({ line, m }) => ({ row: Number(m![1]), column: m![2], line }));
}
