import { describe, expect, it } from 'vitest';
import { resolveMinistries } from './ministry-codes.service.js';

const KNOWN = [
  { code: 'MHLW', name: '厚生労働省' },
  { code: 'MOF', name: '財務省' },
  { code: 'MOJ', name: '法務省' },
];

describe('resolveMinistries', () => {
  it('takes a code in any case or a Japanese name, each ministry once', () => {
    expect(resolveMinistries(['moj', ' 法務省 ', 'MHLW', 'ＭＯＪ'], KNOWN)).toEqual({
      ministries: [KNOWN[2], KNOWN[0]],
      problems: [],
    });
  });

  it('refuses an unknown value naming the closest, code and name', () => {
    expect(resolveMinistries(['MOJJ', '法務庁'], KNOWN).problems).toEqual([
      '府省「MOJJ」はありません。近いもの: MOJ 法務省、MOF 財務省、MHLW 厚生労働省（no such ministry; the closest: MOJ 法務省, MOF 財務省, MHLW 厚生労働省）',
      '府省「法務庁」はありません。近いもの: MOJ 法務省、MOF 財務省、MHLW 厚生労働省（no such ministry; the closest: MOJ 法務省, MOF 財務省, MHLW 厚生労働省）',
    ]);
  });
});
