import type { Knex } from '@mikro-orm/knex';
import type { Config } from './core/config/config.js';
import type { Logger } from './core/logger.js';
import { WritePipeline, type Consumer, type PipelineObserver } from './core/pipeline/pipeline.js';
import { notificationConsumer } from './modules/notifications/notification.consumer.js';
import { redFlagConsumer } from './modules/red-flags/red-flag.consumer.js';
import { statsConsumer } from './modules/stats/stats.consumer.js';

/**
 * What happens after a write commits: the consumers of the write pipeline, in order
 * (ARCHITECTURE.md "The write pipeline"; a new consumer is added here). One list for the
 * server and for the commands that write (`npm run import`), so both hand the same events
 * to the same consumers.
 */
export function writeConsumers(): Consumer[] {
  return [redFlagConsumer(), statsConsumer(), notificationConsumer()];
}

/** The write pipeline of one process over `knex`, configured from `config`. */
export function createWritePipeline(
  knex: Knex,
  config: Pick<Config, 'database' | 'outboxPollMs' | 'outboxRetentionHours' | 'failpoint'>,
  log: Logger,
  observer?: PipelineObserver,
): WritePipeline {
  return new WritePipeline({
    knex,
    dialect: config.database.dialect,
    consumers: writeConsumers(),
    log,
    pollMs: config.outboxPollMs,
    retentionHours: config.outboxRetentionHours,
    observer,
    failpoint: config.failpoint,
  });
}
