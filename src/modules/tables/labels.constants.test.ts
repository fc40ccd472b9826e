import { describe, expect, it } from 'vitest';
import { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import { AwardCriteria, BidderKind, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import {
  AWARD_CRITERIA_LABELS,
  BID_STATUS_LABELS,
  BIDDER_KIND_LABELS,
  CATEGORY_LABELS,
  labelOf,
  METHOD_LABELS,
  parseLabel,
  PROJECT_STATUS_LABELS,
  TENDER_STATUS_LABELS,
  type LabelSet,
} from './labels.constants.js';

const SETS: [string, LabelSet<string>, Record<string, string>][] = [
  ['category', CATEGORY_LABELS, TargetProjectCategory],
  ['method', METHOD_LABELS, CompetitionMethod],
  ['project status', PROJECT_STATUS_LABELS, TargetProjectStatus],
  ['award criteria', AWARD_CRITERIA_LABELS, AwardCriteria],
  ['tender status', TENDER_STATUS_LABELS, TenderStatus],
  ['bid status', BID_STATUS_LABELS, BidStatus],
  ['bidder kind', BIDDER_KIND_LABELS, BidderKind],
];

describe.each(SETS)('%s labels', (_name, set, values) => {
  it('label every value of the enum, and nothing else', () => {
    expect(Object.keys(set.labels).sort()).toEqual(Object.values(values).sort());
  });

  it("read back what exports write, and the API's enum names", () => {
    for (const value of Object.values(values)) {
      expect(parseLabel(set, labelOf(set, value))).toEqual({ ok: true, value });
      expect(parseLabel(set, value)).toEqual({ ok: true, value });
      expect(parseLabel(set, value.toLowerCase())).toEqual({ ok: true, value });
    }
  });

  it('give no two values the same label', () => {
    const all = Object.values(set.labels)
      .flat()
      .map((l) => l.normalize('NFKC'));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('parseLabel', () => {
  it('reads the labels the issue names', () => {
    expect(parseLabel(METHOD_LABELS, '官民競争入札')).toEqual({ ok: true, value: 'PUBLIC_PRIVATE' });
    expect(parseLabel(METHOD_LABELS, '民間競争入札')).toEqual({ ok: true, value: 'PRIVATE' });
    expect(parseLabel(AWARD_CRITERIA_LABELS, '最低価格落札方式')).toEqual({ ok: true, value: 'LOWEST_PRICE' });
    expect(parseLabel(AWARD_CRITERIA_LABELS, '総合評価落札方式')).toEqual({ ok: true, value: 'RATED' });
    expect(parseLabel(TENDER_STATUS_LABELS, '落札')).toEqual({ ok: true, value: 'AWARDED' });
    expect(parseLabel(TENDER_STATUS_LABELS, '不調')).toEqual({ ok: true, value: 'UNSUCCESSFUL' });
    expect(parseLabel(TENDER_STATUS_LABELS, '不調・不落')).toEqual({ ok: true, value: 'UNSUCCESSFUL' });
    expect(parseLabel(TENDER_STATUS_LABELS, '中止')).toEqual({ ok: true, value: 'CANCELLED' });
  });

  it('ignores spacing and full-width forms', () => {
    expect(parseLabel(AWARD_CRITERIA_LABELS, ' 最低価格 落札方式 ')).toEqual({ ok: true, value: 'LOWEST_PRICE' });
    expect(parseLabel(AWARD_CRITERIA_LABELS, 'ＲＡＴＥＤ')).toEqual({ ok: true, value: 'RATED' });
  });

  it('refuses an unknown label, naming the labels it takes', () => {
    const parsed = parseLabel(METHOD_LABELS, '一般競争入札');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('官民競争入札 / 民間競争入札');
  });
});
