import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { CompetitionMethod } from '../project/project.enum.js';
import { PolicyEntryAction } from './policy.enum.js';

@InputType('CreateBasicPolicyInput', { description: 'A new basic-policy edition (cabinet decision). ADMIN only.' })
export class CreateBasicPolicyInput {
  @Field(() => String, { description: '題名 (title, at most 300 characters).' })
  title!: string;

  @Field(() => DateScalar, { description: '閣議決定日 (date of the cabinet decision).' })
  decidedOn!: string;

  @Field(() => ID, { nullable: true, description: 'The edition it replaces (default: the latest edition decided before it).' })
  supersedesId?: string | null;
}

@InputType('AddPolicyEntryInput', { description: "One line of a basic policy's appendix (別表) about one service. ADMIN only." })
export class AddPolicyEntryInput {
  @Field(() => ID, { description: 'The edition.' })
  policyId!: string;

  @Field(() => ID, { description: 'The target service.' })
  projectId!: string;

  @Field(() => PolicyEntryAction, { description: '扱い (select, revise, continue, end, abolish).' })
  action!: PolicyEntryAction;

  @Field(() => CompetitionMethod, { description: '入札方式 (how the service is to be tendered).' })
  method!: CompetitionMethod;

  @Field(() => Int, { nullable: true, description: '入札実施予定年度 (fiscal year the tender is planned for, 2000–2100).' })
  plannedTenderFiscalYear?: number | null;

  @Field(() => Int, { nullable: true, description: '契約期間 (planned contract length in years, 1–20).' })
  contractYears?: number | null;

  @Field(() => String, { nullable: true, description: '備考 (notes, at most 2,000 characters).' })
  notes?: string | null;
}
