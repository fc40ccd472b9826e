import 'reflect-metadata';
import { createApp } from './app.js';
import { ConfigError, loadConfig, redact } from './core/config/config.js';
import { createLogger } from './core/logger.js';
import { applyHeapGrowth } from './core/config/heap.js';
import { graphiqlOffReason } from './core/http/graphiql.js';
import { shutdownOnSignals, trackOpenWork } from './core/http/shutdown.js';
import { seedIfEmpty } from '../seeds/seed.js';
import { knexOf } from './core/db/orm.js';
import { recomputeIfNeverComputed } from './modules/red-flags/red-flag-store.service.js';

/** Reads the configuration, opens the database (migrating it), seeds an empty one, serves. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  applyHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const app = await createApp(config, logger, {
    prepare: async (orm) => {
      if (config.seedOnStart) await seedIfEmpty(orm, { logger });
      await recomputeIfNeverComputed(knexOf(orm), config.database.dialect, (m) => logger.info(m));
    },
  });
  const openWork = trackOpenWork(app.http);
  const where = config.database.dialect === 'sqlite' ? config.database.file : redact(config.database.url);

  await new Promise<void>((resolve, reject) => {
    app.http.once('error', reject);
    app.http.listen(config.port, config.host, resolve);
  });
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}/graphql`;
  if (config.graphiql) logger.info({ database: where, startupMs: Date.now() - started }, `serving GraphQL and GraphiQL on ${url}`);
  else
    logger.info(
      { database: where, startupMs: Date.now() - started, graphiql: graphiqlOffReason(config) },
      `serving GraphQL on ${url} (GraphiQL off)`,
    );

  // SIGTERM/SIGINT: stop accepting, finish in-flight work, and exit when the grace ends
  // whatever is still pending (README "Running in production").
  shutdownOnSignals({
    close: () => app.close(),
    graceMs: config.shutdownGraceMs,
    logger,
    pending: () => ({ ...openWork(), stage: app.closeStage(), databaseClosePending: app.closeStage() === 'database' }),
  });
}

await main();
