/**
 * Another process's CPU time and memory from /proc (Linux), the machine's description, and
 * starting/stopping the processes the benchmark measures.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

let clockTick: number | null = null;

/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux nearly everywhere). */
export function clockTicksPerSecond(): number {
  if (clockTick === null) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      clockTick = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      clockTick = 100;
    }
  }
  return clockTick;
}

/**
 * User + system CPU time of a process (all its threads, so SQLite's work on the libuv pool
 * counts) in milliseconds, from fields 14 and 15 of /proc/<pid>/stat; null if unreadable.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return ((utime + stime) * 1000) / clockTicksPerSecond();
  } catch {
    return null;
  }
}

/** The command name of a process (field 2 of /proc/<pid>/stat), or null. */
export function commandName(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return null;
  }
}

/** VmRSS (current) and VmHWM (peak) of a process in bytes, from /proc/<pid>/status. */
export function memory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    };
    const rss = kb('VmRSS');
    const peak = kb('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss, peak } : null;
  } catch {
    return null;
  }
}

/** Samples a process's VmRSS every `everyMs` until stopped; `max` is the largest seen. */
export function sampleRss(pid: number, everyMs = 200): { stop: () => number | null } {
  let max: number | null = null;
  const take = () => {
    const m = memory(pid);
    if (m && (max === null || m.rss > max)) max = m.rss;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return max;
    },
  };
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  platform: string;
  kernel: string;
  node: string;
  loadAverageAtStart: number[];
  clockTicksPerSecond: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() || 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
    clockTicksPerSecond: clockTicksPerSecond(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A child process with its output kept (the last 20 kB) and a stop that always ends it. */
export interface Managed {
  child: ChildProcess;
  pid: number;
  output: () => string;
  exited: () => boolean;
  /** How it ended ("code 0", "signal SIGTERM"), or null while it runs. */
  exitReason: () => string | null;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
}

export function startManaged(args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Managed {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  let output = '';
  let pending = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (onLine) {
      pending += chunk.toString('utf8');
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    }
  });
  child.stderr!.on('data', keep);
  let gone = false;
  let stopping = false;
  let reason: string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = true;
      reason = `${signal ? `signal ${signal}` : `code ${code}`}${stopping ? ' after our SIGTERM' : ', not stopped by the benchmark'}`;
      resolve();
    }),
  );
  return {
    child,
    pid: child.pid,
    output: () => output,
    exited: () => gone || child.exitCode !== null || child.signalCode !== null,
    exitReason: () => reason,
    stop: async (graceMs = 10_000) => {
      if (gone || child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!gone) child.kill('SIGKILL');
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
