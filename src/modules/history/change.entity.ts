import { BeforeCreate, DateTimeType, Entity, Enum, type EventArgs, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { JsonObjectScalar } from '../../core/graphql/scalars/json.scalar.js';
import { Role } from '../../core/auth/viewer.js';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { toGlobalId } from '../../core/graphql/global-id.js';
import { dialectOf, knexIn } from '../../core/db/find.js';
import { takeSealedChangeIds } from './sealed-history.service.js';

/**
 * 変更履歴: one change to one object, written in the same transaction as the change itself
 * (docs/domain.md "Change history"). Entries are never updated or deleted; a correction is a new
 * entry. `sealedTenderId` names the round whose seal covers the entry (bids, reserve
 * prices): it is hidden from callers who may not see that round's sealed data. While the
 * round is sealed such an entry has a negative id of a sequence of its own (global id
 * `SealedChange`), renumbered into the public sequence when the round opens
 * (sealed-history.service.ts), so sealed operations leave no gap in the ids everyone sees.
 */
@Entity({ tableName: 'change' })
@Index({ properties: ['objectType', 'objectId', 'id'] })
@ObjectType('Change', { implements: Node, description: '変更履歴 (one recorded change: who, when, what, before and after).' })
export class Change extends BaseEntity<'actorTokenId' | 'before' | 'after' | 'note' | 'sealedTenderId'> {
  @Field(() => DateTimeScalar, { description: '日時 (when the change was committed).' })
  @Property({ type: DateTimeType, index: true })
  at!: Date;

  /** The token that made the change (null for changes made by the system, e.g. a migration). */
  @Property({ type: 'integer', nullable: true, index: true })
  actorTokenId?: number | null;

  @Property({ type: 'string', length: 100 })
  actorName!: string;

  @Enum({ items: () => Role, type: 'string' })
  actorRole!: Role;

  @Field(() => String, { description: '操作 (the mutation that made the change, e.g. "awardTender", "transitionTargetProject").' })
  @Property({ type: 'string', length: 60 })
  action!: string;

  @Field(() => String, { description: '対象の型 (GraphQL type of the object changed, e.g. "TargetProject").' })
  @Property({ type: 'string', length: 40 })
  objectType!: string;

  @Property({ type: 'integer' })
  objectId!: number;

  @Field(() => JsonObjectScalar, { nullable: true, description: '変更前 (the changed fields before, as JSON; null for a creation).' })
  @Property({ type: 'json', nullable: true })
  before?: Record<string, unknown> | null;

  @Field(() => JsonObjectScalar, { nullable: true, description: '変更後 (the changed fields after, as JSON).' })
  @Property({ type: 'json', nullable: true })
  after?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: '備考 (the reason or note given with the change, e.g. an override reason).' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** The round whose seal covers this entry, if any. */
  @Property({ type: 'integer', nullable: true, index: true })
  sealedTenderId?: number | null;

  /** Entries still under a seal are numbered apart (negative ids), and named apart. */
  override get globalId(): string {
    return this.id < 0 ? toGlobalId('SealedChange', -this.id) : toGlobalId('Change', this.id);
  }

  @BeforeCreate()
  async numberSealedEntry(args: EventArgs<Change>): Promise<void> {
    if (this.sealedTenderId == null || this.id != null) return;
    const em = args.em;
    [this.id] = await takeSealedChangeIds(knexIn(em), dialectOf(em), 1, em);
  }
}
