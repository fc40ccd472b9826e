import { randomInt } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Knex } from '@mikro-orm/knex';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WebhookSettings } from '../../core/config/config.js';
import { BACKGROUND_TRANSACTION } from '../../core/db/orm.js';
import { classifyFault } from '../../core/faults/fault.js';
import { withDeadline } from '../../core/http/breaker.js';
import { DATABASE_CHECK_DEADLINE_MS, type DependencyCheck } from '../../core/http/readiness.js';
import type { Logger } from '../../core/logger.js';
import { PollLoop } from '../../core/pipeline/poll-loop.js';
import type { PipelineObserver } from '../../core/pipeline/pipeline.js';
import { WebhookDeliveryStatus } from './public-event.enum.js';
import { webhookRequest, type WebhookSource } from './webhook-request.service.js';
import { resolveWebhookAddress, WebhookUrlError } from './webhook-url.service.js';

/** What one try came to (`tracker_webhook_deliveries_total{outcome}`): the last failed try of a delivery counts as `dead`. */
export type WebhookOutcome = 'delivered' | 'failed' | 'dead';

/** The queue as `/metrics` and `/readyz` see it (the same in every process: read from the table). */
export interface WebhookQueue {
  pending: number;
  dead: number;
  /** How long the most overdue pending delivery has been due, in seconds (0: none is overdue). */
  oldestDueSeconds: number;
}

export interface WebhookSenderOptions {
  knex: Knex;
  dialect: 'sqlite' | 'postgresql';
  settings: WebhookSettings;
  log: Logger;
  /** Where the sender's counters and gauges go (`/metrics`); none: not reported. */
  registry?: Registry;
  /** Deliveries sent at once by this process (each claim takes at most this many). */
  concurrency?: number;
}

/** Time past the receiver's timeout before a claim lapses and another process may take the delivery. */
const LEASE_MARGIN_MS = 15_000;
/** The longest wait between two tries. */
export const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;
/** What is read of a receiver's answer before the connection is dropped (the answer is discarded). */
const MAX_ANSWER_BYTES = 64 * 1024;
const CONCURRENCY = 4;
/** `/readyz` calls webhooks degraded when a due delivery has waited longer than this. */
export const WEBHOOK_OVERDUE_ALERT_SECONDS = 600;

/**
 * The wait before the next try after `attempts` failed ones: `baseMs` × 2^(attempts − 1), at
 * most 6 h, then ±10% (`random` in [0, 1)) so that the deliveries of one outage do not all
 * come back at the same moment.
 */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random()): number {
  const plain = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(plain * (0.9 + 0.2 * random));
}

interface Claimed {
  id: number;
  attempts: number;
}

interface Target {
  source: WebhookSource;
  url: string | null;
  secret: string | null;
  revoked: boolean;
}

interface TryResult {
  startedAtMs: number;
  durationMs: number;
  statusCode: number | null;
  /** Null: delivered. */
  error: string | null;
}

/**
 * Sends the webhook deliveries the notifications consumer queued (`webhook_delivery`;
 * docs/notifications.md "Webhooks"). Every process runs one: it looks for due deliveries every
 * `WEBHOOK_POLL_MS`, and at once when this process's notifications consumer queued some
 * (`kickAfter`). A delivery is claimed in one short transaction that sets its lease (the
 * rows taken `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the write lock serialises
 * claims), so one process sends it; the POST happens outside any transaction; its outcome is
 * recorded only while the lease is still the claimer's. A process that dies between sending
 * and recording leaves the lease to lapse and the delivery is sent again: receivers dedupe by
 * `Tracker-Event-Id`.
 */
export class WebhookSender {
  private readonly concurrency: number;
  private readonly loop: PollLoop;
  private lastPurge = 0;
  private readonly tries: Counter<'outcome'> | null = null;

  constructor(private readonly options: WebhookSenderOptions) {
    this.concurrency = options.concurrency ?? CONCURRENCY;
    this.loop = new PollLoop(() => this.cycle(), options.settings.pollMs);
    if (options.registry) this.tries = this.register(options.registry);
  }

  /** Starts polling. */
  start(): void {
    this.loop.start();
  }

  /** Look for due deliveries soon (some were just queued or redelivered). */
  kick(): void {
    this.loop.kick();
  }

  /** The write pipeline's observer, kicking this sender once the notifications consumer handled a batch (it may have queued deliveries). */
  kickAfter(observer: PipelineObserver): PipelineObserver {
    return {
      ...observer,
      handled: (consumer, events) => {
        observer.handled(consumer, events);
        if (consumer === 'notifications') this.kick();
      },
    };
  }

  /**
   * Stops polling (part of the shutdown). Sends in flight are not waited for: one that ends
   * before the database closes is recorded, one cut off is sent again once its lease lapses.
   */
  async stop(): Promise<void> {
    this.loop.stop();
  }

  /** How many deliveries wait, how many are dead, and how late the most overdue one is. */
  async queue(): Promise<WebhookQueue> {
    const { knex } = this.options;
    const now = Date.now();
    const counts = (await knex('webhook_delivery')
      .whereIn('status', [WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.DEAD])
      .groupBy('status')
      .select('status')
      .count('* as n')) as { status: string; n: number | string }[];
    const due = (await knex('webhook_delivery')
      .where('status', WebhookDeliveryStatus.PENDING)
      .where('next_attempt_at_ms', '<=', now)
      .min('next_attempt_at_ms as due')
      .first()) as { due: number | string | null } | undefined;
    const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
    return {
      pending: count(WebhookDeliveryStatus.PENDING),
      dead: count(WebhookDeliveryStatus.DEAD),
      oldestDueSeconds: due?.due == null ? 0 : Math.max(0, (now - Number(due.due)) / 1000),
    };
  }

  /** Claims and sends until nothing is due, then deletes old deliveries (hourly). Failures are logged, never thrown. */
  private async cycle(): Promise<void> {
    try {
      while (!this.loop.isStopped) {
        const lease = Date.now() + this.options.settings.timeoutMs + LEASE_MARGIN_MS + randomInt(1000);
        const claimed = await this.claim(lease);
        if (!claimed.length) break;
        const targets = await this.targets(claimed.map((c) => c.id));
        await Promise.all(claimed.map((c) => this.deliver(c, targets.get(c.id), lease)));
        if (claimed.length < this.concurrency) break;
      }
      await this.purge();
    } catch (err) {
      // Cut off by the shutdown (the database closing under it): the leases lapse and another process sends.
      if (this.loop.isStopped) return;
      this.options.log.error({ err }, 'webhooks: the delivery queue could not be read or written; trying again at the next poll');
    }
  }

  /**
   * Takes up to `concurrency` due deliveries for this process until `lease` (ms since the epoch,
   * unique enough to tell this claim from another's: it carries a random part), counting the try.
   */
  private async claim(lease: number): Promise<Claimed[]> {
    const { knex, dialect } = this.options;
    const now = Date.now();
    // A look without a transaction first: an idle poll takes no lock (on SQLite a write
    // transaction would take the file's one write lock every poll in every process).
    const due = await knex('webhook_delivery')
      .where('status', WebhookDeliveryStatus.PENDING)
      .where('next_attempt_at_ms', '<=', now)
      .where((w) => w.whereNull('lease_until_ms').orWhere('lease_until_ms', '<', now))
      .first('id');
    if (!due) return [];
    const rows = await knex
      .transaction(async (trx) => {
        const result = (await trx.raw(
          `UPDATE webhook_delivery SET lease_until_ms = ?, attempts = attempts + 1
           WHERE id IN (SELECT id FROM webhook_delivery
                        WHERE status = 'PENDING' AND next_attempt_at_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms < ?)
                        ORDER BY next_attempt_at_ms, id LIMIT ?${dialect === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : ''})
           RETURNING id, attempts`,
          [lease, now, now, this.concurrency],
        )) as unknown;
        return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
          id: number | string;
          attempts: number | string;
        }[];
      }, BACKGROUND_TRANSACTION)
      .catch((err: unknown) => {
        // SQLite's write lock, held by another process past the short wait of a claim: the
        // deliveries wait for the next poll.
        if (classifyFault(err)?.reason !== 'database-busy') throw err;
        this.options.log.debug("webhooks: waiting for the database's write lock to claim deliveries");
        return [];
      });
    return rows.map((r) => ({ id: Number(r.id), attempts: Number(r.attempts) }));
  }

  /** What each claimed delivery sends and where (a delivery deleted meanwhile, with its saved search, is absent). */
  private async targets(ids: number[]): Promise<Map<number, Target>> {
    const rows = (await this.options
      .knex('webhook_delivery as d')
      .join('saved_search as s', 's.id', 'd.saved_search_id')
      .join('api_token as t', 't.id', 's.token_id')
      .join('public_event as e', 'e.id', 'd.event_id')
      .whereIn('d.id', ids)
      .select(
        'd.id as delivery_id',
        's.id as search_id',
        's.name as search_name',
        's.webhook_url',
        's.webhook_secret',
        't.revoked_at',
        'e.id as event_id',
        'e.type',
        'e.occurred_at_ms',
        'e.subject_type',
        'e.subject_id',
        'e.title',
        'e.ministry_code',
        'e.municipality_code',
        'e.category',
        'e.status',
        'e.service_status',
        'e.amount_yen',
        'e.data',
      )) as Record<string, unknown>[];
    const str = (v: unknown) => (v == null ? null : String(v));
    const num = (v: unknown) => (v == null ? null : Number(v));
    return new Map(
      rows.map((r) => [
        Number(r.delivery_id),
        {
          url: str(r.webhook_url),
          secret: str(r.webhook_secret),
          revoked: r.revoked_at != null,
          source: {
            deliveryId: Number(r.delivery_id),
            savedSearch: { id: Number(r.search_id), name: String(r.search_name) },
            event: {
              id: Number(r.event_id),
              type: String(r.type),
              occurredAtMs: Number(r.occurred_at_ms),
              subjectType: String(r.subject_type),
              subjectId: num(r.subject_id),
              title: String(r.title),
              ministryCode: str(r.ministry_code),
              municipalityCode: str(r.municipality_code),
              category: str(r.category),
              status: str(r.status),
              serviceStatus: str(r.service_status),
              amountYen: num(r.amount_yen),
              data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown>,
            },
          },
        },
      ]),
    );
  }

  private async deliver(claimed: Claimed, target: Target | undefined, lease: number): Promise<void> {
    if (!target) return;
    try {
      // Deliveries of a revoked token or a removed webhook are dropped: DEAD, saying why, without a try.
      if (target.revoked) return await this.drop(claimed, lease, 'not sent: the token of the saved search was revoked');
      if (!target.url || !target.secret) return await this.drop(claimed, lease, 'not sent: the saved search no longer has a webhook');
      const result = await this.send(target.url, webhookRequest(target.source, target.secret));
      await this.record(claimed, lease, result);
    } catch (err) {
      if (this.loop.isStopped) return;
      this.options.log.error(
        { err, deliveryId: claimed.id },
        'webhooks: the outcome of a delivery could not be recorded; it is sent again once its lease lapses',
      );
    }
  }

  /** One POST: to the address that passed the SSRF check, no redirects, within the timeout. */
  private async send(url: string, request: { body: string; headers: Record<string, string> }): Promise<TryResult> {
    const startedAtMs = Date.now();
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null): TryResult => ({
      startedAtMs,
      durationMs: Math.round(performance.now() - started),
      statusCode,
      error: error?.slice(0, 300) ?? null,
    });
    const { allowedHosts, timeoutMs } = this.options.settings;
    try {
      const target = new URL(url);
      const address = await withDeadline(resolveWebhookAddress(target, allowedHosts), timeoutMs);
      const statusCode = await post(target, address, request, timeoutMs - (performance.now() - started));
      if (statusCode >= 200 && statusCode < 300) return done(statusCode, null);
      if (statusCode >= 300 && statusCode < 400) return done(statusCode, `HTTP ${statusCode}: redirects are not followed`);
      return done(statusCode, `HTTP ${statusCode}`);
    } catch (err) {
      if (err instanceof WebhookUrlError) return done(null, `refused: ${err.message}`);
      return done(null, describeFailure(err, timeoutMs));
    }
  }

  /** The try's row and the delivery's next state, if this process still holds the lease. */
  private async record(claimed: Claimed, lease: number, result: TryResult): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.options.settings;
    const now = Date.now();
    const outcome: WebhookOutcome = result.error === null ? 'delivered' : claimed.attempts >= maxAttempts ? 'dead' : 'failed';
    const common = { lease_until_ms: null, last_status_code: result.statusCode, last_error: result.error, updated_at: new Date(now) };
    const patch =
      outcome === 'delivered'
        ? { ...common, status: WebhookDeliveryStatus.DELIVERED, delivered_at_ms: now }
        : outcome === 'dead'
          ? { ...common, status: WebhookDeliveryStatus.DEAD }
          : { ...common, next_attempt_at_ms: now + retryDelayMs(claimed.attempts, retryBaseMs) };
    const recorded = await this.options.knex.transaction(async (trx) => {
      const changed = await trx('webhook_delivery').where({ id: claimed.id, lease_until_ms: lease }).update(patch);
      // The lease lapsed and another process took the delivery, or it was redelivered: its outcome is theirs to record.
      if (!changed) return false;
      await trx('webhook_attempt').insert({
        delivery_id: claimed.id,
        duration_ms: result.durationMs,
        status_code: result.statusCode,
        error: result.error,
        created_at: new Date(result.startedAtMs),
        updated_at: new Date(now),
      });
      return true;
    });
    if (recorded) this.tries?.inc({ outcome });
  }

  private async drop(claimed: Claimed, lease: number, reason: string): Promise<void> {
    await this.options
      .knex('webhook_delivery')
      .where({ id: claimed.id, lease_until_ms: lease })
      .update({
        status: WebhookDeliveryStatus.DEAD,
        attempts: claimed.attempts - 1,
        lease_until_ms: null,
        last_error: reason,
        updated_at: new Date(),
      });
  }

  /** Deletes delivered and dead deliveries (with their tries) older than `WEBHOOK_RETENTION_DAYS`. */
  private async purge(): Promise<void> {
    const now = performance.now();
    if (this.lastPurge && now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    const before = new Date(Date.now() - this.options.settings.retentionDays * 86_400_000);
    const done = [WebhookDeliveryStatus.DELIVERED, WebhookDeliveryStatus.DEAD];
    try {
      await this.options.knex.transaction(async (trx) => {
        const old = trx('webhook_delivery').whereIn('status', done).where('updated_at', '<', before).select('id');
        await trx('webhook_attempt').whereIn('delivery_id', old).delete();
        await trx('webhook_delivery').whereIn('status', done).where('updated_at', '<', before).delete();
      });
    } catch (err) {
      this.options.log.warn({ err }, 'webhooks: old deliveries could not be deleted; trying again in an hour');
    }
  }

  private register(registry: Registry): Counter<'outcome'> {
    let read: { at: number; queue: Promise<WebhookQueue | null> } | null = null;
    // One read of the table per scrape, shared by the gauges; a database that does not answer leaves the last values.
    const queue = () => {
      if (!read || performance.now() - read.at > 1000) read = { at: performance.now(), queue: this.queue().catch(() => null) };
      return read.queue;
    };
    new Gauge({
      name: 'tracker_webhook_queue',
      help: 'Webhook deliveries waiting (pending) and given up (dead), by status (the same in every process).',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const q = await queue();
        if (!q) return;
        this.set({ status: 'pending' }, q.pending);
        this.set({ status: 'dead' }, q.dead);
      },
    });
    new Gauge({
      name: 'tracker_webhook_oldest_pending_seconds',
      help: 'How long the most overdue pending webhook delivery has been due (0 when none is overdue).',
      registers: [registry],
      async collect() {
        const q = await queue();
        if (q) this.set(q.oldestDueSeconds);
      },
    });
    return new Counter({
      name: 'tracker_webhook_deliveries_total',
      help: 'Webhook tries made by this process, by outcome (delivered; failed and retried; failed for the last time: dead).',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}

/** POSTs `request` to `address` (SNI and Host stay the URL's host) and answers the status; reads at most 64 KB of the answer. */
function post(
  url: URL,
  address: { address: string; family: number },
  request: { body: string; headers: Record<string, string> },
  timeoutMs: number,
) {
  return new Promise<number>((resolve, reject) => {
    // The connection goes to the address that was checked, whatever the name resolves to now.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [address]);
      else callback(null, address.address, address.family);
    };
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers: request.headers, lookup, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) {
            res.destroy();
            finish(() => resolve(status));
          }
        });
        res.on('end', () => finish(() => resolve(status)));
        res.on('error', () => finish(() => resolve(status)));
        res.on('close', () => finish(() => resolve(status)));
      },
    );
    const timer = setTimeout(
      () => {
        finish(() => reject(new SendTimeout()));
        req.destroy();
      },
      Math.max(1, timeoutMs),
    );
    req.on('error', (err) => finish(() => reject(err)));
    req.end(request.body);
  });
}

class SendTimeout extends Error {}

/** Why a POST got no answer, in a few words (never the body, never the address's internals). */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof SendTimeout || (err as Error)?.name === 'DeadlineExceeded') return `no answer within ${timeoutMs} ms`;
  const code = (err as { code?: string } | null)?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host does not resolve';
    default:
      if (/CERT|SSL|TLS|SELF_SIGNED/.test(code)) return `TLS failed (${code})`;
      return code ? `request failed (${code})` : 'request failed';
  }
}

/** `/readyz` on webhooks: never required, `degraded` when a due delivery has waited more than 10 minutes. */
export function webhookCheck(sender: Pick<WebhookSender, 'queue'>, alertSeconds = WEBHOOK_OVERDUE_ALERT_SECONDS): DependencyCheck {
  return {
    name: 'webhooks',
    required: false,
    async run() {
      const started = performance.now();
      try {
        const queue = await withDeadline(sender.queue(), DATABASE_CHECK_DEADLINE_MS);
        const details = { pending: queue.pending, dead: queue.dead, oldestDueSeconds: Math.round(queue.oldestDueSeconds) };
        if (queue.oldestDueSeconds <= alertSeconds)
          return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10, details };
        return {
          status: 'degraded',
          reason: `a webhook delivery has been due for ${Math.round(queue.oldestDueSeconds)} s (${queue.pending} pending): deliveries are late, the API answers`,
          details,
        };
      } catch (err) {
        return { status: 'degraded', reason: 'the webhook deliveries could not be read', error: err };
      }
    },
  };
}
