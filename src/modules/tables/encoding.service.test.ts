import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv, EncodingError, parseEncodingName } from './encoding.service.js';

const TEXT = '府省,事業名\n法務省,登記事項証明書等の交付等事務（①髙島屋㈱）\n';

describe('decodeCsv', () => {
  it('reads UTF-8 with a BOM, dropping the BOM', () => {
    const out = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]));
    expect(out).toEqual({ text: TEXT, encoding: 'utf-8', bom: true });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsv(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: 'utf-8', bom: false });
  });

  it('detects Shift_JIS and reads it as CP932, Windows characters included (①, 髙, ㈱)', () => {
    const bytes = iconv.encode(TEXT, 'cp932');
    // The bytes are not UTF-8, and the NEC/IBM extensions do not survive plain Shift_JIS.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsv(bytes)).toEqual({ text: TEXT, encoding: 'cp932', bom: false });
  });

  it('takes the encoding given, and refuses bytes that are not in it', () => {
    const sjis = iconv.encode(TEXT, 'cp932');
    expect(decodeCsv(sjis, 'cp932').text).toBe(TEXT);
    expect(() => decodeCsv(sjis, 'utf-8')).toThrow(EncodingError);
  });

  it('refuses a BOM that contradicts --encoding', () => {
    expect(() => decodeCsv(Buffer.from(`\ufeff${TEXT}`, 'utf8'), 'cp932')).toThrow(/byte order mark/);
  });
});

describe('parseEncodingName', () => {
  it.each([
    ['shift_jis', 'cp932'],
    ['Shift-JIS', 'cp932'],
    ['sjis', 'cp932'],
    ['CP932', 'cp932'],
    ['windows-31j', 'cp932'],
    ['utf8', 'utf-8'],
    ['UTF-8', 'utf-8'],
    ['euc-jp', 'euc-jp'],
  ])('knows %s', (name, encoding) => {
    expect(parseEncodingName(name)).toBe(encoding);
  });

  it('refuses an unknown name', () => {
    expect(() => parseEncodingName('latin1')).toThrow(EncodingError);
  });
});
