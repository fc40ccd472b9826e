import { describe, expect, it } from 'vitest';
import { parseDecimal, parseRound, parseYen } from './money.service.js';

const yen = (value: string | number, unit?: Parameters<typeof parseYen>[1]) => {
  const parsed = parseYen(value, unit);
  if (!parsed.ok) throw new Error(`${value}: ${parsed.reason}`);
  return parsed.value;
};

describe('parseYen', () => {
  it('reads yen with thousands separators, full-width digits, a yen sign or 円', () => {
    expect(yen('3,150,000,000')).toBe(3_150_000_000);
    expect(yen('３，１５０，０００')).toBe(3_150_000);
    expect(yen('¥1,200')).toBe(1_200);
    expect(yen('1200円')).toBe(1_200);
    expect(yen(879_000_000)).toBe(879_000_000);
  });

  it('converts the unit a header names: 千円, 百万円, 億円', () => {
    expect(yen('3,600,000', '千円')).toBe(3_600_000_000);
    expect(yen('1,520', '百万円')).toBe(1_520_000_000);
    expect(yen('493', '億円')).toBe(49_300_000_000);
    expect(yen(905_000, '千円')).toBe(905_000_000);
  });

  it('takes decimals that make whole yen, exactly (no float rounding)', () => {
    expect(yen('12.5', '百万円')).toBe(12_500_000);
    expect(yen('1,234.567', '千円')).toBe(1_234_567);
    expect(yen('0.001', '千円')).toBe(1);
    expect(yen(1234.5, '千円')).toBe(1_234_500);
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: decimal text keeps 300 yen exact.
    expect(yen('0.3', '千円')).toBe(300);
  });

  it('refuses fractions of a yen', () => {
    expect(parseYen('1,234.5').ok).toBe(false);
    expect(parseYen('1.2345', '千円').ok).toBe(false);
  });

  it('refuses negatives, text and amounts beyond 2^53 − 1 yen', () => {
    expect(parseYen('-100').ok).toBe(false);
    expect(parseYen('百円').ok).toBe(false);
    expect(parseYen('1,4８0,000千').ok).toBe(false);
    expect(parseYen('9007199254740991').ok).toBe(true);
    expect(parseYen('9007199254740992').ok).toBe(false);
    expect(parseYen('9007199254741', '千円').ok).toBe(false);
  });
});

describe('parseDecimal and parseRound', () => {
  it('reads scores such as 1,001.81', () => {
    expect(parseDecimal('1,001.81')).toEqual({ ok: true, value: 1001.81 });
    expect(parseDecimal('７２．５')).toEqual({ ok: true, value: 72.5 });
    expect(parseDecimal('abc').ok).toBe(false);
  });

  it('reads rounds as 3, ３ or 第3回, and refuses 0', () => {
    expect(parseRound('3')).toEqual({ ok: true, value: 3 });
    expect(parseRound('３')).toEqual({ ok: true, value: 3 });
    expect(parseRound('第3回')).toEqual({ ok: true, value: 3 });
    expect(parseRound(2)).toEqual({ ok: true, value: 2 });
    expect(parseRound('0').ok).toBe(false);
    expect(parseRound('1.5').ok).toBe(false);
  });
});
