import { BigIntType, Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars/date.scalar.js';
import { RED_FLAGS, RedFlagCode, RedFlagSubject } from './red-flag.enum.js';

/**
 * One stored red flag of a round, a bidder or a ministry (issue 9). Flags are derived data:
 * red-flag-store.service.ts writes them (in bulk, and for the services a write touched, in
 * the write's own transaction); nothing else does. One row per (subject, code): a
 * recomputation updates rows in place, so ids, and the cursors built on them, stay stable
 * while a flag stands. Not a `Node`: a flag is a finding about an object, not an object.
 *
 * `ministryId` and `fiscalYear` copy the round's ministry and 年度 (for a ministry's own
 * flags, its id), so the root list filters without joins; they are rewritten whenever the
 * round's service changes.
 */
@Entity({ tableName: 'red_flag' })
@Unique({ properties: ['subjectType', 'subjectId', 'code'] })
@Index({ properties: ['code', 'id'] })
@Index({ properties: ['ministryId', 'fiscalYear'] })
@ObjectType('RedFlag', {
  description:
    'A red flag: a reason to look at a round, a bidder or a ministry, never a verdict. Computed from published ' +
    'data only (the OCDS export), so a round still sealed raises none (README.md "Red flags").',
})
export class RedFlag {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => RedFlagSubject, { name: 'subject', description: 'What the flag is about: a round, a bidder or a ministry.' })
  @Enum({ items: () => RedFlagSubject, type: 'string', length: 16 })
  subjectType!: RedFlagSubject;

  /** The round's, bidder's or ministry's id. */
  @Property({ type: 'integer' })
  subjectId!: number;

  @Field(() => RedFlagCode, { description: "The flag's stable code (R… Cardinal, MT… market testing)." })
  @Enum({ items: () => RedFlagCode, type: 'string', length: 8 })
  code!: RedFlagCode;

  @Field(() => Float, {
    description:
      "The indicator's value, as Cardinal gives it: 1 for a yes/no finding; a ratio (R024/R058 price gap, R025 win ratio, " +
      'R038 share disqualified, MT01 落札率); a count (R035 others disqualified, R048 classifications, MT02/MT03 rounds). ' +
      'Bidders flagged for taking part in a flagged round (R024, R035, R058) get 0, as in Cardinal.',
  })
  @Property({ type: 'double' })
  value!: number;

  @Field(() => String, { description: 'What was found, in words, with the numbers behind it.' })
  @Property({ type: 'text' })
  explanation!: string;

  @Property({ type: 'integer', nullable: true })
  ministryId?: number | null;

  @Property({ type: 'integer', nullable: true })
  fiscalYear?: number | null;

  /** When the flag took its current value (ms since the epoch); see `computedAt`. */
  @Property({ type: new BigIntType('number'), columnType: 'bigint', nullable: true })
  computedAtMs?: number | null;

  @Field(() => DateTimeScalar, {
    description:
      'When this finding was computed as it stands (算出日時): when the flag appeared or its value or explanation last changed. ' +
      'Flags are recomputed a moment after each write that changes their inputs (README "Red flags": freshness); ' +
      'a recomputation that finds the same leaves this time as it was.',
  })
  get computedAt(): Date {
    return new Date(Number(this.computedAtMs ?? 0));
  }

  @Field(() => String, { description: "The flag's title (English, with the Japanese term)." })
  get title(): string {
    return RED_FLAGS[this.code].title;
  }

  @Field(() => String, { description: "The flag's title in Japanese, e.g. 一者応札 (what the example CLIs print)." })
  get titleLabel(): string {
    return RED_FLAGS[this.code].titleJa;
  }
}
