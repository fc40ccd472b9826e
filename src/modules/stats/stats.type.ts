import { Field, Float, Int, ObjectType } from 'type-graphql';
import { YenDeltaScalar, YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import { RedFlagCode } from '../red-flags/red-flag.enum.js';

@ObjectType('TargetProjectStatusCount', { description: 'How many target services are in one state.' })
export class TargetProjectStatusCount {
  @Field(() => TargetProjectStatus, { description: '状態 (the state).' })
  status!: TargetProjectStatus;

  @Field(() => String, { description: '状態 in Japanese, e.g. 事業実施中.' })
  statusLabel!: string;

  @Field(() => Int, { description: '件数 (number of services).' })
  count!: number;
}

/** Tender figures shared by the whole, each fiscal year and each ministry. */
@ObjectType({ description: 'Tender figures shared by the whole, each fiscal year and each ministry (never emitted on its own).' })
export abstract class TenderFigures {
  @Field(() => Int, { description: '入札件数 (tender rounds of target services, every status).' })
  tenderCount!: number;

  @Field(() => Int, { description: '落札件数 (rounds AWARDED).' })
  awardedTenderCount!: number;

  @Field(() => Int, { description: '不調・不落件数 (rounds UNSUCCESSFUL).' })
  unsuccessfulTenderCount!: number;

  @Field(() => Float, { nullable: true, description: '平均応札者数 (average number of bidders in awarded rounds; null without any).' })
  averageBidders!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '一者応札率 (share of awarded rounds with exactly one bidder, 0–1; null without any).',
  })
  singleBidRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '不調・不落率 (share of opened rounds, awarded or unsuccessful, that failed, 0–1; null without any).',
  })
  unsuccessfulRate!: number | null;

  @Field(() => YenScalar, {
    description:
      "従来経費 (baseline for the awarded contracts' periods: each service's annual baseline × contract months ÷ 12, rounded down, summed).",
  })
  baselineYen!: bigint;

  @Field(() => YenScalar, { description: "契約金額 (sum of the awarded contracts' amounts, tax excluded)." })
  contractedYen!: bigint;

  @Field(() => YenDeltaScalar, { description: '削減額 (baselineYen − contractedYen; negative if contracts cost more).' })
  reductionYen!: bigint;

  @Field(() => Float, { nullable: true, description: '削減率 (reductionYen ÷ baselineYen; null when the baseline is 0).' })
  reductionRate!: number | null;
}

@ObjectType('FiscalYearStats', { description: 'Market-testing figures for one fiscal year (rounds by announcement date).' })
export class FiscalYearStats extends TenderFigures {
  @Field(() => Int, { description: '年度 (fiscal year, April–March, named by its start year).' })
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: '年度 in Japanese era form, e.g. 令和6年度.' })
  fiscalYearLabel!: string | null;

  @Field(() => Int, { description: '新規選定数 (services first selected by a basic policy of this fiscal year).' })
  selectedProjectCount!: number;

  @Field(() => Int, {
    description: '事業実施中 (services with an awarded contract running at some time in this fiscal year, each counted once).',
  })
  inOperationProjectCount!: number;

  @Field(() => Int, {
    description:
      '市場化テスト終了 (services whose evaluation decided, on a date in this fiscal year, that they leave market testing: EXIT).',
  })
  exitedProjectCount!: number;
}

@ObjectType('MinistryStats', { description: 'Market-testing figures for one ministry.' })
export class MinistryStats extends TenderFigures {
  @Field(() => Ministry, { description: '府省 (the ministry).' })
  ministry!: Ministry;

  @Field(() => Int, { description: '対象事業数 (target services the ministry owns).' })
  projectCount!: number;

  @Field(() => [TargetProjectStatusCount], { description: 'Its services by state (states without services left out).' })
  projectsByStatus!: TargetProjectStatusCount[];
}

@ObjectType('CategoryStats', { description: 'Market-testing figures for one category of service.' })
export class CategoryStats extends TenderFigures {
  @Field(() => TargetProjectCategory, { description: '分野 (the category).' })
  category!: TargetProjectCategory;

  @Field(() => String, { description: '分野 in Japanese, e.g. 窓口業務.' })
  categoryLabel!: string;

  @Field(() => Int, { description: '対象事業数 (target services of the category).' })
  projectCount!: number;
}

@ObjectType('RedFlagCount', { description: 'How many rounds carry one red flag.' })
export class RedFlagCount {
  @Field(() => RedFlagCode, { description: 'The flag.' })
  code!: RedFlagCode;

  @Field(() => String, { description: "The flag's title in Japanese, e.g. 一者応札." })
  titleLabel!: string;

  @Field(() => Int, { description: '件数 (rounds flagged).' })
  count!: number;
}

@ObjectType('MarketTestingStats', {
  description:
    '市場化テストの実績 (programme statistics), computed by the database over target services and their rounds. ' +
    'Bid figures use opened rounds only, so sealed bids never show through.',
})
export class MarketTestingStats extends TenderFigures {
  @Field(() => Int, { description: '対象事業数 (target services).' })
  projectCount!: number;

  @Field(() => [TargetProjectStatusCount], { description: 'Services by state (states without services left out).' })
  projectsByStatus!: TargetProjectStatusCount[];

  @Field(() => [FiscalYearStats], { description: '年度別 (by fiscal year, oldest first).' })
  byFiscalYear!: FiscalYearStats[];

  @Field(() => [MinistryStats], { description: '府省別 (by ministry, in code order).' })
  byMinistry!: MinistryStats[];

  @Field(() => [CategoryStats], { description: '分野別 (by category, in code order; categories without services or rounds left out).' })
  byCategory!: CategoryStats[];
}
