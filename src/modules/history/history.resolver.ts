import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import type { ClassType } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { toGlobalId } from '../../core/graphql/global-id.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { Actor } from './actor.type.js';
import { Change } from './change.entity.js';
import { ChangeFilter } from './history.inputs.js';
import { CHANGE_ORDERING, changeSource } from './history.loaders.js';

export const ChangeConnection = connectionType(Change, 'Change', 'changes');

@Resolver(() => Change)
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description: '変更履歴 (every recorded change, newest first), for auditors. Entries about sealed bids appear once the round is opened.',
  })
  changes(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ChangeFilter, { nullable: true, description: 'Conditions the changes must meet.' }) filter: ChangeFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(ctx.db, changeSource(ctx, { filter }), CHANGE_ORDERING, pageWindow(args), listReads(ctx, info));
  }

  @FieldResolver(() => Actor, { description: '変更者 (who made the change).' })
  actor(@Root() change: Change): Actor {
    return { id: change.actorTokenId ? toGlobalId('Actor', change.actorTokenId) : null, name: change.actorName, role: change.actorRole };
  }

  @FieldResolver(() => ID, { description: 'Global id of the object changed (`node(id)` fetches it).' })
  objectId(@Root() change: Change): string {
    return toGlobalId(change.objectType, change.objectId);
  }
}

/** Adds `history` (newest first) to a mutable type. */
export function historyResolverFor<T extends { id: number }>(type: ClassType<T>, typeName: string): ClassType<object> {
  @Resolver(() => type)
  class HistoryResolver {
    @FieldResolver(() => ChangeConnection, { description: '変更履歴 (changes to this object, newest first).' })
    history(@Root() object: T, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
      return pageByParent(ctx, `${typeName}.history`, args, {
        source: changeSource(ctx, { objectType: typeName }),
        ordering: CHANGE_ORDERING,
        window: pageWindow(args),
        parentColumn: 'object_id',
      }).load(object.id);
    }
  }
  Object.defineProperty(HistoryResolver, 'name', { value: `${typeName}HistoryResolver` });
  return HistoryResolver;
}
