import { GraphQLObjectType, GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * The schema with descriptions on its root types (`Query`, `Mutation`), which type-graphql
 * cannot give; every type must have one (docs/api.md).
 */
export function describeRootTypes(
  built: GraphQLSchema,
  descriptions: Readonly<Record<'Query' | 'Mutation' | 'Subscription', string>>,
): GraphQLSchema {
  const config = built.toConfig();
  const described = (type: GraphQLObjectType | null | undefined) =>
    type ? new GraphQLObjectType({ ...type.toConfig(), description: descriptions[type.name as keyof typeof descriptions] }) : type;
  const query = described(config.query);
  const mutation = described(config.mutation);
  const subscription = described(config.subscription);
  return new GraphQLSchema({
    ...config,
    query,
    mutation,
    subscription,
    types: config.types.map((t) =>
      t.name === query?.name ? query : t.name === mutation?.name ? mutation : t.name === subscription?.name ? subscription : t,
    ) as GraphQLSchema['_typeMap'][string][],
  });
}

/**
 * type-graphql resolves every plain property field through its middleware machinery, even
 * with no middleware at all (a dashboard resolves thousands of such fields). A field that is
 * a plain property, with no field resolver, middleware or auth rule, is read directly: the
 * same value, without the detour. (Its `simpleResolvers` option would do this but would
 * break fields published under another name, such as `id` for `globalId`.)
 */
export function readPropertiesDirectly(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const resolved = new Set(storage.fieldResolvers.map((r) => `${r.getObjectType?.()?.name}.${r.methodName}`));
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    const interfaceFields = storage.interfaceTypes
      .filter((i) => objectType.interfaceClasses?.includes(i.target))
      .flatMap((i) => i.fields ?? []);
    for (const field of [...(objectType.fields ?? []), ...inheritedFields(storage, objectType), ...interfaceFields]) {
      const target = fields[field.schemaName];
      if (!target || (field.middlewares?.length ?? 0) > 0 || field.roles || resolved.has(`${objectType.target.name}.${field.name}`))
        continue;
      const property = field.name;
      target.resolve = (source: Record<string, unknown>) => source[property];
    }
  }
}

/**
 * type-graphql wraps an interface's `resolveType` in an async function, so even `Node`'s,
 * which names the class at hand, answers with a promise. graphql-js awaits it; compiled
 * execution (core/graphql/compiled-execution.ts) needs the name itself. Each interface's
 * own function is called directly instead: a class it returns is turned into its type's
 * name, as type-graphql does, and a name (or a promise, which graphql-js still accepts) is
 * handed on unchanged.
 */
export function resolveTypesSynchronously(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  for (const interfaceType of storage.interfaceTypes) {
    const type = schema.getType(interfaceType.name);
    const resolveType = interfaceType.resolveType;
    if (!isInterfaceType(type) || !resolveType) continue;
    type.resolveType = (value, context, info, abstractType) => {
      const resolved = resolveType(value, context, info, abstractType) as unknown;
      if (typeof resolved !== 'function') return resolved as string | undefined | Promise<string | undefined>;
      return storage.objectTypes.find((objectType) => objectType.target === resolved)?.name;
    };
  }
}

type ObjectTypeMetadata = ReturnType<typeof getMetadataStorage>['objectTypes'][number];

/**
 * The fields a class inherits from the object types above it (core/db/recorded.entity.ts),
 * less those it declares again (type-graphql lets the nearest declaration win).
 */
function inheritedFields(
  storage: ReturnType<typeof getMetadataStorage>,
  objectType: ObjectTypeMetadata,
): NonNullable<ObjectTypeMetadata['fields']> {
  const seen = new Set((objectType.fields ?? []).map((f) => f.schemaName));
  const fields: NonNullable<ObjectTypeMetadata['fields']> = [];
  for (let parent = Object.getPrototypeOf(objectType.target); parent?.prototype; parent = Object.getPrototypeOf(parent)) {
    for (const field of storage.objectTypes.find((t) => t.target === parent)?.fields ?? []) {
      if (!seen.has(field.schemaName)) fields.push(field);
      seen.add(field.schemaName);
    }
  }
  return fields;
}
