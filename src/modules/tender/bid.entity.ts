import { DateTimeType, Entity, Enum, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { yenColumn } from '../../core/db/column-types.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { Bidder } from './bidder.entity.js';
import { BidStatus } from './tender.enum.js';
import { Tender } from './tender.entity.js';

/**
 * 応札: one bidder's bid in one round (one bid per bidder per round). Until the round is
 * opened a bid is visible only to the owning ministry (or municipality) and admins: every
 * path that reaches a bid (`Tender.bids`, `Bidder.bids`, `node`, `nodes`) filters it out
 * for anyone else, so the fields below never need a seal of their own.
 */
@Entity({ tableName: 'bid' })
@Unique({ properties: ['tender', 'bidder'] })
@ObjectType('Bid', {
  implements: Node,
  description: "応札 (one bidder's bid in a tender round). Sealed until the round is AWARDED or UNSUCCESSFUL.",
})
export class Bid extends BaseEntity<'status' | 'technicalScore' | 'totalScore' | 'submittedAt' | 'version'> {
  @ManyToOne(() => Tender, { deleteRule: 'restrict' })
  tender!: Rel<Tender>;

  @ManyToOne(() => Bidder, { deleteRule: 'restrict' })
  bidder!: Rel<Bidder>;

  @Field(() => YenScalar, { description: '入札金額 (bid amount in yen, tax excluded; the winning price incl. 10% tax is this × 1.10).' })
  @Property(yenColumn())
  amountYen!: number;

  @Field(() => Float, { nullable: true, description: '技術点 (technical score, in rated tenders).' })
  @Property({ type: 'double', nullable: true })
  technicalScore?: number | null;

  @Field(() => Float, { nullable: true, description: '総合評価点 (total score of price and quality, e.g. 1001.81, in rated tenders).' })
  @Property({ type: 'double', nullable: true })
  totalScore?: number | null;

  @Field(() => BidStatus, { description: '状態 (status of the bid).' })
  @Enum({ items: () => BidStatus, type: 'string' })
  status: BidStatus = BidStatus.SUBMITTED;

  @Field(() => DateTimeScalar, { description: '提出日時 (when the bid was submitted).' })
  @Property({ type: DateTimeType })
  submittedAt: Date = new Date();

  @Field(() => Int, {
    description: 'Version for optimistic concurrency: pass it as `expectedVersion` when withdrawing or correcting the bid.',
  })
  @Property({ version: true, type: 'integer' })
  version: number = 1;
}
