import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { ApiToken } from '../access/api-token.entity.js';
import { EventFilter } from './event-filter.inputs.js';

/**
 * 保存した検索: a token holder's filter over the events, and how to deliver what matches
 * (a webhook; subscriptions pass their filter themselves). Belongs to its token: only that
 * token (or an admin) reads or changes it, and a revoked token's searches deliver nothing.
 */
@Entity({ tableName: 'saved_search' })
@ObjectType('SavedSearch', {
  implements: Node,
  description: '保存した検索 (a filter over events and where to deliver them; docs/notifications.md).',
})
export class SavedSearch extends BaseEntity<'webhookUrl' | 'webhookSecret' | 'version' | 'savedAt'> {
  @ManyToOne(() => ApiToken, { deleteRule: 'cascade', index: true })
  token!: Rel<ApiToken>;

  @Field(() => String, { description: '名称 (its name, for people).' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => EventFilter, { description: 'Which events it wants.' })
  @Property({ type: 'json' })
  filter!: EventFilter;

  @Field(() => String, {
    nullable: true,
    description: 'Where matching events are POSTed (HTTPS; docs/notifications.md "Webhooks"); null: none.',
  })
  @Property({ type: 'string', length: 2000, nullable: true })
  webhookUrl?: string | null;

  /** The key the webhook's signature is made with (`whsec_…`); shown once, when made or rotated. */
  @Property({ type: 'string', length: 100, nullable: true })
  webhookSecret?: string | null;

  @Field(() => Int, { description: 'Version, for updateSavedSearch.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field(() => DateTimeScalar, { description: 'When it was saved.' })
  get savedAt(): Date {
    return this.createdAt;
  }
}
