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
