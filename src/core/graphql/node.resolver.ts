import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { badUserInput } from './errors.js';
import type { Context } from './context.js';
import { fromGlobalId } from './global-id.js';
import { Node } from './node.interface.js';

/** Fetches one object of a type by primary key, applying that type's visibility rules. */
export type NodeFetcher = (ctx: Context, id: number) => Promise<object | null>;

export const MAX_NODES = 100;

/** One object by its global id through its type's fetcher; null for an unknown type or id. */
export function fetchNode(fetchers: Readonly<Record<string, NodeFetcher>>, ctx: Context, globalId: string): Promise<object | null> {
  const key = fromGlobalId(globalId);
  const fetcher = key ? fetchers[key.typeName] : undefined;
  return key && fetcher ? fetcher(ctx, key.id) : Promise.resolve(null);
}

/** `node(id)` and `nodes(ids)` over a registry of fetchers (docs/api.md "Global IDs"). */
export function createNodeResolver(fetchers: Readonly<Record<string, NodeFetcher>>) {
  const fetch = (ctx: Context, globalId: string) => fetchNode(fetchers, ctx, globalId);

  @Resolver()
  class NodeResolver {
    @Query(() => Node, { nullable: true, description: 'Any object by its global id; null if there is none or the caller may not see it.' })
    node(@Arg('id', () => ID, { description: 'A global id from any `id` field.' }) id: string, @Ctx() ctx: Context) {
      return fetch(ctx, id);
    }

    @Query(() => [Node], {
      nullable: 'items',
      description: `Objects by their global ids, in the same order (at most ${MAX_NODES}); null for each that does not exist or may not be seen.`,
    })
    nodes(@Arg('ids', () => [ID], { description: 'Global ids.' }) ids: string[], @Ctx() ctx: Context) {
      if (ids.length > MAX_NODES) throw badUserInput(`\`ids\` may hold at most ${MAX_NODES} ids (got ${ids.length})`, 'ids');
      return Promise.all(ids.map((id) => fetch(ctx, id)));
    }
  }
  return NodeResolver;
}
