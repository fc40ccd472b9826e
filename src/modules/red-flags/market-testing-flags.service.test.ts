import { describe, expect, it } from 'vitest';
import { settingsForSomeRounds } from './red-flag-compute.service.js';
import { marketTestingFlags, type RoundFacts } from './market-testing-flags.service.js';
import { parseRedFlagSettingsIni } from './red-flag-settings.service.js';

const round = (tenderId: number, previousId: number | null, over: Partial<RoundFacts> = {}): RoundFacts => ({
  tenderId,
  previousId,
  afterUnsuccessful: false,
  opened: true,
  awarded: true,
  numberOfTenderers: 3,
  reservePriceYen: 100,
  awardYen: 80,
  supplierId: `s${tenderId}`,
  negotiated: false,
  exitDecided: false,
  ...over,
});
const codes = (flags: { tenderId: number; code: string }[], id: number) =>
  flags
    .filter((f) => f.tenderId === id)
    .map((f) => f.code)
    .sort();

describe('market-testing flags', () => {
  it('flags an award at 95% of the reserve price or more, and not below', () => {
    const flags = marketTestingFlags([round(1, null, { awardYen: 95 }), round(2, null, { awardYen: 94 })]);
    expect(codes(flags, 1)).toEqual(['MT01']);
    expect(codes(flags, 2)).toEqual([]);
  });

  it('flags every round of a run of two or more single-bid rounds, skipping negotiated contracts', () => {
    const rounds = [
      round(1, null, { numberOfTenderers: 1 }),
      round(2, 1, { numberOfTenderers: 1, awarded: false, afterUnsuccessful: false }),
      round(3, 2, { numberOfTenderers: 1, negotiated: true }),
      round(4, 3, { numberOfTenderers: 1 }),
      round(5, 4, { numberOfTenderers: 2 }),
      round(6, 5, { numberOfTenderers: 1 }),
    ];
    const flags = marketTestingFlags(rounds).filter((f) => f.code === 'MT02');
    expect(flags.map((f) => [f.tenderId, f.value])).toEqual([
      [1, 3],
      [2, 3],
      [4, 3],
    ]);
  });

  it('flags the same winner of every awarded round, the negotiated contract after a failure, and an exit after a single bid', () => {
    const rounds = [
      round(1, null, { supplierId: 'A' }),
      round(2, 1, { awarded: false, supplierId: null, awardYen: null }),
      round(3, 2, { supplierId: 'A', negotiated: true, afterUnsuccessful: true, numberOfTenderers: 1, exitDecided: true }),
    ];
    const flags = marketTestingFlags(rounds);
    expect(codes(flags, 1)).toEqual(['MT03']);
    expect(codes(flags, 3)).toEqual(['MT03', 'MT04', 'MT05']);
  });

  it('judges nothing a sealed round would reveal', () => {
    expect(marketTestingFlags([round(1, null, { opened: false, numberOfTenderers: null, awarded: false, reservePriceYen: null })])).toEqual(
      [],
    );
  });
});

describe('settings', () => {
  it('recomputes some rounds against the stored fences, leaving organisation-wide indicators to the bulk run', () => {
    const s = settingsForSomeRounds(
      { R018: {}, R024: {}, R025: {}, R038: {}, R048: {}, R058: {} },
      new Map([
        ['R024.q1', 0.02],
        ['R024.lower_fence', 0.01],
        ['R058.upper_fence', 0.3],
      ]),
    );
    expect(s).toEqual({ R018: {}, R024: { threshold: 0.01 }, R058: { threshold: 0.3 } });
    expect(
      settingsForSomeRounds(
        { R024: {}, R058: {} },
        new Map([
          ['R024.q1', 0],
          ['R024.lower_fence', -0.1],
        ]),
      ),
    ).toEqual({});
  });

  it('reads Cardinal sections and the MT01 threshold from one file', () => {
    const s = parseRedFlagSettingsIni('[R003]\nthreshold = 20\n[MT01]\nthreshold = 0.97\n');
    expect(s.cardinal).toEqual({ R003: { threshold: 20 } });
    expect(s.marketTesting.highAwardRatio).toBe(0.97);
    expect(Object.keys(parseRedFlagSettingsIni('currency = JPY\n').cardinal)).toContain('R058');
  });
});
