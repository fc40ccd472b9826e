/**
 * A piece of work a process repeats (the write pipeline's consumers, the webhook sender): one
 * turn at a time, at once when kicked (something was just written for it), and every `pollMs`
 * otherwise (what other processes wrote). A kick during a turn runs one more turn right after
 * it, so nothing kicked waits for the poll. The turn itself catches and logs its failures.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly turn: () => Promise<void>,
    private readonly pollMs: number,
  ) {}

  /** Whether `stop` was called (or `start` not yet). */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** The turn under way, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** A turn soon: now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.turn().finally(() => {
      this.running = null;
      this.schedule();
    });
  }

  /** No more turns; one under way is not waited for. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    if (this.again) {
      this.again = false;
      this.kick();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, this.pollMs);
    this.timer.unref();
  }
}
