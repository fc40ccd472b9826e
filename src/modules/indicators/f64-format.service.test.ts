import { describe, expect, it } from 'vitest';
import { formatF64 } from './f64-format.service.js';

describe('formatF64 (serde_json / ryu)', () => {
  it('prints whole numbers with .0, as the reference outputs do', () => {
    expect(formatF64(1)).toBe('1.0');
    expect(formatF64(0)).toBe('0.0');
    expect(formatF64(100)).toBe('100.0');
    expect(formatF64(2)).toBe('2.0');
    expect(formatF64(1e15)).toBe('1000000000000000.0');
  });

  it('prints decimals with the shortest round-trip digits', () => {
    expect(formatF64(0.2)).toBe('0.2');
    expect(formatF64(0.16666666666666666)).toBe('0.16666666666666666');
    expect(formatF64(12.34)).toBe('12.34');
    expect(formatF64(0.00001)).toBe('0.00001');
    expect(formatF64(-66.6667)).toBe('-66.6667');
  });

  it('switches to exponents outside 1e-5 … 1e16, without + or .0', () => {
    expect(formatF64(1e16)).toBe('1e16');
    expect(formatF64(1.5e-7)).toBe('1.5e-7');
    expect(formatF64(0.000001)).toBe('1e-6');
    expect(formatF64(123456789012345680)).toBe('1.2345678901234568e17');
    expect(formatF64(5e-324)).toBe('5e-324');
  });

  it('keeps the sign of zero and writes non-finite values as null', () => {
    expect(formatF64(-0)).toBe('-0.0');
    expect(formatF64(Number.NaN)).toBe('null');
    expect(formatF64(Infinity)).toBe('null');
  });
});
