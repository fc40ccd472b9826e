import { Field, Float, ObjectType } from 'type-graphql';

/** One measured effect of a local pilot: counter waiting time, cost, staff hours, … */
@ObjectType('PilotOutcome', { description: '効果 (a measured outcome of a local pilot: before and after).' })
export class PilotOutcome {
  @Field(() => String, { description: '指標 (indicator), e.g. 窓口待ち時間.' })
  indicator!: string;

  @Field(() => String, { description: '単位 (unit), e.g. 分, 円, 時間.' })
  unit!: string;

  @Field(() => Float, { nullable: true, description: '導入前 (value before the pilot).' })
  before?: number | null;

  @Field(() => Float, { nullable: true, description: '導入後 (value after the pilot).' })
  after?: number | null;
}
