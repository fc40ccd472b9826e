import { Field, ObjectType } from 'type-graphql';

/** Each exit criterion separately, so a reader sees why `exitCriteriaMet` is what it is. */
@ObjectType('ExitAssessment', {
  description: "終了基準の確認 (the exit criteria one by one: advice computed from the data, not the committee's decision).",
})
export class ExitAssessment {
  @Field(() => Boolean, { description: 'All four criteria hold.' })
  met!: boolean;

  @Field(() => Boolean, { description: '重大な問題なし (no serious problems were reported).' })
  noSeriousProblems!: boolean;

  @Field(() => Boolean, { description: '質の達成 (every quality target recorded was achieved; false when none was recorded).' })
  qualityTargetsAchieved!: boolean;

  @Field(() => Boolean, { description: '経費削減 (the cost fell below the baseline: a positive cost reduction).' })
  costReduced!: boolean;

  @Field(() => Boolean, { description: '競争性 (real competition: more than one bidder in the evaluated round).' })
  competitive!: boolean;
}
