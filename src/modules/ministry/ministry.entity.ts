import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { MinistryKind } from './ministry.enum.js';

/** 府省庁等: the body that owns target services. Reference data, loaded by the seed. */
@Entity({ tableName: 'ministry' })
@ObjectType('Ministry', {
  implements: Node,
  description: '府省庁等 (a ministry, agency or public corporation that owns target services).',
})
export class Ministry extends BaseEntity {
  @Field(() => String, { description: '府省コード: short stable code, e.g. "MOJ", "MHLW", "JPS".' })
  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  @Field(() => String, { description: '名称 (Japanese name), e.g. 法務省.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'English name, e.g. Ministry of Justice.' })
  @Property({ type: 'string', length: 200 })
  nameEn!: string;

  @Field(() => MinistryKind, { description: '種別 (kind of body).' })
  @Enum({ items: () => MinistryKind, type: 'string' })
  kind!: MinistryKind;

  /** An agency's ministry (国税庁 → 財務省); resolved through the loaders. */
  @ManyToOne(() => Ministry, { nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Ministry> | null;
}
