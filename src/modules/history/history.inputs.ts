import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';

@InputType('ChangeFilter', { description: 'Narrows the change history; all given conditions must hold.' })
export class ChangeFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only changes at or after this instant.' })
  since?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Only changes made with this token (the `actor.id` of a change).' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes to objects of this GraphQL type, e.g. "Tender".' })
  objectType?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes made by this mutation, e.g. "awardTender".' })
  action?: string | null;
}
