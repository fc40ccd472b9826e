import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalGovernmentCodeScalar } from '../../core/graphql/scalars/code.scalar.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { LocalPilotScheme, LocalPilotService, LocalPilotStatus } from './pilot.enum.js';

@InputType('LocalPilotFilter', { description: 'Narrows a list of local pilots; all given conditions must hold.' })
export class LocalPilotFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only pilots of local governments in this prefecture: its number ("13") or six-digit code ("130001").',
  })
  prefectureCode?: string | null;

  @Field(() => LocalGovernmentCodeScalar, {
    nullable: true,
    description: 'Only pilots of this local government (a code none has is BAD_USER_INPUT naming the closest).',
  })
  municipalityCode?: string | null;

  @Field(() => [LocalPilotStatus], { nullable: true, description: 'Only pilots in these states.' })
  statuses?: LocalPilotStatus[] | null;

  @Field(() => [LocalPilotService], { nullable: true, description: 'Only pilots covering at least one of these services.' })
  services?: LocalPilotService[] | null;

  @Field(() => [LocalPilotScheme], { nullable: true, description: 'Only pilots under these schemes.' })
  schemes?: LocalPilotScheme[] | null;
}

@InputType('PilotOutcomeInput', { description: 'One measured outcome of a pilot, before and after.' })
export class PilotOutcomeInput {
  @Field(() => String, { description: '指標 (indicator, at most 200 characters), e.g. 窓口待ち時間.' })
  indicator!: string;

  @Field(() => String, { description: '単位 (unit), e.g. 分.' })
  unit!: string;

  @Field(() => Float, { nullable: true, description: '導入前 (before).' })
  before?: number | null;

  @Field(() => Float, { nullable: true, description: '導入後 (after).' })
  after?: number | null;
}

@InputType('RegisterLocalPilotInput', { description: "A local government's new pilot (PLANNED). MUNICIPALITY (its own) or ADMIN." })
export class RegisterLocalPilotInput {
  @Field(() => LocalGovernmentCodeScalar, { description: 'The local government running it.' })
  municipalityCode!: string;

  @Field(() => String, { description: '件名 (title, at most 300 characters).' })
  title!: string;

  @Field(() => LocalPilotScheme, { description: 'Art. 34 specific public service, or an own scheme.' })
  scheme!: LocalPilotScheme;

  @Field(() => [LocalPilotService], { description: '対象業務 (at least one service).' })
  services!: LocalPilotService[];

  @Field(() => String, { nullable: true, description: '概要 (summary, at most 4,000 characters).' })
  summary?: string | null;
}

@InputType('UpdateLocalPilotInput', { description: "Changes to a pilot's details; only the fields given change." })
export class UpdateLocalPilotInput {
  @Field(() => ID, { description: 'The pilot.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: '件名.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: '概要.' })
  summary?: string | null;

  @Field(() => LocalPilotScheme, { nullable: true, description: '枠組み.' })
  scheme?: LocalPilotScheme | null;

  @Field(() => [LocalPilotService], { nullable: true, description: '対象業務 (replaces the list; at least one).' })
  services?: LocalPilotService[] | null;

  @Field(() => DateScalar, { nullable: true, description: '開始日.' })
  startedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '終了日 (not before the start).' })
  endedOn?: string | null;

  @Field(() => [PilotOutcomeInput], { nullable: true, description: '効果 (replaces the list; at most 50).' })
  outcomes?: PilotOutcomeInput[] | null;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history).' })
  note?: string | null;
}

@InputType('TransitionLocalPilotInput', {
  description: 'Moves a pilot along its lifecycle (going IN_OPERATION happens through awardTender).',
})
export class TransitionLocalPilotInput {
  @Field(() => ID, { description: 'The pilot.' })
  id!: string;

  @Field(() => LocalPilotStatus, { description: 'The state to move to.' })
  to!: LocalPilotStatus;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history).' })
  note?: string | null;
}
