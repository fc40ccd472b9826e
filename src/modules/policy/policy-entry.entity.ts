import { Entity, Enum, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { CompetitionMethod } from '../project/project.enum.js';
import { TargetProject } from '../project/target-project.entity.js';
import { PolicyEntryAction } from './policy.enum.js';
import { BasicPolicy } from './basic-policy.entity.js';

/** 基本方針別表の記載: one line of a basic policy's appendix about one service. */
@Entity({ tableName: 'policy_entry' })
@Unique({ properties: ['policy', 'project'] })
@ObjectType('PolicyEntry', {
  implements: Node,
  description: "基本方針別表の記載 (one line of a basic policy's appendix about one target service).",
})
export class PolicyEntry extends BaseEntity<'notes' | 'plannedTenderFiscalYear' | 'contractYears'> {
  @ManyToOne(() => BasicPolicy, { deleteRule: 'restrict' })
  policy!: Rel<BasicPolicy>;

  @ManyToOne(() => TargetProject, { deleteRule: 'restrict' })
  project!: Rel<TargetProject>;

  @Field(() => PolicyEntryAction, { description: '扱い (what the policy decides: select, revise, continue, end, abolish).' })
  @Enum({ items: () => PolicyEntryAction, type: 'string' })
  action!: PolicyEntryAction;

  @Field(() => CompetitionMethod, { description: '入札方式 (how the service is to be tendered).' })
  @Enum({ items: () => CompetitionMethod, type: 'string' })
  method!: CompetitionMethod;

  @Field(() => Int, { nullable: true, description: '入札実施予定年度 (fiscal year the tender is planned for).' })
  @Property({ type: 'integer', nullable: true })
  plannedTenderFiscalYear?: number | null;

  @Field(() => Int, { nullable: true, description: '契約期間 (planned contract length in years).' })
  @Property({ type: 'integer', nullable: true })
  contractYears?: number | null;

  @Field(() => String, { nullable: true, description: '備考 (notes).' })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;
}
