import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenDeltaScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { EvaluationDecision } from './evaluation.enum.js';
import { FiscalYearScalar } from '../../core/graphql/scalars/fiscal-year.scalar.js';

@InputType('EvaluationFilter', { description: 'Narrows a list of evaluations; all given conditions must hold.' })
export class EvaluationFilter {
  @Field(() => [EvaluationDecision], { nullable: true, description: 'Only evaluations with these decisions.' })
  decisions?: EvaluationDecision[] | null;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Use `year`, which also takes 令和6年度, R6 or FY2024.',
    description: 'Only evaluations of this fiscal year.',
  })
  fiscalYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only evaluations of this fiscal year: 2024, "令和6年度", "R6" or "FY2024".',
  })
  year?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only evaluations of services owned by these ministries (codes or Japanese names; an unknown one is BAD_USER_INPUT naming the closest).',
  })
  ministryCodes?: string[] | null;
}

@InputType('QualityTargetInput', { description: 'One required-quality target (確保されるべき質) and its result.' })
export class QualityTargetInput {
  @Field(() => String, { description: '指標 (indicator, at most 200 characters).' })
  indicator!: string;

  @Field(() => String, { description: '目標 (target).' })
  target!: string;

  @Field(() => String, { description: '実績 (actual result).' })
  actual!: string;

  @Field(() => Boolean, { description: '達成 (achieved).' })
  achieved!: boolean;
}

@InputType('RecordEvaluationInput', {
  description:
    "The committee's evaluation of an awarded contract of a service IN_OPERATION or UNDER_EVALUATION. EXIT ends market testing (EXITED); the other decisions send the service back to GUIDELINES_DRAFTING for the next round.",
})
export class RecordEvaluationInput {
  @Field(() => ID, { description: 'The service.' })
  projectId!: string;

  @Field(() => ID, { description: 'The awarded round whose contract is evaluated.' })
  tenderId!: string;

  @Field(() => Int, { description: '評価年度 (fiscal year evaluated, 2000–2100).' })
  fiscalYear!: number;

  @Field(() => [QualityTargetInput], { description: '確保されるべき質 (quality targets and results; at most 50).' })
  qualityTargets!: QualityTargetInput[];

  @Field(() => Boolean, { description: '重大な問題 (serious problems occurred).' })
  seriousProblems!: boolean;

  @Field(() => YenDeltaScalar, {
    nullable: true,
    description: '経費削減額 (annual cost reduction in yen as evaluated; negative if costs rose).',
  })
  costReductionYen?: number | null;

  @Field(() => EvaluationDecision, { description: '結論 (the decision).' })
  decision!: EvaluationDecision;

  @Field(() => DateScalar, { description: '決定日 (date of the decision).' })
  decidedOn!: string;

  @Field(() => String, { description: '概要 (summary, at most 4,000 characters).' })
  summary!: string;
}

@InputType('CorrectEvaluationInput', {
  description:
    'An evaluation recorded wrongly, corrected: only the given fields change. The decision is not among them: it moved the service (docs/domain.md "Corrections").',
})
export class CorrectEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  id!: string;

  @Field(() => Int, { description: "The evaluation's version you read (STALE_VERSION otherwise)." })
  expectedVersion!: number;

  @Field(() => Int, { nullable: true, description: '評価年度 (fiscal year evaluated, 2000–2100).' })
  fiscalYear?: number | null;

  @Field(() => [QualityTargetInput], {
    nullable: true,
    description: '確保されるべき質 (all the quality targets, replacing the recorded ones; at most 50).',
  })
  qualityTargets?: QualityTargetInput[] | null;

  @Field(() => Boolean, { nullable: true, description: '重大な問題.' })
  seriousProblems?: boolean | null;

  @Field(() => YenDeltaScalar, { nullable: true, description: '経費削減額 (yen a year; negative when the cost rose).' })
  costReductionYen?: number | null;

  @Field(() => DateScalar, { nullable: true, description: '決定日.' })
  decidedOn?: string | null;

  @Field(() => String, { nullable: true, description: '概要 (at most 4,000 characters).' })
  summary?: string | null;

  @Field(() => String, { description: '理由 (what was wrong, kept in the history; at most 2,000 characters).' })
  note!: string;
}
