import type { Logger } from '../logger.js';

/**
 * closed: calls go to the dependency. open: they do not (the caller uses its fallback) until
 * the cool-down has passed; then one call is let through as a probe (half-open) and its
 * outcome closes or reopens the breaker.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown by `Breaker.call` when the breaker is open: the dependency was not asked. */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    readonly reason: string,
  ) {
    super(`${dependency} unavailable: ${reason}`);
    this.name = 'DependencyUnavailable';
  }
}

export interface BreakerOptions {
  /** The dependency's name in logs, metrics and /readyz (e.g. "redis"). */
  dependency: string;
  /** No call may take longer: past it, the call counts as failed and the caller moves on. */
  deadlineMs: number;
  /** How long an opened breaker stops asking before it lets one probe through. */
  coolDownMs: number;
  logger: Logger;
  /** What the callers do meanwhile, for the log line and /readyz (e.g. "counting … in memory"). */
  fallback: string;
  onStateChange?: (state: BreakerState) => void;
  now?: () => number;
}

/**
 * A circuit breaker with a deadline on every call (README "Running in production",
 * "Dependencies"): a dependency that hangs costs a caller at most `deadlineMs`, once; after a
 * failure nobody asks it for `coolDownMs`; then one probe at a time. Only the transitions
 * to open and back to closed are logged (a failed probe reopens it quietly), so an outage is
 * two log lines however many requests it spans.
 */
export class Breaker {
  private current: BreakerState = 'closed';
  private lastReason: string | null = null;
  private openedAt = 0;
  private outageStartedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Why the breaker is open (or was last opened), e.g. "command timed out". */
  get reason(): string | null {
    return this.lastReason;
  }

  get dependency(): string {
    return this.options.dependency;
  }

  /** What callers do while the dependency is not asked. */
  get fallback(): string {
    return this.options.fallback;
  }

  /**
   * Runs `fn` against the dependency within the deadline, or throws `DependencyUnavailable`
   * without running it while the breaker is open (or a probe is already out). A failure or a
   * timeout opens the breaker and is rethrown; a success closes it.
   */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.current !== 'closed') {
      const cooled = this.now() - this.openedAt >= this.options.coolDownMs;
      if (!cooled || this.probing) throw new DependencyUnavailable(this.options.dependency, this.lastReason ?? 'unavailable');
      this.probing = true;
      this.transition('half-open');
    }
    const probe = this.current === 'half-open';
    try {
      const value = await withDeadline(fn(), this.options.deadlineMs);
      // Only the probe closes the breaker: a call sent before it opened that happens to come
      // back afterwards says little about the dependency now.
      if (probe) this.succeeded();
      return value;
    } catch (err) {
      this.failed(describe(err, this.options.deadlineMs));
      throw err;
    } finally {
      if (probe) this.probing = false;
    }
  }

  /**
   * Opens the breaker from outside a call (the client saw its connection close): callers stop
   * waiting on a dependency that is known to be gone.
   */
  failed(reason: string): void {
    this.lastReason = reason;
    this.openedAt = this.now();
    if (this.current === 'open') return;
    const wasClosed = this.current === 'closed';
    this.transition('open');
    if (!wasClosed) return;
    this.outageStartedAt = this.openedAt;
    this.options.logger.warn(
      { dependency: this.options.dependency, reason },
      `${this.options.dependency} unavailable (${reason}): ${this.options.fallback} until it answers`,
    );
  }

  /** Lets the next call probe at once, without waiting out the cool-down (the client reconnected). */
  probeSoon(): void {
    if (this.current === 'open') this.openedAt = this.now() - this.options.coolDownMs;
  }

  private succeeded(): void {
    if (this.current === 'closed') return;
    this.transition('closed');
    const outageMs = this.now() - this.outageStartedAt;
    this.options.logger.info(
      { dependency: this.options.dependency, outageMs, lastReason: this.lastReason },
      `${this.options.dependency} answers again: using it again after ${outageMs} ms`,
    );
  }

  private transition(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}

/** Resolves or rejects like `promise`, or rejects with `DeadlineExceeded` after `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** A short reason for logs and /readyz: no stack, no addresses beyond what the client says. */
function describe(err: unknown, deadlineMs: number): string {
  if (err instanceof DeadlineExceeded) return `no answer within ${deadlineMs} ms`;
  const message = err instanceof Error ? err.message : String(err);
  if (/command timed out/i.test(message)) return 'command timed out';
  if (/enableOfflineQueue|not ready|writeable/i.test(message)) return 'not connected';
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  return message.split('\n')[0].slice(0, 120);
}
