import { Field, InputType, Int } from 'type-graphql';
import { CompetitionMethod, TargetProjectCategory } from '../project/project.enum.js';
import { FiscalYearScalar } from '../../core/graphql/scalars/fiscal-year.scalar.js';

@InputType('MarketTestingStatsFilter', { description: 'Narrows the statistics; all given conditions must hold.' })
export class MarketTestingStatsFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only services of these ministries (codes or Japanese names; an unknown one is BAD_USER_INPUT naming the closest).',
  })
  ministryCodes?: string[] | null;

  @Field(() => [CompetitionMethod], { nullable: true, description: 'Only services tendered by these methods.' })
  methods?: CompetitionMethod[] | null;

  @Field(() => [TargetProjectCategory], { nullable: true, description: 'Only services of these kinds.' })
  categories?: TargetProjectCategory[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Only rounds announced, and services first selected, in or after this fiscal year (services counts then leave out services with no selection year).',
    deprecationReason: 'Use `fromYear`, which also takes 令和6年度, R6 or FY2024.',
  })
  fromFiscalYear?: number | null;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Use `toYear`, which also takes 令和6年度, R6 or FY2024.',
    description: 'Only rounds announced, and services first selected, in or before this fiscal year.',
  })
  toFiscalYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description:
      'Only rounds announced, and services first selected, in or after this fiscal year: 2024, "令和6年度", "R6" or "FY2024" (services counts then leave out services with no selection year).',
  })
  fromYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only rounds announced, and services first selected, in or before this fiscal year: 2024, "令和6年度", "R6" or "FY2024".',
  })
  toYear?: number | null;
}

@InputType('LocalPilotStatsFilter', { description: 'Narrows the local-pilot figures; all given conditions must hold.' })
export class LocalPilotStatsFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only pilots of local governments in this prefecture: its number ("13") or six-digit code ("130001").',
  })
  prefectureCode?: string | null;
}
