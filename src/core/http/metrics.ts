import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerLag, PipelineObserver } from '../pipeline/pipeline.js';
import type { BreakerState } from './breaker.js';
import type { ReadRouterObserver, ReplicaState } from '../db/replicas.js';

/** Prometheus metrics of one process (`GET /metrics`). */
export interface Metrics {
  registry: Registry;
  http: RequestHandler;
  graphql: ApolloServerPlugin;
  rateLimited: Counter<'scope'>;
  /** A query answered from the response cache: counted and timed like any other query. */
  cachedQuery(operationName: string | null | undefined, seconds: number): void;
  /** Response cache lookups by result (hit, miss). */
  cacheLookups: Counter<'result'>;
  /** Fallbacks and breaker states of the dependencies other than the database (Redis). */
  dependencies: {
    fallback(dependency: string): void;
    breakerState(dependency: string, state: BreakerState): void;
  };
  /** The write pipeline: events handled and failures counted; lag read from the outbox when scraped. */
  pipeline: PipelineObserver & { watch(lag: () => Promise<ConsumerLag[]>): void };
  /** Live subscriptions of this process, read when scraped. */
  subscriptions: { watch(active: () => number): void };
  /** Read replicas (docs/replicas.md): where reads went, and each replica's lag as last measured. */
  replicas: ReadRouterObserver & { watch(states: () => ReplicaState[]): void };
}

/** `tracker_dependency_breaker_state`: 0 closed (the dependency is used), 1 half-open (one probe out), 2 open. */
const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Operation names are the client's to choose: beyond this many, new ones count as "other". */
const MAX_OPERATION_LABELS = 200;

export function createMetrics(knex: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tracker_process_' });

  const requests = new Counter({
    name: 'tracker_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const operations = new Histogram({
    name: 'tracker_graphql_operation_duration_seconds',
    help: 'GraphQL operations by name and type, with their latency.',
    labelNames: ['operation', 'type'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'tracker_graphql_errors_total',
    help: 'GraphQL errors and user errors by code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'tracker_rate_limited_total',
    help: 'Requests refused by a rate limit.',
    labelNames: ['scope'],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'tracker_dependency_fallbacks_total',
    help: "Requests counted in this process's memory (rate limits) because the dependency was unavailable or its breaker open.",
    labelNames: ['dependency'],
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: 'tracker_dependency_breaker_state',
    help: 'Circuit breaker of each dependency: 0 closed (used), 1 half-open (one probe out), 2 open (not asked; fallback in use).',
    labelNames: ['dependency'],
    registers: [registry],
  });
  const pool = knex.client.pool as { numUsed(): number; numFree(): number; numPendingAcquires(): number } | undefined;
  new Gauge({
    name: 'tracker_db_pool_connections',
    help: 'Database pool connections by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });

  const handled = new Counter({
    name: 'tracker_outbox_events_handled_total',
    help: 'Outbox events handled by this process, by consumer (those a consumer does not want and passes over included).',
    labelNames: ['consumer'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'tracker_outbox_consumer_failures_total',
    help: 'Failed batches of the write pipeline in this process, by consumer.',
    labelNames: ['consumer'],
    registers: [registry],
  });
  let lagSource: (() => Promise<ConsumerLag[]>) | null = null;
  // Read from the outbox when scraped (one statement per gauge); a database that does not
  // answer leaves the last values, and /readyz says why.
  const lagGauge = (name: string, help: string, value: (lag: ConsumerLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        const lags = lagSource ? await lagSource().catch(() => null) : null;
        for (const lag of lags ?? []) this.set({ consumer: lag.consumer }, value(lag));
      },
    });
  lagGauge(
    'tracker_outbox_pending_events',
    'Events committed and not yet handled, by consumer (the same in every process).',
    (lag) => lag.pending,
  );
  lagGauge(
    'tracker_outbox_lag_seconds',
    'Age of the oldest event a consumer has not handled yet (0 when it is up to date).',
    (lag) => lag.lagSeconds,
  );

  let activeSubscriptions: (() => number) | null = null;
  new Gauge({
    name: 'tracker_subscriptions_active',
    help: 'GraphQL subscriptions (over WebSocket) this process is serving.',
    registers: [registry],
    collect() {
      this.set(activeSubscriptions ? activeSubscriptions() : 0);
    },
  });

  let replicaStates: (() => ReplicaState[]) | null = null;
  const replicaGauge = (name: string, help: string, value: (state: ReplicaState) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        for (const state of replicaStates?.() ?? []) {
          const v = value(state);
          if (v === null) this.remove({ replica: state.name });
          else this.set({ replica: state.name }, v);
        }
      },
    });
  replicaGauge('tracker_replica_up', 'Whether each read replica answered its last check as a replica (1) or not (0).', (s) =>
    s.up ? 1 : 0,
  );
  replicaGauge('tracker_replica_serving', 'Whether each read replica serves reads (1): up and within REPLICA_MAX_LAG_SECONDS.', (s) =>
    s.reason === null ? 1 : 0,
  );
  replicaGauge(
    'tracker_replica_lag_seconds',
    'How far each read replica is behind the primary: the age of the newest primary position it has replayed (absent while it is down).',
    (s) => s.lagSeconds,
  );
  replicaGauge(
    'tracker_replica_lag_bytes',
    'WAL bytes between the primary and what each read replica has replayed (absent while it is down).',
    (s) => s.lagBytes,
  );
  const reads = new Counter({
    name: 'tracker_db_reads_routed_total',
    help: "Requests whose read side ran on each database: a replica's name, or primary (no replica set, none usable, or one had not replayed what the request must see).",
    labelNames: ['database'],
    registers: [registry],
  });

  const seen = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name || !NAME.test(name)) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };

  return {
    registry,
    rateLimited,
    dependencies: {
      fallback: (dependency) => fallbacks.inc({ dependency }),
      breakerState: (dependency, state) => breakerState.set({ dependency }, BREAKER_STATE_VALUE[state]),
    },
    pipeline: {
      handled: (consumer, events) => handled.inc({ consumer }, events),
      failed: (consumer) => failed.inc({ consumer }),
      watch: (lag) => {
        lagSource = lag;
      },
    },
    subscriptions: {
      watch: (active) => {
        activeSubscriptions = active;
      },
    },
    replicas: {
      routed: (database) => reads.inc({ database }),
      watch: (states) => {
        replicaStates = states;
      },
    },
    http: (req, res, next) => {
      // Read the path now: routers mounted below rewrite req.url while they handle it.
      const path = req.path;
      res.on('finish', () => {
        const route = path.startsWith('/graphiql/')
          ? '/graphiql'
          : ['/graphql', '/healthz', '/readyz', '/metrics'].includes(path)
            ? path
            : 'other';
        requests.inc({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    cachedQuery(operationName, seconds) {
      operations.observe({ operation: label(operationName), type: 'query' }, seconds);
    },
    cacheLookups: new Counter({
      name: 'tracker_response_cache_lookups_total',
      help: 'Response cache lookups of anonymous queries, by result.',
      labelNames: ['result'],
      registers: [registry],
    }),
    graphql: {
      async requestDidStart() {
        const end = operations.startTimer();
        return {
          async willSendResponse({ response, operation, operationName }) {
            end({ operation: label(operationName), type: operation?.operation ?? 'unknown' });
            if (response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            for (const error of result.errors ?? []) errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
            for (const payload of Object.values(result.data ?? {})) {
              const userErrors = (payload as { userErrors?: { code?: string }[] } | null)?.userErrors;
              if (Array.isArray(userErrors)) for (const e of userErrors) errors.inc({ code: String(e.code ?? 'UNKNOWN') });
            }
          },
        };
      },
    },
  };
}
