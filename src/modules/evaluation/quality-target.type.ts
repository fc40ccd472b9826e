import { Field, ObjectType } from 'type-graphql';

/** 確保されるべき質: one quality target the guidelines set and how the contract met it. */
@ObjectType('QualityTarget', { description: '確保されるべき質 (a required-quality target and the result).' })
export class QualityTarget {
  @Field(() => String, { description: '指標 (indicator), e.g. 待ち時間, 収納率.' })
  indicator!: string;

  @Field(() => String, { description: '目標 (target as the guidelines state it), e.g. 15分以内.' })
  target!: string;

  @Field(() => String, { description: '実績 (actual result), e.g. 12分.' })
  actual!: string;

  @Field(() => Boolean, { description: '達成 (whether the target was achieved).' })
  achieved!: boolean;
}
