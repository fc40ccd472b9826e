import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/knex';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { Breaker, type BreakerState } from './breaker.js';
import { breakerCheck, type DependencyCheck } from './readiness.js';

/** Where the counters live, so every API process sees the same ones. */
export type RateLimitStore = 'redis' | 'postgresql' | 'memory';

/** Counts one request against `key`: null when it is allowed, the rejection when it is over the limit. */
export interface Limiter {
  consume(key: string): Promise<RateLimiterRes | null>;
}

export interface RateLimiters {
  store: RateLimitStore;
  perIp: Limiter | null;
  perToken: Limiter | null;
  /** Readiness checks of the stores these limiters depend on besides the database (Redis). */
  checks: DependencyCheck[];
  close(): Promise<void>;
}

/** What the limiters tell the metrics (core/http/metrics.ts `dependencies`). */
export interface DependencyEvents {
  /** A request was counted in this process's memory because `dependency` was unavailable. */
  fallback(dependency: string): void;
  breakerState(dependency: string, state: BreakerState): void;
}

const WINDOW_SECONDS = 60;
/** After Redis failed or timed out, how long nobody asks it before one request probes it. */
export const REDIS_COOL_DOWN_MS = 3_000;
/** How long connecting to Redis may take before the attempt is dropped and retried. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;
export const REDIS_FALLBACK = "counting rate limits in this process's memory";

/**
 * Rate limits per client address and per token (the hardening issue), counted in Redis
 * when REDIS_URL is set, else in PostgreSQL when it is the database (table `rate_limit`),
 * else in this process's memory (the embedded single-process default).
 *
 * Redis is asked through a breaker (core/http/breaker.ts; README "Running in production",
 * "Dependencies"): every command has a deadline (`REDIS_COMMAND_TIMEOUT_MS`), and once one
 * fails or times out, requests are counted in this process's memory for a few seconds
 * before one probes Redis again. So a Redis that hangs costs one request that deadline, not
 * every request the request timeout; meanwhile N processes allow up to N times the limit.
 */
export function createRateLimiters(config: Config, knex: Knex, logger: Logger, events?: DependencyEvents): RateLimiters {
  const store: RateLimitStore = config.redisUrl ? 'redis' : config.database.dialect === 'postgresql' ? 'postgresql' : 'memory';
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.redisCommandTimeoutMs, logger, events) : null;

  const make = (keyPrefix: string, points: number): Limiter | null => {
    if (points <= 0) return null;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
    if (redis)
      return breakerLimiter(
        new RateLimiterRedis({ keyPrefix, points, duration: WINDOW_SECONDS, storeClient: redis.client, rejectIfRedisNotReady: true }),
        memory,
        redis.breaker,
        events,
      );
    if (store === 'postgresql') {
      // If PostgreSQL fails, the library counts in memory (its insurance limiter).
      return plain(
        new RateLimiterPostgres({
          keyPrefix,
          points,
          duration: WINDOW_SECONDS,
          insuranceLimiter: memory,
          storeClient: knex,
          storeType: 'knex',
          tableName: 'rate_limit',
          tableCreated: true,
          clearExpiredByTimeout: false,
        }),
      );
    }
    return plain(memory);
  };
  return {
    store,
    perIp: make('ip', config.rateLimitPerIp),
    perToken: make('token', config.rateLimitPerToken),
    checks: redis ? [breakerCheck(redis.breaker, () => redis.client.ping())] : [],
    async close() {
      redis?.close();
    },
  };
}

/** The Redis client for rate limits, with short deadlines and its breaker. */
function connectRedis(
  url: string,
  commandTimeoutMs: number,
  logger: Logger,
  events?: DependencyEvents,
): { client: Redis; breaker: Breaker; close(): void } {
  const client = new Redis(url, {
    // Without these, a Redis that stops answering (not closed, just hung) holds every
    // request until the request timeout (README "Dependencies").
    commandTimeout: commandTimeoutMs,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // Fail at once while disconnected instead of queueing; never resend an old count.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Reconnect soon after a restart (the default backs off to 5 s).
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
  });
  const breaker = new Breaker({
    dependency: 'redis',
    // The client's own timeout answers first; this bounds anything it does not cover.
    deadlineMs: commandTimeoutMs + 50,
    coolDownMs: REDIS_COOL_DOWN_MS,
    fallback: REDIS_FALLBACK,
    logger,
    onStateChange: (state) => events?.breakerState('redis', state),
  });
  events?.breakerState('redis', 'closed');
  // Every reconnect attempt emits an error: the breaker logs the outage once, these only at debug.
  client.on('error', (err: Error) => logger.debug({ err: err.message }, 'rate-limit store (Redis) connection error'));
  let closing = false;
  client.on('close', () => closing || breaker.failed('connection closed'));
  client.on('ready', () => breaker.probeSoon());
  return {
    client,
    breaker,
    close() {
      closing = true;
      client.disconnect();
    },
  };
}

/** A store that handles its own failures (memory, or PostgreSQL with its insurance limiter). */
function plain(limiter: RateLimiterAbstract): Limiter {
  return { consume: (key) => consume(limiter, key) };
}

/**
 * Counts in Redis while the breaker lets it, else in `memory`. Memory also follows the
 * requests this process counted in Redis (a penalty, never a refusal), so a fallback starts
 * from this process's share of the current window rather than from zero.
 */
function breakerLimiter(redis: RateLimiterRedis, memory: RateLimiterMemory, breaker: Breaker, events?: DependencyEvents): Limiter {
  return {
    async consume(key) {
      let rejection: RateLimiterRes | null;
      try {
        rejection = await breaker.call(() => consume(redis, key));
      } catch {
        events?.fallback(breaker.dependency);
        return consume(memory, key);
      }
      await memory.penalty(key);
      return rejection;
    },
  };
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

/** 429 with Retry-After, in GraphQL's error shape. */
function refuse(res: Parameters<RequestHandler>[1], rejection: RateLimiterRes, what: string): void {
  const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  res
    .status(429)
    .set('Retry-After', String(seconds))
    .json({
      errors: [
        {
          message: `too many requests ${what}: try again in ${seconds} s`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
        },
      ],
    });
}

/** Counts the request against its client address (before anything else is done for it). */
export function limitByAddress(limiters: RateLimiters, onRefused: () => void = () => {}): RequestHandler {
  return async (req, res, next) => {
    if (!limiters.perIp) return next();
    const rejection = await limiters.perIp.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
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
    const rejection = await limiters.perToken.consume(String(tokenId));
    if (!rejection) return next();
    onRefused();
    refuse(res, rejection, 'with this token');
  };
}
