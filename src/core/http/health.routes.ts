import { Router } from 'express';
import type { Metrics } from './metrics.js';
import { readiness, type DependencyCheck } from './readiness.js';

/**
 * The operator's endpoints (README "Endpoints"): `/healthz` answers while the process runs,
 * `/readyz` checks each dependency within its own deadline (core/http/readiness.ts: the
 * database is required, Redis only degrades the rate limits, README "Dependencies"), and
 * `/metrics` is the Prometheus registry.
 */
export function healthRoutes(checks: DependencyCheck[], metrics: Pick<Metrics, 'registry'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', readiness(checks));
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
