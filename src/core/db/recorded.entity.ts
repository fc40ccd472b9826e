import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { DataSource } from './data-source.enum.js';

/*
 * The columns the domain's records share, each written once. The classes form one chain
 * because the sets nest: every record says where it came from, those that may be anchored on
 * a public fact also carry the note citing it, and those clients change under optimistic
 * concurrency are all such records. An entity extends the lowest class it needs.
 *
 * Each class is a MikroORM abstract entity (its columns go to every table below it) and a
 * type-graphql object type (its fields go to every object type below it; it is not itself
 * in the schema, as nothing returns it).
 */

/**
 * A record that says where it came from (docs/domain.md: "Every row also says where it
 * comes from"): generated sample rows must say so in the data itself.
 */
@Entity({ abstract: true })
@ObjectType()
export abstract class SourcedEntity<Optional extends string = never> extends BaseEntity<'dataSource' | Optional> {
  @Field(() => DataSource, { description: 'Where this record came from (sample data says SAMPLE).' })
  @Enum({ items: () => DataSource, type: 'string' })
  dataSource: DataSource = DataSource.ENTERED;
}

/**
 * A record that may be anchored on a published fact: a PUBLIC_RECORD row cites it in
 * `sourceNote` (docs/domain.md; README.md "About the sample data").
 */
@Entity({ abstract: true })
@ObjectType()
export abstract class AnchoredEntity<Optional extends string = never> extends SourcedEntity<'sourceNote' | Optional> {
  @Field(() => String, { nullable: true, description: 'For PUBLIC_RECORD rows: the public source the record is anchored on.' })
  @Property({ type: 'text', nullable: true })
  sourceNote?: string | null;
}

/**
 * A record clients change under optimistic concurrency: a write names the version it read
 * (`expectedVersion`) and the ORM refuses it if the row moved since (ARCHITECTURE.md "A write").
 * The GraphQL field names the thing changed, so each entity declares it with `@VersionField`.
 */
@Entity({ abstract: true })
@ObjectType()
export abstract class VersionedEntity<Optional extends string = never> extends AnchoredEntity<'version' | Optional> {
  @Property({ version: true, type: 'integer' })
  version: number = 1;
}

/**
 * The GraphQL field of a `VersionedEntity`'s version, worded for what a client changes
 * ("the round", "the service"): one sentence for every entity, the noun its own.
 */
export function VersionField(thing: string): ClassDecorator {
  return (target) => {
    Field(() => Int, { description: `Version for optimistic concurrency: pass it as \`expectedVersion\` when changing ${thing}.` })(
      target.prototype,
      'version',
    );
  };
}
