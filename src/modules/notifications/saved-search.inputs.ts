import { Field, ID, InputType, Int } from 'type-graphql';
import { EventFilter } from './event-filter.inputs.js';

@InputType('CreateSavedSearchInput', {
  description: 'A saved search: a filter over events and, if given, a webhook to POST what matches to.',
})
export class CreateSavedSearchInput {
  @Field(() => String, { description: '名称 (1 to 100 characters).' })
  name!: string;

  @Field(() => EventFilter, { description: 'Which events it wants (an empty filter: every event).' })
  filter!: EventFilter;

  @Field(() => String, {
    nullable: true,
    description:
      'An HTTPS URL that receives each matching event as a signed POST (docs/notifications.md "Webhooks"). ' +
      'Loopback, private and link-local addresses are refused unless the operator allows the host.',
  })
  webhookUrl?: string | null;
}

@InputType('UpdateSavedSearchInput', { description: 'Changes to a saved search; fields left out stay as they are.' })
export class UpdateSavedSearchInput {
  @Field(() => ID, { description: 'The saved search.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: '名称.' })
  name?: string | null;

  @Field(() => EventFilter, { nullable: true, description: 'The new filter (replaces the old one whole).' })
  filter?: EventFilter | null;

  @Field(() => String, { nullable: true, description: 'A new webhook URL (a new signing secret is made and answered once).' })
  webhookUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: remove the webhook (its pending deliveries are dropped).' })
  removeWebhook?: boolean | null;
}

@InputType('DeleteSavedSearchInput', { description: 'A saved search of yours to delete.' })
export class DeleteSavedSearchInput {
  @Field(() => ID, { description: 'The saved search.' })
  id!: string;
}

@InputType('RotateWebhookSecretInput', { description: 'A saved search of yours whose webhook gets a new signing secret.' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'The saved search.' })
  id!: string;
}

@InputType('RedeliverWebhookInput', { description: 'A delivery of one of your saved searches to send again.' })
export class RedeliverWebhookInput {
  @Field(() => ID, { description: 'The delivery (a WebhookDelivery id).' })
  id!: string;
}
