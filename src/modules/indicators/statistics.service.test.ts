import { describe, expect, it } from 'vitest';
import { lowerFence, percentile, quantile, quartiles, roundForMeta, upperFence } from './statistics.service.js';

/** R-8 by hand: h = (n + 1/3)·tau + 1/3; x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). */
describe('quartiles (statrs R-8, as the reference uses)', () => {
  it('interpolates between order statistics: [1, 2, 3, 4] gives 17/12 and 43/12', () => {
    // q1: h = 13/3 · 1/4 + 1/3 = 17/12 → 1 + 5/12·(2 − 1); q3: h = 43/12 → 3 + 7/12·(4 − 3).
    const { q1, q3 } = quartiles([4, 2, 3, 1]);
    expect(q1).toBeCloseTo(17 / 12, 15);
    expect(q3).toBeCloseTo(43 / 12, 15);
  });

  it('is not the R-7 (spreadsheet) method, which gives 1.75 and 3.25 for [1, 2, 3, 4]', () => {
    const { q1, q3 } = quartiles([1, 2, 3, 4]);
    expect(q1).not.toBeCloseTo(1.75, 5);
    expect(q3).not.toBeCloseTo(3.25, 5);
  });

  it('reproduces the Meta of the reference documentation for R024 (q1 66.6667, q3 100, fence 16.6667)', () => {
    // docs/cli/indicators/index.md "Meta" example; the data of fixture R024: 2 zeros, 7 hundreds.
    const data = [0, 100, 100, 100, 100, 100, 100, 100, 0];
    const computed = quartiles(data);
    expect(roundForMeta(computed.q1)).toBe(66.6667);
    expect(roundForMeta(computed.q3)).toBe(100);
    expect(roundForMeta(lowerFence(computed))).toBe(16.6667);
  });

  it('returns the extremes when h falls outside the data, and NaN for no data', () => {
    expect(quartiles([5])).toEqual({ q1: 5, q3: 5 });
    expect(quartiles([1, 9])).toEqual({ q1: 1, q3: 9 });
    const none = quartiles([]);
    expect(none.q1).toBeNaN();
    expect(none.q3).toBeNaN();
  });

  it('matches statrs own quantile tests', () => {
    // statrs src/statistics/slice_statistics.rs, test_quantile_short.
    const data = [-1, 5, 0, -3, 10, -0.5, 4, 0.2, 1, 6];
    expect(quantile(data, 0)).toBe(-3);
    expect(quantile(data, 1)).toBe(10);
    expect(quantile(data, 0.5)).toBeCloseTo(3 / 5, 15);
    expect(quantile(data, 0.2)).toBeCloseTo(-4 / 5, 15);
    expect(quantile(data, 0.7)).toBe(137 / 30);
    expect(quantile(data, 0.01)).toBe(-3);
    expect(quantile(data, 0.99)).toBe(10);
    expect(quantile(data, 0.52)).toBeCloseTo(287 / 375, 15);
    expect(quantile(data, 0.325)).toBeCloseTo(-37 / 240, 15);
  });

  it('gives NaN outside [0, 1] and when the data holds NaN', () => {
    expect(quantile([1, 2], 1.5)).toBeNaN();
    expect(quantile([1, 2], -0.1)).toBeNaN();
    expect(quantile([1, Number.NaN, 3], 0.5)).toBeNaN();
  });

  it('sorts infinities too (a winning bid of 0 gives an infinite difference)', () => {
    const { q1, q3 } = quartiles([Infinity, 1, 2, 3]);
    expect(q1).toBeCloseTo(1 + 5 / 12, 14);
    expect(q3).toBe(Infinity);
  });
});

describe('percentile', () => {
  it('is the quantile at p/100: the 75th of 1..10 is 8 + 1/12', () => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 75)).toBeCloseTo(8 + 1 / 12, 14);
  });

  it('gives the maximum at 100 and NaN beyond', () => {
    expect(percentile([1, 2, 3], 100)).toBe(3);
    expect(percentile([1, 2, 3], 101)).toBeNaN();
  });
});

describe('fences', () => {
  it('puts Tukey fences 1.5 IQR beyond the quartiles', () => {
    expect(lowerFence({ q1: 2, q3: 6 })).toBe(-4);
    expect(upperFence({ q1: 2, q3: 6 })).toBe(12);
    expect(upperFence({ q1: 0, q3: 0 })).toBe(0);
  });

  it('rounds once, like Rust mul_add, where q1 - 1.5 IQR written naively rounds twice', () => {
    // Quartiles 1/7 and 4/7: the fence is -0.5, which two roundings miss by one unit.
    const q1 = 1 / 7;
    const q3 = 4 / 7;
    expect(lowerFence({ q1, q3 })).toBe(-0.5);
    expect((q3 - q1) * -1.5 + q1).toBe(-0.49999999999999994);
  });
});

describe('roundForMeta', () => {
  it('keeps 4 decimals and rounds halves away from zero, as Rust f64::round', () => {
    expect(roundForMeta(66.66666666666667)).toBe(66.6667);
    expect(roundForMeta(0.00005)).toBe(0.0001);
    expect(roundForMeta(-0.00005)).toBe(-0.0001);
    expect(roundForMeta(2.5e-5)).toBe(0);
    expect(roundForMeta(Number.NaN)).toBeNaN();
  });
});
