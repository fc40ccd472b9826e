import { diff, CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema, type GraphQLType } from 'graphql';

const namedTypeName = (type: GraphQLType): string => getNamedType(type).name;

export interface SchemaReview {
  /** Breaking changes to elements that were not deprecated first: these fail the check. */
  refused: Change[];
  /** Breaking changes to elements deprecated in the earlier schema: allowed. */
  deprecatedThenRemoved: Change[];
  /** Changes that may surprise clients (printed, not fatal). */
  dangerous: Change[];
  safe: Change[];
}

/** Whether the element at an inspector path (`Type.field`, `Type.field.arg`, `Enum.VALUE`) was deprecated. */
export function wasDeprecated(schema: GraphQLSchema, path: string | undefined): boolean {
  if (!path) return false;
  const [typeName, member, argument] = path.split('.');
  const type = schema.getType(typeName);
  if (!type) return false;
  if (!member) return isTypeUnreachableExceptDeprecated(schema, typeName);
  if (isEnumType(type)) return Boolean(type.getValue(member)?.deprecationReason);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const field = type.getFields()[member];
    if (!field) return false;
    if (field.deprecationReason) return true;
    if (argument && 'args' in field) return Boolean(field.args.find((a) => a.name === argument)?.deprecationReason);
  }
  return false;
}

/** A type may go when every field, argument and input field that used it was deprecated. */
function isTypeUnreachableExceptDeprecated(schema: GraphQLSchema, typeName: string): boolean {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (namedTypeName(field.type) === typeName && !field.deprecationReason) return false;
      for (const arg of 'args' in field ? field.args : []) {
        if (namedTypeName(arg.type) === typeName && !arg.deprecationReason && !field.deprecationReason) return false;
      }
    }
  }
  return true;
}

/**
 * Schema change safety (the typed-clients issue): compares the committed schema with an
 * earlier one. A breaking change fails unless the element removed or changed was marked
 * `@deprecated` in the earlier schema (docs/api.md: "Removing or changing a field goes through
 * @deprecated first"); dangerous changes are reported.
 */
export async function reviewSchemaChange(before: string, after: string): Promise<SchemaReview> {
  const old = buildSchema(before);
  const changes = await diff(old, buildSchema(after));
  const review: SchemaReview = { refused: [], deprecatedThenRemoved: [], dangerous: [], safe: [] };
  for (const change of changes) {
    if (change.criticality.level === CriticalityLevel.Breaking) {
      (wasDeprecated(old, change.path) ? review.deprecatedThenRemoved : review.refused).push(change);
    } else if (change.criticality.level === CriticalityLevel.Dangerous) {
      review.dangerous.push(change);
    } else {
      review.safe.push(change);
    }
  }
  return review;
}
