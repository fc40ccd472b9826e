import type { Server } from 'node:http';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode, type Context as ConnectionContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { Role, type Viewer } from '../auth/viewer.js';
import type { Context, EventStream } from '../graphql/context.js';
import { formatError } from '../graphql/format-error.js';
import { measureOperation } from '../graphql/limits/query-cost.js';
import { countTokens, limitsExceeded, tooComplex, type QueryLimits } from '../graphql/limits/query-limits.js';
import type { Logger } from '../logger.js';
import type { TrustedDocuments } from './trusted-documents.js';

/** Close codes beyond graphql-ws's own: a revoked token (4403 is graphql-ws's Forbidden). */
export const TOKEN_REVOKED_CLOSE_CODE = CloseCode.Forbidden;
/** The server stops (RFC 6455 "going away"). */
export const GOING_AWAY_CLOSE_CODE = 1001;
/** How long the shutdown waits for clients to answer the close before cutting their sockets. */
const CLOSE_WAIT_MS = 1_000;
/** Subscriptions one connection may hold at once: a client wanting more events widens its filter. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

export interface SubscriptionServerOptions {
  http: Server;
  path: string;
  schema: GraphQLSchema;
  limits: QueryLimits;
  /** Rules beyond graphql-js's own, as on HTTP. */
  validationRules: readonly ValidationRule[];
  /** The caller of an `authorization` connection parameter: anonymous when absent; throws for a bad or revoked token. */
  authenticate(authorization: string | undefined): Promise<Viewer>;
  /** A fresh context for one operation of a caller (the em fork, loaders…), as HTTP's. */
  context(viewer: Viewer): Omit<Context, 'subscription'>;
  /** This process's public events. */
  events: EventStream;
  /** With TRUSTED_DOCUMENTS: callers other than admins may send only these documents, as on HTTP. */
  trusted: TrustedDocuments | null;
  log: Logger;
  /** How long a token check holds: a revoked token is noticed at the next event after this. */
  recheckMs?: number;
}

export interface SubscriptionServer {
  /** Closes every connection (1001) and stops accepting new ones. */
  close(): Promise<void>;
  /** Open connections. */
  connections(): number;
}

interface Connection {
  authorization: string | undefined;
  viewer: Viewer;
  checkedAt: number;
  checking: Promise<void> | null;
  /** Ids of the subscriptions running on it. */
  active: Set<string>;
}

const refusal = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/**
 * GraphQL subscriptions over WebSocket (graphql-transport-ws, graphql-ws's protocol) on the
 * HTTP server's `path` (docs/notifications.md "Subscriptions"). A connection authenticates
 * once, with the `authorization` connection parameter (`Bearer mtt_…`; none: anonymous; a bad
 * or revoked token: closed 4401); its token is checked again before events at most every
 * `recheckMs`, and a revoked one closes it 4403. Every operation passes the same document
 * limits, validation and measure (depth, aliases, cost…) as over HTTP, before anything
 * runs. Only subscriptions are served here: queries and mutations go over HTTP, where the
 * response cache, rate limits and idempotency keys live. A connection holds at most
 * MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions at once.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const { limits, schema, log } = options;
  const recheckMs = options.recheckMs ?? 5_000;
  const connections = new WeakMap<WebSocket, Connection>();
  const rules = [...specifiedRules, ...options.validationRules];
  const texts = new Set(options.trusted?.values() ?? []);
  const wss = new WebSocketServer({ server: options.http, path: options.path, maxPayload: limits.maxDocumentLength * 4 + 64 * 1024 });
  type Extra = { socket: WebSocket };

  const authenticate = async (socket: WebSocket, authorization: unknown): Promise<Viewer | null> => {
    try {
      if (authorization !== undefined && typeof authorization !== 'string')
        throw refusal('authorization must be a string', 'UNAUTHENTICATED');
      return await options.authenticate(authorization);
    } catch (error) {
      if ((error as GraphQLError).extensions?.code === 'UNAUTHENTICATED') socket.close(CloseCode.Unauthorized, 'Unauthorized');
      else {
        log.warn({ err: error }, 'subscriptions: the token could not be checked');
        socket.close(1013, 'Try again later: the token could not be checked');
      }
      return null;
    }
  };

  /** Before each event: the context starts afresh, and the token is checked again once `recheckMs` has passed. */
  const beforeEvent = (socket: WebSocket) => async (ctx: Context) => {
    const connection = connections.get(socket);
    if (!connection || socket.readyState !== socket.OPEN) throw refusal('the connection is closed', 'UNAUTHENTICATED');
    if (connection.viewer.tokenId != null && Date.now() - connection.checkedAt >= recheckMs) {
      connection.checking ??= options
        .authenticate(connection.authorization)
        .then(
          () => {
            connection.checkedAt = Date.now();
          },
          (error: unknown) => {
            if ((error as GraphQLError).extensions?.code === 'UNAUTHENTICATED')
              socket.close(TOKEN_REVOKED_CLOSE_CODE, 'Forbidden: the token was revoked');
            // A database that does not answer: the last check stands until the next event.
            else log.warn({ err: error }, 'subscriptions: the token could not be checked again');
          },
        )
        .finally(() => (connection.checking = null));
      await connection.checking;
      if (socket.readyState !== socket.OPEN) throw refusal('the token was revoked', 'FORBIDDEN');
    }
    ctx.loaders.clear();
    ctx.em.clear();
  };

  const format = (error: GraphQLError): GraphQLFormattedError => {
    // HTTP's status hint means nothing here.
    const { http: _http, ...extensions } = error.extensions ?? {};
    const formatted = formatError({ ...error.toJSON(), extensions }, error);
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR')
      log.error({ err: error.originalError ?? error }, 'subscriptions: internal error');
    return formatted;
  };

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      async onConnect(ctx: ConnectionContext<Record<string, unknown> | undefined, Extra>) {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const viewer = await authenticate(ctx.extra.socket, authorization);
        if (!viewer) return false;
        connections.set(ctx.extra.socket, {
          authorization: authorization as string | undefined,
          viewer,
          checkedAt: Date.now(),
          checking: null,
          active: new Set(),
        });
        return true;
      },
      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const socket = ctx.extra.socket;
        const connection = connections.get(socket)!;
        if (connection.active.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
          return [
            refusal(
              `a connection holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once: complete one first, or ask for more kinds of event in one filter`,
              'RATE_LIMITED',
            ),
          ];
        const query = payload.query;
        if (query.length > limits.maxDocumentLength)
          return [tooComplex(`the query document has ${query.length} characters; the limit is ${limits.maxDocumentLength}`)];
        if (countTokens(query, limits.maxTokens) > limits.maxTokens)
          return [tooComplex(`the query document has more than ${limits.maxTokens} tokens`)];
        if (options.trusted && connection.viewer.role !== Role.ADMIN && !texts.has(query))
          return [
            refusal(
              'this server accepts only trusted documents (the operations of the generated clients): send one, or use an admin token for ad-hoc subscriptions',
              'FORBIDDEN',
            ),
          ];
        let document;
        try {
          document = parse(query);
        } catch (error) {
          return [refusal((error as GraphQLError).message, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length) return invalid.map((e) => refusal(e.message, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [refusal('name the operation to run (operationName): the document has several, or none', 'BAD_REQUEST')];
        if (operation.operation !== 'subscription')
          return [
            refusal(
              `over WebSocket this API serves subscriptions only; send ${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP (POST ${options.path})`,
              'BAD_REQUEST',
            ),
          ];
        const fragments: Record<string, FragmentDefinitionNode> = {};
        for (const definition of document.definitions)
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
        const measure = measureOperation(schema, operation, fragments, payload.variables ?? {});
        if (measure.expansionExceeded) return [tooComplex('the query is too complex: its fragments expand to too many selections')];
        const exceeded = limitsExceeded(measure, limits);
        if (exceeded) return [tooComplex(exceeded)];
        const contextValue: Context = {
          ...options.context(connection.viewer),
          subscription: {
            beforeEvent: beforeEvent(socket),
            drop: (code, reason) => socket.close(code, reason.slice(0, 120)),
            events: options.events,
          },
        };
        connection.active.add(id);
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map((e) => format(e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e)),
      onComplete: (ctx, id) => void connections.get(ctx.extra.socket)?.active.delete(id),
      onClose: (ctx) => void connections.delete(ctx.extra.socket),
    },
    wss,
  );

  return {
    connections: () => wss.clients.size,
    async close() {
      for (const socket of wss.clients) socket.close(GOING_AWAY_CLOSE_CODE, 'server going away');
      // A client that does not answer the close within a second is cut (ws would wait 30 s).
      const cut = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, CLOSE_WAIT_MS);
      try {
        await server.dispose();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
