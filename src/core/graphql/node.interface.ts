import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Every business object implements `Node` (docs/api.md "Global IDs"), so `node(id)` and
 * `nodes(ids)` can re-fetch any of them. The GraphQL type of an object is its class name.
 */
@InterfaceType('Node', {
  description: 'An object with an opaque global id that `node(id)` can re-fetch.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, {
    name: 'id',
    description: 'Opaque global id. Stable; do not parse it: its encoding may change.',
  })
  globalId!: string;
}
