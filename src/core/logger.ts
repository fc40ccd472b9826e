import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/config.js';
import { scrubError, scrubText } from './faults/scrub.js';

/**
 * Structured JSON logs; never tokens, bid amounts or reserve prices (README "When things
 * fail"). Errors are logged through `scrubError` whatever key they are under (`err`,
 * `error`, `cause`), so a driver's error cannot carry a statement's values into the log.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'market-testing-tracker' },
    redact: { paths: ['req.headers.authorization', '*.authorization'], censor: '[redacted]' },
    serializers: { err: scrubError, error: scrubError, cause: scrubError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * knex's own logger (connection errors, pool warnings), which otherwise prints plain text
 * to the console beside the JSON lines: routed into `logger`, scrubbed like any error.
 */
export function knexLogger(logger: Logger): {
  warn(m: unknown): void;
  error(m: unknown): void;
  deprecate(m: unknown): void;
  debug(m: unknown): void;
} {
  // Objects (a query with its bindings, when knex debugs) are never written out.
  const text = (m: unknown) =>
    scrubText(typeof m === 'string' ? m : m instanceof Error ? `${m.name}: ${m.message}` : '(a structured message, not logged)');
  return {
    warn: (m) => logger.warn({ component: 'knex' }, text(m)),
    error: (m) => logger.error({ component: 'knex' }, text(m)),
    deprecate: (m) => logger.warn({ component: 'knex' }, text(m)),
    debug: (m) => logger.debug({ component: 'knex' }, text(m)),
  };
}

export type { Logger };
