/**
 * The fuzz's request generators (fast-check arbitraries): generated and mutated requests
 * across every root query field and every mutation of the schema (read from the server by
 * introspection), with the hostile values of tests/fuzz/hostile-values.ts in every argument,
 * documents built to be too big, too deep or broken, HTTP-level mutations of the body, the
 * URL and the headers, and tokens of every role, forged and malformed. `requestArbitrary` is
 * the whole: the same seed and number of cases draw the same requests.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import {
  DATE_VALUES,
  DATETIME_VALUES,
  EnumLit,
  FLOAT_EDGES,
  HOSTILE_STRINGS,
  INT_EDGES,
  JSON_INJECTIONS,
  RAW_NUMBERS,
  Raw,
  REAL_LGC,
  SQL_INJECTIONS,
  UNICODE_EDGES,
  toJson,
  toLiteral,
} from './hostile-values.js';

/** What the fuzz knows about the server under test (tests/fuzz/runner.ts `discover` asks it). */
export interface Known {
  schema: GraphQLSchema;
  ids: string[];
  cursors: string[];
  ministryCodes: string[];
  municipalityCodes: string[];
  corporateNumbers: string[];
  /** Authorization header values: real tokens of each role. */
  tokens: string[];
}

/** One generated request, with what it is for the report. */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A GraphQL operation before it is put into a request. */
interface Operation {
  kind: string;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** One root field call: its text, the variable definitions it needs and their values. */
interface FieldCall {
  call: string;
  defs: string[];
  variables: Record<string, unknown>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** `arb` once in `oneIn` cases, else undefined. */
function rarely<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

// ---------------------------------------------------------------------------------------
// Scalars

/** The scalar generators every part draws from: `chaotic` ones sometimes of the wrong type, `strict` ones always of the right one. */
interface Scalars {
  hostileString: fc.Arbitrary<string>;
  anyScalar: fc.Arbitrary<unknown>;
  realId: fc.Arbitrary<string>;
  forgedId: fc.Arbitrary<string>;
  cursor: fc.Arbitrary<unknown>;
  chaotic: Record<string, fc.Arbitrary<unknown>>;
  strict: Record<string, fc.Arbitrary<unknown>>;
  strictString: fc.Arbitrary<unknown>;
  string: fc.Arbitrary<unknown>;
}

function hostileStringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SQL_INJECTIONS) },
    { weight: 1, arbitrary: fc.constantFrom(...JSON_INJECTIONS) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
    // NUL and lone surrogates inside ordinary text: what databases refuse.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('窓口', 'MOE', 'abc', ''), fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d'))
        .map(([text, bad]) => `${text}${bad}${text}`),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.integer({ min: 1_000, max: 60_000 }))
        .map(([s, n]) => (s || 'x').repeat(Math.ceil(n / Math.max(1, s.length)))),
    },
  );
}

function anyScalarArbitrary(hostileString: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    hostileString,
    fc.constantFrom(...INT_EDGES),
    fc.constantFrom(...FLOAT_EDGES),
    fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t)),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

const rawNumber = () => fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t));

/** Ids that name no row of ours: unknown types, keys that are not integers, broken base64url. */
function forgedIdArbitrary(realId: fc.Arbitrary<string>, hostileString: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .constantFrom(
        'Tender',
        'TargetProject',
        'Bid',
        'Bidder',
        'LocalPilot',
        'BasicPolicy',
        'Ministry',
        'Municipality',
        'Evaluation',
        'Nope',
        '',
        '__proto__',
      )
      .chain((type) =>
        fc.oneof(
          fc
            .constantFrom('1', '0', '-1', '1.5', '1e3', '99999999999999999999', '9223372036854775808', '', ' 1', '1 ', '0x10', 'NaN')
            .map((pk) => b64(`${type}:${pk}`)),
          hostileString.map((pk) => b64(`${type}:${pk}`)),
        ),
      ),
    hostileString,
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    realId.map((id) => `${id}=`),
    realId.map((id) => id.slice(0, -1)),
    realId.map((id) => Buffer.from(id, 'base64url').toString('base64')),
  );
}

/** Real cursors, and cursors of hostile parts, as base64url JSON or not encoded at all. */
function cursorArbitrary(known: Known, hostileString: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    known.cursors.length ? fc.constantFrom(...known.cursors) : fc.constant(b64('[]')),
    fc
      .array(fc.oneof(hostileString, fc.constantFrom(...INT_EDGES), fc.constant(null)), { maxLength: 4 })
      .map((parts) => b64(JSON.stringify(parts))),
    hostileString.map(b64),
    hostileString,
  );
}

function codeStringArbitrary(known: Known): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...known.ministryCodes),
    fc.constantFrom(...known.municipalityCodes),
    fc.constantFrom('moe', 'MOE ', 'XXX', '13', '00', '48', '-1'),
  );
}

/** Values of each scalar's shape with hostile content, some of any shape (for chaotic calls). */
function chaoticScalars(
  known: Known,
  hostileString: fc.Arbitrary<string>,
  codeString: fc.Arbitrary<string>,
  idArb: fc.Arbitrary<unknown>,
  typed: (right: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>,
) {
  const yen = typed(
    fc.oneof(
      fc.constantFrom(0, 1, 1_000, 120_000_000, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1e300, -1, -(2 ** 53), 0.5, 1234.56),
      fc.maxSafeNat(),
      rawNumber(),
      fc.constantFrom('100', '1e3', '１００', ''),
    ),
  );
  return {
    ID: idArb,
    Int: typed(fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer(), rawNumber())),
    Float: typed(fc.oneof(fc.constantFrom(...FLOAT_EDGES, ...INT_EDGES), fc.double({ noNaN: true, noDefaultInfinity: true }), rawNumber())),
    Yen: yen,
    YenDelta: yen,
    LocalGovernmentCode: typed(
      fc.oneof(
        fc.constantFrom(...known.municipalityCodes, ...REAL_LGC),
        fc.constantFrom('131017', '13101', '1310160', '000000', '999999', 131016, '１３１０１６', '13101６'),
        hostileString,
      ),
    ),
    CorporateNumber: typed(
      fc.oneof(
        fc.constantFrom(...known.corporateNumbers, '7000012050002'),
        fc.constantFrom('6000012050002', '700001205000', '70000120500020', 7000012050002, '0000000000000'),
        hostileString,
      ),
    ),
    String: typed(
      fc.oneof(
        { weight: 6, arbitrary: hostileString },
        { weight: 2, arbitrary: codeString },
        { weight: 1, arbitrary: fc.constantFrom(...DATE_VALUES) },
      ),
    ),
    Boolean: typed(fc.boolean()),
    Date: typed(
      fc.oneof(
        fc.constantFrom(...DATE_VALUES),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ),
    ),
    DateTime: typed(
      fc.oneof(
        fc.constantFrom(...DATETIME_VALUES),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
    ),
  };
}

/**
 * Type-correct values with hostile content, so that requests pass validation and reach the
 * resolvers and the database: any string where a String or an ID goes (injections, NUL,
 * lone surrogates, 60 000 characters), the extremes of each number type, valid codes.
 */
function strictScalars(known: Known, realId: fc.Arbitrary<string>, forgedId: fc.Arbitrary<string>): Record<string, fc.Arbitrary<unknown>> {
  return {
    ID: fc.oneof(realId, forgedId),
    Int: fc.oneof(fc.constantFrom(0, 1, -1, 2, 20, 100, 101, 2_147_483_647, -2_147_483_648), fc.integer()),
    Float: fc.oneof(fc.constantFrom(...FLOAT_EDGES, 0, -1), fc.double({ noNaN: true, noDefaultInfinity: true })),
    Boolean: fc.boolean(),
    Yen: fc.oneof(fc.constantFrom(0, 1, 1_000, 120_000_000, 1_234_567_891, 2 ** 53 - 1), fc.maxSafeNat()),
    YenDelta: fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 53 - 1, -(2 ** 53 - 1)), fc.maxSafeInteger()),
    Date: fc.oneof(
      fc.constantFrom('2026-04-01', '2024-02-29', '0001-01-01', '9999-12-31', '1970-01-01'),
      fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    ),
    DateTime: fc.oneof(
      fc.constantFrom('2026-04-01T00:00:00+09:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'),
      fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
    ),
    LocalGovernmentCode: fc.constantFrom(...known.municipalityCodes, ...REAL_LGC),
    CorporateNumber: fc.constantFrom(...known.corporateNumbers, '7000012050002'),
  };
}

function scalarsOf(known: Known): Scalars {
  const hostileString = hostileStringArbitrary();
  const anyScalar = anyScalarArbitrary(hostileString);
  /** Mostly values of the right shape, some of any shape. */
  const typed = (right: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: right }, { weight: 2, arbitrary: anyScalar });
  const realId = known.ids.length ? fc.constantFrom(...known.ids) : fc.constant(b64('Tender:1'));
  const forgedId = forgedIdArbitrary(realId, hostileString);
  const idArb = typed(fc.oneof({ weight: 3, arbitrary: realId }, { weight: 5, arbitrary: forgedId }));
  const codeString = codeStringArbitrary(known);
  const chaotic = chaoticScalars(known, hostileString, codeString, idArb, typed);
  return {
    hostileString,
    anyScalar,
    realId,
    forgedId,
    cursor: typed(cursorArbitrary(known, hostileString)),
    chaotic,
    strict: strictScalars(known, realId, forgedId),
    strictString: fc.oneof({ weight: 6, arbitrary: hostileString }, { weight: 2, arbitrary: codeString }),
    string: chaotic.String,
  };
}

const isPageSize = (argName: string) => argName === 'first' || argName === 'last';
const isCursor = (argName: string) => argName === 'after' || argName === 'before';

/** A value for a scalar argument or input field (`after` and `before` get cursors, `first` and `last` page sizes). */
function scalarArbitrary(scalars: Scalars, name: string, argName: string, strict: boolean): fc.Arbitrary<unknown> {
  if (strict) {
    if (isPageSize(argName))
      return fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: 100 }) },
        { weight: 1, arbitrary: fc.constantFrom(101, -1, 2_147_483_647) },
      );
    if (name === 'String') return isCursor(argName) ? scalars.cursor.filter((c) => typeof c === 'string') : scalars.strictString;
    return scalars.strict[name] ?? fc.constant({});
  }
  if (name === 'String') return isCursor(argName) ? scalars.cursor : scalars.string;
  return scalars.chaotic[name] ?? scalars.anyScalar;
}

// ---------------------------------------------------------------------------------------
// Arguments and input objects

/** The generators of one request arbitrary, with memos for the recursive ones (input objects, selections). */
interface Generators {
  schema: GraphQLSchema;
  scalars: Scalars;
  inputMemo: Map<string, fc.Arbitrary<unknown>>;
  selectionMemo: Map<string, fc.Arbitrary<string>>;
}

/** A value for an argument or input field: `strict` keeps to the type (hostile content only). */
function valueArbitrary(g: Generators, type: GraphQLInputType, argName: string, depth: number, strict: boolean): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    const value = valueArbitrary(g, type.ofType, argName, depth, strict);
    return strict ? value : fc.oneof({ weight: 19, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });
  }
  if (isListType(type)) return listArbitrary(valueArbitrary(g, type.ofType, argName, depth + 1, strict), strict);
  if (isEnumType(type)) {
    const valid = fc.constantFrom(...type.getValues().map((v) => new EnumLit(v.name)));
    return strict
      ? valid
      : fc.oneof(
          { weight: 8, arbitrary: valid },
          { weight: 1, arbitrary: fc.constantFrom(...type.getValues().map((v) => new EnumLit(v.name.toLowerCase()))) },
          { weight: 1, arbitrary: g.scalars.hostileString },
        );
  }
  if (isInputObjectType(type)) return inputObjectArbitrary(g, type, depth, strict);
  return scalarArbitrary(g.scalars, getNamedType(type).name, argName, strict);
}

/** Short lists mostly, some of hundreds of items; chaotic ones also a bare item or null. */
function listArbitrary(item: fc.Arbitrary<unknown>, strict: boolean): fc.Arbitrary<unknown> {
  return strict
    ? fc.oneof(
        { weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.array(item, { minLength: 50, maxLength: 300 }) },
      )
    : fc.oneof(
        { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 2, arbitrary: item },
        { weight: 1, arbitrary: fc.array(item, { minLength: 50, maxLength: 400 }) },
        { weight: 1, arbitrary: fc.constant(null) },
      );
}

/** An input object with some of its optional fields; chaotic ones may lose a required field, gain an unknown one, or be no object at all. */
function inputObjectArbitrary(g: Generators, type: GraphQLInputObjectType, depth: number, strict: boolean): fc.Arbitrary<unknown> {
  const key = `${type.name}:${depth}:${strict}`;
  const memo = g.inputMemo.get(key);
  if (memo) return memo;
  if (depth > 4) return fc.constant({});
  const fields = Object.values(type.getFields()).map((field) => {
    const value = valueArbitrary(g, field.type, field.name, depth + 1, strict).map((v) => [field.name, v] as const);
    if (!isNonNullType(field.type)) return rarely(value, 2);
    return strict ? value : fc.oneof({ weight: 19, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) });
  });
  const unknownField = strict
    ? fc.constant(undefined)
    : rarely(
        fc.tuple(fc.constantFrom('unknownField', 'id', 'password', '__proto__', 'constructor', 'where', 'orderBy'), g.scalars.anyScalar),
        10,
      );
  const record = fc.tuple(fc.tuple(...fields), unknownField).map(([entries, extra]) => {
    const object: Record<string, unknown> = {};
    for (const entry of entries) if (entry) object[entry[0]] = entry[1];
    if (extra && extra[0] !== '__proto__') object[extra[0]] = extra[1];
    return object;
  });
  const arb = strict
    ? record
    : fc.oneof(
        { weight: 12, arbitrary: record },
        { weight: 1, arbitrary: g.scalars.anyScalar },
        { weight: 1, arbitrary: fc.array(record, { maxLength: 2 }) },
      );
  g.inputMemo.set(key, arb);
  return arb;
}

// ---------------------------------------------------------------------------------------
// Selections

/** Arguments of a field on a selection (not the root), mostly small pages; chaotic ones also wrong sizes and hostile cursors. */
function pageArgsArbitrary(scalars: Scalars, strict: boolean): fc.Arbitrary<string> {
  if (strict) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('(first: 1)', '(first: 2)', '(first: 3)', '(last: 2)') },
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: scalars.cursor.filter((c) => typeof c === 'string').map((c) => `(first: 2, after: ${toLiteral(c)})`) },
    );
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('(first: 1)', '(first: 2)', '(first: 3)', '(last: 2)') },
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...INT_EDGES.map(String), ...RAW_NUMBERS, '"5"', 'null', 'true', '$nope').map((n) => `(first: ${n})`),
    },
    { weight: 1, arbitrary: scalars.cursor.map((c) => `(first: 2, after: ${toLiteral(c)})`) },
  );
}

/** A selection set for a type, up to three levels deep; `strict` leaves out unknown fields. */
function selectionArbitrary(g: Generators, named: GraphQLNamedType, depth: number, strict: boolean): fc.Arbitrary<string> {
  if (isLeafType(named)) return fc.constant('');
  const key = `${named.name}:${depth}:${strict}`;
  const memo = g.selectionMemo.get(key);
  if (memo) return memo;
  let arb: fc.Arbitrary<string>;
  if (isUnionType(named) || isInterfaceType(named))
    arb = abstractSelectionArbitrary(g, [...g.schema.getPossibleTypes(named)], depth, strict);
  else if (isObjectType(named)) arb = objectSelectionArbitrary(g, named, depth, strict);
  else arb = fc.constant('{ __typename }');
  g.selectionMemo.set(key, arb);
  return arb;
}

/** `__typename` and inline fragments on up to three of the possible types. */
function abstractSelectionArbitrary(g: Generators, possible: GraphQLObjectType[], depth: number, strict: boolean): fc.Arbitrary<string> {
  if (depth >= 3 || !possible.length) return fc.constant('{ __typename }');
  return fc
    .subarray(possible, { minLength: 1, maxLength: Math.min(3, possible.length) })
    .chain((types) =>
      fc
        .tuple(...types.map((t) => selectionArbitrary(g, t, depth + 1, strict).map((s) => `... on ${t.name} ${s}`)))
        .map((parts) => `{ __typename ${parts.join(' ')} }`),
    );
}

/** Some leaf fields, a few object fields (paged where they take `first`), and in chaotic ones now and then an unknown or odd field. */
function objectSelectionArbitrary(g: Generators, named: GraphQLObjectType, depth: number, strict: boolean): fc.Arbitrary<string> {
  const usable = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const leaves = usable.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const objects = usable.filter((f) => !isLeafType(getNamedType(f.type)));
  const leafPart = leaves.length
    ? fc.subarray(leaves, { minLength: 1, maxLength: Math.min(4, leaves.length) })
    : fc.constant(['__typename']);
  const objectPart =
    depth >= 3 || !objects.length
      ? fc.constant<string[]>([])
      : fc
          .subarray(objects, { maxLength: Math.min(depth === 0 ? 2 : 1, objects.length) })
          .chain((chosen) =>
            chosen.length
              ? fc.tuple(
                  ...chosen.map((f) =>
                    fc
                      .tuple(
                        f.args.length ? pageArgsArbitrary(g.scalars, strict) : fc.constant(''),
                        selectionArbitrary(g, getNamedType(f.type), depth + 1, strict),
                      )
                      .map(([args, sel]) => `${f.name}${f.args.some((a) => a.name === 'first') ? args : ''} ${sel}`),
                  ),
                )
              : fc.constant<string[]>([]),
          );
  const extra = fc.oneof(
    { weight: strict ? 1 : 20, arbitrary: fc.constant('') },
    {
      weight: strict ? 0 : 1,
      arbitrary: fc.constantFrom(
        'unknownField',
        'password',
        'secretHash',
        '__typename',
        '__schema { queryType { name } }',
        'a: __typename b: __typename',
        'id @include(if: true)',
        'id @skip(if: $nope)',
        'id @deprecated',
      ),
    },
  );
  return fc.tuple(leafPart, objectPart, extra).map(([l, o, x]) => `{ ${[...l, ...o, x].filter(Boolean).join(' ')} }`);
}

// ---------------------------------------------------------------------------------------
// Operations

/** How one argument is passed: left out or not, inline or as a variable, declared with its own type or another. */
function argumentArbitrary(g: Generators, arg: GraphQLArgument, strict: boolean) {
  return fc.record({
    // Strict calls page forwards only: `last` with `first`, or `before` with `after`, is refused by design.
    include: isNonNullType(arg.type)
      ? strict
        ? fc.constant(true)
        : fc.oneof({ weight: 19, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
      : strict && (arg.name === 'last' || arg.name === 'before')
        ? fc.constant(false)
        : fc.boolean(),
    asVariable: fc.boolean(),
    declared: strict
      ? fc.constant(String(arg.type))
      : fc.oneof(
          { weight: 12, arbitrary: fc.constant(String(arg.type)) },
          { weight: 1, arbitrary: fc.constantFrom('Int', 'String!', '[ID!]!', 'Yen', 'Boolean', 'NoSuchType', 'JSONObject', 'ID') },
        ),
    value: valueArbitrary(g, arg.type, arg.name, 0, strict),
  });
}

type ArgumentChoice = { include: boolean; asVariable: boolean; declared: string; value: unknown };

/** The text of one root field call from the choices drawn for it; variables are named after the argument and the call's index. */
function printFieldCall(
  field: GraphQLField<unknown, unknown>,
  index: number,
  args: ArgumentChoice[],
  unknownArg: [string, unknown] | undefined,
  selection: string,
  alias: string | undefined,
): FieldCall {
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  const parts: string[] = [];
  field.args.forEach((arg, i) => {
    const a = args[i];
    if (!a.include) return;
    if (a.asVariable) {
      const name = `${arg.name}${index}`;
      defs.push(`$${name}: ${a.declared}`);
      variables[name] = a.value;
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${toLiteral(a.value)}`);
    }
  });
  if (unknownArg) parts.push(`${unknownArg[0]}: ${toLiteral(unknownArg[1])}`);
  const call = `${alias ? `${alias}${index}: ` : ''}${field.name}${parts.length ? `(${parts.join(', ')})` : ''} ${selection}`;
  return { call, defs, variables };
}

/** One root field call; chaotic ones may carry an unknown argument. */
function fieldCallArbitrary(g: Generators, field: GraphQLField<unknown, unknown>, index: number, strict: boolean): fc.Arbitrary<FieldCall> {
  return fc
    .tuple(
      fc.tuple(...field.args.map((arg) => argumentArbitrary(g, arg, strict))),
      strict
        ? fc.constant(undefined)
        : rarely(fc.tuple(fc.constantFrom('unknownArg', 'where', 'limit', 'offset', 'sql'), g.scalars.anyScalar), 15),
      selectionArbitrary(g, getNamedType(field.type), 0, strict),
      rarely(fc.constantFrom('a', 'x', 'alias_with_numbers_123'), 8),
    )
    .map(([args, unknownArg, selection, alias]) => printFieldCall(field, index, args, unknownArg, selection, alias));
}

type RootField = { op: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> };

function rootFieldsOf(schema: GraphQLSchema): RootField[] {
  return [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ op: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ op: 'mutation' as const, field })),
  ];
}

/** The operation's text from its calls: extra calls get an alias of their own (unless they have one), so that fields do not clash. */
function printOperation(
  op: string,
  fieldName: string,
  first: FieldCall,
  more: FieldCall[],
  keyword: string,
  name: string | undefined,
  extraDef: string | undefined,
): Operation {
  const calls = [first, ...more.map((m, i) => ({ ...m, call: /^\w+: /.test(m.call) ? m.call : `f${i}: ${m.call}` }))];
  const defs = [...new Set(calls.flatMap((c) => c.defs))];
  if (extraDef) defs.push(extraDef);
  const variables = Object.assign({}, ...calls.map((c) => c.variables)) as Record<string, unknown>;
  const header = `${keyword}${name ? ` ${name}` : ''}${defs.length ? `(${defs.join(', ')})` : ''}`;
  const query = `${header} { ${calls.map((c) => c.call).join(' ')} }`.trim();
  return { kind: `${op}:${fieldName}`, query, variables, operationName: name };
}

/**
 * A whole operation over one to three root fields of one root type: half of them "strict"
 * (valid GraphQL with hostile content, to reach the resolvers and the database), half
 * "chaotic" (wrong types, unknown arguments and fields, wrong variable declarations).
 */
function operationArbitrary(g: Generators): fc.Arbitrary<Operation> {
  const rootFields = rootFieldsOf(g.schema);
  return fc
    .tuple(fc.constantFrom(...rootFields), fc.boolean())
    .chain(([{ op, field }, strict]) =>
      fc.tuple(
        fc.constant(op),
        fc.constant(`${field.name}${strict ? '' : '~'}`),
        fieldCallArbitrary(g, field, 0, strict),
        fc
          .tuple(
            ...[1, 2].map((index) =>
              rarely(
                fc.constantFrom(...rootFields.filter((r) => r.op === op)).chain((r) => fieldCallArbitrary(g, r.field, index, strict)),
                op === 'mutation' ? 2 * index : index + 1,
              ),
            ),
          )
          .map((calls) => calls.filter((c) => c !== undefined)),
        strict
          ? fc.constant(op as string)
          : fc.oneof(
              { weight: 15, arbitrary: fc.constant(op as string) },
              { weight: 1, arbitrary: fc.constantFrom('query', 'mutation', 'subscription', '') },
            ),
        rarely(fc.constantFrom('Fuzz', 'FuzzOperation_1', 'A'.repeat(200), 'query'), 3),
        strict ? fc.constant(undefined) : rarely(fc.constantFrom('$unused: Int', '$unused: String = "x"', '$nope: NoSuchType'), 12),
      ),
    )
    .map(([op, fieldName, first, more, keyword, name, extraDef]) => printOperation(op, fieldName, first, more, keyword, name, extraDef));
}

/**
 * `n` fragments, each spreading the one below twice, and a query of the top one: a short
 * document of 2^n field resolutions (the fuzz draws small n; tests/fuzz/found-by-fuzzing.test.ts a large one).
 */
export function doublingFragmentsQuery(n: number): string {
  let fragments = 'fragment F0 on Query { __typename ministries(first: 1) { totalCount } }';
  for (let i = 1; i <= n; i++) fragments += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
  return `query { ...F${n} } ${fragments}`;
}

/** Documents built to be too big, too deep or plain broken. */
function hostileDocumentArbitrary(hostileString: fc.Arbitrary<string>): fc.Arbitrary<Operation> {
  return fc
    .oneof(
      fc.integer({ min: 5, max: 60 }).map((k) => ({
        kind: 'doc:deep-selection',
        query: `{ ${'ministries { nodes { targetProjects { nodes { ministry { '.repeat(k)}code${' } } } } }'.repeat(k)} }`,
      })),
      fc.integer({ min: 10, max: 6000 }).map((k) => ({ kind: 'doc:brace-bomb', query: `${'{'.repeat(k)}${'}'.repeat(k)}` })),
      fc.integer({ min: 16, max: 300 }).map((k) => ({
        kind: 'doc:aliases',
        query: `{ ${Array.from({ length: k }, (_, i) => `a${i}: ministries(first: 100) { totalCount }`).join(' ')} }`,
      })),
      fc
        .integer({ min: 21, max: 300 })
        .map((k) => ({ kind: 'doc:directives', query: `{ __typename ${'@include(if: true) '.repeat(k)} }` })),
      // Fragments doubling at each level: small here (see found-by-fuzzing.test.ts for large n).
      fc.integer({ min: 1, max: 12 }).map((n) => ({ kind: 'doc:fragment-doubling', query: doublingFragmentsQuery(n) })),
      fc.constant({ kind: 'doc:fragment-cycle', query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
      fc
        .integer({ min: 20_001, max: 60_000 })
        .map((k) => ({ kind: 'doc:too-long', query: `{ ministries { totalCount } } # ${'x'.repeat(k)}` })),
      fc
        .integer({ min: 1_000, max: 2_500 })
        .map((k) => ({ kind: 'doc:many-tokens', query: `{ ministries { totalCount ${'__typename '.repeat(k)} } }` })),
      hostileString.map((s) => ({ kind: 'doc:garbage', query: s })),
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ kind: 'doc:random', query: s })),
      hostileString.map((s) => ({
        kind: 'doc:string-literal',
        query: `{ targetProjects(filter: { query: ${JSON.stringify(s)} }) { totalCount } }`,
      })),
      hostileString.map((s) => ({ kind: 'doc:type-name', query: `{ __type(name: ${JSON.stringify(s)}) { name fields { name } } }` })),
      fc
        .constantFrom(
          '\ufeff{ ministries { totalCount } }',
          '{ ministries { totalCount } }\u0000',
          '{ ministries\u2028{ totalCount } }',
          'query A { __typename } query B { __typename }',
          'subscription { __typename }',
          '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }',
          '{ node(id: "") { id } }',
          '{ nodes(ids: []) { id } }',
          'mutation { __typename }',
          '{ viewer { role } ministries(first: -1) { totalCount } }',
          '{ tenders(first: 100, last: 100) { totalCount } }',
          '{ tenders(first: 0) { nodes { id } pageInfo { hasNextPage } } }',
          '#',
          '',
          '   ',
        )
        .map((query) => ({ kind: 'doc:fixed', query })),
    )
    .map((d) => ({ ...d, variables: {} as Record<string, unknown>, operationName: undefined as string | undefined }));
}

// ---------------------------------------------------------------------------------------
// Headers

/** No token mostly, real tokens of each role often, and now and then a forged, altered or malformed one. */
function authArbitrary(known: Known): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 6, arbitrary: fc.constantFrom(...known.tokens) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom(
          'Bearer ',
          'Bearer',
          'Basic dXNlcjpwYXNz',
          'bearer x',
          'Bearer null',
          'Bearer undefined',
          `Bearer mtt_1_${'A'.repeat(43)}`,
          `Bearer mtt_0_${'A'.repeat(43)}`,
          `Bearer mtt_99999999999_${'A'.repeat(43)}`,
          'Bearer mtt_1_short',
          "Bearer ' OR 1=1 --",
          `Bearer ${'x'.repeat(8_000)}`,
        ),
        fc.constantFrom(...known.tokens).map((t) => t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
        fc.constantFrom(...known.tokens).map((t) => t.replace('Bearer ', 'bearer ')),
        fc.constantFrom(...known.tokens).map((t) => `${t} ${t}`),
        // Printable ASCII only: fetch itself refuses control characters in a header.
        fc
          .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 })
          .map((s) => `Bearer ${s}`.trim()),
      ),
    },
  );
}

/** Accept headers of API clients mostly, of browsers and others sometimes. */
function acceptArbitrary(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        'application/json',
        'application/graphql-response+json',
        'application/graphql-response+json, application/json;q=0.9',
        '*/*',
        undefined,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'text/html',
        'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'application/xml',
        'text/plain',
        'image/png',
      ),
    },
  );
}

/** A POST's content type: JSON mostly, sometimes another type, charset or spelling. */
function postTypeArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 17, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/graphql-response+json',
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/xml',
        'application/graphql',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'APPLICATION/JSON',
        'application/vnd.api+json',
        'application/*',
        '',
      ),
    },
  );
}

// ---------------------------------------------------------------------------------------
// Bodies, URLs and requests

type BodyMutation = (body: string) => { kind: string; body: string };

/** A POST body as text, mostly well-formed, sometimes mutated at the HTTP level. */
function bodyMutationArbitrary(): fc.Arbitrary<BodyMutation> {
  return fc.oneof(
    { weight: 17, arbitrary: fc.constant<BodyMutation>((body: string) => ({ kind: '', body })) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.nat().map((n) => (body: string) => ({ kind: 'json:truncated', body: body.slice(0, n % Math.max(1, body.length)) })),
        fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([n, s]) => (body: string) => {
          const at = n % Math.max(1, body.length);
          return { kind: 'json:inserted', body: body.slice(0, at) + s + body.slice(at) };
        }),
        fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(([n, len]) => (body: string) => {
          const at = n % Math.max(1, body.length);
          return { kind: 'json:deleted', body: body.slice(0, at) + body.slice(at + len) };
        }),
        fc.constant((body: string) => ({ kind: 'json:batch', body: `[${body},${body}]` })),
        fc.constant((body: string) => ({ kind: 'json:batch-one', body: `[${body}]` })),
        fc.constant((body: string) => ({ kind: 'json:bom', body: `\ufeff${body}` })),
        fc.constant((body: string) => ({
          kind: 'json:duplicate-keys',
          body: body.replace('{', '{"query":"{ viewer { role } }","variables":{"a":1},'),
        })),
        fc.constant((body: string) => ({ kind: 'json:nested', body: `{"query":${body}}` })),
        fc
          .integer({ min: 90_000, max: 130_000 })
          .map((n) => (body: string) => ({ kind: 'json:padded', body: body.replace(/}\s*$/, `${' '.repeat(n)}}`) })),
        fc
          .integer({ min: 100, max: 45_000 })
          .map((n) => (_body: string) => ({ kind: 'json:deep-array', body: `${'['.repeat(n)}${']'.repeat(n)}` })),
        fc.integer({ min: 100, max: 20_000 }).map((n) => (body: string) => ({
          kind: 'json:deep-variables',
          body: body.replace(/}\s*$/, `,"variables":{"a":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}`),
        })),
        fc.integer({ min: 100, max: 30_000 }).map((n) => (_body: string) => ({
          kind: 'json:deep-extensions',
          body: `{"query":"{ __typename }","extensions":${'{"persistedQuery":'.repeat(n)}1${'}'.repeat(n)}}`,
        })),
        fc.jsonValue({ maxDepth: 4 }).map((v) => (_body: string) => ({ kind: 'json:random-value', body: JSON.stringify(v) ?? 'null' })),
        fc
          .constantFrom(
            'null',
            'true',
            '0',
            '"query"',
            '[]',
            '{}',
            '{"query":null}',
            '{"query":123}',
            '{"query":["{ __typename }"]}',
            '{"query":{"a":1}}',
            '{"query":"{ __typename }","variables":"{}"}',
            '{"query":"{ __typename }","variables":[]}',
            '{"query":"{ __typename }","variables":null}',
            '{"query":"{ __typename }","operationName":5}',
            '{"query":"{ __typename }","operationName":"Nope"}',
            '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
            '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}}',
            '{"query":"{ __typename }","__proto__":{"admin":true}}',
            '{"query":"{ __typename }","constructor":{"prototype":{"x":1}}}',
            '{"query":"\\ud800"}',
            '{"query":"{ __typename }"}garbage',
            '{"query":"{ __typename }"',
            '{"query":"{ __typename }",}',
            "{'query':'{ __typename }'}",
            '',
          )
          .map((body) => (_body: string) => ({ kind: 'json:fixed', body })),
      ),
    },
  );
}

type VariableMutation = (v: Record<string, unknown>) => Record<string, unknown>;

/** The variables as generated mostly; sometimes the first one replaced by any value, or unknown ones added. */
function variableMutationArbitrary(anyScalar: fc.Arbitrary<unknown>): fc.Arbitrary<VariableMutation> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant<VariableMutation>((v: Record<string, unknown>) => v) },
    {
      weight: 2,
      arbitrary: anyScalar.map(
        (x) => (v: Record<string, unknown>) => Object.fromEntries(Object.keys(v).map((k, i) => [k, i === 0 ? x : v[k]])),
      ),
    },
    { weight: 1, arbitrary: fc.constant((v: Record<string, unknown>) => ({ ...v, unused: 'x', __proto__x: 1 })) },
  );
}

/** An operation POSTed as JSON (the body perhaps mutated), now and then with another method. */
function postArbitrary(known: Known, operations: fc.Arbitrary<Operation>, anyScalar: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      operations,
      variableMutationArbitrary(anyScalar),
      bodyMutationArbitrary(),
      postTypeArbitrary(),
      acceptArbitrary(),
      authArbitrary(known),
      fc.boolean(),
      rarely(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS'), 25),
    )
    .map(([op, mutateVariables, mutateBody, contentType, accept, auth, preflight, otherMethod]): FuzzRequest => {
      const variables = mutateVariables(op.variables);
      const text = `{"query":${JSON.stringify(op.query)},"variables":${toJson(variables)}${op.operationName ? `,"operationName":${JSON.stringify(op.operationName)}` : ''}}`;
      const { kind, body } = mutateBody(text);
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (accept) headers.accept = accept;
      if (auth) headers.authorization = auth;
      if (preflight) headers['apollo-require-preflight'] = 'true';
      return { kind: `POST ${op.kind}${kind ? ` ${kind}` : ''}`, method: otherMethod ?? 'POST', path: '/graphql', headers, body };
    });
}

/** Parameters appended to a GET's URL: none mostly, sometimes repeated, broken or enormous ones. */
function urlMutationArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant('') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '&query=%7B__typename%7D',
        '&variables=%7Bbad',
        '&variables=%5B%5D',
        '&variables=null',
        '&extensions=%7B%22persistedQuery%22%3A1%7D',
        '&operationName=%00',
        '&query',
        '&%E0%A4%A',
        '&variables=%7B%22a%22%3A' + '%5B'.repeat(3000) + '%5D'.repeat(3000) + '%7D',
        '&query[]=x',
        '&' + 'a=1&'.repeat(2000),
      ),
    },
  );
}

/** An operation as a GET's query string, with or without the CSRF-preventing header. */
function getArbitrary(known: Known, operations: fc.Arbitrary<Operation>, anyScalar: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      operations,
      variableMutationArbitrary(anyScalar),
      acceptArbitrary(),
      authArbitrary(known),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('apollo-require-preflight') },
        { weight: 1, arbitrary: fc.constant('x-apollo-operation-name') },
        { weight: 1, arbitrary: fc.constant('') },
      ),
      urlMutationArbitrary(),
    )
    .map(([op, mutateVariables, accept, auth, preflight, extra]): FuzzRequest => {
      const params = new URLSearchParams({ query: op.query });
      const variables = mutateVariables(op.variables);
      if (Object.keys(variables).length) params.set('variables', toJson(variables));
      if (op.operationName) params.set('operationName', op.operationName);
      const headers: Record<string, string> = {};
      if (accept) headers.accept = accept;
      if (auth) headers.authorization = auth;
      if (preflight) headers[preflight] = 'true';
      return {
        kind: `GET ${op.kind}${extra ? ' url-mutated' : ''}`,
        method: 'GET',
        path: `/graphql?${params.toString()}${extra}`,
        headers,
      };
    });
}

/**
 * Every request the fuzz sends, three POSTs to one GET; the operations are generated from
 * the server's schema (seven in nine) or built to be hostile documents (two in nine).
 */
export function requestArbitrary(known: Known): fc.Arbitrary<FuzzRequest> {
  const g: Generators = { schema: known.schema, scalars: scalarsOf(known), inputMemo: new Map(), selectionMemo: new Map() };
  const operations: fc.Arbitrary<Operation> = fc.oneof(
    { weight: 7, arbitrary: operationArbitrary(g) },
    { weight: 2, arbitrary: hostileDocumentArbitrary(g.scalars.hostileString) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: postArbitrary(known, operations, g.scalars.anyScalar) },
    { weight: 1, arbitrary: getArbitrary(known, operations, g.scalars.anyScalar) },
  );
}
