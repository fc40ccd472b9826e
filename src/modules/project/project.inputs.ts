import { Field, InputType, Int } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { CompetitionMethod, TargetProjectCategory, TargetProjectOrderField, TargetProjectStatus } from './project.enum.js';

@InputType('TargetProjectFilter', { description: 'Narrows a list of target services; all given conditions must hold.' })
export class TargetProjectFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Substring of the name or summary, e.g. "窓口" or "年金" (Japanese needs no spaces; full- and half-width forms match).',
  })
  query?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only services of these ministries (codes, e.g. ["MOJ", "MHLW"]).' })
  ministryCodes?: string[] | null;

  @Field(() => [TargetProjectStatus], { nullable: true, description: 'Only services in these states.' })
  statuses?: TargetProjectStatus[] | null;

  @Field(() => [CompetitionMethod], { nullable: true, description: 'Only services tendered by these methods.' })
  methods?: CompetitionMethod[] | null;

  @Field(() => [TargetProjectCategory], { nullable: true, description: 'Only services of these kinds.' })
  categories?: TargetProjectCategory[] | null;

  @Field(() => Int, { nullable: true, description: 'Only services first selected by a basic policy of this fiscal year.' })
  selectedInFiscalYear?: number | null;
}

@InputType('TargetProjectOrder', { description: 'How to order target services.' })
export class TargetProjectOrder {
  @Field(() => TargetProjectOrderField, { description: 'The field to order by.' })
  field!: TargetProjectOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}
