import { describe, expect, it } from 'vitest';
import { COLUMNS, exportHeader, matchHeaders } from './columns.constants.js';

describe('matchHeaders', () => {
  it("finds every column of the issue's tables in their order", () => {
    const headers = [
      '府省',
      '事業名',
      '回次',
      '件名',
      '落札方式',
      '入札公告日',
      '入札締切日',
      '開札日',
      '予定価格(円)',
      '契約開始日',
      '契約終了日',
      '状態',
      '落札者',
      '落札者法人番号',
      '落札金額(円)',
    ];
    const { matches, problems, ignored } = matchHeaders('tenders', headers);
    expect(problems).toEqual([]);
    expect(ignored).toEqual([]);
    expect(matches.map((m) => m.index)).toEqual(headers.map((_, i) => i));
  });

  it('reads the unit a money header names, with full- or half-width brackets', () => {
    const { matches } = matchHeaders('tenders', [
      '府省',
      '事業名',
      '回次',
      '件名',
      '落札方式',
      '入札公告日',
      '入札締切日',
      '契約開始日',
      '契約終了日',
      '予定価格（千円）',
      '落札金額(百万円)',
      '契約金額',
    ]);
    const unit = (key: string) => matches.find((m) => m.spec.key === key)!.unit;
    expect(unit('reservePriceYen')).toBe('千円');
    expect(unit('winningAmountYen')).toBe('百万円');
    expect(unit('contractAmountYen')).toBe('円');
  });

  it('lists missing required columns, duplicates and units on columns that are not amounts', () => {
    const { problems } = matchHeaders('projects', ['府省', '事業名', '事業名', '分類', '入札方式(円)', '状態']);
    expect(problems.map((p) => p.column).sort()).toEqual(['入札方式', '入札方式(円)', '従来経費(円)', '事業名', '概要'].sort());
  });

  it('ignores columns it does not know, and reports them', () => {
    const { ignored, problems } = matchHeaders('bids', ['府省', '事業名', '回次', '事業者名', '入札金額(円)', '応札日時', '']);
    expect(problems).toEqual([]);
    expect(ignored).toEqual(['応札日時']);
  });

  it('matches what the export writes, for every table', () => {
    for (const kind of ['projects', 'tenders', 'bids'] as const) {
      const { problems, matches } = matchHeaders(kind, COLUMNS[kind].map(exportHeader));
      expect(problems).toEqual([]);
      expect(matches).toHaveLength(COLUMNS[kind].length);
    }
  });
});
