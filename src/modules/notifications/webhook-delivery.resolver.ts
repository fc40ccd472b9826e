import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { runMutation } from '../../core/graphql/mutation.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { pageByParent } from '../../core/graphql/pagination/list-query.js';
import {
  ATTEMPT_LOG_LIMIT,
  attemptLogOf,
  DELIVERY_ORDERING,
  deliverySource,
  publicEventById,
  visibleSavedSearchById,
} from './notifications.loaders.js';
import { RedeliverWebhookPayload } from './notifications.payloads.js';
import { PublicEvent } from './public-event.entity.js';
import { WebhookDeliveryStatus } from './public-event.enum.js';
import { SavedSearch } from './saved-search.entity.js';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity.js';
import { redeliverWebhook } from './webhook-delivery.service.js';
import { RedeliverWebhookInput } from './saved-search.inputs.js';

export const WebhookDeliveryConnection = connectionType(WebhookDelivery, 'WebhookDelivery', 'webhook deliveries');

@Resolver(() => SavedSearch)
export class SavedSearchDeliveriesResolver {
  @FieldResolver(() => WebhookDeliveryConnection, {
    description: "配信 (the webhook's deliveries, newest first; delivered and dead ones are kept WEBHOOK_RETENTION_DAYS).",
  })
  deliveries(
    @Root() search: SavedSearch,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this state.' })
    status: WebhookDeliveryStatus | null,
    @Ctx() ctx: Context,
  ) {
    return pageByParent(
      ctx,
      'SavedSearch.deliveries',
      { ...args, status },
      {
        source: deliverySource(ctx, status),
        ordering: DELIVERY_ORDERING,
        window: pageWindow(args),
        parentColumn: 'saved_search_id',
      },
    ).load(search.id);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => PublicEvent, { description: 'The event it carries.' })
  async event(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context) {
    return publicEventById(ctx).load(delivery.event.id);
  }

  @FieldResolver(() => SavedSearch, { description: 'The saved search whose webhook it goes to.' })
  async savedSearch(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context) {
    return visibleSavedSearchById(ctx).load(delivery.savedSearch.id);
  }

  @FieldResolver(() => [WebhookAttempt], {
    description: `送信の記録 (its tries, oldest first: at most the last ${ATTEMPT_LOG_LIMIT}, redeliveries' series included).`,
  })
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context) {
    return attemptLogOf(ctx).load(delivery.id);
  }

  @Mutation(() => RedeliverWebhookPayload, {
    description:
      "Sends a delivery again from the start (a dead one, or one to send once more): PENDING, due now, its tries counted afresh. The saved search's owner or an admin.",
  })
  redeliverWebhook(
    @Arg('input', () => RedeliverWebhookInput, { description: 'The delivery.' }) input: RedeliverWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => redeliverWebhook(em, actor, input.id));
  }
}
