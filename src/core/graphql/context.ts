import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { Failpoint } from '../config/config.js';
import type { ChildrenUnderWay } from '../lifecycle/lifecycle.js';
import type { Logger } from '../logger.js';
import type { ListDb } from './pagination/list-query.js';
import type { RequestLoaders } from './request-loaders.js';

/**
 * The response cache's note on a request (core/http/response-cache.ts): whether its answer
 * may be stored, and under which operation name. Defined here, with the context that carries
 * it, so the cache depends on the context and not the other way round.
 */
export interface CacheTicket {
  storable: boolean;
  operationName: string | null;
}

/** A mutation's `Idempotency-Key` as core/graphql/idempotency.ts read it. */
export interface IdempotencyTicket {
  key: string;
  /** Hex SHA-256 of the printed document, the operation name and the variables. */
  fingerprint: string;
  /** The mutation field (for the message when the key is reused for another request). */
  operation: string;
  windowMs: number;
  /** Set by `runMutation` when the answer is the first request's. */
  replayed: boolean;
}

/**
 * The connection an operation over WebSocket runs on (core/http/subscriptions.ts): one
 * context serves every event of a subscription, so each event starts afresh.
 */
export interface SubscriptionLink {
  /**
   * Called before each event is resolved: fresh loaders and an empty identity map (nested
   * fields read the data as it is now), and the token checked again (at most every few
   * seconds); a revoked token closes the connection and the event is not resolved.
   */
  beforeEvent(ctx: Context): Promise<void>;
  /** Closes the connection (a subscriber too slow to keep up). */
  drop(code: number, reason: string): void;
  /** Where events come from: this process's hub of public events (the notifications module's), handed in by app.ts. */
  events: EventStream;
}

/** A live stream of stored rows matching a filter, from now on (notifications' `PublicEventHub`). */
export interface EventStream {
  subscribe(filter: object | null, onOverflow: (error: Error) => void): Promise<AsyncIterableIterator<Record<string, unknown>>>;
}

/** What every resolver receives: the request's EntityManager fork, its loaders and caller. */
export interface Context {
  em: EntityManager;
  db: ListDb;
  viewer: Viewer;
  loaders: RequestLoaders;
  /** The request's logger (its lines carry the request id). */
  log: Logger;
  /**
   * Whether an object has a child under way that holds it in its state (core/lifecycle
   * `ChildrenUnderWay`), for a module that must ask a module of a higher layer: the root
   * supplies the implementation (app.ts), and a resolver passes it to its service.
   */
  childrenUnderWay: ChildrenUnderWay;
  /** Present when the response cache may store this request's answer (anonymous queries). */
  responseCache?: CacheTicket;
  /** Present when a mutation came with an `Idempotency-Key` header (core/graphql/idempotency.ts). */
  idempotency?: IdempotencyTicket;
  /** How `node(id)` reads an object (schema.ts's fetchers): a replayed mutation answers through it. */
  readNode?: (ctx: Context, globalId: string) => Promise<object | null>;
  /**
   * Read replicas (core/db/replicas.ts): told of a token's committed write, so that its next
   * requests read where that write is (docs/replicas.md "Reading your own writes").
   */
  readYourWrites?: { wrote(tokenId: number): Promise<void> };
  /** The write pipeline of this process: a committed write kicks it (core/pipeline/pipeline.ts). */
  pipeline?: { kick(): void };
  /** Hosts a webhook may reach although private or loopback (`WEBHOOK_ALLOWED_HOSTS`, docs/notifications.md). */
  webhookAllowedHosts?: readonly string[];
  /** Present on an operation over WebSocket (a subscription). */
  subscription?: SubscriptionLink;
  /** Tests only (`TRACKER_FAILPOINT`, docs/stack.md "Services the tests use"). */
  failpoint?: Failpoint | null;
}
