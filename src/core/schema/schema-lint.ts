import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const SCREAMING = /^[A-Z][A-Z0-9_]*$/;
const INPUT_SUFFIX = /(Input|Filter|Order)$/;
const MUTATION_VERBS = /^(create|update|transition|record|award|mark|cancel|add|register|delete|remove|revoke|import|rotate|redeliver|withdraw|correct|rename|merge)[A-Z]/;

/**
 * Schema lint (the typed-clients issue): descriptions on everything (docs/api.md), naming
 * conventions (types PascalCase, fields and arguments camelCase, enum values SCREAMING_SNAKE,
 * inputs …Input/…Filter/…Order, mutations verb + noun with one `input` and a …Payload with
 * `userErrors`), and Relay connection shapes. Returns one line per problem.
 */
export function lintSchema(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const describe = (what: string, description: string | null | undefined) => {
    if (!description?.trim()) problems.push(`${what} has no description`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
    describe(`type ${type.name}`, type.description);
    if (!PASCAL.test(type.name)) problems.push(`type ${type.name} is not PascalCase`);
    if (isInputObjectType(type) && !INPUT_SUFFIX.test(type.name)) problems.push(`input ${type.name} should end with Input, Filter or Order`);
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        describe(`${type.name}.${value.name}`, value.description);
        if (!SCREAMING.test(value.name)) problems.push(`enum value ${type.name}.${value.name} is not SCREAMING_SNAKE_CASE`);
      }
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        describe(`${type.name}.${field.name}`, field.description);
        if (!CAMEL.test(field.name)) problems.push(`field ${type.name}.${field.name} is not camelCase`);
        for (const arg of 'args' in field ? field.args : []) {
          describe(`${type.name}.${field.name}(${arg.name})`, arg.description);
          if (!CAMEL.test(arg.name)) problems.push(`argument ${type.name}.${field.name}(${arg.name}) is not camelCase`);
        }
        if (isObjectType(type) || isInterfaceType(type)) problems.push(...connectionArgumentProblems(type.name, field as GraphQLField<unknown, unknown>));
      }
    }
    if (isObjectType(type) && type.name.endsWith('Connection')) problems.push(...connectionShapeProblems(schema, type.name));
    if (isObjectType(type) && type.name.endsWith('Edge')) {
      const fields = type.getFields();
      if (!fields.cursor || String(fields.cursor.type) !== 'String!') problems.push(`${type.name}.cursor must be String!`);
      if (!fields.node || !isNonNullType(fields.node.type)) problems.push(`${type.name}.node must be a non-null item`);
    }
  }
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    if (!MUTATION_VERBS.test(field.name)) problems.push(`mutation ${field.name} is not verb + noun`);
    if (field.args.length !== 1 || field.args[0].name !== 'input' || !isNonNullType(field.args[0].type)) problems.push(`mutation ${field.name} must take exactly one non-null argument "input"`);
    const payload = getNamedType(field.type);
    if (!payload.name.endsWith('Payload')) problems.push(`mutation ${field.name} must return a …Payload (returns ${payload.name})`);
    if (isObjectType(payload) && String(payload.getFields().userErrors?.type) !== '[UserError!]!') problems.push(`${payload.name}.userErrors must be [UserError!]!`);
  }
  return problems;
}

function connectionArgumentProblems(typeName: string, field: GraphQLField<unknown, unknown>): string[] {
  const named = getNamedType(field.type);
  if (!named.name.endsWith('Connection')) return [];
  const args = new Map(field.args.map((a) => [a.name, String(a.type)]));
  const expected: [string, string][] = [['first', 'Int'], ['after', 'String'], ['last', 'Int'], ['before', 'String']];
  return expected.filter(([name, type]) => args.get(name) !== type).map(([name, type]) => `${typeName}.${field.name} must take ${name}: ${type}`);
}

function connectionShapeProblems(schema: GraphQLSchema, name: string): string[] {
  const type = schema.getType(name);
  if (!isObjectType(type)) return [];
  const fields = type.getFields();
  const item = name.slice(0, -'Connection'.length);
  const problems: string[] = [];
  const expect = (field: string, shape: string) => {
    if (String(fields[field]?.type) !== shape) problems.push(`${name}.${field} must be ${shape} (Relay connection shape)`);
  };
  expect('edges', `[${item}Edge!]!`);
  expect('nodes', `[${item}!]!`);
  expect('pageInfo', 'PageInfo!');
  expect('totalCount', 'Int!');
  const edges = fields.edges && getNullableType(fields.edges.type);
  if (edges && !isListType(edges)) problems.push(`${name}.edges must be a list`);
  return problems;
}
