import { Field, ID, InputType, Int } from 'type-graphql';
import { OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import {
  CompetitionMethod,
  GuidelineMilestoneKind,
  TargetProjectCategory,
  TargetProjectOrderField,
  TargetProjectStatus,
} from './project.enum.js';
import { FiscalYearScalar } from '../../core/graphql/scalars/fiscal-year.scalar.js';

@InputType('TargetProjectFilter', { description: 'Narrows a list of target services; all given conditions must hold.' })
export class TargetProjectFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Substring of the name or summary, e.g. "窓口" or "年金" (Japanese needs no spaces; full- and half-width forms match).',
  })
  query?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only services of these ministries (codes or Japanese names, e.g. ["MOJ", "厚生労働省"]; an unknown one is BAD_USER_INPUT naming the closest).',
  })
  ministryCodes?: string[] | null;

  @Field(() => [TargetProjectStatus], { nullable: true, description: 'Only services in these states.' })
  statuses?: TargetProjectStatus[] | null;

  @Field(() => [CompetitionMethod], { nullable: true, description: 'Only services tendered by these methods.' })
  methods?: CompetitionMethod[] | null;

  @Field(() => [TargetProjectCategory], { nullable: true, description: 'Only services of these kinds.' })
  categories?: TargetProjectCategory[] | null;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Use `selectedInYear`, which also takes 令和6年度, R6 or FY2024.',
    description: 'Only services first selected by a basic policy of this fiscal year.',
  })
  selectedInFiscalYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only services first selected by a basic policy of this fiscal year: 2024, "令和6年度", "R6" or "FY2024".',
  })
  selectedInYear?: number | null;
}

@InputType('TargetProjectOrder', { description: 'How to order target services.' })
export class TargetProjectOrder {
  @Field(() => TargetProjectOrderField, { description: 'The field to order by.' })
  field!: TargetProjectOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}

@InputType('CreateTargetProjectInput', { description: 'A new target service, owned by a ministry; it starts SELECTED.' })
export class CreateTargetProjectInput {
  @Field(() => String, {
    description:
      'The owning ministry: its code ("MOJ") or its Japanese name ("法務省"); an unknown one is NOT_FOUND naming the closest (a MINISTRY token may only name its own).',
  })
  ministryCode!: string;

  @Field(() => String, { description: '事業名 (name, at most 300 characters).' })
  name!: string;

  @Field(() => String, { description: '概要 (summary, at most 4,000 characters).' })
  summary!: string;

  @Field(() => String, {
    nullable: true,
    description: 'よみ (reading of the name or its main words, in hiragana or katakana; stored in hiragana, at most 300 characters).',
  })
  kana?: string | null;

  @Field(() => TargetProjectCategory, { description: '分類 (kind of service).' })
  category!: TargetProjectCategory;

  @Field(() => CompetitionMethod, { description: '入札方式 (public-private or private competitive bidding).' })
  method!: CompetitionMethod;

  @Field(() => YenScalar, { description: '従来経費 (baseline annual cost in yen, tax excluded).' })
  baselineAnnualCostYen!: number;
}

@InputType('UpdateTargetProjectInput', { description: "Changes to a target service's details; only the fields given change." })
export class UpdateTargetProjectInput {
  @Field(() => ID, { description: 'The service.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read; a different current version refuses the update (STALE_VERSION).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: '事業名 (new name).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '概要 (new summary).' })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'よみ (new reading, in hiragana or katakana; "" removes it).' })
  kana?: string | null;

  @Field(() => TargetProjectCategory, { nullable: true, description: '分類 (new kind).' })
  category?: TargetProjectCategory | null;

  @Field(() => CompetitionMethod, { nullable: true, description: '入札方式 (new method).' })
  method?: CompetitionMethod | null;

  @Field(() => YenScalar, { nullable: true, description: '従来経費 (new baseline annual cost).' })
  baselineAnnualCostYen?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the change was made (kept in the history).' })
  note?: string | null;
}

@InputType('TransitionTargetProjectInput', { description: 'Moves a target service along its lifecycle (docs/domain.md).' })
export class TransitionTargetProjectInput {
  @Field(() => ID, { description: 'The service.' })
  id!: string;

  @Field(() => TargetProjectStatus, { description: 'The state to move to; it must be an allowed next state.' })
  to!: TargetProjectStatus;

  @Field(() => Int, { description: 'The version you read (STALE_VERSION otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history).' })
  note?: string | null;
}

@InputType('RecordGuidelineMilestoneInput', { description: "A dated step of the service's implementation guidelines (実施要項)." })
export class RecordGuidelineMilestoneInput {
  @Field(() => ID, { description: 'The service.' })
  projectId!: string;

  @Field(() => GuidelineMilestoneKind, { description: 'Which step.' })
  kind!: GuidelineMilestoneKind;

  @Field(() => DateScalar, { description: 'When it happened (or the first day of a period).' })
  occurredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day, for a period such as public comment.' })
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: '備考 (note).' })
  note?: string | null;
}
