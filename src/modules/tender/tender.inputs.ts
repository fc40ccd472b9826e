import { Field, InputType, Int } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { CorporateNumberScalar } from '../../core/graphql/scalars/code.scalar.js';
import { AwardCriteria, BidderKind, BidderOrderField, BidOrderField, TenderOrderField, TenderStatus } from './tender.enum.js';

@InputType('TenderFilter', { description: 'Narrows a list of tender rounds; all given conditions must hold.' })
export class TenderFilter {
  @Field(() => [String], { nullable: true, description: 'Only rounds of services owned by these ministries (codes, e.g. ["MOJ"]).' })
  ministryCodes?: string[] | null;

  @Field(() => [TenderStatus], { nullable: true, description: 'Only rounds in these states.' })
  statuses?: TenderStatus[] | null;

  @Field(() => Int, { nullable: true, description: 'Only rounds announced in this fiscal year (April–March, named by its start year).' })
  fiscalYear?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only opened rounds with exactly one bidder (一者応札); false: only opened rounds with other counts.',
  })
  singleBidOnly?: boolean | null;

  @Field(() => [AwardCriteria], { nullable: true, description: 'Only rounds with these award criteria.' })
  awardCriteria?: AwardCriteria[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only rounds that are (true) or are not (false) negotiated contracts after a failed round.' })
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
