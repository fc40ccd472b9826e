import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from './webhook.sender.js';

describe('the back-off between tries', () => {
  it('doubles from the base after each failed try', () => {
    // random 0.5: no jitter.
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 60_000, 0.5))).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
  });

  it('stops growing at 6 hours', () => {
    expect(retryDelayMs(10, 60_000, 0.5)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(40, 60_000, 0.5)).toBe(MAX_RETRY_DELAY_MS);
    expect(MAX_RETRY_DELAY_MS).toBe(6 * 3_600_000);
  });

  it('moves each wait by at most 10% either way', () => {
    expect(retryDelayMs(3, 1000, 0)).toBe(3600);
    expect(retryDelayMs(3, 1000, 0.999999)).toBe(4400);
    for (let i = 0; i < 200; i++) {
      const wait = retryDelayMs(2, 100);
      expect(wait).toBeGreaterThanOrEqual(180);
      expect(wait).toBeLessThanOrEqual(220);
    }
  });
});
