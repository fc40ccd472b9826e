import type { ApolloServerPlugin } from '@apollo/server';

const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP (graphql-http's audit, the spec's "application/json" section): a
 * client that accepts only `application/json` gets 200 for documents that fail to parse or
 * validate and for variables that fail to coerce, with the errors in the body; 4xx is kept
 * for clients that accept `application/graphql-response+json`. Apollo answers 400 for both.
 */
export function graphqlOverHttpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data !== undefined || !result.errors?.length) return;
          if (!result.errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
          const accept = request.http?.headers.get('accept') ?? '';
          if (accept.includes('application/graphql-response+json')) return;
          response.http.status = 200;
        },
      };
    },
  };
}

/**
 * README "When things fail": an answer that failed only because a dependency was down or
 * too slow says so over HTTP too. Any retryable error adds `Retry-After` (the longest any
 * of them asks for); when nothing usable came back (no data, or every root field null) and
 * every error is retryable, the status is 503, which clients, proxies and load balancers
 * all read as "try again later". A partial answer stays 200, its failed fields coded.
 */
export function retryableFaultStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length) return;
          const retryable = errors.filter((e) => e.extensions?.retryable === true);
          if (!retryable.length) return;
          const seconds = Math.max(1, ...retryable.map((e) => Number(e.extensions?.retryAfterSeconds) || 1));
          response.http.headers.set('retry-after', String(seconds));
          const nothingUsable = data == null || Object.values(data).every((v) => v === null);
          if (nothingUsable && retryable.length === errors.length) response.http.status = 503;
        },
      };
    },
  };
}
