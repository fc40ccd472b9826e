import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage } from '../../core/graphql/pagination/list-query.js';
import { Ministry } from './ministry.entity.js';
import { MinistryFilter, MinistryOrder } from './ministry.inputs.js';
import { ministryById, ministryOrdering, ministrySource } from './ministry.loaders.js';

export const MinistryConnection = connectionType(Ministry, 'Ministry', 'ministries and agencies');

@Resolver(() => Ministry)
export class MinistryResolver {
  @Query(() => MinistryConnection, { description: '府省庁等 (ministries, agencies and public corporations that own target services).' })
  ministries(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MinistryFilter, { nullable: true, description: 'Conditions the ministries must meet.' })
    filter: MinistryFilter | null,
    @Arg('orderBy', () => MinistryOrder, { nullable: true, description: 'Order of the list (default CODE ASC).' })
    orderBy: MinistryOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(ctx.db, ministrySource(ctx, filter), ministryOrdering(orderBy), pageWindow(args), listReads(ctx, info));
  }

  @Query(() => Ministry, { nullable: true, description: 'One ministry by its code (e.g. "MOJ"); null if there is none.' })
  async ministry(@Arg('code', () => String, { description: '府省コード, e.g. "MHLW".' }) code: string, @Ctx() ctx: Context) {
    return ctx.em.findOne(Ministry, { code });
  }

  @FieldResolver(() => Ministry, { nullable: true, description: '所管府省 (the ministry an agency belongs to; null for a ministry).' })
  parent(@Root() ministry: Ministry, @Ctx() ctx: Context) {
    return ministry.parent ? ministryById(ctx).load(ministry.parent.id) : null;
  }
}
