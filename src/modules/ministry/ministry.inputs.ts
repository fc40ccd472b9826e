import { Field, InputType } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { MinistryKind, MinistryOrderField } from './ministry.enum.js';

@InputType('MinistryFilter', { description: 'Narrows `ministries`; all given conditions must hold.' })
export class MinistryFilter {
  @Field(() => [MinistryKind], { nullable: true, description: 'Only these kinds of body.' })
  kinds?: MinistryKind[] | null;
}

@InputType('MinistryOrder', { description: 'How to order `ministries`.' })
export class MinistryOrder {
  @Field(() => MinistryOrderField, { description: 'The field to order by.' })
  field!: MinistryOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}
