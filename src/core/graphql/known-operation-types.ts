import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema does not have. graphql-js 16 validates the selection against a missing root type
 * without complaint and only fails inside `execute`, which would surface as an internal
 * error; here it is a validation error (HTTP 400) that says what to do instead.
 * graphql-js 17 ships the same check as `KnownOperationTypesRule`.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(`This API does not support ${node.operation} operations; use a query (reads) or a mutation (writes).`, {
        nodes: node,
      }),
    );
  },
});

/**
 * Over HTTP, refuses subscriptions: they are served over WebSocket (core/http/subscriptions.ts).
 * graphql-js would otherwise run a subscription over HTTP as a query and answer one event.
 */
export const noSubscriptionsOverHttp: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError('subscriptions are served over WebSocket (the graphql-transport-ws protocol) at /graphql, not over HTTP', {
        nodes: node,
      }),
    );
  },
});
