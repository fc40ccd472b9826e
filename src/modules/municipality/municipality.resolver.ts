import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage } from '../../core/graphql/pagination/list-query.js';
import { LocalGovernmentCodeScalar } from '../../core/graphql/scalars/code.scalar.js';
import { Municipality } from './municipality.entity.js';
import { MunicipalityFilter, MunicipalityOrder } from './municipality.inputs.js';
import { municipalityById, municipalityOrdering, municipalitySource } from './municipality.loaders.js';

export const MunicipalityConnection = connectionType(Municipality, 'Municipality', 'local governments');

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => MunicipalityConnection, {
    description: '地方公共団体 (the official list of prefectures, municipalities and designated-city wards; default CODE ASC).',
  })
  municipalities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MunicipalityFilter, { nullable: true, description: 'Conditions the local governments must meet.' })
    filter: MunicipalityFilter | null,
    @Arg('orderBy', () => MunicipalityOrder, { nullable: true, description: 'Order of the list (default CODE ASC).' })
    orderBy: MunicipalityOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(ctx.db, municipalitySource(ctx, filter), municipalityOrdering(orderBy), pageWindow(args), listReads(ctx, info));
  }

  @Query(() => Municipality, {
    nullable: true,
    description: 'One local government by its code (e.g. "131016" 千代田区); null if there is none.',
  })
  municipality(
    @Arg('code', () => LocalGovernmentCodeScalar, { description: '全国地方公共団体コード.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.findOne(Municipality, { code });
  }

  @FieldResolver(() => Municipality, { nullable: true, description: '都道府県 (the prefecture; null for a prefecture itself).' })
  prefecture(@Root() municipality: Municipality, @Ctx() ctx: Context) {
    return municipality.prefecture ? municipalityById(ctx).load(municipality.prefecture.id) : null;
  }

  @FieldResolver(() => Municipality, { nullable: true, description: '政令指定都市 (for a ward: its designated city; otherwise null).' })
  city(@Root() municipality: Municipality, @Ctx() ctx: Context) {
    return municipality.city ? municipalityById(ctx).load(municipality.city.id) : null;
  }
}
