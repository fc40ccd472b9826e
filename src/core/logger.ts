import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/config.js';

/** Structured JSON logs; never log tokens, bid amounts or reserve prices. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'market-testing-tracker' },
    redact: { paths: ['req.headers.authorization', '*.authorization'], censor: '[redacted]' },
  });
}

export type { Logger };
