import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { ministryById } from '../ministry/ministry.loaders.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { municipalityById } from '../municipality/municipality.loaders.js';
import { ViewerInfo } from './viewer.type.js';

@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: 'Who the caller is (from the `Authorization: Bearer` token; ANONYMOUS without one).' })
  viewer(@Ctx() ctx: Context): ViewerInfo {
    const { role, name, ministryId, municipalityId } = ctx.viewer;
    return { role, name, ministryId, municipalityId };
  }

  @FieldResolver(() => Ministry, { nullable: true, description: '府省 (for a MINISTRY token: the ministry it is bound to).' })
  ministry(@Root() viewer: ViewerInfo, @Ctx() ctx: Context) {
    return viewer.ministryId ? ministryById(ctx).load(viewer.ministryId) : null;
  }

  @FieldResolver(() => Municipality, {
    nullable: true,
    description: '地方公共団体 (for a MUNICIPALITY token: the local government it is bound to).',
  })
  municipality(@Root() viewer: ViewerInfo, @Ctx() ctx: Context) {
    return viewer.municipalityId ? municipalityById(ctx).load(viewer.municipalityId) : null;
  }
}
