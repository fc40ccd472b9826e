import { describe, expect, it } from 'vitest';
import {
  FISCAL_YEARS,
  fiscalYearOf,
  fiscalYearRange,
  formatJapaneseDate,
  formatJapaneseFiscalYear,
  isIsoDate,
  japanTime,
  monthsInPeriod,
  parseFiscalYear,
} from './fiscal-year.js';

describe('isIsoDate', () => {
  it('accepts an ordinary calendar date', () => {
    expect(isIsoDate('2024-04-01')).toBe(true);
  });

  it('accepts 29 February in a leap year (2024)', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('refuses 29 February in a common year (2023)', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
  });

  it('accepts 29 February 2000 (divisible by 400) and refuses it in 1900 (divisible by 100 only)', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });

  it('knows the length of every month', () => {
    expect(isIsoDate('2024-04-30')).toBe(true);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-12-31')).toBe(true);
    expect(isIsoDate('2024-01-31')).toBe(true);
    expect(isIsoDate('2024-06-31')).toBe(false);
  });

  it('refuses month 00 and 13 and day 00', () => {
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-04-00')).toBe(false);
  });

  it('refuses year 0000', () => {
    expect(isIsoDate('0000-01-01')).toBe(false);
  });

  it.each([
    '2024-4-1',
    '24-04-01',
    '2024/04/01',
    '20240401',
    '2024-04-01T00:00:00Z',
    ' 2024-04-01',
    '2024-04-01 ',
    '',
    '２０２４-０４-０１',
    '令和6年4月1日',
  ])('refuses the shape %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('fiscalYearOf', () => {
  it('puts 31 March in the fiscal year that began the April before', () => {
    expect(fiscalYearOf('2025-03-31')).toBe(2024);
  });

  it('starts a new fiscal year on 1 April', () => {
    expect(fiscalYearOf('2024-04-01')).toBe(2024);
    expect(fiscalYearOf('2024-03-31')).toBe(2023);
  });

  it('puts a date in January 2025 in FY2024', () => {
    expect(fiscalYearOf('2025-01-15')).toBe(2024);
  });

  it('puts 31 December in the fiscal year named by the same calendar year', () => {
    expect(fiscalYearOf('2024-12-31')).toBe(2024);
  });

  it('handles the year 2000 boundary', () => {
    expect(fiscalYearOf('2000-01-01')).toBe(1999);
    expect(fiscalYearOf('2000-03-31')).toBe(1999);
    expect(fiscalYearOf('2000-04-01')).toBe(2000);
  });

  it('throws a RangeError for something that is not YYYY-MM-DD', () => {
    expect(() => fiscalYearOf('2024/04/01')).toThrow(RangeError);
  });
});

describe('fiscalYearRange', () => {
  it('runs FY2024 from 2024-04-01 to 2025-03-31 inclusive', () => {
    expect(fiscalYearRange(2024)).toEqual({ start: '2024-04-01', end: '2025-03-31' });
  });

  it('gives ranges whose ends belong to the fiscal year itself', () => {
    for (const fy of [1989, 1999, 2000, 2019, 2030]) {
      const { start, end } = fiscalYearRange(fy);
      expect(fiscalYearOf(start)).toBe(fy);
      expect(fiscalYearOf(end)).toBe(fy);
    }
  });

  it('makes consecutive fiscal years adjacent', () => {
    expect(fiscalYearRange(2025).start).toBe('2025-04-01');
    expect(fiscalYearRange(2024).end).toBe('2025-03-31');
  });
});

describe('formatJapaneseDate', () => {
  it('labels 2024-04-01 as 令和6年4月1日', () => {
    expect(formatJapaneseDate('2024-04-01')).toBe('令和6年4月1日');
  });

  it('starts 令和 on 2019-05-01 as 令和元年5月1日', () => {
    expect(formatJapaneseDate('2019-05-01')).toBe('令和元年5月1日');
  });

  it('keeps 2019-04-30 in 平成 as 平成31年4月30日', () => {
    expect(formatJapaneseDate('2019-04-30')).toBe('平成31年4月30日');
  });

  it('starts 平成 on 1989-01-08 as 平成元年1月8日', () => {
    expect(formatJapaneseDate('1989-01-08')).toBe('平成元年1月8日');
  });

  it('keeps 1989-01-07 in 昭和 as 昭和64年1月7日', () => {
    expect(formatJapaneseDate('1989-01-07')).toBe('昭和64年1月7日');
  });

  it('writes 令和2年 (not 元年) for 2020', () => {
    expect(formatJapaneseDate('2020-01-01')).toBe('令和2年1月1日');
  });

  it('writes month and day without leading zeros', () => {
    expect(formatJapaneseDate('2000-09-05')).toBe('平成12年9月5日');
  });

  it('returns null before 昭和 began (1926-12-25)', () => {
    expect(formatJapaneseDate('1926-12-24')).toBeNull();
    expect(formatJapaneseDate('1926-12-25')).toBe('昭和元年12月25日');
  });

  it('throws a RangeError for something that is not YYYY-MM-DD', () => {
    expect(() => formatJapaneseDate('2024-4-1')).toThrow(RangeError);
  });
});

describe('formatJapaneseFiscalYear', () => {
  it('labels FY2024 as 令和6年度', () => {
    expect(formatJapaneseFiscalYear(2024)).toBe('令和6年度');
  });

  it('labels FY2019 as 令和元年度 although it began in 平成', () => {
    expect(formatJapaneseFiscalYear(2019)).toBe('令和元年度');
  });

  it('labels FY2018 as 平成30年度', () => {
    expect(formatJapaneseFiscalYear(2018)).toBe('平成30年度');
  });

  it('labels FY1989 as 平成元年度', () => {
    expect(formatJapaneseFiscalYear(1989)).toBe('平成元年度');
  });

  it('labels FY1988 as 昭和63年度', () => {
    expect(formatJapaneseFiscalYear(1988)).toBe('昭和63年度');
  });

  it('labels FY2020 as 令和2年度', () => {
    expect(formatJapaneseFiscalYear(2020)).toBe('令和2年度');
  });
});

describe('monthsInPeriod', () => {
  it('counts 42 months from 2013-04-01 to 2016-09-30', () => {
    expect(monthsInPeriod('2013-04-01', '2016-09-30')).toBe(42);
  });

  it('counts a period inside one month as 1', () => {
    expect(monthsInPeriod('2024-04-01', '2024-04-30')).toBe(1);
    expect(monthsInPeriod('2024-04-10', '2024-04-10')).toBe(1);
  });

  it('counts a whole fiscal year as 12', () => {
    const { start, end } = fiscalYearRange(2024);
    expect(monthsInPeriod(start, end)).toBe(12);
  });

  it('counts both the first and the last month across a year end', () => {
    expect(monthsInPeriod('2024-12-15', '2025-01-10')).toBe(2);
  });

  it('throws a RangeError when either end is not YYYY-MM-DD', () => {
    expect(() => monthsInPeriod('2013-04', '2016-09-30')).toThrow(RangeError);
    expect(() => monthsInPeriod('2013-04-01', 'soon')).toThrow(RangeError);
  });
});

describe('parseFiscalYear', () => {
  it('reads the year as people write it', () => {
    const cases: [string | number, number][] = [
      [2024, 2024],
      ['2024', 2024],
      ['2024年度', 2024],
      ['FY2024', 2024],
      ['fy 2024', 2024],
      ['令和6年度', 2024],
      ['令和6', 2024],
      ['R6', 2024],
      ['r6', 2024],
      ['Ｒ６', 2024],
      ['令和６年度', 2024],
      ['令和元年度', 2019],
      ['平成31年度', 2019],
      ['H30', 2018],
      ['平成元年度', 1989],
      [' 令和 6 年度 ', 2024],
    ];
    for (const [written, year] of cases) expect(parseFiscalYear(written), String(written)).toBe(year);
  });

  it('is the inverse of formatJapaneseFiscalYear for every year it accepts', () => {
    for (let year = FISCAL_YEARS.min; year <= FISCAL_YEARS.max; year++) {
      expect(parseFiscalYear(formatJapaneseFiscalYear(year)!)).toBe(year);
      expect(parseFiscalYear(String(year))).toBe(year);
    }
  });

  it('refuses what is not a fiscal year, saying what is accepted, Japanese first', () => {
    expect(() => parseFiscalYear(6)).toThrow(/^年度「6」は西暦の年度ではありません。令和6年度なら 2024 です（.*"R6"/);
    expect(() => parseFiscalYear('来年')).toThrow(/^年度「来年」は読めません。2024、令和6年度、R6、FY2024 のように/);
    expect(() => parseFiscalYear('平成32年度')).toThrow(/^年度「平成32年度」は平成にありません/);
    expect(() => parseFiscalYear('昭和64年度')).toThrow(/は昭和にありません/);
    expect(() => parseFiscalYear('令和0年度')).toThrow(/元年から数えます/);
    expect(() => parseFiscalYear(1980)).toThrow(/^年度「1980」は範囲外です（fiscal year 1980 is outside 1989–2100）/);
    expect(() => parseFiscalYear('2101')).toThrow(/範囲外/);
  });
});

describe('japanTime', () => {
  it('writes an instant in JST with +09:00, across midnight and the year end', () => {
    expect(japanTime(new Date('2026-12-04T11:15:30.250Z'))).toBe('2026-12-04T20:15:30+09:00');
    expect(japanTime(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01T00:00:00+09:00');
    expect(new Date(japanTime(new Date('2024-04-01T00:00:00Z'))).toISOString()).toBe('2024-04-01T00:00:00.000Z');
  });
});
