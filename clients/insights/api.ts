import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sendOperation } from '../lib/operation.js';

/**
 * The page's requests: the generated documents, sent as trusted documents to this server's
 * /graphql (clients/lib/operation.ts). It is just another client: anonymous, unless the reader
 * gives a token, which is kept for the browser tab only (sessionStorage), never in the address.
 */
const TOKEN_KEY = 'tracker-insights-token';

export function token(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) || undefined;
}

export function setToken(value: string): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables?: Variables): Promise<Result> {
  return sendOperation({ url: new URL('/graphql', location.href).href, token: token() }, document, variables);
}
