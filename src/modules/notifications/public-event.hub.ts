import type { Knex } from '@mikro-orm/knex';
import pg from 'pg';
import type { Logger } from '../../core/logger.js';
import type { EventFilter } from './event-filter.inputs.js';
import { PUBLIC_EVENTS_CHANNEL } from './notification.consumer.js';
import { matchesFilter, type FilterableEvent } from './public-event.service.js';

/** A `public_event` row as the database gives it (every column). */
export type PublicEventRow = Record<string, unknown> & { id: number | string };

export interface PublicEventHubOptions {
  knex: Knex;
  /** PostgreSQL's URL: a connection of its own LISTENs on PUBLIC_EVENTS_CHANNEL. Null on SQLite. */
  listenUrl: string | null;
  /** How often the table is looked at without a wake-up (`OUTBOX_POLL_MS`): the bound on delay without NOTIFY. */
  pollMs: number;
  log: Logger;
  /** Events waiting for one subscriber beyond which it is cut off (a client that does not read). */
  maxQueue?: number;
  /** Rows read per statement. */
  batchSize?: number;
}

/** Why a subscriber's stream ended with an error. */
export class SubscriberOverflow extends Error {
  constructor(readonly limit: number) {
    super(`too slow: more than ${limit} events were waiting to be sent; subscribe again (and read faster) to go on`);
    this.name = 'SubscriberOverflow';
  }
}

interface Subscriber {
  filter: EventFilter | null;
  /** The newest row it has been shown (at first, the newest when it subscribed): it hears of later ones only. */
  after: number;
  queue: PublicEventRow[];
  waiting: ((result: IteratorResult<PublicEventRow>) => void) | null;
  failWaiting: ((error: Error) => void) | null;
  error: Error | null;
  done: boolean;
  onOverflow: (error: SubscriberOverflow) => void;
}

const DEFAULT_MAX_QUEUE = 1_000;
const BATCH_SIZE = 500;
const MAX_RECONNECT_MS = 30_000;

const filterable = (row: PublicEventRow): FilterableEvent => ({
  type: row.type as FilterableEvent['type'],
  ministryCode: (row.ministry_code as string | null) ?? null,
  municipalityCode: (row.municipality_code as string | null) ?? null,
  category: (row.category as string | null) ?? null,
  status: (row.status as string | null) ?? null,
  serviceStatus: (row.service_status as string | null) ?? null,
  amountYen: row.amount_yen == null ? null : Number(row.amount_yen),
  searchText: String(row.search_text ?? ''),
  subjectType: String(row.subject_type),
});

/**
 * The subscriptions of one process (ARCHITECTURE.md "Subscriptions"): tails `public_event`
 * and hands each new row, in id order (the commit order of the notifications consumer's
 * batches), to every subscriber whose filter it matches. It looks for rows when PostgreSQL
 * NOTIFYs the channel at a consumer's commit (a LISTEN connection of its own, reconnected
 * with back-off), when this process's pipeline handled a notifications batch (`wake`), and
 * every `pollMs` (the only way on SQLite for another process's writes). Without subscribers it
 * reads nothing: a subscriber starts after the newest row when it subscribes (one MAX(id)),
 * so it hears exactly of what commits after that; the hub's position is forgotten when the
 * last one leaves.
 */
export class PublicEventHub {
  private readonly subscribers = new Set<Subscriber>();
  private position: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelayMs = 1_000;
  private stopped = false;
  private readonly maxQueue: number;
  private readonly batchSize: number;

  constructor(private readonly options: PublicEventHubOptions) {
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.batchSize = options.batchSize ?? BATCH_SIZE;
  }

  /** Live subscribers (the gauge `tracker_subscriptions_active`). */
  get size(): number {
    return this.subscribers.size;
  }

  /**
   * A stream of the rows matching `filter` committed from now on. Resolves once the hub knows
   * where "now" is (the first subscriber reads it). `onOverflow` is told when the subscriber
   * falls more than `maxQueue` events behind; its stream then ends with that error.
   */
  async subscribe(
    filter: EventFilter | null,
    onOverflow: (error: SubscriberOverflow) => void = () => {},
  ): Promise<AsyncIterableIterator<PublicEventRow>> {
    if (this.stopped) throw new Error('the server is shutting down');
    const after = await this.newestId();
    const subscriber: Subscriber = { filter, after, queue: [], waiting: null, failWaiting: null, error: null, done: false, onOverflow };
    if (this.stopped) throw new Error('the server is shutting down');
    this.subscribers.add(subscriber);
    // The rows before `after` are not this subscriber's; the hub, if it was behind, still reads them for the others.
    this.position = this.position == null ? after : Math.min(this.position, after);
    this.listen();
    this.schedule();
    const end = (): IteratorResult<PublicEventRow> => {
      this.remove(subscriber);
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<PublicEventRow> = {
      next: () => {
        if (subscriber.queue.length) return Promise.resolve({ value: subscriber.queue.shift()!, done: false });
        if (subscriber.error) {
          const error = subscriber.error;
          end();
          return Promise.reject(error);
        }
        if (subscriber.done) return Promise.resolve(end());
        return new Promise((resolve, reject) => {
          subscriber.waiting = resolve;
          subscriber.failWaiting = reject;
        });
      },
      return: () => Promise.resolve(end()),
      throw: (error?: unknown) => {
        end();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Look for new rows now (this process's pipeline just handled a notifications batch). */
  wake(): void {
    if (this.stopped || !this.subscribers.size) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.readNew()
      .catch((error: unknown) =>
        this.options.log.warn({ err: error }, 'subscriptions: reading new public events failed; retrying at the next look'),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.schedule();
      });
  }

  /** Ends every stream and closes the LISTEN connection (the shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.timer = this.reconnectTimer = null;
    for (const subscriber of [...this.subscribers]) this.finish(subscriber, null);
    this.subscribers.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.running;
  }

  private async newestId(): Promise<number> {
    const row = (await this.options.knex('public_event').max('id as id').first()) as { id?: unknown } | undefined;
    return Number(row?.id ?? 0);
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.running || !this.subscribers.size) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async readNew(): Promise<void> {
    for (;;) {
      if (!this.subscribers.size || this.position == null) return;
      const rows = (await this.options
        .knex('public_event')
        .select('*')
        .where('id', '>', this.position)
        .orderBy('id')
        .limit(this.batchSize)) as PublicEventRow[];
      // The last subscriber may have left while the statement ran (the position is then forgotten).
      if (this.position == null) return;
      for (const row of rows) {
        this.position = Math.max(this.position, Number(row.id));
        const event = filterable(row);
        const id = Number(row.id);
        for (const subscriber of this.subscribers) {
          // A subscriber that arrived while the hub was behind moves the position back: the rows
          // read again go only to those that have not had them.
          if (id <= subscriber.after) continue;
          subscriber.after = id;
          if (matchesFilter(subscriber.filter, event)) this.deliver(subscriber, row);
        }
      }
      if (rows.length < this.batchSize) return;
    }
  }

  private deliver(subscriber: Subscriber, row: PublicEventRow): void {
    if (subscriber.done) return;
    if (subscriber.waiting) {
      const resolve = subscriber.waiting;
      subscriber.waiting = subscriber.failWaiting = null;
      resolve({ value: row, done: false });
      return;
    }
    subscriber.queue.push(row);
    if (subscriber.queue.length > this.maxQueue) {
      const error = new SubscriberOverflow(this.maxQueue);
      subscriber.queue.length = 0;
      this.finish(subscriber, error);
      subscriber.onOverflow(error);
    }
  }

  /** Ends a stream: a waiting `next` gets the end (or the error); later ones too. */
  private finish(subscriber: Subscriber, error: Error | null): void {
    subscriber.done = true;
    subscriber.error = error;
    this.subscribers.delete(subscriber);
    if (!this.subscribers.size) this.position = null;
    const { waiting, failWaiting } = subscriber;
    subscriber.waiting = subscriber.failWaiting = null;
    if (error) failWaiting?.(error);
    else waiting?.({ value: undefined, done: true });
  }

  private remove(subscriber: Subscriber): void {
    if (!subscriber.done) this.finish(subscriber, null);
    subscriber.queue.length = 0;
  }

  /** On PostgreSQL, a connection of its own LISTENs for the consumer's NOTIFY (once, while the hub runs). */
  private listen(): void {
    const url = this.options.listenUrl;
    if (!url || this.listener || this.reconnectTimer || this.stopped) return;
    const client = new pg.Client({ connectionString: url, application_name: 'tracker subscriptions' });
    this.listener = client;
    let lost = false;
    const reconnect = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => {});
      if (this.stopped) return;
      const delay = this.reconnectDelayMs;
      this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_MS);
      this.options.log.warn({ err: error, retryInMs: delay }, 'subscriptions: the LISTEN connection was lost; polling until it is back');
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.listen();
      }, delay);
      this.reconnectTimer.unref();
    };
    client.on('notification', () => this.wake());
    client.on('error', reconnect);
    client.on('end', () => reconnect(new Error('connection ended')));
    client
      .connect()
      .then(() => client.query(`LISTEN ${PUBLIC_EVENTS_CHANNEL}`))
      .then(() => {
        this.reconnectDelayMs = 1_000;
        // Whatever committed while it was not listening.
        this.wake();
      })
      .catch(reconnect);
  }
}
