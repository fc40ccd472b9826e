import { BigIntType, Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { PublicEvent } from './public-event.entity.js';
import { WebhookDeliveryStatus } from './public-event.enum.js';
import { SavedSearch } from './saved-search.entity.js';

/**
 * One event to one webhook: the durable queue the senders take from (webhook.sender.ts).
 * Written by the notifications consumer in the transaction that handles the event, so an
 * event committed is an event queued; sent by one process at a time (a lease taken
 * `FOR UPDATE SKIP LOCKED`); retried with back-off until delivered or DEAD.
 */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['savedSearch', 'event'] })
@Index({ properties: ['status', 'nextAttemptAtMs'] })
@ObjectType('WebhookDelivery', { implements: Node, description: '配信 (one event sent to one webhook, with its tries).' })
export class WebhookDelivery extends BaseEntity<
  'status' | 'attempts' | 'leaseUntilMs' | 'lastStatusCode' | 'lastError' | 'deliveredAtMs' | 'deliveredAt' | 'nextAttemptAt'
> {
  @ManyToOne(() => SavedSearch, { deleteRule: 'cascade' })
  savedSearch!: Rel<SavedSearch>;

  @ManyToOne(() => PublicEvent, { deleteRule: 'cascade', index: true })
  event!: Rel<PublicEvent>;

  @Field(() => WebhookDeliveryStatus, { description: '状態.' })
  @Enum({ items: () => WebhookDeliveryStatus, type: 'string' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Tries so far (in this series: redelivery starts a new one).' })
  @Property({ type: 'integer' })
  attempts: number = 0;

  /** When it may be tried next, in ms since the epoch. */
  @Property({ type: new BigIntType('number'), columnType: 'bigint' })
  nextAttemptAtMs!: number;

  /** While a sender holds it: until when (another sender may take it after, e.g. when the holder died). */
  @Property({ type: new BigIntType('number'), columnType: 'bigint', nullable: true })
  leaseUntilMs?: number | null;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last try (null: no answer)." })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last try failed, in a few words.' })
  @Property({ type: 'string', length: 300, nullable: true })
  lastError?: string | null;

  @Property({ type: new BigIntType('number'), columnType: 'bigint', nullable: true })
  deliveredAtMs?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the receiver accepted it.' })
  get deliveredAt(): Date | null {
    return this.deliveredAtMs == null ? null : new Date(Number(this.deliveredAtMs));
  }

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next try is due (null once delivered or dead).' })
  get nextAttemptAt(): Date | null {
    return this.status === WebhookDeliveryStatus.PENDING ? new Date(Number(this.nextAttemptAtMs)) : null;
  }
}

/** One try of a delivery: the delivery history (`WebhookDelivery.attemptLog`). */
@Entity({ tableName: 'webhook_attempt' })
@ObjectType('WebhookAttempt', { description: '送信の記録 (one try of a delivery).' })
export class WebhookAttempt extends BaseEntity<'statusCode' | 'error' | 'attemptedAt'> {
  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade', index: true })
  delivery!: Rel<WebhookDelivery>;

  @Field(() => DateTimeScalar, { description: 'When it was sent.' })
  get attemptedAt(): Date {
    return this.createdAt;
  }

  @Field(() => Int, { description: 'How long the receiver took, in ms.' })
  @Property({ type: 'integer' })
  durationMs!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status (null: no answer)." })
  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed (null: delivered).' })
  @Property({ type: 'string', length: 300, nullable: true })
  error?: string | null;
}
