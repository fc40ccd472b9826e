import { withFiscalYears } from '../../core/graphql/fiscal-year-filter.js';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { ministryById, withMinistryCodes } from '../ministry/ministry.loaders.js';
import { marketTestingStats, type StatsResult } from './stats.service.js';
import { redFlagCounts, redFlagCountsByMinistry } from './red-flag-counts.service.js';
import { LocalPilotStatsFilter, MarketTestingStatsFilter } from './stats.inputs.js';
import { MarketTestingStats, MinistryStats, RedFlagCount } from './stats.type.js';
import { LocalPilotStats, PrefecturePilotCount } from './local-pilot-stats.type.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { localPilotStats } from './local-pilot-stats.service.js';
import { municipalityById, prefectureNumberArgument } from '../municipality/municipality.loaders.js';

@Resolver(() => MarketTestingStats)
export class StatsResolver {
  @Query(() => MarketTestingStats, {
    description:
      '市場化テストの実績 (programme statistics: services by state, rounds, bidders, single bids, baseline vs contracted yen), by fiscal year and by ministry.',
  })
  async marketTestingStats(
    @Arg('filter', () => MarketTestingStatsFilter, { nullable: true, description: 'Conditions the services and rounds must meet.' })
    filter: MarketTestingStatsFilter | null,
    @Ctx() ctx: Context,
  ): Promise<StatsResult & { filter: MarketTestingStatsFilter | null }> {
    filter =
      (await withMinistryCodes(
        ctx,
        withFiscalYears(filter, [
          ['fromFiscalYear', 'fromYear'],
          ['toFiscalYear', 'toYear'],
        ]),
      )) ?? null;
    const stats = await marketTestingStats(ctx.db, filter);
    // Ministries in code order, loaded in one batch.
    const ministries = await ministryById(ctx).loadMany(stats.byMinistry.map((m) => m.ministryId));
    const code = (i: number) => (ministries[i] instanceof Ministry ? (ministries[i] as Ministry).code : '');
    // Each ministry's red flags, counted for all of them in one statement, and only if asked for.
    let flagsByMinistry: Promise<Map<number, RedFlagCount[]>> | undefined;
    const flagsOf = (ministryId: number) =>
      (flagsByMinistry ??= redFlagCountsByMinistry(ctx.db.knex, filter)).then((all) => all.get(ministryId) ?? []);
    stats.byMinistry = stats.byMinistry
      .map((m, i) => ({ m, code: code(i) }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map(({ m }) => ({ ...m, redFlagCounts: () => flagsOf(m.ministryId) }));
    return { ...stats, filter };
  }

  @FieldResolver(() => [RedFlagCount], {
    description:
      '赤信号 (rounds of the services selected that carry each red flag, in code order; flags no round carries are left out). ' +
      "Bidders' and ministries' own flags (R025, R038, R048 and the bidder side of others) are on `Bidder.redFlags`, `Ministry.redFlags` and `redFlags`.",
  })
  redFlagCounts(@Root() stats: { filter: MarketTestingStatsFilter | null }, @Ctx() ctx: Context): Promise<RedFlagCount[]> {
    return redFlagCounts(ctx.db.knex, stats.filter);
  }
}

@Resolver(() => LocalPilotStats)
export class LocalPilotStatsResolver {
  @Query(() => LocalPilotStats, {
    description: '地方公共団体の取組の実績 (local-pilot figures: pilots by state, scheme and service), nationwide or for one prefecture.',
  })
  localPilotStats(
    @Arg('filter', () => LocalPilotStatsFilter, { nullable: true, description: 'Conditions the pilots must meet.' })
    filter: LocalPilotStatsFilter | null,
    @Ctx() ctx: Context,
  ) {
    return localPilotStats(ctx.db.knex, filter?.prefectureCode != null ? prefectureNumberArgument(filter.prefectureCode) : null);
  }
}

@Resolver(() => PrefecturePilotCount)
export class PrefecturePilotCountResolver {
  @FieldResolver(() => Municipality, { description: '都道府県 (the prefecture).' })
  async prefecture(@Root() count: PrefecturePilotCount, @Ctx() ctx: Context): Promise<Municipality> {
    return (await municipalityById(ctx).load(count.prefectureId))!;
  }
}

@Resolver(() => MinistryStats)
export class MinistryStatsResolver {
  @FieldResolver(() => Ministry, { description: '府省 (the ministry).' })
  ministry(@Root() stats: { ministryId: number }, @Ctx() ctx: Context) {
    return ministryById(ctx).load(stats.ministryId);
  }

  @FieldResolver(() => [RedFlagCount], {
    description: "赤信号 (rounds of the ministry's services, of those the statistics select, that carry each red flag, in code order).",
  })
  redFlagCounts(@Root() stats: { redFlagCounts: () => Promise<RedFlagCount[]> }): Promise<RedFlagCount[]> {
    return stats.redFlagCounts();
  }
}
