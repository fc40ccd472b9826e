import { labelOf } from '../../core/text/labels.js';
import { BID_STATUS_LABELS } from './tender.enum.js';
import { Ctx, Extensions, FieldResolver, Resolver, Root } from 'type-graphql';
import { readWithParent, relationById } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { Bid } from './bid.entity.js';
import { Bidder } from './bidder.entity.js';
import { Tender } from './tender.entity.js';
import { bidderById, tenderById } from './tender.loaders.js';

@Resolver(() => Bid)
export class BidResolver {
  @FieldResolver(() => Tender, { description: '入札 (the round this bid was made in).' })
  @Extensions(readWithParent(relationById(Tender, 'tender', 'tender_id')))
  tender(@Root() bid: Bid, @Ctx() ctx: Context) {
    return tenderById(ctx).load(bid.tender.id);
  }

  @FieldResolver(() => Bidder, { description: '事業者 (who made the bid).' })
  @Extensions(readWithParent(relationById(Bidder, 'bidder', 'bidder_id')))
  bidder(@Root() bid: Bid, @Ctx() ctx: Context) {
    return bidderById(ctx).load(bid.bidder.id);
  }

  @FieldResolver(() => String, { description: '状態 in Japanese, e.g. 非落札 (what exports and the example CLIs print).' })
  statusLabel(@Root() bid: Bid): string {
    return labelOf(BID_STATUS_LABELS, bid.status);
  }
}
