import { labelOf } from '../../core/text/labels.js';
import { CATEGORY_LABELS, METHOD_LABELS, PROJECT_STATUS_LABELS } from './project.enum.js';
import { withFiscalYears } from '../../core/graphql/fiscal-year-filter.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listReads, readWithParent, relatedReads, relationById } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { runMutation } from '../../core/graphql/mutation.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { ministryById, withMinistryCodes } from '../ministry/ministry.loaders.js';
import { GuidelineMilestone } from './guideline-milestone.entity.js';
import {
  CreateTargetProjectInput,
  RecordGuidelineMilestoneInput,
  TargetProjectFilter,
  TargetProjectOrder,
  TransitionTargetProjectInput,
  UpdateTargetProjectInput,
} from './project.inputs.js';
import {
  CreateTargetProjectPayload,
  RecordGuidelineMilestonePayload,
  TransitionTargetProjectPayload,
  UpdateTargetProjectPayload,
} from './project.payloads.js';
import { createTargetProject, recordGuidelineMilestone, transitionTargetProject, updateTargetProject } from './target-project.service.js';
import {
  GUIDELINE_MILESTONE_ORDERING,
  guidelineMilestoneSource,
  rootTargetProjectSource,
  targetProjectOrdering,
  targetProjectSource,
} from './project.loaders.js';
import { TargetProject } from './target-project.entity.js';

export const TargetProjectConnection = connectionType(TargetProject, 'TargetProject', 'target services');
export const GuidelineMilestoneConnection = connectionType(GuidelineMilestone, 'GuidelineMilestone', 'guideline milestones');

@Resolver(() => TargetProject)
export class TargetProjectResolver {
  @Query(() => TargetProjectConnection, { description: '対象公共サービス (target services), filtered and ordered (default NAME ASC).' })
  async targetProjects(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TargetProjectFilter, { nullable: true, description: 'Conditions the services must meet.' })
    filter: TargetProjectFilter | null,
    @Arg('orderBy', () => TargetProjectOrder, { nullable: true, description: 'Order of the list (default NAME ASC).' })
    orderBy: TargetProjectOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const scoped = await withMinistryCodes(ctx, withFiscalYears(filter, [['selectedInFiscalYear', 'selectedInYear']]));
    const ordering = targetProjectOrdering(orderBy);
    const window = pageWindow(args);
    return fetchPage(ctx.db, await rootTargetProjectSource(ctx, scoped, ordering, window), ordering, window, listReads(ctx, info));
  }

  @Mutation(() => CreateTargetProjectPayload, { description: 'Registers a target service (SELECTED). MINISTRY (own ministry) or ADMIN.' })
  createTargetProject(
    @Arg('input', () => CreateTargetProjectInput, { description: 'The service.' }) input: CreateTargetProjectInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => createTargetProject(em, actor, input));
  }

  @Mutation(() => UpdateTargetProjectPayload, { description: "Changes a target service's details. MINISTRY (own) or ADMIN." })
  updateTargetProject(
    @Arg('input', () => UpdateTargetProjectInput, { description: 'The changes.' }) input: UpdateTargetProjectInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => updateTargetProject(em, actor, input));
  }

  @Mutation(() => TransitionTargetProjectPayload, {
    description:
      'Moves a target service along its lifecycle. Award and evaluation moves happen through awardTender and recordEvaluation. MINISTRY (own) or ADMIN.',
  })
  transitionTargetProject(
    @Arg('input', () => TransitionTargetProjectInput, { description: 'The move.' }) input: TransitionTargetProjectInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => transitionTargetProject(em, actor, input, ctx.childrenUnderWay));
  }

  @Mutation(() => RecordGuidelineMilestonePayload, {
    description: "Records a dated step of a service's guidelines (実施要項). MINISTRY (own) or ADMIN.",
  })
  recordGuidelineMilestone(
    @Arg('input', () => RecordGuidelineMilestoneInput, { description: 'The milestone.' }) input: RecordGuidelineMilestoneInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => recordGuidelineMilestone(em, actor, input));
  }

  @FieldResolver(() => Ministry, { description: '所管府省 (the ministry that owns the service).' })
  @Extensions(readWithParent(relationById(Ministry, 'ministry', 'ministry_id')))
  ministry(@Root() project: TargetProject, @Ctx() ctx: Context) {
    return ministryById(ctx).load(project.ministry.id);
  }

  @FieldResolver(() => GuidelineMilestoneConnection, { description: '実施要項の節目 (dated steps of the guidelines, oldest first).' })
  guidelineMilestones(@Root() project: TargetProject, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageByParent(ctx, 'TargetProject.guidelineMilestones', args, {
      source: guidelineMilestoneSource(ctx),
      ordering: GUIDELINE_MILESTONE_ORDERING,
      window: pageWindow(args),
      parentColumn: 'project_id',
    }).load(project.id);
  }

  @FieldResolver(() => String, { description: '分類 in Japanese, e.g. 窓口業務 (what exports and the example CLIs print).' })
  categoryLabel(@Root() targetProject: TargetProject): string {
    return labelOf(CATEGORY_LABELS, targetProject.category);
  }

  @FieldResolver(() => String, { description: '入札方式 in Japanese, e.g. 民間競争入札 (what exports and the example CLIs print).' })
  methodLabel(@Root() targetProject: TargetProject): string {
    return labelOf(METHOD_LABELS, targetProject.method);
  }

  @FieldResolver(() => String, { description: '状態 in Japanese, e.g. 評価中 (what exports and the example CLIs print).' })
  statusLabel(@Root() targetProject: TargetProject): string {
    return labelOf(PROJECT_STATUS_LABELS, targetProject.status);
  }
}

@Resolver(() => Ministry)
export class MinistryTargetProjectsResolver {
  @FieldResolver(() => TargetProjectConnection, { description: '対象公共サービス (the target services this body owns).' })
  async targetProjects(
    @Root() ministry: Ministry,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TargetProjectFilter, { nullable: true, description: 'Conditions the services must meet.' })
    filter: TargetProjectFilter | null,
    @Arg('orderBy', () => TargetProjectOrder, { nullable: true, description: 'Order of the list (default NAME ASC).' })
    orderBy: TargetProjectOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return pageByParent(
      ctx,
      'Ministry.targetProjects',
      { args, filter, orderBy },
      {
        source: targetProjectSource(
          ctx,
          await withMinistryCodes(ctx, withFiscalYears(filter, [['selectedInFiscalYear', 'selectedInYear']])),
        ),
        ordering: targetProjectOrdering(orderBy),
        window: pageWindow(args),
        parentColumn: 'ministry_id',
        related: relatedReads(ctx, info),
      },
    ).load(ministry.id);
  }
}
