import { Field, ObjectType } from 'type-graphql';
import { payloadType } from '../../core/graphql/mutation.js';
import { UserError } from '../../core/graphql/user-error.js';
import { SavedSearch } from './saved-search.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** A saved search as written, with the webhook's signing secret when this write made one. */
export interface SavedSearchWrite {
  savedSearch: SavedSearch;
  webhookSecret: string | null;
}

@ObjectType('SavedSearchPayload', { description: 'Result of createSavedSearch, updateSavedSearch and rotateWebhookSecret.' })
export class SavedSearchPayload {
  @Field(() => SavedSearch, { nullable: true, description: 'The saved search written; null when refused.' })
  savedSearch!: SavedSearch | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The webhook's signing secret (whsec_…), answered only by the write that made it: keep it, it is never shown again " +
      '(rotateWebhookSecret makes a new one). Receivers check `Tracker-Signature` with it (docs/notifications.md "Verifying").',
  })
  webhookSecret!: string | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success. Nothing is written when this is not empty.' })
  userErrors!: UserError[];
}

export const DeleteSavedSearchPayload = payloadType(
  SavedSearch,
  'savedSearch',
  'DeleteSavedSearchPayload',
  'Result of deleteSavedSearch: the search as it was.',
);

export const RedeliverWebhookPayload = payloadType(
  WebhookDelivery,
  'delivery',
  'RedeliverWebhookPayload',
  'Result of redeliverWebhook: the delivery, pending again.',
);
