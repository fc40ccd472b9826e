import { withFiscalYears } from '../../core/graphql/fiscal-year-filter.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage } from '../../core/graphql/pagination/list-query.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { ministryById } from '../ministry/ministry.loaders.js';
import { Bidder } from '../tender/bidder.entity.js';
import { isOpened } from '../seal/seal.service.js';
import { Tender } from '../tender/tender.entity.js';
import { bidderById, tenderById } from '../tender/tender.loaders.js';
import { RedFlag } from './red-flag.entity.js';
import { RedFlagSubject } from './red-flag.enum.js';
import { RedFlagFilter } from './red-flag.inputs.js';
import { ministryRedFlags, RED_FLAG_ORDERING, redFlagsBySubject, redFlagSource } from './red-flag.loaders.js';
import { withMinistryCodes } from '../ministry/ministry.loaders.js';

export const RedFlagConnection = connectionType(RedFlag, 'RedFlag', 'red flags');

const REASON = 'A flag is a reason to look, never a verdict (README.md "Red flags").';

@Resolver(() => RedFlag)
export class RedFlagResolver {
  @Query(() => RedFlagConnection, { description: `赤信号 (red flags of rounds, bidders and ministries), in code order. ${REASON}` })
  async redFlags(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => RedFlagFilter, { nullable: true, description: 'Conditions the flags must meet.' }) filter: RedFlagFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(
      ctx.db,
      redFlagSource(ctx, await withMinistryCodes(ctx, withFiscalYears(filter, [['fiscalYear', 'year']]))),
      RED_FLAG_ORDERING,
      pageWindow(args),
      listReads(ctx, info),
    );
  }

  @FieldResolver(() => Tender, { nullable: true, description: "入札 (the round flagged; null for a bidder's or ministry's flag)." })
  tender(@Root() flag: RedFlag, @Ctx() ctx: Context) {
    return flag.subjectType === RedFlagSubject.TENDER ? tenderById(ctx).load(flag.subjectId) : null;
  }

  @FieldResolver(() => Bidder, { nullable: true, description: '事業者 (the bidder flagged; null otherwise).' })
  bidder(@Root() flag: RedFlag, @Ctx() ctx: Context) {
    return flag.subjectType === RedFlagSubject.BIDDER ? bidderById(ctx).load(flag.subjectId) : null;
  }

  @FieldResolver(() => Ministry, { nullable: true, description: '府省 (the ministry flagged; null otherwise).' })
  ministry(@Root() flag: RedFlag, @Ctx() ctx: Context) {
    return flag.subjectType === RedFlagSubject.MINISTRY ? ministryById(ctx).load(flag.subjectId) : null;
  }
}

@Resolver(() => Tender)
export class TenderRedFlagsResolver {
  @FieldResolver(() => [RedFlag], { description: `赤信号 (the round's red flags; none while its bids are sealed). ${REASON}` })
  async redFlags(@Root() tender: Tender, @Ctx() ctx: Context): Promise<RedFlag[]> {
    // Only opened rounds are ever flagged (red-flag-compute.service.ts); a sealed one costs no query.
    if (!isOpened(tender.status)) return [];
    return redFlagsBySubject(ctx, RedFlagSubject.TENDER).load(tender.id);
  }
}

@Resolver(() => Bidder)
export class BidderRedFlagsResolver {
  @FieldResolver(() => [RedFlag], { description: `赤信号 (the bidder's red flags, across the opened rounds it bid in). ${REASON}` })
  redFlags(@Root() bidder: Bidder, @Ctx() ctx: Context): Promise<RedFlag[]> {
    return redFlagsBySubject(ctx, RedFlagSubject.BIDDER).load(bidder.id);
  }
}

@Resolver(() => Ministry)
export class MinistryRedFlagsResolver {
  @FieldResolver(() => [RedFlag], {
    description:
      `赤信号 (the ministry's red flags: first its own as buyer (R038), then one entry per flag its opened rounds carry, whose value ` +
      `is how many of its rounds carry it; the rounds themselves are in \`redFlags(filter: { ministryCodes })\`). ${REASON}`,
  })
  redFlags(@Root() ministry: Ministry, @Ctx() ctx: Context): Promise<RedFlag[]> {
    return ministryRedFlags(ctx).load(ministry.id);
  }
}
