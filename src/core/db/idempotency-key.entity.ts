import { DateTimeType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A mutation answered under an `Idempotency-Key` header (README "Writing data", "Retrying
 * safely"): which caller sent which key, what the request was (a hash of its document,
 * operation name and variables) and what it wrote (the global id of the object, or null).
 * The row is written in the mutation's own transaction, so it exists exactly when the write
 * committed (core/graphql/idempotency.ts). Rows older than the window are purged.
 *
 * Not a GraphQL type, never read by anyone but the same caller's retries: a key row of a
 * write under the seal tells nobody else anything (docs/seal.md).
 */
@Entity({ tableName: 'idempotency_key' })
@Unique({ properties: ['tokenId', 'key'] })
@Index({ properties: ['createdAt'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The caller: its API token's id (keys are per caller). */
  @Property({ type: 'integer' })
  tokenId!: number;

  /** The header's value: 1 to 200 visible ASCII characters. */
  @Property({ type: 'string', length: 200 })
  key!: string;

  /** Hex SHA-256 of the printed document, the operation name and the variables. */
  @Property({ type: 'string', columnType: 'char(64)', length: 64 })
  fingerprint!: string;

  /** The mutation field the key was used for (for the message when it is reused). */
  @Property({ type: 'string', length: 100 })
  operation!: string;

  /** The global id of the object the mutation answered; null when it answered none. */
  @Property({ type: 'string', length: 200, nullable: true })
  outcome?: string | null;

  @Property({ type: DateTimeType })
  createdAt!: Date;
}
