import { labelOf } from '../../core/text/labels.js';
import { POLICY_ENTRY_ACTION_LABELS } from './policy.enum.js';
import { METHOD_LABELS } from '../project/project.enum.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import { runMutation } from '../../core/graphql/mutation.js';
import { AddPolicyEntryInput, CreateBasicPolicyInput } from './policy.inputs.js';
import { AddPolicyEntryPayload, CreateBasicPolicyPayload } from './policy.payloads.js';
import { addPolicyEntry, createBasicPolicy } from './policy.service.js';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import type { Context } from '../../core/graphql/context.js';
import { fromGlobalId } from '../../core/graphql/global-id.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { BasicPolicy } from './basic-policy.entity.js';
import { PolicyEntry } from './policy-entry.entity.js';
import {
  BASIC_POLICY_ORDERING,
  POLICY_ENTRY_BY_DECISION,
  POLICY_ENTRY_IN_APPENDIX,
  basicPolicyById,
  basicPolicySource,
  policyEntrySource,
} from './policy.loaders.js';

export const BasicPolicyConnection = connectionType(BasicPolicy, 'BasicPolicy', 'basic-policy editions');
export const PolicyEntryConnection = connectionType(PolicyEntry, 'PolicyEntry', 'basic-policy appendix entries');

@Resolver(() => BasicPolicy)
export class BasicPolicyResolver {
  @Query(() => BasicPolicyConnection, { description: '公共サービス改革基本方針 (basic-policy editions), newest decision first.' })
  basicPolicies(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return fetchPage(ctx.db, basicPolicySource(ctx), BASIC_POLICY_ORDERING, pageWindow(args), listReads(ctx, info));
  }

  @Query(() => BasicPolicy, { nullable: true, description: 'One basic-policy edition by its id; null if there is none.' })
  async basicPolicy(@Arg('id', () => ID, { description: 'Global id of the edition.' }) id: string, @Ctx() ctx: Context) {
    const key = fromGlobalId(id);
    return key?.typeName === 'BasicPolicy' ? basicPolicyById(ctx).load(key.id) : null;
  }

  @Mutation(() => CreateBasicPolicyPayload, { description: 'Records a basic-policy edition (閣議決定). ADMIN only.' })
  createBasicPolicy(
    @Arg('input', () => CreateBasicPolicyInput, { description: 'The edition.' }) input: CreateBasicPolicyInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => createBasicPolicy(em, actor, input));
  }

  @Mutation(() => AddPolicyEntryPayload, { description: 'Adds an appendix entry (別表) about a service to an edition. ADMIN only.' })
  addPolicyEntry(@Arg('input', () => AddPolicyEntryInput, { description: 'The entry.' }) input: AddPolicyEntryInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => addPolicyEntry(em, actor, input));
  }

  @FieldResolver(() => BasicPolicy, { nullable: true, description: '前回の基本方針 (the edition this one replaced; null for the first).' })
  supersedes(@Root() policy: BasicPolicy, @Ctx() ctx: Context) {
    return policy.supersedes ? basicPolicyById(ctx).load(policy.supersedes.id) : null;
  }

  @FieldResolver(() => PolicyEntryConnection, { description: '別表 (the appendix: one entry per target service, in the order recorded).' })
  entries(@Root() policy: BasicPolicy, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageByParent(ctx, 'BasicPolicy.entries', args, {
      source: policyEntrySource(ctx),
      ordering: POLICY_ENTRY_IN_APPENDIX,
      window: pageWindow(args),
      parentColumn: 'policy_id',
    }).load(policy.id);
  }

  @FieldResolver(() => String, { nullable: true, description: '年度 in Japanese era form, e.g. 平成27年度 for fiscal year 2015.' })
  fiscalYearLabel(@Root() policy: BasicPolicy): string | null {
    return formatJapaneseFiscalYear(policy.fiscalYear);
  }
}

@Resolver(() => PolicyEntry)
export class PolicyEntryResolver {
  @FieldResolver(() => BasicPolicy, { description: '基本方針 (the edition whose appendix holds this entry).' })
  policy(@Root() entry: PolicyEntry, @Ctx() ctx: Context) {
    return basicPolicyById(ctx).load(entry.policy.id);
  }

  @FieldResolver(() => TargetProject, { description: '対象公共サービス (the service the entry is about).' })
  project(@Root() entry: PolicyEntry, @Ctx() ctx: Context) {
    return targetProjectById(ctx).load(entry.project.id);
  }

  @FieldResolver(() => String, { description: '扱い in Japanese, e.g. 新規選定 (what exports and the example CLIs print).' })
  actionLabel(@Root() policyEntry: PolicyEntry): string {
    return labelOf(POLICY_ENTRY_ACTION_LABELS, policyEntry.action);
  }

  @FieldResolver(() => String, { description: '入札方式 in Japanese, e.g. 官民競争入札 (what exports and the example CLIs print).' })
  methodLabel(@Root() policyEntry: PolicyEntry): string {
    return labelOf(METHOD_LABELS, policyEntry.method);
  }
}

@Resolver(() => TargetProject)
export class TargetProjectPolicyEntriesResolver {
  @FieldResolver(() => PolicyEntryConnection, {
    description: '基本方針の記載 (what each basic policy said about this service, oldest decision first).',
  })
  policyEntries(@Root() project: TargetProject, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageByParent(ctx, 'TargetProject.policyEntries', args, {
      source: policyEntrySource(ctx),
      ordering: POLICY_ENTRY_BY_DECISION,
      window: pageWindow(args),
      parentColumn: 'project_id',
    }).load(project.id);
  }
}
