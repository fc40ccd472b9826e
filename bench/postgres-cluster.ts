import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './proc.js';

const run = promisify(execFile);

/**
 * The folder of PostgreSQL's server programs (initdb, pg_ctl, postgres), or null: Debian keeps
 * them out of PATH, one folder per major version (the newest is taken).
 */
export function postgresBin(): string | null {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const bin = join(debian, v, 'bin');
      if (['initdb', 'pg_ctl', 'postgres'].every((p) => existsSync(join(bin, p)))) return bin;
    }
  }
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? join(initdb, '..') : null;
  } catch {
    return null;
  }
}

/**
 * A PostgreSQL cluster of the test's (or the benchmark's) own (initdb + pg_ctl in a temporary folder, on
 * loopback and a free port), so outages, restarts and held locks can be staged without
 * touching the machine's PostgreSQL. fsync and full page writes are off (only a machine
 * crash could lose data then, and the cluster lives for one test file); commits stay
 * synchronous, so a crash of PostgreSQL itself (`stop('immediate')`) loses no
 * acknowledged write, as in production. PostgreSQL refuses to run as root, so as root its
 * programs run as the `postgres` user.
 *
 * `replicaOf` makes a streaming replica of another throwaway cluster instead of a new one
 * (docs/replicas.md "Tests"): `pg_basebackup -R` copies the primary into the folder and
 * writes the standby settings, and the copy starts as a hot standby on its own port, replaying
 * the primary's WAL as it streams in. (initdb's default pg_hba.conf admits replication
 * connections from loopback, and wal_level `replica` is the default.)
 */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Starts the (stopped) cluster again on the same port, waiting until it accepts connections. */
  start(): Promise<void>;
  /** `fast` closes sessions cleanly; `immediate` is a crash (no checkpoint). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** A replica only: stops or resumes replaying the primary's WAL (`pg_wal_replay_pause()`), to stage lag. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** The server's own log, to read when a test fails. */
  log(): string;
  /** Stops it (immediately) and removes its folder; safe to call twice. */
  destroy(): Promise<void>;
}

const live = new Set<() => void>();
process.once('exit', () => {
  for (const kill of live) kill();
});

export async function startThrowawayPostgres(setup: { replicaOf?: ThrowawayPostgres } = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL server programs (initdb, pg_ctl) not found: install Debian's postgresql package");
  const dir = mkdtempSync(join(tmpdir(), 'tracker-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const as = (program: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args]) as [string, string[]];
  const exec = async (program: string, args: string[], timeout = 60_000) => {
    const [cmd, argv] = as(program, args);
    return run(cmd, argv, { timeout, env: { ...process.env, LC_ALL: 'C' } });
  };

  if (setup.replicaOf)
    await exec('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(setup.replicaOf.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
  else await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
  ].join(' ');
  let running = false;
  const start = async () => {
    await exec('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await exec('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    running = false;
  };
  const killNow = () => {
    if (!running) return;
    try {
      const [cmd, argv] = as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      execFileSync(cmd, argv, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // already gone
    }
    running = false;
  };
  live.add(killNow);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const sql = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    port,
    start,
    stop,
    pauseReplay: () => sql('SELECT pg_wal_replay_pause()'),
    resumeReplay: () => sql('SELECT pg_wal_replay_resume()'),
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    destroy: async () => {
      killNow();
      live.delete(killNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
