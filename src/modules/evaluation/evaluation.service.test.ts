import { describe, expect, it } from 'vitest';
import { assessExit, type ExitFacts } from './evaluation.service.js';
import type { QualityTarget } from './quality-target.type.js';

const target = (achieved: boolean, indicator = '待ち時間'): QualityTarget => ({
  indicator,
  target: '15分以内',
  actual: achieved ? '12分' : '18分',
  achieved,
});

/** Facts that meet every criterion; each test spoils one. */
const passing = (overrides: Partial<ExitFacts> = {}): ExitFacts => ({
  seriousProblems: false,
  qualityTargets: [target(true), target(true, '収納率')],
  costReductionYen: 756_000_000,
  numberOfBidders: 6,
  ...overrides,
});

describe('assessExit', () => {
  it('advises exit when there were no serious problems, every target was met, the cost fell and several firms bid', () => {
    expect(assessExit(passing())).toEqual({
      met: true,
      noSeriousProblems: true,
      qualityTargetsAchieved: true,
      costReduced: true,
      competitive: true,
    });
  });

  it('does not advise exit after serious problems', () => {
    const result = assessExit(passing({ seriousProblems: true }));
    expect(result.noSeriousProblems).toBe(false);
    expect(result.met).toBe(false);
    expect(result).toMatchObject({ qualityTargetsAchieved: true, costReduced: true, competitive: true });
  });

  it('does not advise exit when one quality target was missed', () => {
    const result = assessExit(passing({ qualityTargets: [target(true), target(false, '収納率')] }));
    expect(result.qualityTargetsAchieved).toBe(false);
    expect(result.met).toBe(false);
  });

  it('treats no recorded quality targets as not achieved', () => {
    const result = assessExit(passing({ qualityTargets: [] }));
    expect(result.qualityTargetsAchieved).toBe(false);
    expect(result.met).toBe(false);
  });

  it('does not advise exit when the cost did not fall', () => {
    expect(assessExit(passing({ costReductionYen: 0 }))).toMatchObject({ costReduced: false, met: false });
    expect(assessExit(passing({ costReductionYen: -300_000_000 }))).toMatchObject({ costReduced: false, met: false });
  });

  it('does not advise exit when the cost reduction is unknown', () => {
    expect(assessExit(passing({ costReductionYen: null }))).toMatchObject({ costReduced: false, met: false });
    expect(assessExit(passing({ costReductionYen: undefined }))).toMatchObject({ costReduced: false, met: false });
  });

  it('counts a single bidder (一者応札) as no real competition', () => {
    const result = assessExit(passing({ numberOfBidders: 1 }));
    expect(result.competitive).toBe(false);
    expect(result.met).toBe(false);
  });

  it('counts two bidders as competition', () => {
    expect(assessExit(passing({ numberOfBidders: 2 }))).toMatchObject({ competitive: true, met: true });
  });

  it('does not count competition when the number of bidders is unknown or zero', () => {
    expect(assessExit(passing({ numberOfBidders: null }))).toMatchObject({ competitive: false, met: false });
    expect(assessExit(passing({ numberOfBidders: 0 }))).toMatchObject({ competitive: false, met: false });
  });

  it('reports every failing criterion at once', () => {
    expect(assessExit({ seriousProblems: true, qualityTargets: [target(false)], costReductionYen: -1, numberOfBidders: 1 })).toEqual({
      met: false,
      noSeriousProblems: false,
      qualityTargetsAchieved: false,
      costReduced: false,
      competitive: false,
    });
  });
});
