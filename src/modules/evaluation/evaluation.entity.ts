import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { dateColumn, yenColumn } from '../../core/db/column-types.js';
import { SourcedEntity } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenDeltaScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { TargetProject } from '../project/target-project.entity.js';
import { Tender } from '../tender/tender.entity.js';
import { EvaluationDecision } from './evaluation.enum.js';
import { QualityTarget } from './quality-target.type.js';

/** 実施状況の評価: the committee's evaluation of one contract and its decision. */
@Entity({ tableName: 'evaluation' })
@ObjectType('Evaluation', {
  implements: Node,
  description: '実施状況の評価 (evaluation of how a contract went, and whether the service leaves market testing).',
})
export class Evaluation extends SourcedEntity<'qualityTargets' | 'costReductionRate' | 'costReductionYen' | 'version'> {
  @ManyToOne(() => TargetProject, { deleteRule: 'restrict' })
  project!: Rel<TargetProject>;

  @ManyToOne(() => Tender, { deleteRule: 'restrict' })
  tender!: Rel<Tender>;

  @Field(() => Int, { description: '評価年度 (fiscal year evaluated).' })
  @Property({ type: 'integer', index: true })
  fiscalYear!: number;

  @Field(() => [QualityTarget], { description: '確保されるべき質 (quality targets and their results).' })
  @Property({ type: 'json' })
  qualityTargets: QualityTarget[] = [];

  @Field(() => Boolean, { description: '重大な問題 (whether serious problems occurred).' })
  @Property({ type: 'boolean' })
  seriousProblems!: boolean;

  @Field(() => YenDeltaScalar, {
    nullable: true,
    description: '経費削減額 (cost reduction in yen a year as evaluated; negative if costs rose).',
  })
  @Property(yenColumn({ nullable: true }))
  costReductionYen?: number | null;

  @Field(() => Float, { nullable: true, description: '経費削減率 (cost reduction as a share of the baseline, e.g. 0.18 for 18%).' })
  @Property({ type: 'double', nullable: true })
  costReductionRate?: number | null;

  @Field(() => EvaluationDecision, { description: '結論 (the decision: exit, continue, or re-tender with improvements).' })
  @Enum({ items: () => EvaluationDecision, type: 'string' })
  decision!: EvaluationDecision;

  @Field(() => DateScalar, { description: "決定日 (date of the committee's decision)." })
  @Property(dateColumn())
  decidedOn!: string;

  @Field(() => String, { description: '概要 (summary of the evaluation).' })
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => Int, { description: 'Version for optimistic concurrency: pass it as `expectedVersion` when correcting the evaluation.' })
  @Property({ version: true, type: 'integer' })
  version: number = 1;
}
