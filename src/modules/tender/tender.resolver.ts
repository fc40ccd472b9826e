import { labelOf } from '../../core/text/labels.js';
import { withFiscalYears } from '../../core/graphql/fiscal-year-filter.js';
import { withRow } from '../../core/graphql/entity-rows.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Extensions, FieldResolver, Float, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { listReads, readWithParent, relatedReads, relationById } from '../../core/graphql/related-rows.js';
import { formatJapaneseFiscalYear } from '../../core/calendar/fiscal-year.js';
import type { Context } from '../../core/graphql/context.js';
import { ConnectionArgs, pageWindow } from '../../core/graphql/pagination/connection-args.js';
import { connectionType, OrderDirection } from '../../core/graphql/pagination/connection.type.js';
import { ConnectionPage } from '../../core/graphql/pagination/connection-page.js';
import { fetchPage, pageByParent } from '../../core/graphql/pagination/list-query.js';
import { YenDeltaScalar, YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { Bid } from './bid.entity.js';
import { canSeeSealedData } from './round-seal.service.js';
import { TenderOrderField, TenderStatus, AWARD_CRITERIA_LABELS, TENDER_STATUS_LABELS } from './tender.enum.js';
import { Tender } from './tender.entity.js';
import { BidOrder, TenderFilter, TenderOrder } from './tender.inputs.js';
import {
  bidOrdering,
  bidSource,
  LATEST_TENDER,
  latestTenderByProject,
  tenderOrdering,
  tenderSource,
  WINNING_BID,
  winningBidByTender,
} from './tender.loaders.js';
import { costReduction, type CostReduction } from './tender.service.js';
import { withMinistryCodes } from '../ministry/ministry.loaders.js';

export const TenderConnection = connectionType(Tender, 'Tender', 'tender rounds');
export const BidConnection = connectionType(Bid, 'Bid', 'bids');

const NEWEST_FIRST: TenderOrder = { field: TenderOrderField.ANNOUNCED_ON, direction: OrderDirection.DESC };
const BY_ROUND: TenderOrder = { field: TenderOrderField.ROUND, direction: OrderDirection.ASC };

/**
 * `next` applied to a value that may still be coming: at once when it is already here. Fields
 * that can answer without waiting (the seal decision when the round's owner is known, a
 * reduction when its service is) then cost no promise: a dashboard resolves hundreds of them.
 */
function thenOrNow<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

const SEALED_NOTE =
  'Sealed: null while the round is not AWARDED or UNSUCCESSFUL, unless the caller is the owning ministry ' +
  '(or local government, for a pilot) or an admin; `bidsSealed` says which applies.';

@Resolver(() => Tender)
export class TenderResolver {
  @Query(() => TenderConnection, {
    description: '入札 (tender rounds of target services and local pilots), newest announcement first by default.',
  })
  async tenders(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TenderFilter, { nullable: true, description: 'Conditions the rounds must meet.' }) filter: TenderFilter | null,
    @Arg('orderBy', () => TenderOrder, { nullable: true, description: 'Order of the list (default ANNOUNCED_ON DESC).' })
    orderBy: TenderOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const source = tenderSource(ctx, await withMinistryCodes(ctx, withFiscalYears(filter, [['fiscalYear', 'year']])));
    return fetchPage(ctx.db, source, tenderOrdering(orderBy, NEWEST_FIRST), pageWindow(args), listReads(ctx, info));
  }

  @FieldResolver(() => TargetProject, {
    nullable: true,
    description: "対象公共サービス (the service tendered; null for a local pilot's round).",
  })
  @Extensions(readWithParent(relationById(TargetProject, 'target_project', 'project_id')))
  project(@Root() tender: Tender, @Ctx() ctx: Context) {
    return tender.project ? targetProjectById(ctx).load(tender.project.id) : null;
  }

  @FieldResolver(() => LocalPilot, {
    nullable: true,
    description: "地方公共団体の取組 (the local pilot tendered; null for a target service's round).",
  })
  @Extensions(readWithParent(relationById(LocalPilot, 'local_pilot', 'local_pilot_id')))
  localPilot(@Root() tender: Tender, @Ctx() ctx: Context) {
    return tender.localPilot ? localPilotById(ctx).load(tender.localPilot.id) : null;
  }

  @FieldResolver(() => Boolean, {
    description:
      "true when the caller may not see this round's bids and reserve price yet (not AWARDED or UNSUCCESSFUL, and not the owner or an admin).",
  })
  bidsSealed(@Root() tender: Tender, @Ctx() ctx: Context): boolean | Promise<boolean> {
    return thenOrNow(canSeeSealedData(ctx, tender), (visible) => !visible);
  }

  @FieldResolver(() => YenScalar, {
    nullable: true,
    description: `予定価格 (reserve price in yen, tax excluded; null if none was recorded). ${SEALED_NOTE}`,
  })
  reservePriceYen(@Root() tender: Tender, @Ctx() ctx: Context): number | null | Promise<number | null> {
    return thenOrNow(canSeeSealedData(ctx, tender), (visible) => (visible ? (tender.reservePriceYen ?? null) : null));
  }

  @FieldResolver(() => Int, { nullable: true, description: `応札者数 (number of bidders, withdrawn bids not counted). ${SEALED_NOTE}` })
  numberOfBidders(@Root() tender: Tender, @Ctx() ctx: Context): number | null | Promise<number | null> {
    return thenOrNow(canSeeSealedData(ctx, tender), (visible) => (visible ? tender.bidCount : null));
  }

  @FieldResolver(() => Boolean, { nullable: true, description: `一者応札 (exactly one bidder). ${SEALED_NOTE}` })
  isSingleBid(@Root() tender: Tender, @Ctx() ctx: Context): boolean | null | Promise<boolean | null> {
    return thenOrNow(canSeeSealedData(ctx, tender), (visible) => (visible ? tender.bidCount === 1 : null));
  }

  @FieldResolver(() => BidConnection, {
    description: `応札 (the bids, lowest amount first by default). Empty for a caller who may not see a sealed round's bids; see \`bidsSealed\`.`,
  })
  async bids(
    @Root() tender: Tender,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('orderBy', () => BidOrder, { nullable: true, description: 'Order of the bids (default AMOUNT ASC).' }) orderBy: BidOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionPage<Bid>> {
    const window = pageWindow(args);
    if (!(await canSeeSealedData(ctx, tender))) return ConnectionPage.empty();
    return pageByParent(
      ctx,
      'Tender.bids',
      { args, orderBy },
      {
        source: bidSource(ctx),
        ordering: bidOrdering(orderBy),
        window,
        parentColumn: 'tender_id',
        related: relatedReads(ctx, info),
      },
    ).load(tender.id);
  }

  @FieldResolver(() => Bid, { nullable: true, description: '落札 (the winning bid; null unless the round is AWARDED).' })
  @Extensions(readWithParent(WINNING_BID))
  winningBid(@Root() tender: Tender, @Ctx() ctx: Context) {
    return tender.status === TenderStatus.AWARDED ? winningBidByTender(ctx).load(tender.id) : null;
  }

  @FieldResolver(() => YenDeltaScalar, {
    nullable: true,
    description:
      "削減額 (cost reduction in yen): the service's baseline pro-rated to the contract period (annual × months ÷ 12, rounded down) " +
      'minus the contract amount; negative if the contract cost more. Null unless the round is awarded with a contract amount.',
  })
  costReductionYen(@Root() tender: Tender, @Ctx() ctx: Context): number | bigint | null | Promise<number | bigint | null> {
    return thenOrNow(this.reduction(tender, ctx), (reduction) => reduction?.reductionYen ?? null);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      '削減率 (cost reduction as a share of the baseline for the contract period, e.g. 0.18 for 18%). Null when `costReductionYen` is.',
  })
  costReductionRate(@Root() tender: Tender, @Ctx() ctx: Context): number | null | Promise<number | null> {
    return thenOrNow(this.reduction(tender, ctx), (reduction) => reduction?.reductionRate ?? null);
  }

  @FieldResolver(() => String, { nullable: true, description: '年度 in Japanese era form, e.g. 令和6年度 for fiscal year 2024.' })
  fiscalYearLabel(@Root() tender: Tender): string | null {
    return formatJapaneseFiscalYear(tender.fiscalYear);
  }

  /** The reduction of an awarded round, at once when the request has read its service already. */
  private reduction(tender: Tender, ctx: Context): CostReduction | null | Promise<CostReduction | null> {
    if (tender.status !== TenderStatus.AWARDED || tender.contractAmountYen == null || !tender.project) return null;
    const amount = tender.contractAmountYen;
    return withRow(ctx, TargetProject, tender.project.id, targetProjectById, (project) =>
      project ? costReduction(project.baselineAnnualCostYen, tender.contractStart, tender.contractEnd, amount) : null,
    );
  }

  @FieldResolver(() => String, { description: '落札方式 in Japanese, e.g. 総合評価落札方式 (what exports and the example CLIs print).' })
  awardCriteriaLabel(@Root() tender: Tender): string {
    return labelOf(AWARD_CRITERIA_LABELS, tender.awardCriteria);
  }

  @FieldResolver(() => String, { description: '状態 in Japanese, e.g. 落札 (what exports and the example CLIs print).' })
  statusLabel(@Root() tender: Tender): string {
    return labelOf(TENDER_STATUS_LABELS, tender.status);
  }
}

@Resolver(() => TargetProject)
export class TargetProjectTendersResolver {
  @FieldResolver(() => TenderConnection, { description: "入札 (the service's tender rounds, first round first by default)." })
  tenders(
    @Root() project: TargetProject,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('orderBy', () => TenderOrder, { nullable: true, description: 'Order of the rounds (default ROUND ASC).' })
    orderBy: TenderOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return pageByParent(
      ctx,
      'TargetProject.tenders',
      { args, orderBy },
      {
        source: tenderSource(ctx),
        ordering: tenderOrdering(orderBy, BY_ROUND),
        window: pageWindow(args),
        parentColumn: 'project_id',
        related: relatedReads(ctx, info),
      },
    ).load(project.id);
  }

  @FieldResolver(() => Tender, { nullable: true, description: '直近の入札 (the latest round, by round number; null before the first).' })
  @Extensions(readWithParent(LATEST_TENDER))
  latestTender(@Root() project: TargetProject, @Ctx() ctx: Context) {
    return latestTenderByProject(ctx).load(project.id);
  }
}

@Resolver(() => LocalPilot)
export class LocalPilotTendersResolver {
  @FieldResolver(() => TenderConnection, { description: "入札 (the pilot's tender rounds, first round first by default)." })
  tenders(
    @Root() pilot: LocalPilot,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('orderBy', () => TenderOrder, { nullable: true, description: 'Order of the rounds (default ROUND ASC).' })
    orderBy: TenderOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return pageByParent(
      ctx,
      'LocalPilot.tenders',
      { args, orderBy },
      {
        source: tenderSource(ctx),
        ordering: tenderOrdering(orderBy, BY_ROUND),
        window: pageWindow(args),
        parentColumn: 'local_pilot_id',
        related: relatedReads(ctx, info),
      },
    ).load(pilot.id);
  }
}
