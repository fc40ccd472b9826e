import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage } from '../../core/graphql/pagination/list-query.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { Tender } from '../tender/tender.entity.js';
import { tenderById } from '../tender/tender.loaders.js';
import { EventFilter } from './event-filter.inputs.js';
import { PUBLIC_EVENT_ORDERING, publicEventSource } from './notifications.loaders.js';
import { PublicEvent } from './public-event.entity.js';
import { PUBLIC_EVENT_LABELS } from './public-event.enum.js';
import { eventFilterArgument } from './saved-search.service.js';

export const PublicEventConnection = connectionType(PublicEvent, 'PublicEvent', 'public events');

@Resolver(() => PublicEvent)
export class PublicEventResolver {
  @Query(() => PublicEventConnection, {
    description:
      '通知 (what happened, newest first: the same events webhooks, subscriptions and the Atom feed carry; docs/notifications.md). Everyone may read them: they hold public data only.',
  })
  async publicEvents(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events (the same conditions as a saved search).' })
    filter: EventFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const normal = await eventFilterArgument(ctx.em, filter);
    return fetchPage(ctx.db, publicEventSource(ctx, normal), PUBLIC_EVENT_ORDERING, pageWindow(args), listReads(ctx, info));
  }

  @FieldResolver(() => String, { description: '種類 in Japanese (e.g. 入札公告, 開札・落札).' })
  typeLabel(@Root() event: PublicEvent): string {
    return PUBLIC_EVENT_LABELS[event.type];
  }

  @FieldResolver(() => Tender, {
    nullable: true,
    description: 'The round it is about (for TENDER_… events), read with your rights: sealed data stays sealed.',
  })
  tender(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.tenderId != null ? tenderById(ctx).load(event.tenderId) : null;
  }

  @FieldResolver(() => TargetProject, {
    nullable: true,
    description: '対象公共サービス (the service it belongs to, if any, as it is now).',
  })
  project(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.projectId != null ? targetProjectById(ctx).load(event.projectId) : null;
  }

  @FieldResolver(() => LocalPilot, {
    nullable: true,
    description: '地方公共団体の取組 (the local pilot it belongs to, if any, as it is now).',
  })
  localPilot(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.localPilotId != null ? localPilotById(ctx).load(event.localPilotId) : null;
  }
}
