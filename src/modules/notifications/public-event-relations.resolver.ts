import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { Tender } from '../tender/tender.entity.js';
import { tenderById } from '../tender/tender.loaders.js';
import { PublicEvent } from './public-event.entity.js';

/**
 * What an event is about, as it is now and as the caller may see it: the objects' own field
 * resolvers apply the seal for the caller (a subscriber's role and token), whatever the event
 * itself says.
 */
@Resolver(() => PublicEvent)
export class PublicEventRelationsResolver {
  @FieldResolver(() => Tender, {
    nullable: true,
    description: '入札 (the round the event is about, as it is now), for events about a round.',
  })
  tender(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.tender ? tenderById(ctx).load(event.tender.id) : null;
  }

  @FieldResolver(() => TargetProject, { nullable: true, description: '対象公共サービス (the service the event belongs to, as it is now).' })
  project(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.project ? targetProjectById(ctx).load(event.project.id) : null;
  }

  @FieldResolver(() => LocalPilot, {
    nullable: true,
    description: '地方公共団体の取組 (the local pilot the event belongs to, as it is now).',
  })
  localPilot(@Root() event: PublicEvent, @Ctx() ctx: Context) {
    return event.localPilot ? localPilotById(ctx).load(event.localPilot.id) : null;
  }
}
