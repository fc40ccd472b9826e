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
  /** The write pipeline of this process: a committed write kicks it (core/pipeline/pipeline.ts). */
  pipeline?: { kick(): void };
  /** Hosts a webhook may reach although private or loopback (`WEBHOOK_ALLOWED_HOSTS`, docs/notifications.md). */
  webhookAllowedHosts?: readonly string[];
  /** Tests only (`TRACKER_FAILPOINT`, docs/stack.md "Services the tests use"). */
  failpoint?: Failpoint | null;
}
