import { describe, expect, it } from 'vitest';
import { parseDateCell, parseJapaneseDate } from './japanese-date.service.js';

const value = (text: string) => {
  const parsed = parseJapaneseDate(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.value;
};
const refused = (text: string) => !parseJapaneseDate(text).ok;

describe('parseJapaneseDate', () => {
  it.each([
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024/04/01', '2024-04-01'],
    ['2024.4.1', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['2024/4/1 0:00', '2024-04-01'],
    ['2024/04/01 00:00:00', '2024-04-01'],
    [' 2024-04-01 ', '2024-04-01'],
  ])('reads the Western date %j', (text, iso) => {
    expect(value(text)).toBe(iso);
  });

  // docs/domain.md: 令和N年 = 2018 + N; 平成 began 1989-01-08 (平成N年 = 1988 + N).
  it.each([
    ['令和6年4月1日', '2024-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['R6.4.1', '2024-04-01'],
    ['r6.4.1', '2024-04-01'],
    ['R6/4/1', '2024-04-01'],
    ['H25.4.1', '2013-04-01'],
    ['平成25年4月1日', '2013-04-01'],
    ['平成元年1月8日', '1989-01-08'],
    ['H31.4.30', '2019-04-30'],
    ['S64.1.7', '1989-01-07'],
    ['昭和63年12月31日', '1988-12-31'],
  ])('reads the era date %j', (text, iso) => {
    expect(value(text)).toBe(iso);
  });

  it('folds full-width digits and letters', () => {
    expect(value('令和６年１０月１日')).toBe('2024-10-01');
    expect(value('Ｒ６．４．１')).toBe('2024-04-01');
    expect(value('２０２４／４／１')).toBe('2024-04-01');
  });

  it('refuses a day outside its era: 令和 began 2019-05-01, 平成 ended 2019-04-30', () => {
    expect(refused('R1.4.30')).toBe(true);
    expect(refused('令和元年4月30日')).toBe(true);
    expect(refused('H31.5.1')).toBe(true);
    expect(refused('平成32年1月1日')).toBe(true);
    expect(refused('平成元年1月7日')).toBe(true);
  });

  it('refuses days that do not exist', () => {
    expect(refused('2023-02-29')).toBe(true);
    expect(value('2024-02-29')).toBe('2024-02-29');
    expect(refused('R6.13.1')).toBe(true);
    expect(refused('令和6年4月31日')).toBe(true);
    expect(refused('令和0年4月1日')).toBe(true);
  });

  it.each(['', '来年度', '4/1', '2024-4', 'R6', '24/4/1', 'X6.4.1'])('refuses %j with a reason', (text) => {
    const parsed = parseJapaneseDate(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
  });
});

describe('parseDateCell', () => {
  it('reads an .xlsx date cell (UTC midnight of its day)', () => {
    expect(parseDateCell(new Date(Date.UTC(2015, 0, 20)))).toEqual({ ok: true, value: '2015-01-20' });
  });

  it('reads an Excel serial day number (45383 is 2024-04-01)', () => {
    // Serial 1 is 1900-01-01; from 1900-03-01 on, serial n is 1899-12-30 + n days.
    expect(parseDateCell(45383)).toEqual({ ok: true, value: '2024-04-01' });
    expect(parseDateCell(61)).toEqual({ ok: true, value: '1900-03-01' });
  });

  it('refuses a fractional or negative serial', () => {
    expect(parseDateCell(45383.5).ok).toBe(false);
    expect(parseDateCell(-3).ok).toBe(false);
  });
});
