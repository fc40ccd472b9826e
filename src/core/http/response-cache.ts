import type { ApolloServerPlugin } from '@apollo/server';
import type { Knex } from '@mikro-orm/knex';
import type { RequestHandler } from 'express';
import { Role } from '../auth/viewer.js';
import { readDataVersion, sharedDataVersionReader } from '../db/data-version.js';
import type { CacheTicket, Context } from '../graphql/context.js';
import type { ListDb } from '../graphql/pagination/list-query.js';
import type { ReadRouter } from '../db/replicas.js';

/**
 * A cache of whole responses to anonymous queries, checked against the data version (one
 * row that every write path bumps in its own transaction, see core/db/data-version.ts).
 *
 * Never stale: the version is read before a missed query runs, so a stored response
 * reflects at least every commit up to its version; a lookup reads the version again (one
 * indexed single-row read, on the shared database, so a write answered by any other process
 * counts at once) and serves an entry only while the version is unchanged. Concurrent lookups
 * share reads, but only a read that began after they arrived (`sharedDataVersionReader`).
 * Entries live in this process's memory; what makes them valid lives in the database.
 *
 * Only anonymous callers (a token's view depends on its role and scope), only queries that
 * answered without any error, and the key includes the date in Japan, for fields derived
 * from today's date.
 *
 * With read replicas (docs/replicas.md) the version is still read on the primary, where it
 * never goes backwards, and a missed answer is computed on a replica only once that replica
 * has reached the version (`ReadRouter.atVersion`), else on the primary.
 */
export interface ResponseCache {
  /** Express middleware: answers a hit, or lets the request through and stores the answer. */
  middleware: RequestHandler;
  /** Apollo plugin: marks the responses that may be stored (queries without errors). */
  plugin: ApolloServerPlugin<Context>;
  /** Entries and bytes held, hits and misses so far (for /metrics and tests). */
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

interface Entry {
  version: string;
  operationName: string | null;
  /** The response's bytes and ETag as Express made them, kept so a hit neither encodes nor hashes again. */
  body: Buffer;
  etag: string | undefined;
  contentType: string;
  bytes: number;
}

/** Set on `res.locals` for a request the cache may store; the plugin says whether it will. */
export type { CacheTicket };

/** What the cache reports, for metrics. */
export interface CacheObserver {
  hit(operationName: string | null, seconds: number): void;
  miss(): void;
}

/** Content types a browser may send cross-site without a preflight (Apollo's CSRF rule). */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Apollo's CSRF prevention, which a hit must not bypass: a request passes when its content
 * type is not one a simple cross-site request can have, or when it carries a preflight header.
 */
function passesCsrfPrevention(req: { get(name: string): string | undefined }): boolean {
  const type = req.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type && !SIMPLE_CONTENT_TYPES.has(type)) return true;
  return req.get('x-apollo-operation-name') !== undefined || req.get('apollo-require-preflight') !== undefined;
}

/** Larger request bodies are not cached (nor hashed into keys). */
const MAX_KEY_CHARS = 16_384;

declare module 'express-serve-static-core' {
  interface Locals {
    responseCache?: CacheTicket;
    /** Where the request's read side runs (docs/replicas.md); unset: the primary. */
    readDb?: ListDb;
  }
}

const JST_OFFSET_MS = 9 * 3600_000;

export function createResponseCache(knex: Knex, maxMegabytes: number, observer?: CacheObserver, router?: ReadRouter): ResponseCache {
  const maxBytes = maxMegabytes * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  /** The newest version seen: entries of older versions can never be served again. */
  let newest = '';
  const currentVersion = sharedDataVersionReader(() => readDataVersion(knex));

  const drop = (key: string, entry: Entry) => {
    entries.delete(key);
    bytes -= entry.bytes;
  };
  const observe = (version: string) => {
    if (version === newest) return;
    newest = version;
    // Every entry is of an older version now (versions only grow): free them at once.
    entries.clear();
    bytes = 0;
  };

  const middleware: RequestHandler = async (req, res, next) => {
    if (res.locals.viewer?.role !== Role.ANONYMOUS || (req.method !== 'GET' && req.method !== 'POST')) return next();
    if (!passesCsrfPrevention(req)) return next();
    const started = process.hrtime.bigint();
    const payload: unknown = req.method === 'GET' ? req.query : req.body;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return next();
    let serialised: string;
    try {
      serialised = JSON.stringify(payload);
    } catch {
      // Nested too deep to serialise: not a query worth caching; Apollo answers it.
      return next();
    }
    if (serialised.length > MAX_KEY_CHARS) return next();
    const day = new Date(Date.now() + JST_OFFSET_MS).toISOString().slice(0, 10);
    const key = `${req.method}\n${req.get('accept') ?? ''}\n${day}\n${serialised}`;
    let version: string;
    try {
      version = await currentVersion();
    } catch (err) {
      return next(err);
    }
    observe(version);
    const entry = entries.get(key);
    if (entry && entry.version === version) {
      hits++;
      // Most recently used last: Map keeps insertion order, eviction takes the first.
      entries.delete(key);
      entries.set(key, entry);
      res.status(200).set('Content-Type', entry.contentType).set('X-Cache', 'hit');
      if (entry.etag) res.set('ETag', entry.etag);
      res.send(entry.body);
      observer?.hit(entry.operationName, Number(process.hrtime.bigint() - started) / 1e9);
      return;
    }
    misses++;
    observer?.miss();
    if (router?.hasReplicas) {
      try {
        res.locals.readDb = await router.atVersion(version);
      } catch (err) {
        return next(err);
      }
    }
    const ticket: CacheTicket = { storable: false, operationName: null };
    res.locals.responseCache = ticket;
    res.set('X-Cache', 'miss');
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (ticket.storable && res.statusCode === 200 && typeof body === 'string' && version === newest) {
        const bytesOfBody = Buffer.from(body, 'utf8');
        const size = bytesOfBody.length + key.length * 2;
        if (size <= maxBytes / 8) {
          const old = entries.get(key);
          if (old) drop(key, old);
          // Express's own ETag function (the app's `etag` setting), so a hit carries the ETag a miss did.
          const etagOf = req.app.get('etag fn') as ((body: Buffer, encoding: string) => string) | undefined;
          entries.set(key, {
            version,
            operationName: ticket.operationName,
            body: bytesOfBody,
            etag: etagOf?.(bytesOfBody, 'utf8'),
            contentType: String(res.get('Content-Type') ?? 'application/json'),
            bytes: size,
          });
          bytes += size;
          for (const [k, e] of entries) {
            if (bytes <= maxBytes) break;
            drop(k, e);
          }
        }
      }
      return send(body);
    };
    next();
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, response }) {
          const ticket = contextValue?.responseCache;
          if (!ticket) return;
          ticket.operationName = operationName ?? null;
          ticket.storable =
            operation?.operation === 'query' && response.body.kind === 'single' && !response.body.singleResult.errors?.length;
        },
      };
    },
  };

  return { middleware, plugin, stats: () => ({ entries: entries.size, bytes, hits, misses }) };
}
