import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { Role } from '../auth/viewer.js';

/** hash ("sha256:<hex>") → document text, as GraphQL Code Generator's client preset emits it. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/**
 * Reads a persisted-documents manifest and checks every entry: the key must be the SHA-256
 * of its text, or a client could be served a document other than the one it was built with.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`TRUSTED_DOCUMENTS: cannot read ${path} as JSON (${(e as Error).message})`, { cause: e });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`TRUSTED_DOCUMENTS: ${path} must be a JSON object of hash → document`);
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string') throw new Error(`TRUSTED_DOCUMENTS: the entry ${hash} is not a document`);
    const actual = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    if (hash !== actual) throw new Error(`TRUSTED_DOCUMENTS: the entry ${hash} does not match its document (its SHA-256 is ${actual})`);
    documents.set(hash, text);
  }
  return documents;
}

function refuse(res: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Trusted documents (the typed-clients issue): with a manifest loaded, a request may name
 * its operation by hash (`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`)
 * and the server runs the document it holds for that hash. Callers other than admins may
 * send nothing else: an operation's text is accepted only if it is identical to a trusted
 * document. Admins keep ad-hoc queries (GraphiQL, investigations). Without a manifest,
 * `documentId` is resolved when it can be and otherwise ignored.
 */
export function trustedDocumentsGuard(documents: TrustedDocuments | null): RequestHandler {
  const texts = new Set(documents?.values() ?? []);
  return (req, res, next) => {
    const body =
      req.method === 'POST' && req.body && typeof req.body === 'object' && !Array.isArray(req.body)
        ? (req.body as Record<string, unknown>)
        : null;
    const claimed = body
      ? (body.documentId ?? (body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash)
      : undefined;
    if (body && claimed !== undefined) {
      const id = typeof claimed === 'string' ? (claimed.startsWith('sha256:') ? claimed : `sha256:${claimed}`) : '';
      const text = documents?.get(id);
      delete body.documentId;
      if (text !== undefined) {
        if (typeof body.query === 'string' && body.query !== text) {
          return refuse(res, 400, 'BAD_REQUEST', 'the query text differs from the trusted document named by documentId');
        }
        body.query = text;
        const extensions = body.extensions as Record<string, unknown> | undefined;
        if (extensions) delete extensions.persistedQuery;
      } else if (documents) {
        return refuse(
          res,
          400,
          'PERSISTED_QUERY_NOT_FOUND',
          `no trusted document has the id ${String(claimed).slice(0, 80)}: regenerate the client (npm run codegen) and deploy its manifest`,
        );
      }
    }
    if (!documents || res.locals.viewer?.role === Role.ADMIN) return next();
    const query = body ? body.query : req.query.query;
    if (typeof query === 'string' && !texts.has(query)) {
      return refuse(
        res,
        403,
        'FORBIDDEN',
        'this server accepts only trusted documents (the operations of the generated clients): send documentId, or use an admin token for ad-hoc queries',
      );
    }
    next();
  };
}
