import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { CorporateNumberScalar } from '../../core/graphql/scalars/code.scalar.js';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { AwardCriteria, BidderKind, BidderOrderField, BidOrderField, TenderOrderField, TenderStatus } from './tender.enum.js';
import { FiscalYearScalar } from '../../core/graphql/scalars/fiscal-year.scalar.js';
import { TargetProjectCategory } from '../project/project.enum.js';

@InputType('TenderFilter', { description: 'Narrows a list of tender rounds; all given conditions must hold.' })
export class TenderFilter {
  @Field(() => String, {
    nullable: true,
    description:
      "Words in the round's title, its service's name or summary, or (once the round is opened) a bidder's name, e.g. \"窓口 日本郵便\": " +
      'several words separated by spaces must all occur, each in any of these (full- and half-width forms match).',
  })
  query?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only rounds of services owned by these ministries (codes or Japanese names, e.g. ["MOJ"]; an unknown one is BAD_USER_INPUT naming the closest).',
  })
  ministryCodes?: string[] | null;

  @Field(() => [TargetProjectCategory], { nullable: true, description: 'Only rounds of services of these categories (分野).' })
  categories?: TargetProjectCategory[] | null;

  @Field(() => [TenderStatus], { nullable: true, description: 'Only rounds in these states.' })
  statuses?: TenderStatus[] | null;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Use `year`, which also takes 令和6年度, R6 or FY2024.',
    description: 'Only rounds announced in this fiscal year (April–March, named by its start year).',
  })
  fiscalYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only rounds announced in this fiscal year: 2024, "令和6年度", "R6" or "FY2024" (April–March, named by its start year).',
  })
  year?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only rounds announced in this fiscal year or later (2024, "令和6年度", "R6" or "FY2024").',
  })
  fromYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only rounds announced in this fiscal year or earlier (2024, "令和6年度", "R6" or "FY2024").',
  })
  toYear?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only opened rounds with exactly one bidder (一者応札); false: only opened rounds with other counts.',
  })
  singleBidOnly?: boolean | null;

  @Field(() => [AwardCriteria], { nullable: true, description: 'Only rounds with these award criteria.' })
  awardCriteria?: AwardCriteria[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only rounds that are (true) or are not (false) negotiated contracts after a failed round.',
  })
  negotiatedAfterFailure?: boolean | null;
}

@InputType('TenderOrder', { description: 'How to order tender rounds.' })
export class TenderOrder {
  @Field(() => TenderOrderField, { description: 'The field to order by.' })
  field!: TenderOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}

@InputType('BidOrder', { description: 'How to order bids.' })
export class BidOrder {
  @Field(() => BidOrderField, { description: 'The field to order by.' })
  field!: BidOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}

@InputType('BidderFilter', { description: 'Narrows a list of bidders; all given conditions must hold.' })
export class BidderFilter {
  @Field(() => String, { nullable: true, description: 'Substring of the name (full- and half-width forms match).' })
  query?: string | null;

  @Field(() => [BidderKind], { nullable: true, description: 'Only bidders of these kinds.' })
  kinds?: BidderKind[] | null;

  @Field(() => CorporateNumberScalar, { nullable: true, description: 'Only the bidder with this 法人番号.' })
  corporateNumber?: string | null;
}

@InputType('BidderOrder', { description: 'How to order bidders.' })
export class BidderOrder {
  @Field(() => BidderOrderField, { description: 'The field to order by.' })
  field!: BidderOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}

@InputType('CreateTenderInput', {
  description:
    'A new tender round (PLANNED) for a target service in TENDERING or a local pilot in TENDERING: give exactly one of projectId and localPilotId.',
})
export class CreateTenderInput {
  @Field(() => ID, { nullable: true, description: 'The target service tendered.' })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The local pilot tendered.' })
  localPilotId?: string | null;

  @Field(() => String, { description: '件名 (title, at most 300 characters).' })
  title!: string;

  @Field(() => AwardCriteria, { description: '落札方式 (lowest price or rated).' })
  awardCriteria!: AwardCriteria;

  @Field(() => DateScalar, { description: '入札公告日 (announcement date).' })
  announcedOn!: string;

  @Field(() => DateScalar, { description: '入札締切日 (bid deadline; not before the announcement).' })
  bidDeadline!: string;

  @Field(() => YenScalar, { nullable: true, description: '予定価格 (reserve price, tax excluded; sealed until the round is opened).' })
  reservePriceYen?: number | null;

  @Field(() => DateScalar, { description: '契約開始日 (contract start; not before the bid deadline).' })
  contractStart!: string;

  @Field(() => DateScalar, { description: '契約終了日 (contract end; not before the start).' })
  contractEnd!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      '不落随意契約: a negotiated contract after the previous round failed (予決令 99条の2); allowed only right after an UNSUCCESSFUL round.',
  })
  negotiatedAfterFailure?: boolean | null;
}

@InputType('UpdateTenderInput', { description: 'Changes to a round before it closes (PLANNED or OPEN); only the fields given change.' })
export class UpdateTenderInput {
  @Field(() => ID, { description: 'The round.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: '件名 (new title).' })
  title?: string | null;

  @Field(() => AwardCriteria, { nullable: true, description: '落札方式 (only while PLANNED).' })
  awardCriteria?: AwardCriteria | null;

  @Field(() => DateScalar, { nullable: true, description: '入札公告日.' })
  announcedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '入札締切日.' })
  bidDeadline?: string | null;

  @Field(() => YenScalar, { nullable: true, description: '予定価格.' })
  reservePriceYen?: number | null;

  @Field(() => DateScalar, { nullable: true, description: '契約開始日.' })
  contractStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '契約終了日.' })
  contractEnd?: string | null;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history).' })
  note?: string | null;
}

@InputType('TransitionTenderInput', {
  description: 'Moves a round: PLANNED → OPEN → CLOSED, or to CANCELLED or UNSUCCESSFUL (an award goes through awardTender).',
})
export class TransitionTenderInput {
  @Field(() => ID, { description: 'The round.' })
  id!: string;

  @Field(() => TenderStatus, { description: 'The state to move to.' })
  to!: TenderStatus;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history; the reason, for CANCELLED and UNSUCCESSFUL).' })
  note?: string | null;
}

@InputType('RecordBidInput', {
  description: 'A bid received in an OPEN or CLOSED round; one per bidder per round. A bid above the reserve price is recorded as INVALID.',
})
export class RecordBidInput {
  @Field(() => ID, { description: 'The round.' })
  tenderId!: string;

  @Field(() => ID, { description: 'The bidder (createBidder first if new).' })
  bidderId!: string;

  @Field(() => YenScalar, { description: '入札金額 (amount, tax excluded; more than 0).' })
  amountYen!: number;

  @Field(() => Float, { nullable: true, description: '技術点 (technical score, 0–100,000; for RATED rounds).' })
  technicalScore?: number | null;

  @Field(() => Float, { nullable: true, description: '総合評価点 (total score, 0–100,000; required in RATED rounds).' })
  totalScore?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: '提出日時 (when it was submitted; default now).' })
  submittedAt?: Date | null;
}

@InputType('AwardTenderInput', {
  description:
    'Awards a CLOSED round to a valid bid: the lowest valid amount (LOWEST_PRICE) or the highest total score (RATED), unless an override reason is given.',
})
export class AwardTenderInput {
  @Field(() => ID, { description: 'The round.' })
  tenderId!: string;

  @Field(() => ID, { description: 'The winning bid (a VALID bid of this round).' })
  winningBidId!: string;

  @Field(() => YenScalar, { description: '契約金額 (contract amount, tax excluded, for the whole period; more than 0).' })
  contractAmountYen!: number;

  @Field(() => Int, { description: "The round's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Why a bid other than the one the criteria pick wins (kept in the history); without it such an award is refused (AWARD_RULE).',
  })
  overrideReason?: string | null;
}

@InputType('MarkTenderUnsuccessfulInput', {
  description:
    '不調・不落: a CLOSED round ends without a valid bid (bids still valid are declared INVALID with the reason). The service goes back to GUIDELINES_DRAFTING unless a negotiated contract follows.',
})
export class MarkTenderUnsuccessfulInput {
  @Field(() => ID, { description: 'The round.' })
  tenderId!: string;

  @Field(() => Int, { description: "The round's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => String, { description: 'Why it failed (e.g. 入札者なし, 予定価格超過).' })
  reason!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'true: a negotiated contract (随意契約, 予決令 99条の2) follows, so the service stays TENDERING for that round.',
  })
  negotiatedContractFollows?: boolean | null;
}

@InputType('CancelTenderInput', { description: '中止: cancels a round before award. Its bids stay sealed.' })
export class CancelTenderInput {
  @Field(() => ID, { description: 'The round.' })
  tenderId!: string;

  @Field(() => Int, { description: "The round's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => String, { description: 'Why it was cancelled.' })
  reason!: string;
}

@InputType('CreateBidderInput', { description: 'A new bidder, shared by everyone.' })
export class CreateBidderInput {
  @Field(() => String, { description: '事業者名 (name, at most 300 characters).' })
  name!: string;

  @Field(() => CorporateNumberScalar, {
    nullable: true,
    description: "法人番号 (unique; absent for the government's own in-house bidder).",
  })
  corporateNumber?: string | null;

  @Field(() => BidderKind, { description: '種別 (private firm or public sector).' })
  kind!: BidderKind;
}

@InputType('WithdrawBidInput', { description: '辞退: a bid withdrawn before the round is opened (docs/domain.md "Corrections").' })
export class WithdrawBidInput {
  @Field(() => ID, { description: 'The bid.' })
  id!: string;

  @Field(() => Int, { description: "The bid's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: '理由 (why, kept in the history; at most 2,000 characters).' })
  note?: string | null;
}

@InputType('CorrectBidInput', {
  description: 'A bid recorded wrongly, corrected before the round is opened (docs/domain.md "Corrections"); only the given fields change.',
})
export class CorrectBidInput {
  @Field(() => ID, { description: 'The bid.' })
  id!: string;

  @Field(() => Int, { description: "The bid's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => YenScalar, { nullable: true, description: '入札金額 (the amount as submitted, tax excluded; more than 0).' })
  amountYen?: number | null;

  @Field(() => Float, { nullable: true, description: '技術点 (technical score, 0–100,000).' })
  technicalScore?: number | null;

  @Field(() => Float, { nullable: true, description: '総合評価点 (total score, 0–100,000).' })
  totalScore?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: '提出日時 (when it was submitted).' })
  submittedAt?: Date | null;

  @Field(() => String, { description: '理由 (what was wrong, kept in the history; at most 2,000 characters).' })
  note!: string;
}

@InputType('RenameBidderInput', { description: "A bidder's registered name (or missing 法人番号) corrected; ADMIN only." })
export class RenameBidderInput {
  @Field(() => ID, { description: 'The bidder.' })
  id!: string;

  @Field(() => Int, { description: "The bidder's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => String, { description: '事業者名 (the name as it should be, at most 300 characters).' })
  name!: string;

  @Field(() => CorporateNumberScalar, {
    nullable: true,
    description: '法人番号, when the bidder has none yet (one already registered to another bidder is DUPLICATE: merge them instead).',
  })
  corporateNumber?: string | null;

  @Field(() => String, { nullable: true, description: '理由 (kept in the history).' })
  note?: string | null;
}

@InputType('MergeBiddersInput', {
  description:
    'Two bidder rows that are one company, made one: the bids of `mergeId` move to `keepId`, which gets its 法人番号 if it has none; ADMIN only.',
})
export class MergeBiddersInput {
  @Field(() => ID, { description: 'The bidder that stays.' })
  keepId!: string;

  @Field(() => Int, { description: "The staying bidder's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => ID, { description: 'The bidder merged into it, which no longer exists afterwards (its history stays).' })
  mergeId!: string;

  @Field(() => String, { nullable: true, description: '理由 (kept in the history).' })
  note?: string | null;
}
