import { labelOf } from '../../core/text/labels.js';
import { EVALUATION_DECISION_LABELS } from './evaluation.enum.js';
import { withFiscalYears } from '../../core/graphql/fiscal-year-filter.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listReads, readWithParent, relatedReads, relationById } from '../../core/graphql/related-rows.js';
import { runMutation } from '../../core/graphql/mutation.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { Tender } from '../tender/tender.entity.js';
import { tenderById } from '../tender/tender.loaders.js';
import { Evaluation } from './evaluation.entity.js';
import { CorrectEvaluationInput, EvaluationFilter, RecordEvaluationInput } from './evaluation.inputs.js';
import { CorrectEvaluationPayload, RecordEvaluationPayload } from './evaluation.payloads.js';
import { EVALUATION_ORDERING, evaluationSource, LATEST_EVALUATION, latestEvaluationByProject } from './evaluation.loaders.js';
import { assessExit, correctEvaluation, recordEvaluation } from './evaluation.service.js';
import { ExitAssessment } from './exit-assessment.type.js';
import { withMinistryCodes } from '../ministry/ministry.loaders.js';

export const EvaluationConnection = connectionType(Evaluation, 'Evaluation', 'evaluations');

/** The round an evaluation is of: its field and the exit assessment read it. */
const EVALUATED_TENDER = relationById(Tender, 'tender', 'tender_id');

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Query(() => EvaluationConnection, { description: '実施状況の評価 (evaluations of contracts), latest decision first.' })
  async evaluations(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => EvaluationFilter, { nullable: true, description: 'Conditions the evaluations must meet.' })
    filter: EvaluationFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(
      ctx.db,
      evaluationSource(ctx, await withMinistryCodes(ctx, withFiscalYears(filter, [['fiscalYear', 'year']]))),
      EVALUATION_ORDERING,
      pageWindow(args),
      listReads(ctx, info),
    );
  }

  @Mutation(() => RecordEvaluationPayload, {
    description:
      'Records the evaluation of an awarded contract; EXIT ends market testing, other decisions start the next round. MINISTRY (own) or ADMIN.',
  })
  recordEvaluation(
    @Arg('input', () => RecordEvaluationInput, { description: 'The evaluation.' }) input: RecordEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => recordEvaluation(em, actor, input));
  }

  @Mutation(() => CorrectEvaluationPayload, {
    description: 'Corrects an evaluation recorded wrongly (its facts, not its decision); history keeps both. MINISTRY (own) or ADMIN.',
  })
  correctEvaluation(
    @Arg('input', () => CorrectEvaluationInput, { description: 'The correction.' }) input: CorrectEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => correctEvaluation(em, actor, input));
  }

  @FieldResolver(() => TargetProject, { description: '対象公共サービス (the service evaluated).' })
  @Extensions(readWithParent(relationById(TargetProject, 'target_project', 'project_id')))
  project(@Root() evaluation: Evaluation, @Ctx() ctx: Context) {
    return targetProjectById(ctx).load(evaluation.project.id);
  }

  @FieldResolver(() => Tender, { description: '入札 (the round whose contract was evaluated).' })
  @Extensions(readWithParent(EVALUATED_TENDER))
  tender(@Root() evaluation: Evaluation, @Ctx() ctx: Context) {
    return tenderById(ctx).load(evaluation.tender.id);
  }

  @FieldResolver(() => ExitAssessment, { description: '終了基準の確認 (each exit criterion, computed from the data).' })
  @Extensions(readWithParent(EVALUATED_TENDER))
  async exitAssessment(@Root() evaluation: Evaluation, @Ctx() ctx: Context): Promise<ExitAssessment> {
    const tender = await tenderById(ctx).load(evaluation.tender.id);
    return assessExit({
      seriousProblems: evaluation.seriousProblems,
      qualityTargets: evaluation.qualityTargets,
      costReductionYen: evaluation.costReductionYen,
      // An evaluated contract comes from an awarded, hence opened, round: its count is public.
      numberOfBidders: tender ? tender.bidCount : null,
    });
  }

  @FieldResolver(() => Boolean, {
    description:
      '終了基準を満たすか (advice computed from the data: no serious problems, quality targets achieved, cost reduced, more than one bidder). ' +
      'Never the decision itself: see `decision`.',
  })
  @Extensions(readWithParent(EVALUATED_TENDER))
  async exitCriteriaMet(@Root() evaluation: Evaluation, @Ctx() ctx: Context): Promise<boolean> {
    return (await this.exitAssessment(evaluation, ctx)).met;
  }

  @FieldResolver(() => String, { description: '結論 in Japanese, e.g. 継続 (what exports and the example CLIs print).' })
  decisionLabel(@Root() evaluation: Evaluation): string {
    return labelOf(EVALUATION_DECISION_LABELS, evaluation.decision);
  }
}

@Resolver(() => TargetProject)
export class TargetProjectEvaluationsResolver {
  @FieldResolver(() => EvaluationConnection, { description: "評価 (evaluations of this service's contracts, latest first)." })
  evaluations(
    @Root() project: TargetProject,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return pageByParent(ctx, 'TargetProject.evaluations', args, {
      source: evaluationSource(ctx),
      ordering: EVALUATION_ORDERING,
      window: pageWindow(args),
      parentColumn: 'project_id',
      related: relatedReads(ctx, info),
    }).load(project.id);
  }

  @FieldResolver(() => Evaluation, { nullable: true, description: '直近の評価 (the latest evaluation; null before the first).' })
  @Extensions(readWithParent(LATEST_EVALUATION))
  latestEvaluation(@Root() project: TargetProject, @Ctx() ctx: Context) {
    return latestEvaluationByProject(ctx).load(project.id);
  }
}
