import { Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { hydrateRow } from '../../core/graphql/entity-rows.js';
import { EventFilter } from './event-filter.inputs.js';
import { PublicEvent } from './public-event.entity.js';
import type { PublicEventRow } from './public-event.hub.js';
import { eventFilterArgument } from './saved-search.service.js';

/** WebSocket close code for a subscriber that fell too far behind (policy violation). */
export const TOO_SLOW_CLOSE_CODE = 1008;

/**
 * `publicEvents`: the events committed from the moment of subscribing that match the
 * filter (docs/notifications.md "Subscriptions"), over WebSocket only. Each event is resolved
 * with the subscriber's own viewer, afresh: nested fields read the data as it is now and obey
 * the seal for the subscriber's role.
 */
@Resolver()
export class PublicEventSubscriptionResolver {
  @Subscription(() => PublicEvent, {
    description:
      '通知の購読: every public event committed from now on that matches the filter, as it happens (graphql-transport-ws over WebSocket at /graphql; docs/notifications.md "Subscriptions").',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      // Checked and normalised as the query's (ministries by name kept as codes).
      const filter = await eventFilterArgument(ctx.em, (args as { filter?: EventFilter | null }).filter ?? null);
      const link = ctx.subscription;
      if (!link) throw new Error('subscriptions are served over WebSocket (graphql-transport-ws) at /graphql');
      return link.events.subscribe(filter, (error) => link.drop(TOO_SLOW_CLOSE_CODE, error.message));
    },
  })
  async publicEvents(
    @Root() row: PublicEventRow,
    @Ctx() ctx: Context,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events to hear of (all when absent).' })
    _filter?: EventFilter | null,
  ): Promise<PublicEvent> {
    await ctx.subscription?.beforeEvent(ctx);
    return hydrateRow(ctx, PublicEvent, row);
  }
}
