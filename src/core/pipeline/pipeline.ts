import type { Knex } from '@mikro-orm/knex';
import { BUMP_DATA_VERSION_SQL } from '../db/data-version.js';
import { BACKGROUND_TRANSACTION } from '../db/orm.js';
import { classifyFault } from '../faults/fault.js';
import { withDeadline } from '../http/breaker.js';
import { DATABASE_CHECK_DEADLINE_MS, type DependencyCheck } from '../http/readiness.js';
import type { Logger } from '../logger.js';
import { storedEvent, type StoredEvent } from './events.js';
import { PollLoop } from './poll-loop.js';

/** The database a consumer works in: the transaction of its batch. */
export interface ConsumerDb {
  knex: Knex.Transaction;
  dialect: 'sqlite' | 'postgresql';
}

/**
 * A reader of the outbox (ARCHITECTURE.md "The write pipeline", how to add one). It gets the
 * events in commit order, in batches, each batch in one transaction with the consumer's
 * position: what it writes and the fact that it handled the batch commit together, so a
 * crash half-way leaves the batch to be handled again (by this process after a restart, or
 * by another), and a batch is never handled twice.
 */
export interface Consumer {
  /** Stable name; the position is kept under it in `outbox_consumer`. */
  name: string;
  /**
   * Whether `event` may concern it (default: every event), from the event alone. Events it
   * does not want are passed over: its position moves past them in one statement, with no
   * transaction of its own, and `handle` is given only the events it wants.
   */
  wants?(event: StoredEvent): boolean;
  /** Handles `events` (those it wants); says whether it changed data the API serves (the data version then moves with it). */
  handle(events: readonly StoredEvent[], db: ConsumerDb): Promise<{ changedPublicData: boolean }>;
}

/** How far behind one consumer is (`/metrics`, `/readyz`). */
export interface ConsumerLag {
  consumer: string;
  /** Events committed and not yet handled. */
  pending: number;
  /** Age of the oldest of them in seconds (0 when none). */
  lagSeconds: number;
  /** Failed tries in a row (0 once a batch succeeds). */
  failures: number;
  /** What the last failure was, in a few words (no SQL, no values). */
  lastError: string | null;
}

/** Counters the pipeline reports to (`/metrics`). */
export interface PipelineObserver {
  handled(consumer: string, events: number): void;
  failed(consumer: string): void;
}

export interface PipelineOptions {
  knex: Knex;
  dialect: 'sqlite' | 'postgresql';
  consumers: readonly Consumer[];
  log: Logger;
  /** How often the outbox is looked at without a kick (`OUTBOX_POLL_MS`): the bound on lag across processes. */
  pollMs: number;
  /** Events handled per transaction. */
  batchSize?: number;
  /** Handled events older than this are deleted (`OUTBOX_RETENTION_HOURS`). */
  retentionHours: number;
  observer?: PipelineObserver;
  /** Tests only: `exit-in-consumer` dies like `kill -9` inside a consumer's transaction. */
  failpoint?: string | null;
}

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 60_000;
const PURGE_EVERY_MS = 3_600_000;
/** Passes (a batch for each consumer behind) one cycle makes at most before the purge and the next kick or poll. */
const PASSES_PER_CYCLE = 20;

/** A consumer that is behind, and where. */
interface Behind {
  consumer: Consumer;
  position: number;
}

/** A consumer to move past `events` events it does not want, to `to`; `full`: more may follow them. */
interface PassOver extends Behind {
  to: number;
  events: number;
  full: boolean;
}

/**
 * Runs the consumers of the outbox in this process: at start, every `pollMs`, and at once
 * when a write of this process commits (`kick`). Many processes may run it against one
 * PostgreSQL: a consumer's row is taken `FOR UPDATE SKIP LOCKED`, so exactly one process
 * handles a batch and the others pass; on SQLite the write lock does the same. A failing
 * consumer is retried with exponential back-off (1 s … 60 s) and does not hold up the others.
 */
export class WritePipeline {
  private readonly batchSize: number;
  private readonly loop: PollLoop;
  private lastPurge = 0;
  /** Set by `stop`: a turn under way starts no further query. */
  private stopped = false;
  private readonly retryAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: PipelineOptions) {
    this.batchSize = options.batchSize ?? BATCH_SIZE;
    this.loop = new PollLoop(() => this.cycle(), options.pollMs);
  }

  /** Registers the consumers (a new one starts after the events already there) and starts polling. */
  async start(): Promise<void> {
    await this.register();
    this.loop.start();
  }

  /**
   * Gives each consumer not yet known its position: after the events already there, so a new
   * consumer does not act on history. A command that writes before it starts the pipeline
   * registers first, so its own events are handled (`npm run import`).
   */
  async register(): Promise<void> {
    const { knex } = this.options;
    for (const consumer of this.options.consumers) {
      // `WHERE 1 = 1`: SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT.
      await knex.raw(
        'INSERT INTO outbox_consumer (name, position, failures) SELECT ?, COALESCE(MAX(id), 0), 0 FROM outbox_event WHERE 1 = 1 ON CONFLICT (name) DO NOTHING',
        [consumer.name],
      );
    }
  }

  /** Handle what is pending soon (a write of this process just committed). */
  kick(): void {
    this.loop.kick();
  }

  /**
   * Resolves once every consumer has handled every event committed before the call (whoever
   * handled it: this process or another). For the CLIs that write and exit, and for tests;
   * refuses after `timeoutMs`, naming the consumer that is behind and why.
   */
  async settle(timeoutMs = 30_000): Promise<void> {
    const giveUpAt = performance.now() + timeoutMs;
    const target = await this.newestEventId();
    for (;;) {
      const behind = (await this.positions()).filter((p) => p.position < target);
      if (!behind.length) return;
      if (performance.now() > giveUpAt) {
        const why = behind
          .map((b) => `${b.name} at ${b.position} of ${target}${b.lastError ? ` (last failure: ${b.lastError})` : ''}`)
          .join(', ');
        throw new Error(`the write pipeline did not catch up within ${timeoutMs} ms: ${why}`);
      }
      if (this.loop.isStopped) await this.cycle();
      else {
        this.loop.kick();
        await this.loop.current;
      }
      if ((await this.positions()).some((p) => p.position < target)) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Stops polling (part of the shutdown). A batch in hand is not waited for here: closing the
   * database waits for its transaction, which commits, or, cut off when the shutdown's grace
   * ends, rolls back and is handled again by the next process.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.loop.stop();
  }

  /** How far behind each consumer of this process is. */
  async lag(): Promise<ConsumerLag[]> {
    const names = this.options.consumers.map((c) => c.name);
    const rows = (await this.options
      .knex('outbox_consumer as c')
      .whereIn('c.name', names)
      .select('c.name', 'c.failures', 'c.last_error')
      .select(this.options.knex.raw('(SELECT COUNT(*) FROM outbox_event e WHERE e.id > c.position) AS pending'))
      .select(this.options.knex.raw('(SELECT MIN(recorded_at_ms) FROM outbox_event e WHERE e.id > c.position) AS oldest'))
      .orderBy('c.name')) as Record<string, unknown>[];
    const now = Date.now();
    return rows.map((r) => ({
      consumer: String(r.name),
      pending: Number(r.pending),
      lagSeconds: r.oldest == null ? 0 : Math.max(0, (now - Number(r.oldest)) / 1000),
      failures: Number(r.failures),
      lastError: (r.last_error as string | null) ?? null,
    }));
  }

  /**
   * Passes over the consumers not backing off until none has a full batch waiting (or the
   * cycle had its share). A pass looks at every consumer's position at once and reads the
   * events after the furthest behind once, so an idle look is one statement and a busy one two,
   * however many consumers there are.
   */
  private async cycle(): Promise<void> {
    for (let pass = 0; pass < PASSES_PER_CYCLE; pass++) {
      // Once stopped, no new work: the database may be closing, and a query queued for a
      // connection then waits out the pool's acquire timeout (a minute) before the process can end.
      if (this.stopped || !(await this.pass())) break;
    }
    if (!this.stopped) await this.purge();
  }

  /** One batch for each consumer that is behind; says whether any has more waiting. */
  private async pass(): Promise<boolean> {
    const now = performance.now();
    const due = this.options.consumers.filter((c) => (this.retryAt.get(c.name) ?? 0) <= now);
    if (!due.length) return false;
    let behind: Behind[];
    let read: StoredEvent[];
    try {
      // Without a transaction: an idle look takes no lock (on SQLite a write transaction would
      // take the file's one write lock every `pollMs` in every process).
      behind = await this.behind(due);
      if (!behind.length) return false;
      read = await this.eventsAfter(Math.min(...behind.map((b) => b.position)));
    } catch (err) {
      for (const consumer of due) await this.failed(consumer, err);
      return false;
    }
    let more = false;
    const passingOver: PassOver[] = [];
    for (const { consumer, position } of behind) {
      if (this.stopped) return false;
      try {
        // The events read start where the furthest behind is; one that is past all of them
        // (when the read stopped at a full batch) reads its own.
        const source = read.length === this.batchSize && position >= read[read.length - 1].id ? await this.eventsAfter(position) : read;
        const batch = source.filter((e) => e.id > position);
        if (!batch.length) continue;
        // A full read may have left events after it.
        const full = source.length === this.batchSize;
        const wanted = consumer.wants ? batch.filter((e) => consumer.wants!(e)) : batch;
        const to = batch[batch.length - 1].id;
        if (!wanted.length) passingOver.push({ consumer, position, to, events: batch.length, full });
        else if (await this.handleBatch(consumer, position, to, wanted)) {
          this.handled(consumer, batch.length);
          more ||= full;
        }
      } catch (err) {
        await this.failed(consumer, err);
      }
    }
    return (await this.passOver(passingOver)) || more;
  }

  /** Of `consumers`, those with events after their position, read in one statement. */
  private async behind(consumers: readonly Consumer[]): Promise<Behind[]> {
    const { knex } = this.options;
    const rows = (await knex('outbox_consumer')
      .whereIn(
        'name',
        consumers.map((c) => c.name),
      )
      .select('name', 'position', knex.raw('(SELECT MAX(id) FROM outbox_event) AS newest'))) as Record<string, unknown>[];
    const positions = new Map(
      rows.filter((r) => r.newest != null && Number(r.position) < Number(r.newest)).map((r) => [String(r.name), Number(r.position)]),
    );
    return consumers.filter((c) => positions.has(c.name)).map((consumer) => ({ consumer, position: positions.get(consumer.name)! }));
  }

  /** A batch of the events after `position`, in commit order. */
  private async eventsAfter(position: number): Promise<StoredEvent[]> {
    const rows = (await this.options.knex('outbox_event').where('id', '>', position).orderBy('id').limit(this.batchSize)) as Record<
      string,
      unknown
    >[];
    return rows.map(storedEvent);
  }

  /**
   * Moves the position of each of `consumers` from `from` to `to`, where it still is `from`
   * and no other process holds it (that one is handling the same events): the names moved.
   * It takes the rows' locks until the statement's transaction ends.
   */
  private async claim(db: Knex | Knex.Transaction, names: readonly string[], from: number, to: number): Promise<string[]> {
    const list = names.map(() => '?').join(', ');
    const which =
      this.options.dialect === 'postgresql'
        ? `name IN (SELECT name FROM outbox_consumer WHERE name IN (${list}) AND position = ? FOR UPDATE SKIP LOCKED)`
        : `name IN (${list}) AND position = ?`;
    const result = (await db.raw(`UPDATE outbox_consumer SET position = ?, failures = 0, last_error = NULL WHERE ${which} RETURNING name`, [
      to,
      ...names,
      from,
    ])) as { name: string }[] | { rows: { name: string }[] };
    return (Array.isArray(result) ? result : result.rows).map((r) => String(r.name));
  }

  /**
   * The consumer's batch in one transaction: its position moves first (the claim: another
   * process holding it is handling the same events, and this one passes), then the consumer
   * handles the events it wants; both commit, or neither. False when another process had it.
   */
  private async handleBatch(consumer: Consumer, from: number, to: number, wanted: readonly StoredEvent[]): Promise<boolean> {
    const { knex, dialect } = this.options;
    return knex.transaction(async (trx) => {
      if (!(await this.claim(trx, [consumer.name], from, to)).length) return false;
      const { changedPublicData } = await consumer.handle(wanted, { knex: trx, dialect });
      if (this.options.failpoint === 'exit-in-consumer') {
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => {});
      }
      // Last, as in a write: the version's row lock is held only until the commit.
      if (changedPublicData) await trx.raw(BUMP_DATA_VERSION_SQL);
      return true;
    }, BACKGROUND_TRANSACTION);
  }

  /**
   * Moves consumers past events none of which they want: one statement for those at the same
   * place, with no transaction of their own on PostgreSQL (on SQLite one that waits for the
   * write lock as briefly as any background work). Says whether more may follow.
   */
  private async passOver(passing: readonly PassOver[]): Promise<boolean> {
    let more = false;
    const groups = new Map<string, PassOver[]>();
    for (const p of passing) {
      const key = `${p.position}:${p.to}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const group of groups.values()) {
      if (this.stopped) break;
      const names = group.map((p) => p.consumer.name);
      const { position, to } = group[0];
      try {
        const moved =
          this.options.dialect === 'postgresql'
            ? await this.claim(this.options.knex, names, position, to)
            : await this.options.knex.transaction((trx) => this.claim(trx, names, position, to), BACKGROUND_TRANSACTION);
        for (const p of group) {
          if (!moved.includes(p.consumer.name)) continue;
          this.handled(p.consumer, p.events);
          more ||= p.full;
        }
      } catch (err) {
        for (const p of group) await this.failed(p.consumer, err);
      }
    }
    return more;
  }

  /** A batch of `consumer` handled (or passed over): counted, and a run of failures ended. */
  private handled(consumer: Consumer, events: number): void {
    this.options.observer?.handled(consumer.name, events);
    if (this.failures.get(consumer.name)) {
      this.options.log.info({ consumer: consumer.name }, `write pipeline: ${consumer.name} is handling events again`);
      this.failures.delete(consumer.name);
      this.retryAt.delete(consumer.name);
    }
  }

  /** A failed try of `consumer`: counted, logged and backed off from instead of thrown. */
  private async failed(consumer: Consumer, err: unknown): Promise<void> {
    // Cut off by the shutdown (the database closing under it): the batch is simply handled again later.
    if (this.loop.isStopped) return;
    const fault = classifyFault(err);
    // SQLite's write lock, held by another process past the short wait of background work: not
    // a failure of the consumer; its events wait for the next poll.
    if (fault?.reason === 'database-busy') {
      this.options.log.debug({ consumer: consumer.name }, `write pipeline: ${consumer.name} waits for the database's write lock`);
      return;
    }
    const failures = (this.failures.get(consumer.name) ?? 0) + 1;
    this.failures.set(consumer.name, failures);
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
    this.retryAt.set(consumer.name, performance.now() + backoffMs);
    this.options.observer?.failed(consumer.name);
    const summary = fault ? `${fault.code.toLowerCase()} (${fault.reason})` : `${(err as Error)?.name ?? 'Error'} in the consumer`;
    this.options.log.error(
      { err, consumer: consumer.name, failures, retryInMs: backoffMs },
      `write pipeline: ${consumer.name} failed (${summary}); its events wait in the outbox`,
    );
    await this.options
      .knex('outbox_consumer')
      .where('name', consumer.name)
      .update({ failures, last_error: summary })
      .catch(() => {});
  }

  /** Deletes events every consumer has handled and that are older than the retention. */
  private async purge(): Promise<void> {
    const now = performance.now();
    if (this.lastPurge && now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    const before = Date.now() - this.options.retentionHours * 3_600_000;
    try {
      await this.options.knex.raw(
        'DELETE FROM outbox_event WHERE recorded_at_ms < ? AND id <= (SELECT COALESCE(MIN(position), 0) FROM outbox_consumer)',
        [before],
      );
    } catch (err) {
      this.options.log.warn({ err }, 'write pipeline: old events could not be deleted; trying again in an hour');
    }
  }

  private async newestEventId(): Promise<number> {
    const row = (await this.options.knex('outbox_event').max('id as id').first()) as { id: number | string | null } | undefined;
    return Number(row?.id ?? 0);
  }

  private async positions(): Promise<{ name: string; position: number; lastError: string | null }[]> {
    const rows = (await this.options
      .knex('outbox_consumer')
      .whereIn(
        'name',
        this.options.consumers.map((c) => c.name),
      )
      .select('name', 'position', 'last_error')) as Record<string, unknown>[];
    return rows.map((r) => ({ name: String(r.name), position: Number(r.position), lastError: (r.last_error as string | null) ?? null }));
  }
}

/**
 * `/readyz` on the write pipeline: never required (reads are served whatever its state), but
 * `degraded` when a consumer is further behind than `alertSeconds` or failing, with how far.
 */
export function pipelineCheck(pipeline: Pick<WritePipeline, 'lag'>, alertSeconds: number): DependencyCheck {
  return {
    name: 'writePipeline',
    required: false,
    async run() {
      const started = performance.now();
      try {
        const lags = await withDeadline(pipeline.lag(), DATABASE_CHECK_DEADLINE_MS);
        const behind = lags.filter((l) => l.lagSeconds > alertSeconds || l.failures > 0);
        const details = Object.fromEntries(
          lags.map((l) => [l.consumer, { pending: l.pending, lagSeconds: Math.round(l.lagSeconds * 10) / 10 }]),
        );
        if (!behind.length) return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10, details };
        const reason = behind
          .map(
            (l) =>
              `${l.consumer}: ${l.pending} events waiting, the oldest ${Math.round(l.lagSeconds)} s${l.failures ? `, ${l.failures} failures (${l.lastError})` : ''}`,
          )
          .join('; ');
        return { status: 'degraded', reason: `${reason}; derived data (red flags, notifications) is behind, the API answers`, details };
      } catch (err) {
        return { status: 'degraded', reason: 'the outbox could not be read', error: err };
      }
    },
  };
}
