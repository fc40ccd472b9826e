import { publicEventById, visibleDeliveryById, visibleSavedSearchById } from './modules/notifications/notifications.loaders.js';
import { PublicEventResolver } from './modules/notifications/public-event.resolver.js';
import { SavedSearchResolver } from './modules/notifications/saved-search.resolver.js';
import { SavedSearchDeliveriesResolver, WebhookDeliveryResolver } from './modules/notifications/webhook-delivery.resolver.js';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { describeRootTypes, readPropertiesDirectly, resolveTypesSynchronously } from './core/graphql/schema-build.js';
import type { Context } from './core/graphql/context.js';
import { createNodeResolver, fetchNode, type NodeFetcher } from './core/graphql/node.resolver.js';
import { ViewerResolver } from './modules/access/viewer.resolver.js';
import { EvaluationResolver, TargetProjectEvaluationsResolver } from './modules/evaluation/evaluation.resolver.js';
import { evaluationById } from './modules/evaluation/evaluation.loaders.js';
import { MinistryResolver } from './modules/ministry/ministry.resolver.js';
import { ministryById } from './modules/ministry/ministry.loaders.js';
import { MunicipalityResolver } from './modules/municipality/municipality.resolver.js';
import { municipalityById } from './modules/municipality/municipality.loaders.js';
import { LocalPilotResolver, MunicipalityLocalPilotsResolver } from './modules/pilot/local-pilot.resolver.js';
import { localPilotById } from './modules/pilot/pilot.loaders.js';
import { BasicPolicyResolver, PolicyEntryResolver, TargetProjectPolicyEntriesResolver } from './modules/policy/basic-policy.resolver.js';
import { basicPolicyById } from './modules/policy/policy.loaders.js';
import { PolicyEntry } from './modules/policy/policy-entry.entity.js';
import { GuidelineMilestone } from './modules/project/guideline-milestone.entity.js';
import { MinistryTargetProjectsResolver, TargetProjectResolver } from './modules/project/target-project.resolver.js';
import { targetProjectById } from './modules/project/project.loaders.js';
import {
  LocalPilotStatsResolver,
  MinistryStatsResolver,
  PrefecturePilotCountResolver,
  StatsResolver,
} from './modules/stats/stats.resolver.js';
import { BidResolver } from './modules/tender/bid.resolver.js';
import { BidderResolver } from './modules/tender/bidder.resolver.js';
import { bidderById, tenderById, visibleBidById } from './modules/tender/tender.loaders.js';
import { LocalPilotTendersResolver, TargetProjectTendersResolver, TenderResolver } from './modules/tender/tender.resolver.js';
import { byIdLoader } from './core/graphql/entity-rows.js';
import { visibleChangeById } from './modules/history/history.loaders.js';
import { ChangeResolver, historyResolverFor } from './modules/history/history.resolver.js';
import { TenderMutationResolver } from './modules/tender/tender-mutation.resolver.js';
import { Tender } from './modules/tender/tender.entity.js';
import { Bid } from './modules/tender/bid.entity.js';
import { Bidder } from './modules/tender/bidder.entity.js';
import { TargetProject } from './modules/project/target-project.entity.js';
import { LocalPilot } from './modules/pilot/local-pilot.entity.js';
import { BasicPolicy } from './modules/policy/basic-policy.entity.js';
import { Evaluation } from './modules/evaluation/evaluation.entity.js';
import {
  BidderRedFlagsResolver,
  MinistryRedFlagsResolver,
  RedFlagResolver,
  TenderRedFlagsResolver,
} from './modules/red-flags/red-flag.resolver.js';
import { PublicEventSubscriptionResolver } from './modules/notifications/public-event.subscription.js';

/**
 * How `node(id)` fetches each type. A bid of a sealed round is null for callers who may
 * not see it, as if it did not exist (the seal covers even the existence of a bid).
 */
const NODE_FETCHERS: Record<string, NodeFetcher> = {
  Ministry: (ctx, id) => ministryById(ctx).load(id),
  BasicPolicy: (ctx, id) => basicPolicyById(ctx).load(id),
  PolicyEntry: (ctx, id) => byIdLoader(ctx, PolicyEntry, 'policy_entry').load(id),
  TargetProject: (ctx, id) => targetProjectById(ctx).load(id),
  GuidelineMilestone: (ctx, id) => byIdLoader(ctx, GuidelineMilestone, 'guideline_milestone').load(id),
  Tender: (ctx, id) => tenderById(ctx).load(id),
  Bid: (ctx, id) => visibleBidById(ctx).load(id),
  Bidder: (ctx, id) => bidderById(ctx).load(id),
  Evaluation: (ctx, id) => evaluationById(ctx).load(id),
  Municipality: (ctx, id) => municipalityById(ctx).load(id),
  LocalPilot: (ctx, id) => localPilotById(ctx).load(id),
  // Released (public) entries have positive ids; entries under a seal negative ones, named
  // SealedChange in their global id. Either way, one statement that checks the seal.
  Change: (ctx, id) => visibleChangeById(ctx).load(id),
  SealedChange: (ctx, id) => visibleChangeById(ctx).load(-id),
  PublicEvent: (ctx, id) => publicEventById(ctx).load(id),
  // Only their owner's (or an admin's): anyone else gets null, as for an id that is none.
  SavedSearch: (ctx, id) => visibleSavedSearchById(ctx).load(id),
  WebhookDelivery: (ctx, id) => visibleDeliveryById(ctx).load(id),
};

/** Reads any object by its global id as `node(id)` does (a replayed mutation's answer, app.ts). */
export function readNode(ctx: Context, globalId: string): Promise<object | null> {
  return fetchNode(NODE_FETCHERS, ctx, globalId) as Promise<object | null>;
}

/** Every type that mutations change gets a `history` connection. */
const HISTORY_RESOLVERS = (
  [
    [TargetProject, 'TargetProject'],
    [GuidelineMilestone, 'GuidelineMilestone'],
    [Tender, 'Tender'],
    [Bid, 'Bid'],
    [Bidder, 'Bidder'],
    [Evaluation, 'Evaluation'],
    [LocalPilot, 'LocalPilot'],
    [BasicPolicy, 'BasicPolicy'],
    [PolicyEntry, 'PolicyEntry'],
  ] as const
).map(([type, name]) => historyResolverFor(type as never, name));

// type-graphql's own signature: resolvers are classes, typed as Function.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [
  createNodeResolver(NODE_FETCHERS),
  ViewerResolver,
  MinistryResolver,
  MinistryTargetProjectsResolver,
  BasicPolicyResolver,
  PolicyEntryResolver,
  TargetProjectResolver,
  TargetProjectPolicyEntriesResolver,
  TargetProjectTendersResolver,
  TargetProjectEvaluationsResolver,
  TenderResolver,
  BidResolver,
  BidderResolver,
  EvaluationResolver,
  MunicipalityResolver,
  MunicipalityLocalPilotsResolver,
  LocalPilotResolver,
  LocalPilotTendersResolver,
  StatsResolver,
  PublicEventResolver,
  SavedSearchResolver,
  SavedSearchDeliveriesResolver,
  WebhookDeliveryResolver,
  MinistryStatsResolver,
  PrefecturePilotCountResolver,
  LocalPilotStatsResolver,
  TenderMutationResolver,
  ChangeResolver,
  RedFlagResolver,
  TenderRedFlagsResolver,
  BidderRedFlagsResolver,
  MinistryRedFlagsResolver,
  PublicEventSubscriptionResolver,
  ...HISTORY_RESOLVERS,
];

const ROOT_DESCRIPTIONS = {
  Query: 'Reads: the programme (市場化テスト) from basic policies to bids, local pilots and statistics.',
  Mutation: 'Writes: each mutation is one transaction; refusals come back as `userErrors` and write nothing.',
  Subscription: 'Live events over WebSocket (graphql-transport-ws at /graphql; docs/notifications.md "Subscriptions").',
} as const;

/**
 * type-graphql asks for a PubSub as soon as there is a subscription; ours bring their own
 * streams (`subscribe`: the notifications module's hub), so there are no topics to publish to.
 */
const NO_TOPICS: PubSub = {
  publish() {
    throw new Error('subscriptions read their own streams: there are no topics');
  },
  subscribe() {
    throw new Error('subscriptions read their own streams: there are no topics');
  },
};

/** The GraphQL schema the server runs; `schema/schema.graphql` is this, printed and sorted. */
export async function buildTrackerSchema(): Promise<GraphQLSchema> {
  const built = await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: NO_TOPICS });
  // type-graphql cannot describe the root types; every type must have a description (docs/api.md).
  const schema = describeRootTypes(built, ROOT_DESCRIPTIONS);
  readPropertiesDirectly(schema);
  resolveTypesSynchronously(schema);
  return schema;
}
