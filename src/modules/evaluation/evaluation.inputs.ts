import { Field, InputType, Int } from 'type-graphql';
import { EvaluationDecision } from './evaluation.enum.js';

@InputType('EvaluationFilter', { description: 'Narrows a list of evaluations; all given conditions must hold.' })
export class EvaluationFilter {
  @Field(() => [EvaluationDecision], { nullable: true, description: 'Only evaluations with these decisions.' })
  decisions?: EvaluationDecision[] | null;

  @Field(() => Int, { nullable: true, description: 'Only evaluations of this fiscal year.' })
  fiscalYear?: number | null;

  @Field(() => [String], { nullable: true, description: 'Only evaluations of services owned by these ministries (codes).' })
  ministryCodes?: string[] | null;
}
