import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import manifest from '../generated/persisted-documents.json' with { type: 'json' };

/**
 * Sending one operation of the generated documents (clients/operations) to the tracker over
 * HTTP, with nothing but `fetch`: the command-line clients (tracker-client.ts) and the
 * insights page in the browser (clients/insights) share it. Each operation goes as a trusted
 * document, its hash (`documentId`) and its text from the generated manifest, so the same
 * program works against servers with and without TRUSTED_DOCUMENTS.
 */
export interface ClientOptions {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** An API token (`Authorization: Bearer …`); anonymous without one. */
  token?: string;
}

/** The server could not be reached, or did not answer with GraphQL. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The server refused the request as a whole (top-level `errors`). */
export class RequestError extends Error {
  constructor(
    readonly errors: { message: string; extensions?: { code?: string } }[],
    readonly status: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.name = 'RequestError';
  }
}

const documents = manifest as Record<string, string>;

/** A generated document's hash and text (from the manifest; printed for a document not in it). */
export function documentText(document: DocumentNode): { hash: string | undefined; query: string } {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  return { hash, query: (hash && documents[hash]) || print(document) };
}

/** Posts `document` with `variables`; its `data`, or `RequestError` / `NetworkError`. */
export async function sendOperation<Result, Variables>(
  options: ClientOptions,
  document: TypedDocumentNode<Result, Variables>,
  variables?: Variables,
): Promise<Result> {
  const { hash, query } = documentText(document);
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, documentId: hash, variables: variables ?? {} }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new NetworkError(`cannot reach ${options.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  let body: { data?: Result; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new NetworkError(`${options.url} answered ${response.status} without GraphQL (is it the tracker's /graphql?)`);
  }
  if (body.errors?.length) throw new RequestError(body.errors, response.status);
  if (body.data === undefined) throw new NetworkError(`${options.url} answered ${response.status} with no data`);
  return body.data;
}
