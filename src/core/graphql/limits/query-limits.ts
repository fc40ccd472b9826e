import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, Lexer, Source, TokenKind, type FragmentDefinitionNode } from 'graphql';
import type { RequestHandler } from 'express';
import { measureOperation, type QueryMeasure } from './query-cost.js';

/** Every limit on one GraphQL request, with its default (README "Security"). */
export interface QueryLimits {
  /** Characters of the query document. */
  maxDocumentLength: number;
  /** Lexical tokens of the document, counted before it is parsed. */
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Field resolutions in the worst case (page sizes multiplied through). */
  maxCost: number;
  /** List items returned in the worst case. */
  maxNodes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDocumentLength: 20_000,
  maxTokens: 2_000,
  maxDepth: 14,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 1_000_000,
  maxNodes: 150_000,
};

export function tooComplex(message: string, measure?: Partial<QueryMeasure>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...(measure ? { cost: measure } : {}) },
  });
}

/** Counts tokens up to `limit + 1`: a hostile document is never lexed to its end. */
export function countTokens(document: string, limit: number): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && count <= limit; token = lexer.advance()) count++;
  } catch {
    // A lexing error is the parser's to report (GRAPHQL_PARSE_FAILED).
  }
  return count;
}

/**
 * Refuses oversized documents before Apollo parses them (size and token count are the
 * only limits that must act before parsing: parsing is the cost they guard).
 */
export function documentLimits(limits: QueryLimits): RequestHandler {
  return (req, res, next) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string') return next();
    const problem =
      query.length > limits.maxDocumentLength
        ? `the query document has ${query.length} characters; the limit is ${limits.maxDocumentLength}`
        : countTokens(query, limits.maxTokens) > limits.maxTokens
          ? `the query document has more than ${limits.maxTokens} tokens`
          : null;
    if (!problem) return next();
    const error = tooComplex(problem);
    res.status(400).json({ errors: [{ message: error.message, extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
  };
}

/** Why `measure` is over `limits` (QUERY_TOO_COMPLEX's message), or null: the one rule for HTTP and WebSocket. */
export function limitsExceeded(measure: QueryMeasure, limits: QueryLimits): string | null {
  const over = (
    [
      ['depth', measure.depth, limits.maxDepth],
      ['aliases', measure.aliases, limits.maxAliases],
      ['directives', measure.directives, limits.maxDirectives],
      ['cost', measure.cost, limits.maxCost],
      ['nodes', measure.nodes, limits.maxNodes],
    ] as const
  ).filter(([, value, limit]) => value > limit);
  if (!over.length) return null;
  return (
    `the query is too complex: ${over.map(([what, value, limit]) => `${what} ${value} (limit ${limit})`).join(', ')}. ` +
    'Ask for smaller pages (first/last) or fewer levels, and page through with cursors.'
  );
}

/**
 * Measures every operation after validation and before any resolver runs; refuses one
 * over a limit with QUERY_TOO_COMPLEX, and reports the measure in `extensions.cost` on
 * every response, so clients see how close they are.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let measure: QueryMeasure | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions)
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          measure = measureOperation(schema, operation, fragments, request.variables ?? {});
          if (measure.expansionExceeded) {
            throw tooComplex('the query is too complex: its fragments expand to too many selections', { depth: measure.depth });
          }
          const exceeded = limitsExceeded(measure, limits);
          if (exceeded) throw tooComplex(exceeded, { ...measure, limit: limits.maxCost } as Partial<QueryMeasure>);
        },
        async willSendResponse({ response }) {
          if (!measure || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: { requested: measure.cost, limit: limits.maxCost, nodes: measure.nodes, depth: measure.depth },
          };
        },
      };
    },
  };
}
