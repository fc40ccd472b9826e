import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClassType } from 'type-graphql';

/** Sort direction for every `…Order` input. */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: {
    ASC: { description: 'Ascending (smallest, earliest or first in code-point order first).' },
    DESC: { description: 'Descending (largest, latest or last in code-point order first).' },
  },
});

/** Relay `PageInfo`. */
@ObjectType('PageInfo', { description: 'Where a page sits in its list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow the last one of this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede the first one of this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page (null for an empty page).' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page (null for an empty page).' })
  endCursor!: string | null;
}

/**
 * Builds the `XConnection` and `XEdge` types for a node type (docs/api.md "Connections").
 * The runtime value is a `ConnectionPage`, whose `totalCount` runs only when asked for.
 */
export function connectionType<T extends object>(node: ClassType<T>, name: string, noun: string): ClassType<object> {
  @ObjectType(`${name}Edge`, { description: `An edge in a list of ${noun}.` })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor of this item, for `after` or `before`.' })
    cursor!: string;

    @Field(() => node, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${noun}, with cursors to page on.` })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The items of this page (the same as `edges { node }`).' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages follow or precede.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list has with these filters (counted only when asked for).' })
    totalCount!: number;
  }

  return Connection;
}
