import { BeforeCreate, BeforeUpdate, Entity, Enum, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { SourcedEntity } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { CorporateNumberScalar } from '../../core/graphql/scalars/code.scalar.js';
import { normaliseForSearch } from '../../core/text/search-text.js';
import { BidderKind } from './tender.enum.js';

/** 事業者: a firm (or the ministry's own unit) that bids. Shared by all ministries. */
@Entity({ tableName: 'bidder' })
@ObjectType('Bidder', {
  implements: Node,
  description: "事業者 (a bidder: a private firm, or the ministry's own unit in public-private bidding).",
})
export class Bidder extends SourcedEntity<'searchText' | 'corporateNumber' | 'version'> {
  @Field(() => String, { description: '事業者名 (name).' })
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Field(() => CorporateNumberScalar, {
    nullable: true,
    description: "法人番号 (corporate number); null for the government's own in-house bidder.",
  })
  @Property({ type: 'string', columnType: 'varchar(13)', length: 13, nullable: true, unique: true })
  corporateNumber?: string | null;

  @Field(() => BidderKind, { description: '種別 (private firm or public sector).' })
  @Enum({ items: () => BidderKind, type: 'string' })
  kind!: BidderKind;

  @Field(() => Int, {
    description: 'Version for optimistic concurrency: pass it as `expectedVersion` when correcting or merging the bidder.',
  })
  @Property({ version: true, type: 'integer' })
  version: number = 1;

  /** Name, NFKC-normalised and lower-cased, for substring search. */
  @Property({ type: 'text' })
  searchText: string = '';

  @BeforeCreate()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = normaliseForSearch(this.name);
  }
}
