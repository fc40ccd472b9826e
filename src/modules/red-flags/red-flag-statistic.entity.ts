import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The population statistics of the last bulk recomputation (Cardinal's "Meta": quartiles
 * and fences, e.g. R024 q1, q3, lower_fence), unrounded. A write recomputes the rounds it
 * touched against these (red-flag-store.service.ts), so a round's flags are current the
 * moment the write is answered while the fences, which depend on every round, move only at
 * the next bulk run. `code = '*'`, `name = 'computed_at_ms'` records when that was.
 */
@Entity({ tableName: 'red_flag_statistic' })
export class RedFlagStatistic {
  @PrimaryKey({ type: 'string', length: 8 })
  code!: string;

  @PrimaryKey({ type: 'string', length: 32 })
  name!: string;

  @Property({ type: 'double', nullable: true })
  value?: number | null;
}
