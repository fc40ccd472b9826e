import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { dateColumn } from '../../core/db/column-types.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { labelOf } from '../../core/text/labels.js';
import { GUIDELINE_MILESTONE_LABELS, GuidelineMilestoneKind } from './project.enum.js';
import { TargetProject } from './target-project.entity.js';

/**
 * A dated step of a service's implementation guidelines (実施要項): draft, public comment,
 * the bidding subcommittee, fixing. docs/domain.md asks for these as milestones on the project.
 */
@Entity({ tableName: 'guideline_milestone' })
@ObjectType('GuidelineMilestone', {
  implements: Node,
  description: '実施要項の節目 (a dated step of the implementation guidelines of a target service).',
})
export class GuidelineMilestone extends BaseEntity<'note' | 'kindLabel'> {
  @ManyToOne(() => TargetProject, { deleteRule: 'restrict' })
  project!: Rel<TargetProject>;

  @Field(() => GuidelineMilestoneKind, { description: '節目の種類 (which step).' })
  @Enum({ items: () => GuidelineMilestoneKind, type: 'string' })
  kind!: GuidelineMilestoneKind;

  @Field(() => String, { description: '節目の種類 in Japanese, e.g. 意見募集開始.' })
  get kindLabel(): string {
    return labelOf(GUIDELINE_MILESTONE_LABELS, this.kind);
  }

  @Field(() => DateScalar, { description: '日付 (when the step happened, or the first day of a period).' })
  @Property(dateColumn())
  occurredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: '終了日 (last day, for steps that span a period such as public comment).' })
  @Property(dateColumn({ nullable: true }))
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: '備考 (note, e.g. what the subcommittee asked to change).' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
