import { describe, expect, it } from 'vitest';
import { resolvePrefecture } from './local-government-codes.service.js';

describe('resolvePrefecture', () => {
  it('takes a number with or without its zero, or the prefecture’s six-digit code', () => {
    expect(resolvePrefecture('13')).toEqual({ number: '13' });
    expect(resolvePrefecture(' 1 ')).toEqual({ number: '01' });
    expect(resolvePrefecture('130001')).toEqual({ number: '13' });
  });

  it('refuses anything else naming the closest prefectures', () => {
    expect(resolvePrefecture('48')).toEqual({
      problem: expect.stringMatching(
        /^都道府県「48」はありません.*近いもの: (\d{2} \S+[都道府県]、){2}\d{2} \S+[都道府県]（no prefecture has this number or code: .*; the closest: (\d{2} \S+[都道府県], ){2}\d{2} \S+[都道府県]）$/,
      ),
    });
    expect(resolvePrefecture('東京')).toEqual({ problem: expect.stringMatching(/; the closest: 13 東京都, /) });
    expect(resolvePrefecture('131016')).toEqual({ problem: expect.stringMatching(/^都道府県「131016」はありません/) });
  });
});
