import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { escapeLike, normaliseForSearch } from './search-text.js';

describe('normaliseForSearch', () => {
  it('folds full-width digits to ASCII digits', () => {
    expect(normaliseForSearch('令和６年度')).toBe('令和6年度');
  });

  it('folds full-width Latin letters and lower-cases them', () => {
    expect(normaliseForSearch('ＩＴ運用')).toBe('it運用');
    expect(normaliseForSearch('ＡＢＣ１２３')).toBe('abc123');
  });

  it('folds half-width katakana, voiced marks included, like full-width, to hiragana', () => {
    expect(normaliseForSearch('ｺｰﾙｾﾝﾀｰ')).toBe('こーるせんたー');
    expect(normaliseForSearch('ｶﾞｲﾄﾞﾗｲﾝ')).toBe(normaliseForSearch('ガイドライン'));
    expect(normaliseForSearch('ﾊﾟｲﾛｯﾄ')).toBe('ぱいろっと');
  });

  it('makes katakana and hiragana readings the same, small letters and ヴ included, keeping ー and kanji', () => {
    expect(normaliseForSearch('トウキ')).toBe('とうき');
    expect(normaliseForSearch('ハローワーク窓口')).toBe('はろーわーく窓口');
    expect(normaliseForSearch('ヴァイオリン・ヶ月')).toBe('ゔぁいおりん・ゖ月');
    expect(normaliseForSearch('とうき')).toBe('とうき');
  });

  it('makes what people type match what was stored', () => {
    const stored = normaliseForSearch('国民年金保険料収納事業（ITシステム）');
    expect(stored).toContain(normaliseForSearch('ＩＴｼｽﾃﾑ'));
  });

  it('lower-cases ASCII letters', () => {
    expect(normaliseForSearch('MoE Call Center')).toBe('moe call center');
  });

  it('collapses runs of white space, ideographic spaces included, and trims the ends', () => {
    expect(normaliseForSearch('　千代田区\t\n  苫小牧市　')).toBe('千代田区 苫小牧市');
  });

  it('leaves hiragana and kanji unchanged, and makes katakana hiragana', () => {
    expect(normaliseForSearch('とまこまいし トマコマイシ 苫小牧市')).toBe('とまこまいし とまこまいし 苫小牧市');
  });

  it('folds full-width parentheses and symbols', () => {
    expect(normaliseForSearch('（株）％')).toBe('(株)%');
  });
});

describe('escapeLike', () => {
  it('escapes %, _ and the escape character itself', () => {
    expect(escapeLike('100%')).toBe('100\\%');
    expect(escapeLike('a_b')).toBe('a\\_b');
    expect(escapeLike('C:\\path')).toBe('C:\\\\path');
  });

  it('leaves other text unchanged', () => {
    expect(escapeLike('千代田区 [a-z]*?')).toBe('千代田区 [a-z]*?');
  });

  it('makes LIKE … ESCAPE match the characters literally on SQLite', async () => {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(':memory:', (err) => (err ? reject(err) : resolve(d)));
    });
    const matches = (haystack: string, needle: string) =>
      new Promise<boolean>((resolve, reject) =>
        db.get<{ m: number }>(`SELECT ? LIKE ? ESCAPE '\\' AS m`, [haystack, `%${escapeLike(needle)}%`], (err, row) =>
          err ? reject(err) : resolve(row!.m === 1),
        ),
      );
    try {
      expect(await matches('削減率 18%', '18%')).toBe(true);
      expect(await matches('削減率 18ポイント', '18%')).toBe(false);
      expect(await matches('a_b', 'a_b')).toBe(true);
      expect(await matches('axb', 'a_b')).toBe(false);
      expect(await matches('C:\\data', ':\\d')).toBe(true);
      expect(await matches('C:data', ':\\d')).toBe(false);
    } finally {
      await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
    }
  });
});
