import { describe, expect, it } from 'vitest';
import { corporateNumberCheckDigit, isValidCorporateNumber } from './corporate-number.js';

/** 国税庁's own corporate number (docs/domain.md). */
const NTA = '7000012050002';

describe('corporateNumberCheckDigit', () => {
  it('computes 7 for the base of 国税庁 (000012050002)', () => {
    expect(corporateNumberCheckDigit(NTA.slice(1))).toBe(7);
  });

  it('gives 9 when the weighted sum is a multiple of 9', () => {
    // Weighted sum 0 → 9 − 0 = 9; the check digit is never 0.
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
  });

  it('weights the rightmost digit 1 and the next one 2', () => {
    // n = 1 (rightmost): weight 1 → sum 1 → 8; n = 2: weight 2 → sum 2 → 7.
    expect(corporateNumberCheckDigit('000000000001')).toBe(8);
    expect(corporateNumberCheckDigit('000000000010')).toBe(7);
  });

  it.each(['00001205000', '0000120500021', '00001205000a', '', '０００００１２０５０００２', ' 00012050002'])(
    'refuses the base %j, which is not 12 ASCII digits',
    (base) => {
      expect(() => corporateNumberCheckDigit(base)).toThrow(RangeError);
    },
  );
});

describe('isValidCorporateNumber', () => {
  it('accepts 国税庁 7000012050002', () => {
    expect(isValidCorporateNumber(NTA)).toBe(true);
  });

  it('refuses 国税庁 with any other check digit', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 7) continue;
      expect(isValidCorporateNumber(`${d}${NTA.slice(1)}`), `check digit ${d}`).toBe(false);
    }
  });

  it('refuses every single-digit change to the base except a 0 ↔ 9 swap, which mod 9 cannot see', () => {
    // The NTA scheme is mod 9, so replacing 0 by 9 (or 9 by 0) shifts the sum by 9 or 18 and
    // goes unnoticed; every other substitution must be caught.
    let checked = 0;
    for (let pos = 1; pos < 13; pos++) {
      for (let d = 0; d <= 9; d++) {
        const original = Number(NTA[pos]);
        if (d === original) continue;
        const changed = NTA.slice(0, pos) + d + NTA.slice(pos + 1);
        const undetectable = Math.abs(d - original) === 9;
        expect(isValidCorporateNumber(changed), changed).toBe(undetectable);
        checked++;
      }
    }
    expect(checked).toBe(12 * 9);
  });

  it.each([
    ['12 digits', '700001205000'],
    ['14 digits', '70000120500020'],
    ['a letter', '700001205000A'],
    ['hyphens', '7-0000-1205-0002'],
    ['full-width digits', '７０００００１２０５０００２'],
    ['spaces around it', ' 7000012050002 '],
    ['the empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(isValidCorporateNumber(value)).toBe(false);
  });
});
