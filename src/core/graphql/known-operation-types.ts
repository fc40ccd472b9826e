import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema does not have (this API has no
 * subscriptions). graphql-js 16 validates the selection against a missing root type
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
