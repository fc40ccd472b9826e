import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { Failpoint } from '../config/config.js';
import type { CacheTicket } from '../http/response-cache.js';
import type { Logger } from '../logger.js';
import type { IdempotencyTicket } from './idempotency.js';
import type { ListDb } from './pagination/list-query.js';
import type { RequestLoaders } from './request-loaders.js';

/** What every resolver receives: the request's EntityManager fork, its loaders and caller. */
export interface Context {
  em: EntityManager;
  db: ListDb;
  viewer: Viewer;
  loaders: RequestLoaders;
  /** The request's logger (its lines carry the request id). */
  log: Logger;
  /** Present when the response cache may store this request's answer (anonymous queries). */
  responseCache?: CacheTicket;
  /** Present when a mutation came with an `Idempotency-Key` header (core/graphql/idempotency.ts). */
  idempotency?: IdempotencyTicket;
  /** Tests only (`TRACKER_FAILPOINT`, docs/stack.md "Services the tests use"). */
  failpoint?: Failpoint | null;
}
