import { registerEnumType } from 'type-graphql';
import type { LabelSet } from '../../core/text/labels.js';

/**
 * A tender round's lifecycle (write-side issue): PLANNED → OPEN → CLOSED → AWARDED |
 * UNSUCCESSFUL, and CANCELLED from any state before award.
 */
export enum TenderStatus {
  PLANNED = 'PLANNED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  AWARDED = 'AWARDED',
  UNSUCCESSFUL = 'UNSUCCESSFUL',
  CANCELLED = 'CANCELLED',
}

registerEnumType(TenderStatus, {
  name: 'TenderStatus',
  description: '入札の状態 (status of a tender round).',
  valuesConfig: {
    PLANNED: { description: '予定 (planned; not yet announced).' },
    OPEN: { description: '公告中 (announced; bids are being accepted). Bids are sealed.' },
    CLOSED: { description: '締切 (bidding closed, bids not yet opened). Bids are sealed.' },
    AWARDED: { description: '落札 (awarded to a winning bid). Bids are public.' },
    UNSUCCESSFUL: { description: '不調・不落 (no valid bid, or none within the reserve price). Bids are public.' },
    CANCELLED: { description: '中止 (cancelled before award).' },
  },
});

/** How the winner is chosen (落札方式). */
export enum AwardCriteria {
  LOWEST_PRICE = 'LOWEST_PRICE',
  RATED = 'RATED',
}

registerEnumType(AwardCriteria, {
  name: 'AwardCriteria',
  description: '落札方式 (how the winner is chosen).',
  valuesConfig: {
    LOWEST_PRICE: { description: '最低価格落札方式 (lowest valid price wins).' },
    RATED: { description: '総合評価落札方式 (highest total score of price and quality wins).' },
  },
});

/** The state of one bid (応札). */
export enum BidStatus {
  SUBMITTED = 'SUBMITTED',
  VALID = 'VALID',
  INVALID = 'INVALID',
  WON = 'WON',
  LOST = 'LOST',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(BidStatus, {
  name: 'BidStatus',
  description: '応札の状態 (status of a bid).',
  valuesConfig: {
    SUBMITTED: { description: '提出 (submitted, not yet checked).' },
    VALID: { description: '有効 (valid: within the reserve price and the requirements).' },
    INVALID: { description: '無効 (invalid, e.g. above the reserve price or failing a requirement).' },
    WON: { description: '落札 (the winning bid).' },
    LOST: { description: '非落札 (a valid bid that did not win).' },
    WITHDRAWN: { description: '辞退 (withdrawn by the bidder).' },
  },
});

/** Private firm, or the ministry's own unit in a public-private tender (官民競争入札). */
export enum BidderKind {
  PRIVATE = 'PRIVATE',
  PUBLIC_SECTOR = 'PUBLIC_SECTOR',
}

registerEnumType(BidderKind, {
  name: 'BidderKind',
  description: '事業者の種別 (kind of bidder).',
  valuesConfig: {
    PRIVATE: { description: '民間事業者 (a private firm).' },
    PUBLIC_SECTOR: { description: "官 (the ministry's own unit bidding in 官民競争入札; has no 法人番号)." },
  },
});

/** Fields `tenders` can be ordered by (docs/api.md "Order fields"). */
export enum TenderOrderField {
  ROUND = 'ROUND',
  ANNOUNCED_ON = 'ANNOUNCED_ON',
  CONTRACT_AMOUNT = 'CONTRACT_AMOUNT',
  NUMBER_OF_BIDDERS = 'NUMBER_OF_BIDDERS',
  UPDATED_AT = 'UPDATED_AT',
}

registerEnumType(TenderOrderField, {
  name: 'TenderOrderField',
  description: 'Orders tender rounds; ties are broken by id; empty values (e.g. no contract amount yet) come last.',
  valuesConfig: {
    ROUND: { description: '回次 (round within its service or pilot).' },
    ANNOUNCED_ON: { description: '入札公告日 (announcement date).' },
    CONTRACT_AMOUNT: { description: '契約金額 (contract amount; rounds without one come last).' },
    NUMBER_OF_BIDDERS: { description: '応札者数 (number of bidders; sealed rounds count as unknown and come last).' },
    UPDATED_AT: { description: '更新日時 (last change).' },
  },
});

/** Fields `bidders` can be ordered by. */
export enum BidderOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}

registerEnumType(BidderOrderField, {
  name: 'BidderOrderField',
  description: 'Orders bidders; ties are broken by id.',
  valuesConfig: {
    NAME: { description: '事業者名 (name, in Unicode code-point order).' },
    CREATED_AT: { description: '登録日時 (when the bidder was registered).' },
  },
});

/** Fields bids can be ordered by. */
export enum BidOrderField {
  AMOUNT = 'AMOUNT',
  TOTAL_SCORE = 'TOTAL_SCORE',
  SUBMITTED_AT = 'SUBMITTED_AT',
}

registerEnumType(BidOrderField, {
  name: 'BidOrderField',
  description: 'Orders bids; ties are broken by id; missing scores come last.',
  valuesConfig: {
    AMOUNT: { description: '入札金額 (bid amount).' },
    TOTAL_SCORE: { description: '総合評価点 (total score).' },
    SUBMITTED_AT: { description: '提出日時 (submission time).' },
  },
});

// Japanese labels (core/text/labels.ts): the first is read in the API's `…Label` fields and written by exports.
export const AWARD_CRITERIA_LABELS: LabelSet<AwardCriteria> = {
  what: '落札方式',
  labels: { LOWEST_PRICE: ['最低価格落札方式', '最低価格'], RATED: ['総合評価落札方式', '総合評価'] },
};

export const TENDER_STATUS_LABELS: LabelSet<TenderStatus> = {
  what: '状態',
  labels: {
    PLANNED: ['予定'],
    OPEN: ['公告中'],
    CLOSED: ['締切'],
    AWARDED: ['落札'],
    UNSUCCESSFUL: ['不調', '不調・不落', '不落'],
    CANCELLED: ['中止'],
  },
};

export const BID_STATUS_LABELS: LabelSet<BidStatus> = {
  what: '結果',
  labels: {
    WON: ['落札'],
    LOST: ['非落札'],
    INVALID: ['無効'],
    WITHDRAWN: ['辞退'],
    VALID: ['有効'],
    SUBMITTED: ['提出'],
  },
};

export const BIDDER_KIND_LABELS: LabelSet<BidderKind> = {
  what: '事業者種別',
  labels: { PRIVATE: ['民間'], PUBLIC_SECTOR: ['官'] },
};
