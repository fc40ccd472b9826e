import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/core';
import express from 'express';
import type { Config } from './core/config/config.js';
import { knexOf, openDatabase } from './core/db/orm.js';
import { ReadRouter, replicaOptions } from './core/db/replicas.js';
import { ENTITIES } from './entities.js';
import { countStatements, withDiagnostics } from './core/db/sql-counter.js';
import type { Context } from './core/graphql/context.js';
import { diagnosticsPlugin } from './core/graphql/diagnostics.plugin.js';
import { knownOperationTypes, noSubscriptionsOverHttp } from './core/graphql/known-operation-types.js';
import { formatError, internalErrorLogPlugin } from './core/graphql/format-error.js';
import { storableTextPlugin } from './core/graphql/storable-text.plugin.js';
import { graphqlOverHttpStatusPlugin, retryableFaultStatusPlugin } from './core/graphql/http-status.plugin.js';
import { idempotencyPlugin } from './core/graphql/idempotency.js';
import { DEFAULT_QUERY_LIMITS, documentLimits, queryLimitsPlugin, type QueryLimits } from './core/graphql/limits/query-limits.js';
import { RequestLoaders } from './core/graphql/request-loaders.js';
import { authenticateRequest } from './modules/access/authenticate.middleware.js';
import { httpErrorHandler } from './core/http/error-handler.js';
import { graphiqlRoutes } from './core/http/graphiql.js';
import { insightsRoutes } from './core/http/insights.js';
import { healthRoutes } from './core/http/health.routes.js';
import { createMetrics } from './core/http/metrics.js';
import { createRateLimiters, limitByAddress, limitByToken } from './core/http/rate-limit.js';
import { databaseCheck, replicaCheck } from './core/http/readiness.js';
import { readRouting, routeReads } from './core/http/read-routing.js';
import { requestContext } from './core/http/request-context.js';
import { createResponseCache } from './core/http/response-cache.js';
import { requestTimeout } from './core/http/request-timeout.js';
import { serveSubscriptions } from './core/http/subscriptions.js';
import { persistedQueries } from './core/http/persisted-queries.js';
import { privateAnswers, securityHeaders } from './core/http/security-headers.js';
import { loadTrustedDocuments, trustedDocumentsGuard } from './core/http/trusted-documents.js';
import { knexLogger, type Logger } from './core/logger.js';
import { authenticate } from './modules/access/token.service.js';
import { exportRoutes } from './modules/export/export.routes.js';
import { feedRoutes } from './modules/notifications/feed.routes.js';
import { PublicEventHub } from './modules/notifications/public-event.hub.js';
import { ocdsRoutes } from './modules/ocds/ocds.routes.js';
import { pipelineCheck, type WritePipeline } from './core/pipeline/pipeline.js';
import { createWritePipeline } from './write-consumers.js';
import { roundsUnderWay } from './modules/tender/rounds-under-way.service.js';
import { buildTrackerSchema, readNode } from './schema.js';
import { compiledExecutionGateway } from './core/graphql/compiled-execution.js';
import { WebhookSender, webhookCheck } from './modules/notifications/webhook.sender.js';

export interface App {
  http: Server;
  orm: MikroORM;
  /** The write pipeline of this process (ARCHITECTURE.md "The write pipeline"). */
  pipeline: WritePipeline;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
  /** Where `close` has got to: `open` (not called), `draining`, `pipeline`, `rate-limits`, `database`, `closed`. */
  closeStage(): 'open' | 'draining' | 'pipeline' | 'rate-limits' | 'database' | 'closed';
}

/** Wires the database, the schema and HTTP; no business logic lives here. */
export async function createApp(
  config: Config,
  logger: Logger,
  options: { orm?: MikroORM; prepare?: (orm: MikroORM) => Promise<void> } = {},
): Promise<App> {
  const orm =
    options.orm ??
    (await openDatabase(config.database, {
      entities: ENTITIES,
      log: (message) => logger.info(message.replace(/^\[\w+\] /, '')),
      driverLog: knexLogger(logger),
      pool: {
        poolSize: config.poolSize,
        statementTimeoutMs: config.statementTimeoutMs,
        // SQLite's one connection is shared by every request of the process: a request waits
        // for it as long as the request may take at all, never knex's 60 s past that.
        acquireTimeoutMs: config.database.dialect === 'sqlite' ? config.requestTimeoutMs : config.acquireTimeoutMs,
      },
      // Read replicas' pools (docs/replicas.md); the ORM itself reads the primary only.
      overrides: replicaOptions(config.replicas.urls),
      prepare: options.prepare,
    }));
  const knex = knexOf(orm);
  if (config.diagnostics) countStatements(knex);
  const dialect = config.database.dialect;
  const limits: QueryLimits = {
    ...DEFAULT_QUERY_LIMITS,
    maxCost: config.queryMaxCost,
    maxNodes: config.queryMaxNodes,
    maxDepth: config.queryMaxDepth,
  };
  const metrics = createMetrics(knex);
  // Where each request reads (docs/replicas.md): the primary, or a replica that may serve it.
  const primary = { knex, dialect };
  const router = ReadRouter.of(orm, primary, config.replicas, logger);
  metrics.replicas.watch(() => router.states());
  await router.start();
  /** Where a download's reads go (GraphQL requests are routed by `routeReads` and the cache). */
  const readsFor = async (tokenId: number | null) => {
    const db = await router.forCaller(tokenId);
    if (router.hasReplicas) metrics.replicas.routed(router.nameOf(db));
    return db;
  };
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments) : null;
  if (trusted)
    logger.info({ documents: trusted.size }, "trusted documents only: non-admin callers may send only the manifest's operations");
  const rateLimiters = createRateLimiters(config, knex, logger, metrics.dependencies);
  // Subscriptions hear of new public events at the NOTIFY of the consumer's commit (PostgreSQL),
  // when this process's pipeline handled a notifications batch, or at the next poll.
  const hub = new PublicEventHub({
    knex,
    listenUrl: config.database.dialect === 'postgresql' ? config.database.url : null,
    pollMs: config.outboxPollMs,
    log: logger,
  });
  metrics.subscriptions.watch(() => hub.size);
  // Webhooks: the deliveries the notifications consumer queues, sent by every process (docs/notifications.md "Webhooks").
  const webhooks = new WebhookSender({ knex, dialect, settings: config.webhooks, log: logger, registry: metrics.registry });
  // What happens after a write commits (src/write-consumers.ts); a notifications batch wakes
  // the subscriptions and the webhook sender at once.
  const pipeline = createWritePipeline(
    knex,
    config,
    logger,
    webhooks.kickAfter({
      ...metrics.pipeline,
      handled(consumer, events) {
        metrics.pipeline.handled(consumer, events);
        if (consumer === 'notifications') hub.wake();
      },
    }),
  );
  metrics.pipeline.watch(() => pipeline.lag());

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const http = createServer(app);
  // Idle keep-alive connections outlive those of the clients and proxies in front (which
  // commonly drop theirs at 60 s), so a client never reuses a socket the server just closed.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  http.requestTimeout = config.requestTimeoutMs;

  const responseCache =
    config.responseCacheMb > 0
      ? createResponseCache(
          knex,
          config.responseCacheMb,
          {
            hit: (operationName, seconds) => {
              metrics.cacheLookups.inc({ result: 'hit' });
              metrics.cachedQuery(operationName, seconds);
            },
            miss: () => metrics.cacheLookups.inc({ result: 'miss' }),
          },
          router,
        )
      : null;
  const schema = await buildTrackerSchema();
  const apollo = new ApolloServer<Context>({
    ...(config.compiledExecution ? { gateway: compiledExecutionGateway(schema) } : { schema }),
    introspection: config.introspection,
    logger,
    // Replaced by a store kept apart per caller (core/http/persisted-queries.ts).
    persistedQueries: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are not used; the default cache-control plugin would wrap every field.
      ApolloServerPluginCacheControlDisabled(),
      internalErrorLogPlugin(),
      // Open connections get the shutdown grace, then are destroyed (idle keep-alive ones
      // are closed at once); main.ts exits when the grace ends whatever is left.
      ApolloServerPluginDrainHttpServer({ httpServer: http, stopGracePeriodMillis: config.shutdownGraceMs }),
      queryLimitsPlugin(limits),
      readRouting(router, metrics.replicas),
      storableTextPlugin(),
      ...(responseCache ? [responseCache.plugin] : []),
      graphqlOverHttpStatusPlugin(),
      retryableFaultStatusPlugin(),
      idempotencyPlugin({ knex, windowHours: config.idempotencyWindowHours }),
      metrics.graphql,
      // Field suggestions ("Did you mean …?") would map the schema for a caller who has
      // introspection turned off; production hides them.
      // Only armor's suggestion masking: its other protections are on by default and would
      // duplicate (and answer differently than) the query limits above.
      ...(config.production
        ? (new ApolloArmor({
            blockFieldSuggestion: { enabled: true },
            costLimit: { enabled: false },
            maxAliases: { enabled: false },
            maxDepth: { enabled: false },
            maxDirectives: { enabled: false },
            maxTokens: { enabled: false },
          }).protect().plugins as unknown as ApolloServerPlugin<Context>[])
        : []),
      ...(config.diagnostics ? [diagnosticsPlugin()] : []),
    ],
    validationRules: [knownOperationTypes, noSubscriptionsOverHttp],
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: a second handler here would race its shutdown.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const automaticPersistedQueries = persistedQueries();

  app.use(requestContext(logger), metrics.http, securityHeaders());

  app.use(
    healthRoutes(
      [
        databaseCheck(knex),
        ...(router.hasReplicas ? [replicaCheck(router)] : []),
        ...rateLimiters.checks,
        pipelineCheck(pipeline, config.outboxLagAlertSeconds),
        webhookCheck(webhooks),
      ],
      metrics,
    ),
  );
  // Browsers navigating to /graphql get GraphiQL (or a page saying it is off); clients get GraphQL.
  app.use(graphiqlRoutes(config));
  // The insights page: charts of the programme, a client of /graphql like any other.
  app.use(insightsRoutes());

  app.use(
    '/graphql',
    privateAnswers(),
    requestTimeout(config.requestTimeoutMs),
    limitByAddress(rateLimiters, () => metrics.rateLimited.inc({ scope: 'address' })),
    express.json({ limit: config.maxBodyBytes }),
    documentLimits(limits),
    authenticateRequest(knex),
    limitByToken(rateLimiters, () => metrics.rateLimited.inc({ scope: 'token' })),
    trustedDocumentsGuard(trusted),
    automaticPersistedQueries.middleware,
    ...(responseCache ? [responseCache.middleware] : []),
    routeReads(router),
    // The statement counter rides on AsyncLocalStorage, whose promise hooks cost every
    // request on Node 20: only when diagnostics are asked for.
    ...(config.diagnostics ? [(_req: express.Request, _res: express.Response, next: express.NextFunction) => withDiagnostics(next)] : []),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<Context> => ({
        em: orm.em.fork(),
        db: res.locals.readDb ?? primary,
        viewer: res.locals.viewer,
        loaders: new RequestLoaders(),
        log: res.locals.log,
        // The tender module answers whether a service or pilot has a round under way
        // (project and pilot sit below it and ask through this port).
        childrenUnderWay: roundsUnderWay,
        responseCache: res.locals.responseCache,
        readNode,
        readYourWrites: router.hasReplicas ? router : undefined,
        pipeline,
        webhookAllowedHosts: config.webhooks.allowedHosts,
        failpoint: config.failpoint,
      }),
    }),
  );

  // Data out as files (OCDS packages, spreadsheets): the same timeout and per-address limit
  // as the API; the export of tables reads the caller's token for sealed data.
  for (const path of ['/ocds', '/export']) {
    app.use(
      path,
      privateAnswers(),
      requestTimeout(config.requestTimeoutMs),
      limitByAddress(rateLimiters, () => metrics.rateLimited.inc({ scope: 'address' })),
    );
  }
  app.use(ocdsRoutes(readsFor));
  app.use(exportRoutes({ readsFor, viewerOf: (req) => authenticate(knex, req.get('authorization')) }));
  // The Atom feed of rounds: public rows only, the same for every caller, so shared caches may
  // keep it a moment; the same timeout and per-address limit as the downloads.
  app.use(
    '/feeds',
    requestTimeout(config.requestTimeoutMs),
    limitByAddress(rateLimiters, () => metrics.rateLimited.inc({ scope: 'address' })),
  );
  app.use(feedRoutes(readsFor));

  // Subscriptions: WebSocket on the same path, the same limits and caller rules (core/http/subscriptions.ts).
  const subscriptions = serveSubscriptions({
    http,
    path: '/graphql',
    schema,
    limits,
    validationRules: [knownOperationTypes],
    authenticate: (authorization) => authenticate(knex, authorization),
    context: (viewer) => ({
      em: orm.em.fork(),
      // An event arrives at its commit on the primary: its fields are read there, never on a
      // replica that may not have replayed it yet (docs/replicas.md).
      db: primary,
      viewer,
      loaders: new RequestLoaders(),
      log: logger,
      childrenUnderWay: roundsUnderWay,
      readNode,
      pipeline,
      failpoint: config.failpoint,
    }),
    events: hub,
    trusted,
    log: logger,
  });

  // Errors no route answered, in GraphQL's error shape (core/http/error-handler.ts).
  app.use(httpErrorHandler(logger, config.maxBodyBytes));

  await pipeline.start();
  webhooks.start();

  let stage: ReturnType<App['closeStage']> = 'open';
  return {
    http,
    orm,
    pipeline,
    async close() {
      stage = 'draining';
      // WebSocket connections would hold the HTTP server open until the grace ends: closed first (1001).
      await subscriptions.close();
      await hub.stop();
      await apollo.stop();
      // The batch in hand commits (or, cut off by the exit, is handled again by the next start).
      stage = 'pipeline';
      await pipeline.stop();
      // Sends in flight are not waited for: one cut off is sent again when its lease lapses.
      await webhooks.stop();
      await router.stop();
      stage = 'rate-limits';
      await rateLimiters.close();
      stage = 'database';
      await orm.close(true);
      stage = 'closed';
    },
    closeStage: () => stage,
  };
}
