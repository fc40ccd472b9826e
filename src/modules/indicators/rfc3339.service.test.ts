import { describe, expect, it } from 'vitest';
import { parseRfc3339, wholeDaysBetween } from './rfc3339.service.js';

function days(start: string, end: string): number {
  const from = parseRfc3339(start);
  const to = parseRfc3339(end);
  if (!from || !to) throw new Error('unparsable test date');
  return wholeDaysBetween(from, to);
}

describe('wholeDaysBetween (chrono num_days)', () => {
  it('counts whole days, truncating the rest (fixture R003: one second short of 15 days is 14)', () => {
    expect(days('2000-01-01T18:00:00Z', '2000-01-16T17:59:59Z')).toBe(14);
    expect(days('2000-01-01T18:00:00Z', '2000-01-16T18:00:00Z')).toBe(15);
  });

  it('keeps nanoseconds, which JavaScript dates would drop', () => {
    expect(days('2000-01-01T00:00:00.0000001Z', '2000-01-16T00:00:00Z')).toBe(14);
    expect(days('2000-01-01T00:00:00.123456789999Z', '2000-01-02T00:00:00.123456789Z')).toBe(1);
  });

  it('compares instants across offsets', () => {
    // 2000-01-16T09:00+09:00 is 2000-01-16T00:00Z.
    expect(days('2000-01-01T00:00:00Z', '2000-01-16T09:00:00+09:00')).toBe(15);
    expect(days('2000-01-01T00:00:00Z', '2000-01-16T08:59:59+09:00')).toBe(14);
    expect(days('2000-01-01T00:00:00-05:00', '2000-01-16T04:59:59Z')).toBe(14);
  });

  it('truncates negative periods toward zero', () => {
    expect(days('2000-01-03T12:00:00Z', '2000-01-02T00:00:00Z')).toBe(-1);
    expect(days('2000-01-02T00:00:00Z', '2000-01-01T00:00:01Z')).toBe(0);
  });

  it('crosses leap days in the proleptic Gregorian calendar', () => {
    expect(days('2000-02-28T00:00:00Z', '2000-03-01T00:00:00Z')).toBe(2);
    expect(days('1900-02-28T00:00:00Z', '1900-03-01T00:00:00Z')).toBe(1);
    expect(days('1969-12-31T00:00:00Z', '1970-01-01T00:00:00Z')).toBe(1);
  });
});

describe('parseRfc3339 (chrono parse_from_rfc3339)', () => {
  it('accepts what chrono accepts', () => {
    for (const text of [
      '2000-01-01T00:00:00Z',
      '2000-01-01t00:00:00z',
      '2000-01-01 00:00:00Z',
      '2000-01-01T00:00:00.5+09:00',
      '2000-01-01T00:00:00-23:59',
      '2000-01-01T00:00:00\u221205:00',
      '2000-02-29T00:00:00Z',
      '2000-12-31T23:59:60Z',
    ]) {
      expect(parseRfc3339(text), text).toBeDefined();
    }
  });

  it('refuses what chrono refuses', () => {
    for (const text of [
      'invalid',
      '2000-01-01',
      '2000-01-01T00:00:00',
      '2000-01-01T00:00Z',
      '2000-01-01T00:00:00.Z',
      '2000-01-01T00:00:00+0900',
      '2000-01-01T00:00:00+24:00',
      '2000-01-01T00:00:00+09:60',
      '2000-01-01T24:00:00Z',
      '2000-02-30T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-13-01T00:00:00Z',
      '2000-01-01T00:00:00Z ',
      '20000-01-01T00:00:00Z',
    ]) {
      expect(parseRfc3339(text), text).toBeUndefined();
    }
  });

  it('counts a leap second as the last second of its minute', () => {
    expect(days('2000-12-30T23:59:60Z', '2001-01-01T00:00:00Z')).toBe(1);
  });
});
