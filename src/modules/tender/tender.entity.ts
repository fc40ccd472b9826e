import { BeforeCreate, BeforeUpdate, Check, Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { fiscalYearOf, monthsInPeriod } from '../../core/calendar/fiscal-year.js';
import { dateColumn, yenColumn } from '../../core/db/column-types.js';
import { VersionedEntity, VersionField } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { normaliseForSearch } from '../../core/text/search-text.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { TargetProject } from '../project/target-project.entity.js';
import { AwardCriteria, TenderStatus } from './tender.enum.js';

type TenderOptional =
  | 'status'
  | 'fiscalYear'
  | 'contractMonths'
  | 'bidCount'
  | 'negotiatedAfterFailure'
  | 'project'
  | 'localPilot'
  | 'openedOn'
  | 'reservePriceYen'
  | 'contractAmountYen'
  | 'outcomeNote'
  | 'searchText';

/**
 * 入札: one round of tendering for a target service or for a local pilot (exactly one of the
 * two). Its bids and reserve price are sealed until it is AWARDED or UNSUCCESSFUL.
 */
@Entity({ tableName: 'tender' })
@Check({ name: 'tender_owner_check', expression: '(project_id is null) <> (local_pilot_id is null)' })
@Unique({ properties: ['project', 'round'] })
@Unique({ properties: ['localPilot', 'round'] })
@Index({ properties: ['fiscalYear', 'status'] })
@Index({ properties: ['announcedOn', 'id'] })
@Index({ properties: ['contractAmountYen', 'id'] })
@ObjectType('Tender', {
  implements: Node,
  description: '入札 (one tender round for a target service or a local pilot).',
})
@VersionField('the round')
export class Tender extends VersionedEntity<TenderOptional> {
  /** The target service tendered (null for a local pilot's tender). */
  @ManyToOne(() => TargetProject, { nullable: true, deleteRule: 'restrict' })
  project?: Rel<TargetProject> | null;

  /** The local pilot tendered (null for a target service's tender). */
  @ManyToOne(() => LocalPilot, { nullable: true, deleteRule: 'restrict' })
  localPilot?: Rel<LocalPilot> | null;

  @Field(() => Int, { description: '回次 (round: 1 for the first tender of the service, then 2, 3, …).' })
  @Property({ type: 'integer' })
  round!: number;

  @Field(() => String, { description: '件名 (title of the procurement).' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => DateScalar, { description: '入札公告日 (date the tender was announced or is planned to be).' })
  @Property(dateColumn())
  announcedOn!: string;

  @Field(() => DateScalar, { description: '入札締切日 (bid deadline).' })
  @Property(dateColumn())
  bidDeadline!: string;

  @Field(() => DateScalar, { nullable: true, description: '開札日 (date the bids were opened).' })
  @Property(dateColumn({ nullable: true }))
  openedOn?: string | null;

  @Field(() => AwardCriteria, { description: '落札方式 (lowest price or rated).' })
  @Enum({ items: () => AwardCriteria, type: 'string' })
  awardCriteria!: AwardCriteria;

  /** 予定価格: confidential until opening; the GraphQL field is resolved with the seal. */
  @Property(yenColumn({ nullable: true }))
  reservePriceYen?: number | null;

  @Field(() => DateScalar, { description: '契約開始日 (first day of the contract period).' })
  @Property(dateColumn())
  contractStart!: string;

  @Field(() => DateScalar, { description: '契約終了日 (last day of the contract period).' })
  @Property(dateColumn())
  contractEnd!: string;

  @Field(() => TenderStatus, { description: '状態 (status of the round).' })
  @Enum({ items: () => TenderStatus, type: 'string', index: true })
  status: TenderStatus = TenderStatus.PLANNED;

  @Field(() => YenScalar, {
    nullable: true,
    description: '契約金額 (contract amount in yen, tax excluded, for the whole contract period); set at award.',
  })
  @Property(yenColumn({ nullable: true }))
  contractAmountYen?: number | null;

  @Field(() => Boolean, {
    description: '不落随契 (a negotiated contract, 随意契約, concluded after a failed round: 予算決算及び会計令 第99条の2).',
  })
  @Property({ type: 'boolean' })
  negotiatedAfterFailure: boolean = false;

  @Field(() => String, { nullable: true, description: 'Reason given when the round was marked unsuccessful or cancelled.' })
  @Property({ type: 'text', nullable: true })
  outcomeNote?: string | null;

  @Field(() => Int, { description: '年度 (fiscal year of the announcement, April–March, named by its start year).' })
  @Property({ type: 'integer' })
  fiscalYear!: number;

  /** Months of the contract period, first and last included: prices it against the baseline. */
  @Property({ type: 'integer' })
  contractMonths!: number;

  /** Bids that count as 応札 (all but withdrawn ones), kept by the services that write bids. */
  @Property({ type: 'integer' })
  bidCount: number = 0;

  /** The title, NFKC-normalised and lower-cased, for substring search (`TenderFilter.query`). */
  @Property({ type: 'text' })
  searchText: string = '';

  @BeforeCreate()
  @BeforeUpdate()
  deriveColumns(): void {
    this.fiscalYear = fiscalYearOf(this.announcedOn);
    this.contractMonths = monthsInPeriod(this.contractStart, this.contractEnd);
    this.searchText = normaliseForSearch(this.title);
  }
}

/**
 * What a round holds besides its own values: the owner (relations), what `deriveColumns`
 * computes, the hook itself, and the columns every record shares (core/db/recorded.entity.ts).
 */
type NotTenderValue = 'project' | 'localPilot' | 'fiscalYear' | 'contractMonths' | 'searchText' | 'deriveColumns' | keyof VersionedEntity;

/**
 * A round's own columns as plain values, an optional one as null: the one shape of a round
 * that the import's copy of it (import/import-world.model.ts) and the OCDS export's row
 * (ocds/ocds-data.service.ts) are built on. A column added to the entity is in it at
 * once, and the compiler then asks every place that fills one for the new value.
 */
export type TenderValues = { -readonly [K in Exclude<keyof Tender, NotTenderValue>]-?: Exclude<Tender[K], undefined> };
