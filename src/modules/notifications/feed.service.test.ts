import { describe, expect, it } from 'vitest';
import { TargetProjectCategory } from '../project/project.enum.js';
import { canonicalQuery, closest, editDistance, feedEtag, filterInWords, type FeedFilter } from './feed.service.js';

const filter: FeedFilter = {
  ministries: [
    { code: 'MOJ', name: '法務省' },
    { code: 'MHLW', name: '厚生労働省' },
  ],
  municipalities: [{ code: '130001', name: '東京都', prefecture: true }],
  categories: [TargetProjectCategory.COUNTER_SERVICE],
};

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, a Japanese character as one', () => {
    expect(editDistance('MOJJ', 'MOJ')).toBe(1);
    expect(editDistance('MOJ', 'MOE')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('法務庁', '法務省')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('closest', () => {
  const ministries = [
    { code: 'MOE', name: '環境省' },
    { code: 'MOJ', name: '法務省' },
    { code: 'MOF', name: '財務省' },
  ];
  it('ranks by the nearest spelling, ignoring case, keeping the given order among equals', () => {
    expect(closest('mojj', ministries, (m) => [m.code, m.name]).map((m) => m.code)).toEqual(['MOJ', 'MOE', 'MOF']);
    expect(closest('法務庁', ministries, (m) => [m.code, m.name], 1)).toEqual([{ code: 'MOJ', name: '法務省' }]);
  });
});

describe('the filter in words and as a query', () => {
  it('names the filter in Japanese and gives one canonical query however it was asked', () => {
    expect(filterInWords(filter)).toBe('（府省: 法務省・厚生労働省 / 団体: 東京都 / 分類: 窓口業務）');
    expect(filterInWords({ ministries: [], municipalities: [], categories: [] })).toBe('');
    expect(canonicalQuery(filter)).toBe('?category=COUNTER_SERVICE&ministry=MHLW&ministry=MOJ&municipality=130001');
    const reordered = { ...filter, ministries: [...filter.ministries].reverse() };
    expect(canonicalQuery(reordered)).toBe(canonicalQuery(filter));
    expect(feedEtag([], reordered, 'http://a')).toBe(feedEtag([], filter, 'http://a'));
    expect(feedEtag([], filter, 'http://b')).not.toBe(feedEtag([], filter, 'http://a'));
  });
});
