import { BigIntType, Entity, Enum, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { yenColumn } from '../../core/db/column-types.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { JsonObjectScalar } from '../../core/graphql/scalars/json.scalar.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { TargetProjectCategory } from '../project/project.enum.js';
import { PublicEventType } from './public-event.enum.js';

/**
 * 通知: the public side of one domain event, written by the notifications consumer of the
 * write pipeline (notification.consumer.ts) from the outbox event and the public facts of its
 * subject at that moment. Saved searches, webhooks, subscriptions and the Atom feed all read
 * these rows, so every channel tells the same story, and none of them can carry sealed data:
 * sealed-only writes record no event, and a round's bids and reserve price enter a row only
 * once the round is opened (docs/seal.md "Events").
 */
@Entity({ tableName: 'public_event' })
@Index({ properties: ['type', 'occurredAtMs'] })
@ObjectType('PublicEvent', {
  implements: Node,
  description: '通知 (something that happened, as everyone may see it; docs/notifications.md). Its id is what receivers dedupe by.',
})
export class PublicEvent extends BaseEntity<
  'tender' | 'project' | 'localPilot' | 'ministryCode' | 'municipalityCode' | 'category' | 'status' | 'serviceStatus' | 'amountYen'
> {
  /** The outbox event it tells of (one public event at most per outbox event); null for the sample's history (seeds/). */
  @Property({ type: 'integer', unique: true, nullable: true })
  outboxEventId?: number | null;

  @Field(() => PublicEventType, { description: '種類 (what happened).' })
  @Enum({ items: () => PublicEventType, type: 'string' })
  type!: PublicEventType;

  /** When the write that caused it committed, in ms since the epoch. */
  @Property({ type: new BigIntType('number'), columnType: 'bigint' })
  occurredAtMs!: number;

  /** The object the event is about: its GraphQL type and key. */
  @Property({ type: 'string', length: 40 })
  subjectType!: string;

  @Property({ type: 'integer', nullable: true })
  subjectId?: number | null;

  // The round, service and pilot it is about, as plain keys: no foreign keys, so writing an
  // event takes no lock on the rows a write may be changing meanwhile (on PostgreSQL a
  // foreign key's check locks the row it points at), and an event outlives any row.
  @Property({ type: 'integer', nullable: true, index: true })
  tenderId?: number | null;

  @Property({ type: 'integer', nullable: true, index: true })
  projectId?: number | null;

  @Property({ type: 'integer', nullable: true, index: true })
  localPilotId?: number | null;

  @Field(() => String, { nullable: true, description: '府省コード (the owning ministry, for a service, its rounds and evaluations).' })
  @Property({ type: 'string', length: 20, nullable: true })
  ministryCode?: string | null;

  @Field(() => String, { nullable: true, description: '団体コード (the local government, for a pilot and its rounds).' })
  @Property({ type: 'string', length: 6, nullable: true })
  municipalityCode?: string | null;

  @Field(() => TargetProjectCategory, { nullable: true, description: '分類 (the kind of service, for a service and its rounds).' })
  @Enum({ items: () => TargetProjectCategory, type: 'string', nullable: true })
  category?: TargetProjectCategory | null;

  @Field(() => String, {
    nullable: true,
    description: 'The status of the subject after the event (a TenderStatus, TargetProjectStatus, LocalPilotStatus or EvaluationDecision).',
  })
  @Property({ type: 'string', length: 40, nullable: true })
  status?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'In the events about a service (its registration, its moves): the state the event left it in (a TargetProjectStatus); null in other events.',
  })
  @Property({ type: 'string', length: 40, nullable: true })
  serviceStatus?: string | null;

  @Field(() => YenScalar, {
    nullable: true,
    description: '金額: the contract amount of an awarded round, otherwise the baseline annual cost (従来経費) of the service.',
  })
  @Property(yenColumn({ nullable: true }))
  amountYen?: number | null;

  @Field(() => String, { description: '件名 (one line in Japanese: what happened, to what).' })
  @Property({ type: 'string', length: 500 })
  title!: string;

  /** The normalised text a saved search's `text` looks in (core/text/search-normalise). */
  @Property({ type: 'text' })
  searchText!: string;

  @Field(() => JsonObjectScalar, {
    description: "The public facts a receiver needs to act, as the webhook body's `data` carries them (docs/notifications.md).",
  })
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'When it happened (the commit of the write).' })
  get occurredAt(): Date {
    return new Date(Number(this.occurredAtMs));
  }
}
