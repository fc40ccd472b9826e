import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { classifyFault, faultExtensions, RETRYABLE_CODES } from '../faults/fault.js';
import { scrubError } from '../faults/scrub.js';
import type { Context } from './context.js';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
]);

function isClientError(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_CODES.has(code);
}

/** Errors already answered with a code of their own (the caller's, or a retryable fault). */
function isCoded(code: unknown): boolean {
  return isClientError(code) || (typeof code === 'string' && RETRYABLE_CODES.has(code));
}

/**
 * Apollo refuses some malformed requests (an unsupported persisted-query version, say)
 * with an HTTP 4xx status but no code; they are the client's errors, answered as such.
 */
function isCodelessRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * PostgreSQL's class 22 ("data exception": a date that does not exist, a number out of the
 * column's range, text the encoding refuses) can only come from a value the caller sent
 * that got past the API's own checks; it is answered as the caller's mistake, without the
 * SQL. Looks through the ORM's and GraphQL's wrappers for the SQLSTATE.
 */
function isDatabaseDataError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, sqlState } = e as { code?: unknown; sqlState?: unknown };
    if ([code, sqlState].some((c) => typeof c === 'string' && /^22[0-9A-Z]{3}$/.test(c))) return true;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

const DATA_ERROR_MESSAGE =
  'A value in this request is not one the database can hold (an impossible date, a number out of range, or malformed text); nothing was changed';

/**
 * docs/api.md: internal details (SQL, stack traces) never reach a client. Errors with a client
 * code pass through; anything else is answered as a bare INTERNAL_SERVER_ERROR (and logged
 * in full by `internalErrorLogPlugin`, with the request's id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isCodelessRequestError(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  if (isDatabaseDataError(error))
    return { message: DATA_ERROR_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
  if (isCoded(formatted.extensions?.code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // README "When things fail": an outage or a timeout says so, and that a retry may work.
  const fault = classifyFault(error);
  if (fault) return { message: fault.message, path: formatted.path, locations: formatted.locations, extensions: faultExtensions(fault) };
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * Logs the errors of a request that are not the caller's: retryable faults as warnings,
 * anything else (INTERNAL_SERVER_ERROR) as errors, on the request's own logger. One line per
 * distinct cause, with how many fields it failed and the first few paths: a list query whose
 * every row failed the same way is one line, not one per row. Errors go through the
 * logger's scrubbing serializer (`err`), so no statement values reach the log.
 */
export function internalErrorLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const groups = new Map<
            string,
            {
              level: 'warn' | 'error';
              message: string;
              err: unknown;
              reason?: string;
              code?: string;
              paths: (readonly (string | number)[])[];
              count: number;
            }
          >();
          for (const error of errors) {
            if (isClientError(error.extensions?.code) || isCodelessRequestError(error)) continue;
            if (isDatabaseDataError(error)) {
              const g = groups.get('data') ?? {
                level: 'warn' as const,
                message: 'the database refused a value of the request (SQLSTATE class 22)',
                err: undefined,
                paths: [],
                count: 0,
              };
              g.count++;
              if (error.path && g.paths.length < 5) g.paths.push(error.path);
              groups.set('data', g);
              continue;
            }
            const original = unwrapResolverError(error);
            const fault = classifyFault(error);
            const key = fault ? `fault:${fault.reason}` : `internal:${scrubError(original).message}`;
            const g = groups.get(key) ?? {
              level: fault ? ('warn' as const) : ('error' as const),
              message: fault
                ? `a dependency failed while answering a request (${fault.reason}); answered ${fault.code}, retryable`
                : 'internal error while answering a request',
              err: original,
              reason: fault?.reason,
              code: fault?.code,
              paths: [],
              count: 0,
            };
            g.count++;
            if (error.path && g.paths.length < 5) g.paths.push(error.path);
            groups.set(key, g);
          }
          for (const g of groups.values()) {
            const fields = { err: g.err, reason: g.reason, code: g.code, errors: g.count, paths: g.paths };
            if (g.level === 'warn') contextValue?.log?.warn(fields, g.message);
            else contextValue?.log?.error(fields, g.message);
          }
        },
      };
    },
  };
}
