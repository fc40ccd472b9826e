import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { NetworkError, RequestError, documentText, sendOperation, type ClientOptions } from './operation.js';

export { NetworkError, RequestError, type ClientOptions };

/**
 * A small typed client for the tracker's GraphQL API, for programs written against the
 * documents generated from clients/operations (no hand-written result types: a wrong field
 * or variable is a compile error). It sends each operation as a trusted document: its hash
 * (`documentId`) and its text from the generated manifest, so the same program works
 * against servers with and without TRUSTED_DOCUMENTS.
 */

/** A mutation answered with `userErrors`: nothing was written. */
export class UserErrors extends Error {
  constructor(readonly userErrors: readonly { code: string; message: string; field?: readonly string[] | null }[]) {
    super(userErrors.map((e) => `${e.code}${e.field ? ` (${e.field.join('.')})` : ''}: ${e.message}`).join('; '));
    this.name = 'UserErrors';
  }
}

export class TrackerClient {
  constructor(private readonly options: ClientOptions) {}

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): TrackerClient {
    return new TrackerClient({ url: env.TRACKER_URL || 'http://127.0.0.1:4000/graphql', token: env.TRACKER_TOKEN || undefined });
  }

  get url(): string {
    return this.options.url;
  }

  request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables?: Variables): Promise<Result> {
    return sendOperation(this.options, document, variables);
  }

  /**
   * A subscription's events as they happen, over WebSocket on the same URL (graphql-ws's
   * protocol; docs/notifications.md "Subscriptions"). Stop by leaving the `for await` loop. A
   * refused operation throws `RequestError` (status 0: there is no HTTP answer); a closed
   * connection `NetworkError` with its close code (4401: a bad token, 4403: the token was
   * revoked, 1001: the server stopped, 1008: too slow to keep up).
   */
  async *subscribe<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables?: Variables): AsyncGenerator<Result> {
    const { query } = documentText(document);
    const url = this.options.url.replace(/^http/, 'ws');
    const socket = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
    });
    try {
      for await (const result of socket.iterate<Result>({ query, variables: (variables ?? {}) as Record<string, unknown> })) {
        if (result.errors?.length) throw new RequestError(result.errors as RequestError['errors'], 0);
        yield result.data as Result;
      }
    } catch (error) {
      if (Array.isArray(error)) throw new RequestError(error as RequestError['errors'], 0);
      const close = error as { code?: unknown; reason?: unknown };
      if (typeof close.code === 'number')
        throw new NetworkError(`${url} closed the connection: ${close.code} ${String(close.reason ?? '')}`.trim());
      if (error instanceof RequestError) throw error;
      const cause = (error as { cause?: { code?: string }; message?: string }).cause;
      throw new NetworkError(`cannot reach ${url}: ${cause?.code ?? (error as Error).message}`);
    } finally {
      await socket.dispose();
    }
  }
}

/** The payload of a mutation, or `UserErrors` when it was refused. */
export function written<T extends { userErrors: readonly { code: string; message: string; field?: readonly string[] | null }[] }>(
  payload: T,
): T {
  if (payload.userErrors.length) throw new UserErrors(payload.userErrors);
  return payload;
}

/**
 * What an example program prints for a failure and the exit code it ends with: 2 for a
 * request the server refused (`refused` names it in the message), 3 for a server it could not
 * reach, 2 for anything else.
 */
export function reportFailure(error: unknown, refused: (error: RequestError) => string): number {
  if (error instanceof RequestError) {
    console.error(refused(error));
    return 2;
  }
  if (error instanceof NetworkError) {
    console.error(error.message);
    return 3;
  }
  console.error(`error: ${(error as Error).message}`);
  return 2;
}
