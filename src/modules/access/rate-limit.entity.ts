import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Rate-limit counters shared by every API process on one PostgreSQL database, in the
 * layout `rate-limiter-flexible`'s PostgreSQL store reads and writes (key, points used,
 * expiry in epoch ms). Declared here so migrations, not the library, create the table.
 */
@Entity({ tableName: 'rate_limit' })
export class RateLimit {
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  @Property({ type: 'bigint', nullable: true })
  expire?: string | null;
}
