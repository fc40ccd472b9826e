import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './closest.js';

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
