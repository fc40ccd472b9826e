import { describe, expect, it } from 'vitest';
import { unknownParameters } from './query-parameters.js';

describe('unknownParameters', () => {
  const known = ['ministry', 'fiscalYear', 'since'];

  it('accepts a query of known parameters, or none', () => {
    expect(unknownParameters({ ministry: 'MOJ', since: '2024-04-01' }, known)).toBeNull();
    expect(unknownParameters({}, known)).toBeNull();
  });

  it('names each unknown parameter with the closest known one, Japanese first', () => {
    expect(unknownParameters({ ministy: 'MOJ', fiscalyear: '2024' }, known)).toBe(
      'パラメータ ministy, fiscalyear は使えません。使えるもの: ministry, fiscalYear, since' +
        '（unknown query parameter ministy (did you mean ministry?), fiscalyear (did you mean fiscalYear?); ' +
        'this download takes ministry, fiscalYear, since）',
    );
  });
});
