import { DateTimeType, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Role } from '../../core/auth/viewer.js';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';

/**
 * An API token (docs/api.md "Who may do what"). The secret is shown once when issued and stored
 * only as its SHA-256 hash; the token's id is part of the token, so a request looks the row
 * up by id and compares hashes in constant time. Tokens are revoked, never deleted, so
 * history keeps naming who did what.
 */
@Entity({ tableName: 'api_token' })
export class ApiToken extends BaseEntity<'revokedAt' | 'ministry' | 'municipality'> {
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => Role, type: 'string' })
  role!: Role;

  @ManyToOne(() => Ministry, { nullable: true, deleteRule: 'restrict' })
  ministry?: Rel<Ministry> | null;

  @ManyToOne(() => Municipality, { nullable: true, deleteRule: 'restrict' })
  municipality?: Rel<Municipality> | null;

  /** Hex SHA-256 of the secret part of the token. */
  @Property({ type: 'string', columnType: 'char(64)', length: 64 })
  secretHash!: string;

  @Property({ type: DateTimeType, nullable: true })
  revokedAt?: Date | null;
}
