import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/knex';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';

/** Where the counters live, so every API process sees the same ones. */
export type RateLimitStore = 'redis' | 'postgresql' | 'memory';

export interface RateLimiters {
  store: RateLimitStore;
  perIp: RateLimiterAbstract | null;
  perToken: RateLimiterAbstract | null;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * Rate limits per client address and per token (the hardening issue), counted in Redis
 * when REDIS_URL is set, else in PostgreSQL when it is the database (table `rate_limit`),
 * else in this process's memory (the embedded single-process default). If the shared store
 * fails, each process falls back to counting in memory rather than refusing or waving
 * everything through.
 */
export function createRateLimiters(config: Config, knex: Knex, logger: Logger): RateLimiters {
  const store: RateLimitStore = config.redisUrl ? 'redis' : config.database.dialect === 'postgresql' ? 'postgresql' : 'memory';
  const redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'rate-limit store (Redis) unavailable; counting in memory meanwhile'));

  const make = (keyPrefix: string, points: number): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    const options = { keyPrefix, points, duration: WINDOW_SECONDS, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }) };
    if (redis) return new RateLimiterRedis({ ...options, storeClient: redis });
    if (store === 'postgresql') {
      return new RateLimiterPostgres({ ...options, storeClient: knex, storeType: 'knex', tableName: 'rate_limit', tableCreated: true, clearExpiredByTimeout: false });
    }
    return new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
  };
  return {
    store,
    perIp: make('ip', config.rateLimitPerIp),
    perToken: make('token', config.rateLimitPerToken),
    async close() {
      redis?.disconnect();
    },
  };
}

/** 429 with Retry-After, in GraphQL's error shape. */
function refuse(res: Parameters<RequestHandler>[1], rejection: RateLimiterRes, what: string): void {
  const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  res
    .status(429)
    .set('Retry-After', String(seconds))
    .json({ errors: [{ message: `too many requests ${what}: try again in ${seconds} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }] });
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/** Counts the request against its client address (before anything else is done for it). */
export function limitByAddress(limiters: RateLimiters, onRefused: () => void = () => {}): RequestHandler {
  return async (req, res, next) => {
    if (!limiters.perIp) return next();
    const rejection = await consume(limiters.perIp, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!rejection) return next();
    onRefused();
    refuse(res, rejection, 'from this address');
  };
}

/** Counts the request against its token (after the token was verified). */
export function limitByToken(limiters: RateLimiters, onRefused: () => void = () => {}): RequestHandler {
  return async (_req, res, next) => {
    const tokenId = res.locals.viewer?.tokenId;
    if (!limiters.perToken || tokenId == null) return next();
    const rejection = await consume(limiters.perToken, String(tokenId));
    if (!rejection) return next();
    onRefused();
    refuse(res, rejection, 'with this token');
  };
}
