import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { runMutation } from '../../core/graphql/mutation.js';
import { awardTender } from './award.service.js';
import { correctBid, mergeBidders, renameBidder, withdrawBid } from './bid-correction.service.js';
import { createBidder, recordBid } from './bid.service.js';
import {
  AwardTenderInput,
  CancelTenderInput,
  CorrectBidInput,
  CreateBidderInput,
  CreateTenderInput,
  MarkTenderUnsuccessfulInput,
  MergeBiddersInput,
  RecordBidInput,
  RenameBidderInput,
  TransitionTenderInput,
  UpdateTenderInput,
  WithdrawBidInput,
} from './tender.inputs.js';
import {
  AwardTenderPayload,
  CancelTenderPayload,
  CorrectBidPayload,
  CreateBidderPayload,
  CreateTenderPayload,
  MarkTenderUnsuccessfulPayload,
  MergeBiddersPayload,
  RecordBidPayload,
  RenameBidderPayload,
  TransitionTenderPayload,
  UpdateTenderPayload,
  WithdrawBidPayload,
} from './tender.payloads.js';
import { cancelTender, createTender, markTenderUnsuccessful, transitionTender, updateTender } from './tender.service.js';

const OWNER = 'MINISTRY (owning the service), MUNICIPALITY (owning the pilot) or ADMIN.';

@Resolver()
export class TenderMutationResolver {
  @Mutation(() => CreateTenderPayload, {
    description: `Creates the next tender round (PLANNED) of a service or pilot in TENDERING. ${OWNER}`,
  })
  createTender(@Arg('input', () => CreateTenderInput, { description: 'The round.' }) input: CreateTenderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => createTender(em, actor, input));
  }

  @Mutation(() => UpdateTenderPayload, { description: `Changes a round's terms while PLANNED or OPEN. ${OWNER}` })
  updateTender(@Arg('input', () => UpdateTenderInput, { description: 'The changes.' }) input: UpdateTenderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => updateTender(em, actor, input));
  }

  @Mutation(() => TransitionTenderPayload, {
    description: `Moves a round: PLANNED → OPEN → CLOSED, or CANCELLED / UNSUCCESSFUL (with the reason in note). ${OWNER}`,
  })
  transitionTender(
    @Arg('input', () => TransitionTenderInput, { description: 'The move.' }) input: TransitionTenderInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => transitionTender(em, actor, input));
  }

  @Mutation(() => RecordBidPayload, {
    description: `Records a bid in an OPEN or CLOSED round (sealed until the round is opened). ${OWNER}`,
  })
  recordBid(@Arg('input', () => RecordBidInput, { description: 'The bid.' }) input: RecordBidInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => recordBid(em, actor, input));
  }

  @Mutation(() => WithdrawBidPayload, {
    description: `辞退: a bid withdrawn while its round is OPEN or CLOSED, before the opening; it stays, WITHDRAWN, recorded under the seal. ${OWNER}`,
  })
  withdrawBid(@Arg('input', () => WithdrawBidInput, { description: 'The withdrawal.' }) input: WithdrawBidInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => withdrawBid(em, actor, input));
  }

  @Mutation(() => CorrectBidPayload, {
    description: `Corrects a bid recorded wrongly while its round is OPEN or CLOSED, before the opening; recorded under the seal. ${OWNER}`,
  })
  correctBid(@Arg('input', () => CorrectBidInput, { description: 'The correction.' }) input: CorrectBidInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => correctBid(em, actor, input));
  }

  @Mutation(() => AwardTenderPayload, {
    description: `Awards a CLOSED round under its award criteria; the service goes IN_OPERATION. ${OWNER}`,
  })
  awardTender(@Arg('input', () => AwardTenderInput, { description: 'The award.' }) input: AwardTenderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => awardTender(em, actor, input));
  }

  @Mutation(() => MarkTenderUnsuccessfulPayload, {
    description: `不調・不落: a CLOSED round failed; the service goes back to GUIDELINES_DRAFTING. ${OWNER}`,
  })
  markTenderUnsuccessful(
    @Arg('input', () => MarkTenderUnsuccessfulInput, { description: 'The outcome.' }) input: MarkTenderUnsuccessfulInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => markTenderUnsuccessful(em, actor, input));
  }

  @Mutation(() => CancelTenderPayload, { description: `中止: cancels a round before award. ${OWNER}` })
  cancelTender(@Arg('input', () => CancelTenderInput, { description: 'The cancellation.' }) input: CancelTenderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => cancelTender(em, actor, input));
  }

  @Mutation(() => CreateBidderPayload, {
    description: 'Registers a bidder (shared by everyone). Any MINISTRY, MUNICIPALITY or ADMIN token.',
  })
  createBidder(@Arg('input', () => CreateBidderInput, { description: 'The bidder.' }) input: CreateBidderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => createBidder(em, actor, input));
  }

  @Mutation(() => RenameBidderPayload, { description: "Corrects a bidder's registered name (or gives its missing 法人番号). ADMIN only." })
  renameBidder(@Arg('input', () => RenameBidderInput, { description: 'The correction.' }) input: RenameBidderInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => renameBidder(em, actor, input));
  }

  @Mutation(() => MergeBiddersPayload, {
    description: 'Makes two bidder rows of one company one: the bids move, the history of both stays. ADMIN only.',
  })
  mergeBidders(@Arg('input', () => MergeBiddersInput, { description: 'The merge.' }) input: MergeBiddersInput, @Ctx() ctx: Context) {
    return runMutation(ctx, (em, actor) => mergeBidders(em, actor, input));
  }
}
