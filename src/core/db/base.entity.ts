import { DateTimeType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { toGlobalId } from '../graphql/global-id.js';

/**
 * Columns every table shares: an integer key (never shown to clients: they get the opaque
 * global id) and creation/update times.
 */
@Entity({ abstract: true })
export abstract class BaseEntity<Optional extends string = never> {
  /** Properties `em.create` may leave out: defaults, derived values and `Optional`. */
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'globalId' | Optional;

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: DateTimeType, onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The Relay global id: the GraphQL type is the class name. */
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}
