import { labelOf } from '../../core/text/labels.js';
import { PILOT_SCHEME_LABELS, PILOT_STATUS_LABELS } from './pilot.enum.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listReads } from '../../core/graphql/related-rows.js';
import { runMutation } from '../../core/graphql/mutation.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType } from '../../core/graphql/pagination/connection.type.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { municipalityById } from '../municipality/municipality.loaders.js';
import { LocalPilot } from './local-pilot.entity.js';
import { LocalPilotFilter, RegisterLocalPilotInput, TransitionLocalPilotInput, UpdateLocalPilotInput } from './pilot.inputs.js';
import { RegisterLocalPilotPayload, TransitionLocalPilotPayload, UpdateLocalPilotPayload } from './pilot.payloads.js';
import { registerLocalPilot, transitionLocalPilot, updateLocalPilot } from './local-pilot.service.js';
import { LOCAL_PILOT_ORDERING, localPilotSource, withLocalGovernmentCode } from './pilot.loaders.js';

export const LocalPilotConnection = connectionType(LocalPilot, 'LocalPilot', 'local pilots');

@Resolver(() => LocalPilot)
export class LocalPilotResolver {
  @Query(() => LocalPilotConnection, { description: '地方公共団体における取組 (local pilots), newest first.' })
  async localPilots(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LocalPilotFilter, { nullable: true, description: 'Conditions the pilots must meet.' })
    filter: LocalPilotFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return fetchPage(
      ctx.db,
      localPilotSource(ctx, await withLocalGovernmentCode(ctx, filter)),
      LOCAL_PILOT_ORDERING,
      pageWindow(args),
      listReads(ctx, info),
    );
  }

  @Mutation(() => RegisterLocalPilotPayload, { description: 'Registers a local pilot (PLANNED). MUNICIPALITY (its own) or ADMIN.' })
  registerLocalPilot(
    @Arg('input', () => RegisterLocalPilotInput, { description: 'The pilot.' }) input: RegisterLocalPilotInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => registerLocalPilot(em, actor, input));
  }

  @Mutation(() => UpdateLocalPilotPayload, { description: "Changes a pilot's details and outcomes. MUNICIPALITY (its own) or ADMIN." })
  updateLocalPilot(
    @Arg('input', () => UpdateLocalPilotInput, { description: 'The changes.' }) input: UpdateLocalPilotInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => updateLocalPilot(em, actor, input));
  }

  @Mutation(() => TransitionLocalPilotPayload, { description: 'Moves a pilot along its lifecycle. MUNICIPALITY (its own) or ADMIN.' })
  transitionLocalPilot(
    @Arg('input', () => TransitionLocalPilotInput, { description: 'The move.' }) input: TransitionLocalPilotInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => transitionLocalPilot(em, actor, input, ctx.childrenUnderWay));
  }

  @FieldResolver(() => Municipality, { description: '地方公共団体 (the local government running the pilot).' })
  municipality(@Root() pilot: LocalPilot, @Ctx() ctx: Context) {
    return municipalityById(ctx).load(pilot.municipality.id);
  }

  @FieldResolver(() => String, {
    description: '実施の枠組み in Japanese, e.g. 特定公共サービス (what exports and the example CLIs print).',
  })
  schemeLabel(@Root() localPilot: LocalPilot): string {
    return labelOf(PILOT_SCHEME_LABELS, localPilot.scheme);
  }

  @FieldResolver(() => String, { description: '状態 in Japanese, e.g. 実施中 (what exports and the example CLIs print).' })
  statusLabel(@Root() localPilot: LocalPilot): string {
    return labelOf(PILOT_STATUS_LABELS, localPilot.status);
  }
}

@Resolver(() => Municipality)
export class MunicipalityLocalPilotsResolver {
  @FieldResolver(() => LocalPilotConnection, { description: "取組 (this local government's pilots, newest first)." })
  async localPilots(
    @Root() municipality: Municipality,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LocalPilotFilter, { nullable: true, description: 'Conditions the pilots must meet.' })
    filter: LocalPilotFilter | null,
    @Ctx() ctx: Context,
  ) {
    return pageByParent(
      ctx,
      'Municipality.localPilots',
      { args, filter },
      {
        source: localPilotSource(ctx, await withLocalGovernmentCode(ctx, filter)),
        ordering: LOCAL_PILOT_ORDERING,
        window: pageWindow(args),
        parentColumn: 'municipality_id',
      },
    ).load(municipality.id);
  }
}
