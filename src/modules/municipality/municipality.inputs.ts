import { Field, InputType } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { MunicipalityKind, MunicipalityOrderField } from './municipality.enum.js';

@InputType('MunicipalityFilter', { description: 'Narrows a list of local governments; all given conditions must hold.' })
export class MunicipalityFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Only this prefecture and the local governments in it: its JIS X 0401 number ("13" or "1") or its six-digit code ("130001").',
  })
  prefectureCode?: string | null;

  @Field(() => [MunicipalityKind], { nullable: true, description: 'Only these levels.' })
  kinds?: MunicipalityKind[] | null;

  @Field(() => String, { nullable: true, description: 'Substring of the name or its hiragana reading, e.g. "千代田" or "ちよだ".' })
  query?: string | null;
}

@InputType('MunicipalityOrder', { description: 'How to order local governments.' })
export class MunicipalityOrder {
  @Field(() => MunicipalityOrderField, { description: 'The field to order by.' })
  field!: MunicipalityOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}
