import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  GraphQLError,
  execute,
  getOperationAST,
  getVariableValues,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<never>['gateway'];

/** What a document compiled to: a function, or null when it is run by graphql-js. */
type Compiled = CompiledQuery | null;

/**
 * Runs queries through graphql-jit (PERFORMANCE.md "Compiled execution"): each query document
 * is compiled once into a function that resolves its selection without graphql-js's per-field
 * interpretation, which was a fifth of an uncached dashboard's CPU. The resolvers, the schema
 * and therefore the answers are the same; what is not compiled runs through graphql-js's
 * `execute` exactly as before:
 *
 * - mutations (their cost is the write, and their fields must run one after another as the
 *   spec says, which graphql-js does for certain);
 * - a request whose variables do not coerce, so that its errors and HTTP status are the ones
 *   graphql-js gives (graphql-jit words them differently);
 * - a document graphql-jit cannot compile.
 *
 * Compiled functions are kept per parsed document object: Apollo keeps parsed documents in its
 * own bounded store keyed by the query's hash, so a repeated query reuses both, and a document
 * it forgets is forgotten here too (a WeakMap).
 *
 * Apollo Server 5 takes another executor only through its gateway interface; this is that
 * interface over a fixed schema, with no gateway behind it.
 */
export function compiledExecutionGateway(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compiledFor = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    if (byOperation.has(key)) return byOperation.get(key)!;
    let result: Compiled = null;
    const operation = getOperationAST(document, operationName);
    if (operation?.operation === 'query') {
      const attempt = compileQuery(schema, document, operationName);
      if (isCompiledQuery(attempt)) result = attempt;
    }
    byOperation.set(key, result);
    return result;
  };

  return {
    async load() {
      return {
        executor: async (request): Promise<ExecutionResult> => {
          // The name the client sent: the context's own `operationName` is the name of the
          // operation Apollo resolved (null when none), and with it graphql-js would run a
          // document's only operation under a name that does not match it.
          const operationName = request.request.operationName ?? undefined;
          const variables = request.request.variables ?? {};
          const standard = () =>
            execute({ schema, document: request.document, contextValue: request.context, variableValues: variables, operationName });
          const compiledQuery = compiledFor(request.document, operationName);
          // `operation` is the one Apollo resolved from the same document and name.
          if (!compiledQuery || !request.operation) return standard();
          if (getVariableValues(schema, request.operation.variableDefinitions ?? [], variables).errors) return standard();
          return asGraphqlJsResult(await compiledQuery.query(undefined, request.context, variables));
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * graphql-jit reports errors as objects of its own: read-only (production's suggestion masking
 * rewrites `message` in place, and failed on them), and with `extensions` left undefined when
 * the error had none, such as a database timeout (Apollo reads `extensions.code` of every error
 * before `formatError` sees it, and answered a bare "Internal server error" without asking it,
 * so a retryable TIMEOUT lost its code and path). Each becomes graphql-js's own error, as
 * graphql-js would have made it: the same message, path, locations, original error and
 * extensions.
 */
function asGraphqlJsResult(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map(asGraphqlJsError) };
}

function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const standard = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations) (standard as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return standard;
}
