/**
 * The part of autocannon 9.0.0's programmatic API the benchmark uses (the package ships no
 * types and @types/autocannon is not installed). Checked against node_modules/autocannon/lib.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    /** What `setupRequest` receives and returns (autocannon builds the HTTP/1.1 request from it). */
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      [key: string]: unknown;
    }

    interface Request extends RequestParams {
      /** Called before each request of this entry; returning a falsy value skips it. */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | null | undefined;
      /** Called with each response to this entry (the body is the whole decoded text). */
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      pipelining?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      requests?: Request[];
      /** Each response for which this returns false counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
      initialContext?: Record<string, unknown>;
      excludeErrorStats?: boolean;
      sampleInt?: number;
      title?: string;
    }

    /** hdr-histogram-percentiles-obj output (latency in ms, requests and throughput per second). */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p0_001: number;
      p0_01: number;
      p0_1: number;
      p1: number;
      p2_5: number;
      p10: number;
      p25: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      p99_99: number;
      p99_999: number;
      totalCount?: number;
      sent?: number;
    }

    interface Result {
      title?: string;
      url: string;
      connections: number;
      duration: number;
      samples: number;
      start: Date;
      finish: Date;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram;
      throughput: Histogram;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
      /** `response` events: (client, statusCode, resBytes, responseTimeMs). */
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
      on(event: string, listener: (...args: any[]) => void): this;
      catch(onRejected: (reason: unknown) => void): Promise<Result>;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
