import { describe, expect, it } from 'vitest';
import { isStorableText } from './storable-text.plugin.js';

describe('isStorableText', () => {
  it.each([
    ['plain Japanese', '窓口業務の民間委託', true],
    ['an emoji (a proper surrogate pair)', '報告📄', true],
    ['a BOM and right-to-left marks', '\ufeff\u202eabc', true],
    ['the empty string', '', true],
    ['a NUL character', 'テスト\u0000株式会社', false],
    ['a lone high surrogate', 'テスト\ud800株式会社', false],
    ['a lone low surrogate', '\udc00', false],
    ['a high surrogate at the end', 'abc\ud83d', false],
    ['two pairs back to back', '\ud83d\udcc4\ud83d\udcc4', true],
  ])('%s', (_what, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});
