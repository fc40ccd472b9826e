import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { dateColumn } from '../../core/db/column-types.js';
import { AnchoredEntity } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';

/** 公共サービス改革基本方針: one cabinet decision listing target services in its appendix. */
@Entity({ tableName: 'basic_policy' })
@ObjectType('BasicPolicy', {
  implements: Node,
  description: '公共サービス改革基本方針 (Public Service Reform Basic Policy): one cabinet decision (閣議決定).',
})
export class BasicPolicy extends AnchoredEntity<'fiscalYear'> {
  @Field(() => String, { description: '題名 (title of the edition).' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => DateScalar, { description: '閣議決定日 (date of the cabinet decision).' })
  @Property(dateColumn({ index: true }))
  decidedOn!: string;

  @Field(() => Int, { description: '年度 (fiscal year of the decision, April–March, named by its start year).' })
  @Property({ type: 'integer', index: true })
  fiscalYear!: number;

  /** The previous edition this one replaces; resolved through the loaders. */
  @ManyToOne(() => BasicPolicy, { nullable: true, deleteRule: 'restrict' })
  supersedes?: Rel<BasicPolicy> | null;
}
