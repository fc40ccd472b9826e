import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { MinistryKind } from './ministry.enum.js';

export enum MinistryOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}

registerEnumType(MinistryOrderField, {
  name: 'MinistryOrderField',
  description: 'Orders ministries; ties are broken by id.',
  valuesConfig: {
    CODE: { description: '府省コード (code).' },
    NAME: { description: '名称 (Japanese name, in Unicode code-point order).' },
  },
});

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
