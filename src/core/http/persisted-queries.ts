import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Role, type Viewer } from '../auth/viewer.js';

/**
 * Automatic persisted queries (Apollo's APQ protocol: `extensions.persistedQuery
 * { version: 1, sha256Hash }`), kept apart per caller.
 *
 * Apollo's own implementation keeps one store for everybody, so a document registered by a
 * ministry (which may hold a literal bid amount) could be confirmed by anyone who guesses
 * its hash: an anonymous request with the hash alone would run it. Here a document is found
 * only by the caller who registered it (the same token, or anonymous callers among
 * themselves), so what one caller sent is never an oracle for another (docs/seal.md,
 * "Shared caches"). Apollo's own APQ is turned off; this middleware resolves the hash into
 * the query text before Apollo sees the request.
 *
 * Entries live in this process's memory, bounded; another process, or a restart, answers
 * PERSISTED_QUERY_NOT_FOUND and the client re-sends the text, as the protocol expects.
 */
export interface PersistedQueryStore {
  middleware: RequestHandler;
  size(): number;
}

const MAX_ENTRIES = 10_000;
const MAX_QUERY_CHARS = 100_000;

export function persistedQueries(): PersistedQueryStore {
  const documents = new Map<string, string>();

  const remember = (key: string, query: string) => {
    documents.delete(key);
    documents.set(key, query);
    // Least recently used first: Map keeps insertion order.
    for (const oldest of documents.keys()) {
      if (documents.size <= MAX_ENTRIES) break;
      documents.delete(oldest);
    }
  };

  const middleware: RequestHandler = (req, res, next) => {
    const request = readRequest(req);
    if (!request) return next();
    const { extensions, query } = request;
    const persisted = extensions.persistedQuery as { version?: unknown; sha256Hash?: unknown } | null | undefined;
    if (persisted == null || typeof persisted !== 'object') return next();
    if (persisted.version !== 1) return fail(res, 400, 'Unsupported persisted query version', 'BAD_REQUEST');
    const hash = typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash.toLowerCase() : '';
    const key = `${callerKey(res.locals.viewer)}\n${hash}`;
    if (typeof query === 'string') {
      if (createHash('sha256').update(query).digest('hex') !== hash)
        return fail(res, 400, 'provided sha does not match query', 'BAD_REQUEST');
      if (query.length <= MAX_QUERY_CHARS) remember(key, query);
      request.resolve(query);
      return next();
    }
    const known = documents.get(key);
    if (known === undefined) {
      res.set('Cache-Control', 'private, no-cache, must-revalidate');
      return fail(res, 200, 'PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
    }
    remember(key, known);
    request.resolve(known);
    next();
  };

  return { middleware, size: () => documents.size };
}

/** Whose documents a request may use: its token's, or those of anonymous callers. */
function callerKey(viewer: Viewer | undefined): string {
  return !viewer || viewer.role === Role.ANONYMOUS ? 'anonymous' : `token:${viewer.tokenId}`;
}

function fail(res: Response, status: number, message: string, code: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

interface PersistedRequest {
  extensions: Record<string, unknown>;
  query: unknown;
  /** Sets the query text and removes the persistedQuery extension, in the request Apollo reads. */
  resolve(query: string): void;
}

/** The extensions and query of a POST body or a GET query string; null when there are none. */
function readRequest(req: Request): PersistedRequest | null {
  if (req.method === 'POST') {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
    const extensions = body.extensions;
    if (!extensions || typeof extensions !== 'object' || Array.isArray(extensions)) return null;
    return {
      extensions: extensions as Record<string, unknown>,
      query: body.query,
      resolve(query) {
        body.query = query;
        delete (extensions as Record<string, unknown>).persistedQuery;
      },
    };
  }
  if (req.method !== 'GET') return null;
  const url = new URL(req.url, 'http://local');
  const raw = url.searchParams.get('extensions');
  if (raw === null) return null;
  let extensions: unknown;
  try {
    extensions = JSON.parse(raw);
  } catch {
    return null; // Apollo answers the malformed parameter.
  }
  if (!extensions || typeof extensions !== 'object' || Array.isArray(extensions)) return null;
  return {
    extensions: extensions as Record<string, unknown>,
    query: url.searchParams.get('query') ?? undefined,
    resolve(query) {
      delete (extensions as Record<string, unknown>).persistedQuery;
      url.searchParams.set('query', query);
      url.searchParams.set('extensions', JSON.stringify(extensions));
      // The Express integration reads the query string from req.url.
      req.url = `${url.pathname}${url.search}`;
    },
  };
}
