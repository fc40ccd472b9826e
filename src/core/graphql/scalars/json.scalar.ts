import { GraphQLScalarType } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/**
 * A JSON object (history's before/after snapshots), parsed and checked by graphql-scalars.
 * Without `@specifiedBy`, so the schema printed from introspection and the committed file
 * stay identical for clients whose introspection does not ask for it.
 */
export const JsonObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  description: 'A JSON object, e.g. the fields of a record before or after a change.',
  specifiedByURL: undefined,
});
