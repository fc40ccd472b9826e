import { labelOf } from '../../core/text/labels.js';
import { BIDDER_KIND_LABELS } from './tender.enum.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads, relatedReads } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { Bidder } from './bidder.entity.js';
import { BidderFilter, BidderOrder, BidOrder } from './tender.inputs.js';
import { bidderOrdering, bidderSource, bidOrdering, bidSource } from './tender.loaders.js';
import { BidConnection } from './tender.resolver.js';

export const BidderConnection = connectionType(Bidder, 'Bidder', 'bidders');

@Resolver(() => Bidder)
export class BidderResolver {
  @Query(() => BidderConnection, { description: "事業者 (bidders: private firms and the government's own units), by name by default." })
  bidders(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => BidderFilter, { nullable: true, description: 'Conditions the bidders must meet.' }) filter: BidderFilter | null,
    @Arg('orderBy', () => BidderOrder, { nullable: true, description: 'Order of the list (default NAME ASC).' })
    orderBy: BidderOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(ctx.db, bidderSource(ctx, filter), bidderOrdering(orderBy), pageWindow(args), listReads(ctx, info));
  }

  @FieldResolver(() => BidConnection, {
    description:
      "応札 (this bidder's bids, lowest amount first by default). Bids in sealed rounds are left out unless the caller may see them.",
  })
  bids(
    @Root() bidder: Bidder,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('orderBy', () => BidOrder, { nullable: true, description: 'Order of the bids (default AMOUNT ASC).' }) orderBy: BidOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return pageByParent(
      ctx,
      'Bidder.bids',
      { args, orderBy },
      {
        source: bidSource(ctx, { sealedVisibleTo: ctx.viewer }),
        ordering: bidOrdering(orderBy),
        window: pageWindow(args),
        parentColumn: 'bidder_id',
        related: relatedReads(ctx, info),
      },
    ).load(bidder.id);
  }

  @FieldResolver(() => String, { description: '事業者種別 in Japanese, e.g. 民間 (what exports and the example CLIs print).' })
  kindLabel(@Root() bidder: Bidder): string {
    return labelOf(BIDDER_KIND_LABELS, bidder.kind);
  }
}
