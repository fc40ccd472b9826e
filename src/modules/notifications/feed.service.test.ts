import { describe, expect, it } from 'vitest';
import { TargetProjectCategory } from '../project/project.enum.js';
import { canonicalQuery, feedEtag, filterInWords, type FeedFilter } from './feed.service.js';

const filter: FeedFilter = {
  ministries: [
    { code: 'MOJ', name: '法務省' },
    { code: 'MHLW', name: '厚生労働省' },
  ],
  municipalities: [{ code: '130001', name: '東京都', prefecture: true }],
  categories: [TargetProjectCategory.COUNTER_SERVICE],
};

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
