import { Field, InputType, Int } from 'type-graphql';
import { RedFlagCode, RedFlagSubject } from './red-flag.enum.js';
import { FiscalYearScalar } from '../../core/graphql/scalars/fiscal-year.scalar.js';
import { TargetProjectCategory } from '../project/project.enum.js';

@InputType('RedFlagFilter', { description: 'Narrows `redFlags`; all given conditions must hold.' })
export class RedFlagFilter {
  @Field(() => [RedFlagCode], { nullable: true, description: 'Only these flags.' })
  codes?: RedFlagCode[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only flags of rounds of these ministries\' services, and of these ministries themselves (codes or Japanese names, e.g. ["MOJ"]; an unknown one is BAD_USER_INPUT naming the closest).',
  })
  ministryCodes?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Use `year`, which also takes 令和6年度, R6 or FY2024.',
    description: "Only flags of rounds announced in this fiscal year (年度, e.g. 2024); bidders' and ministries' flags have none.",
  })
  fiscalYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description:
      'Only flags of rounds announced in this fiscal year: 2024, "令和6年度", "R6" or "FY2024"; bidders\' and ministries\' flags have none.',
  })
  year?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only flags of rounds announced in this fiscal year or later (2024, "令和6年度", "R6" or "FY2024").',
  })
  fromYear?: number | null;

  @Field(() => FiscalYearScalar, {
    nullable: true,
    description: 'Only flags of rounds announced in this fiscal year or earlier (2024, "令和6年度", "R6" or "FY2024").',
  })
  toYear?: number | null;

  @Field(() => [TargetProjectCategory], {
    nullable: true,
    description: "Only flags of rounds of services of these categories (分野); bidders' and ministries' flags have none.",
  })
  categories?: TargetProjectCategory[] | null;

  @Field(() => [RedFlagSubject], { nullable: true, description: 'Only flags about these kinds of subject (default: all).' })
  subjects?: RedFlagSubject[] | null;
}
