import { describe, expect, it } from 'vitest';
import { fusedMultiplyAdd } from './fused-multiply-add.service.js';

describe('fusedMultiplyAdd', () => {
  it('agrees with plain arithmetic when nothing rounds', () => {
    expect(fusedMultiplyAdd(3, 4, 5)).toBe(17);
    expect(fusedMultiplyAdd(-2, 1.5, 0.25)).toBe(-2.75);
    expect(fusedMultiplyAdd(0, 5, 0)).toBe(0);
  });

  it('keeps the bits a separate multiplication would lose: 0.1 × 10 − 1 = 2^-54', () => {
    // 0.1 is 3602879701896397 / 2^55, so 0.1 × 10 exceeds 1 by 2 / 2^55.
    expect(fusedMultiplyAdd(0.1, 10, -1)).toBe(2 ** -54);
    expect(0.1 * 10 - 1).toBe(0);
  });

  it('rounds ties to even, down into subnormal numbers', () => {
    expect(fusedMultiplyAdd(2 ** -1074, 0.5, 0)).toBe(0);
    expect(fusedMultiplyAdd(2 ** -1074, 1.5, 0)).toBe(2 * 2 ** -1074);
    expect(fusedMultiplyAdd(1 + 2 ** -52, 1 + 2 ** -52, -1)).toBe(2 ** -51 + 2 ** -104);
  });

  it('follows IEEE rules for zero signs and non-finite values', () => {
    expect(Object.is(fusedMultiplyAdd(-0, 1, -0), -0)).toBe(true);
    expect(Object.is(fusedMultiplyAdd(2, 3, -6), 0)).toBe(true);
    expect(fusedMultiplyAdd(Infinity, 1, 1)).toBe(Infinity);
    expect(fusedMultiplyAdd(Infinity, 0, 1)).toBeNaN();
    expect(fusedMultiplyAdd(1e308, 10, 0)).toBe(Infinity);
  });
});
