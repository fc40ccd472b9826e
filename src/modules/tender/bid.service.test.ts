import { describe, expect, it } from 'vitest';
import { statusOnReceipt } from './bid.service.js';

describe('statusOnReceipt', () => {
  it('records a bid under the reserve price (予定価格) as VALID', () => {
    expect(statusOnReceipt(299_999_999, 300_000_000)).toBe('VALID');
  });

  it('records a bid exactly at the reserve price as VALID (only a price above it is refused)', () => {
    expect(statusOnReceipt(300_000_000, 300_000_000)).toBe('VALID');
  });

  it('records a bid one yen above the reserve price as INVALID', () => {
    expect(statusOnReceipt(300_000_001, 300_000_000)).toBe('INVALID');
  });

  it('records any bid as VALID when no reserve price was recorded', () => {
    expect(statusOnReceipt(9_000_000_000_000, null)).toBe('VALID');
    expect(statusOnReceipt(9_000_000_000_000, undefined)).toBe('VALID');
  });

  it('compares large amounts exactly', () => {
    expect(statusOnReceipt(2 ** 53 - 1, 2 ** 53 - 2)).toBe('INVALID');
    expect(statusOnReceipt(2 ** 53 - 2, 2 ** 53 - 1)).toBe('VALID');
  });
});
