import { registerEnumType } from 'type-graphql';
import { IndicatorCode } from '../indicators/indicator.enum.js';

/** The market-testing flags: the tracker's own, computed by market-testing-flags.service.ts. */
export enum MarketTestingCode {
  MT01 = 'MT01',
  MT02 = 'MT02',
  MT03 = 'MT03',
  MT04 = 'MT04',
  MT05 = 'MT05',
}

/**
 * Every red flag the tracker raises: Cardinal's (the Open Contracting Partnership's
 * reference, computed by src/modules/indicators on the project's own OCDS export), whose
 * codes are the indicators' own (`IndicatorCode`, listed once there), then the
 * market-testing ones (MT…). Codes are stable: clients filter by them.
 */
export const RedFlagCode = { ...IndicatorCode, ...MarketTestingCode } as const;
export type RedFlagCode = IndicatorCode | MarketTestingCode;

/** What a stored flag is about. */
export enum RedFlagSubject {
  TENDER = 'TENDER',
  BIDDER = 'BIDDER',
  MINISTRY = 'MINISTRY',
}

/** A flag's title and why it matters (README.md "Red flags" says the same in more words). */
export interface RedFlagDefinition {
  /** English, with the Japanese term in parentheses. */
  readonly title: string;
  /** The Japanese term alone (`RedFlag.titleLabel`). */
  readonly titleJa: string;
  /** Why it matters, in one sentence, ending with what else can explain it. */
  readonly why: string;
}

export const RED_FLAGS: Readonly<Record<RedFlagCode, RedFlagDefinition>> = {
  R003: {
    title: 'Short submission period (公告期間が短い)',
    titleJa: '公告期間が短い',
    why: 'Too little time between the notice and the bid deadline favours a bidder tipped off early; urgent rounds are legitimately short.',
  },
  R018: {
    title: 'Single bid received (一者応札)',
    titleJa: '一者応札',
    why: 'A lone bidder in an open round can mean competition was suppressed; it can also mean a small market.',
  },
  R024: {
    title: 'Price close to winning bid (次順位との価格差が極小)',
    titleJa: '次順位との価格差が極小',
    why: 'A runner-up priced just above the winner can be a cover bid; tight honest markets also give close prices.',
  },
  R025: {
    title: 'Excessive unsuccessful bids (頻繁に応札し落札しない事業者)',
    titleJa: '頻繁に応札し落札しない事業者',
    why: 'A firm that bids often and rarely wins may be placing losing bids for a partner; it may just be uncompetitive.',
  },
  R028: {
    title: 'Identical bid prices (同額入札)',
    titleJa: '同額入札',
    why: 'Different bidders offering the same price can mean a leaked price or coordination; standard price lists also coincide.',
  },
  R030: {
    title: 'Late bid won (締切後の入札が落札)',
    titleJa: '締切後の入札が落札',
    why: 'Accepting a winning bid after the deadline can favour a bidder who saw the others; dates are also recorded carelessly.',
  },
  R035: {
    title: 'All except winning bid disqualified (落札者以外が全て無効)',
    titleJa: '落札者以外が全て無効',
    why: 'Disqualifying every other bidder hands the contract to one firm; weak bids are also rightly rejected.',
  },
  R036: {
    title: 'Lowest bid disqualified (最低価格の入札が無効)',
    titleJa: '最低価格の入札が無効',
    why: 'Rejecting the cheapest bid on a pretext lets a dearer favourite win; cheap bids also fail requirements.',
  },
  R038: {
    title: 'Excessive disqualified bids (無効入札の割合が高い)',
    titleJa: '無効入札の割合が高い',
    why: 'A high share of disqualified bids can steer awards or fake competition; some services have strict requirements.',
  },
  R048: {
    title: 'Heterogeneous supplier (多分野にわたる落札者)',
    titleJa: '多分野にわたる落札者',
    why: 'A supplier winning in many unrelated fields may be a front or an intermediary; conglomerates are also varied.',
  },
  R058: {
    title: 'Heavily discounted bid (他より著しく低い落札価格)',
    titleJa: '他より著しく低い落札価格',
    why: 'A winning price far below all others can hide lower quality or later price rises; efficient firms also underbid.',
  },
  MT01: {
    title: 'Award at a high share of the reserve price (落札率が高い)',
    titleJa: '落札率が高い',
    why:
      'A winning price at or near the 予定価格 suggests the price was known or there was no pressure to cut it; ' +
      'a well-estimated reserve price also gives high ratios.',
  },
  MT02: {
    title: 'Single bid in consecutive rounds (連続した一者応札)',
    titleJa: '連続した一者応札',
    why:
      'A service that draws one bidder round after round has not found the competition market testing exists for; ' +
      'the guidelines (実施要項) may shut others out, or the market may be thin.',
  },
  MT03: {
    title: 'Same winner in every round (毎回同じ落札者)',
    titleJa: '毎回同じ落札者',
    why:
      'An incumbent winning every round of a service may enjoy an information advantage the disclosure of past ' +
      'performance (従来の実施状況の開示) should remove; it may also simply be the best.',
  },
  MT04: {
    title: 'Negotiated contract after a failed round (不落随意契約)',
    titleJa: '不落随意契約',
    why:
      'After a failed round the contract was negotiated with one firm (予決令 第99条の2) instead of tendered again, ' +
      'so no competition set the price; it is lawful and sometimes the only way to keep the service running.',
  },
  MT05: {
    title: 'Exit decided after a single-bid round (一者応札のまま終了)',
    titleJa: '一者応札のまま終了',
    why:
      "The committee's usual exit criteria ask for real competition (more than one bidder); leaving market testing " +
      'after a single-bid round deserves a second look, though other evidence may have justified it.',
  },
};

registerEnumType(RedFlagCode, {
  name: 'RedFlagCode',
  description:
    "A red flag (reason to look, never a verdict): R… are the Open Contracting Partnership's Cardinal indicators, " +
    'MT… the market-testing ones.',
  valuesConfig: Object.fromEntries(Object.entries(RED_FLAGS).map(([code, d]) => [code, { description: `${d.title}. ${d.why}` }])),
});

registerEnumType(RedFlagSubject, {
  name: 'RedFlagSubject',
  description: 'What a red flag is about.',
  valuesConfig: {
    TENDER: { description: '入札 (a tender round).' },
    BIDDER: { description: '事業者 (a bidder, across every round it bid in).' },
    MINISTRY: { description: '府省庁等 (a ministry as buyer, across its rounds).' },
  },
});

/** Whether a code is one of the market-testing flags (computed here, not by the Cardinal engine). */
export function isMarketTestingCode(code: RedFlagCode): boolean {
  return code.startsWith('MT');
}
