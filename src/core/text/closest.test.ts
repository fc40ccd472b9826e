import { describe, expect, it } from 'vitest';
import { closestTo } from './closest.js';

describe('closestTo', () => {
  it('names the nearest known values first and leaves out the far ones', () => {
    expect(closestTo('MOJJ', ['MOF', 'MOJ', 'MHLW', 'METI'])).toEqual(['MOJ', 'MOF']);
    expect(closestTo('法務', ['法務省', '財務省', '厚生労働省'])).toEqual(['法務省', '財務省']);
    expect(closestTo('XYZXYZXYZ', ['MOJ'])).toEqual([]);
  });
  it('ignores case', () => {
    expect(closestTo('moj', ['MOJ'])).toEqual(['MOJ']);
  });
});
