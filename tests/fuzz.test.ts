/**
 * Fuzzing the real server (the hardening issue, point 3).
 *
 * Seeded with fast-check: generated and mutated requests across every root query field and
 * every mutation of the schema (read from the server by introspection), with the hostile
 * input a public endpoint meets: broken JSON, wrong content types and methods, huge strings
 * and bodies, deep nesting (JSON, selections, fragments, braces), unknown fields and
 * arguments, wrong variable types, enormous numbers for Yen and `first`, invalid codes and
 * ids and cursors, Unicode edge cases (NUL, lone surrogates, BOM, RTL, combining marks,
 * emoji), SQL and JSON injection strings in every filter and input; with and without a
 * token (ADMIN, MINISTRY, MUNICIPALITY, forged and malformed ones), over POST and GET.
 *
 * Every answer must be: status < 500; JSON (the documented exceptions: the GraphiQL page
 * for a browser's GET, and Node's own 431 for an oversized URL, which has no body); no stack
 * trace; no SQL or database error text; every error with an `extensions.code`, and never
 * INTERNAL_SERVER_ERROR (a fault in a 200's clothing). Afterwards /healthz and a normal
 * query still answer, and the server process is still alive.
 *
 * Two variants: the SQLite half fuzzes a server in this process in the default (embedded)
 * configuration; the PostgreSQL half fuzzes the compiled server (`node dist/src/main.js`,
 * built fresh by that half's global setup) as its own process with NODE_ENV=production, as
 * a national deployment runs it, and also checks it logged no error.
 *
 * How to run:
 *   npx vitest run tests/fuzz.test.ts                          # the CI run: FUZZ_RUNS=2000
 *   FUZZ_RUNS=50000 npx vitest run tests/fuzz.test.ts          # the long run, on demand
 *   FUZZ_SEED=123 FUZZ_RUNS=50000 npx vitest run tests/fuzz.test.ts   # another seed
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run tests/fuzz.test.ts
 *                                                              # both variants
 * The seed is printed at the start; a failure lists, per kind of failure, the first request
 * that showed it (with its case number), so the same seed and FUZZ_RUNS reproduce it.
 * FUZZ_REPORT=/tmp/fuzz.jsonl writes every failing request and answer there, one per line.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken, startTestServer, testDatabase, type TestServer } from './support/test-server.js';
import { startServerProcess, type ServerProcess } from './support/processes.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);
/** Requests in flight at once (the server sees a little concurrency, as in real life). */
const CONCURRENCY = 4;
/** Cases are generated in chunks of this many (seed + chunk number), so a long run stays small in memory. */
const CHUNK = 250;
/** A request unanswered this long is a failure (the server's own timeout is 5 s here). */
const CLIENT_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------
// Hostile values

/** A number written into JSON or GraphQL as is (1e400, 99999999999999999999…): JSON.stringify cannot. */
class Raw {
  constructor(readonly text: string) {}
}
/** An enum value, printed bare in GraphQL and as a string in JSON. */
class EnumLit {
  constructor(readonly name: string) {}
}

const SQL_INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE bidder; --",
  '"; DROP TABLE "tender"; --',
  "1; SELECT pg_sleep(10) --",
  "' UNION SELECT secret_hash, name FROM api_token --",
  "') OR ('a'='a",
  "%' AND 1=0 UNION SELECT sqlite_version() --",
  "\\'; select * from ministry where '1'='1",
  'x\' AND (SELECT COUNT(*) FROM rate_limit) > 0 AND \'1\'=\'1',
  "1' ORDER BY 1--+",
  '%',
  '_',
  '%%%',
  '%_%',
  '\\',
  '\\%',
  "'",
  "''",
  '"',
  '`',
  ';',
  '--',
  '/*',
  '*/',
  '$1',
  '?',
  ':name',
  'NULL',
  'null',
  'undefined',
];
const JSON_INJECTIONS = [
  '{"$ne": null}',
  '{"$gt": ""}',
  '"}, "role": "ADMIN", "x": {"',
  '__proto__',
  'constructor',
  'prototype',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '[]',
  '{}',
  'true',
  '1e400',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'file:///etc/passwd',
];
const UNICODE_EDGES = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufeff',
  '\ufeff窓口業務',
  '\u202e\u202dtxt.exe',
  'e\u0301\u0301\u0301\u0301',
  '\u0e01\u0e49\u0e49\u0e49\u0e49\u0e49',
  '🇯🇵',
  '👨‍👩‍👧‍👦',
  '𠮷野家',
  '窓口',
  '窓口業',
  'ｱｲｳｴｵ',
  'ＡＢＣ１２３',
  '\u3000',
  '\u2028\u2029',
  '\u200b\u200c\u200d',
  '\r\n\t\v\f',
  '\u0007\u001b[31m',
  '\uffff\ufffe',
  '\u{10ffff}',
  'Ω≈ç√∫',
  '年金 OR 戸籍',
];
const HOSTILE_STRINGS = [...SQL_INJECTIONS, ...JSON_INJECTIONS, ...UNICODE_EDGES];

const INT_EDGES = [0, 1, -1, 2, 3, 5, 20, 99, 100, 101, 1000, 2_147_483_647, 2_147_483_648, -2_147_483_648, -2_147_483_649, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, -0];
const RAW_NUMBERS = ['1e400', '-1e400', '99999999999999999999999999999', '-99999999999999999999', '1e-400', '0.1e1', '1E3', '9007199254740993', '1.7976931348623157e309', '123456789012345678901234567890.5'];
const FLOAT_EDGES = [0.5, -0.5, 1.5, 1e-7, 3.14159, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308];

const REAL_LGC = ['131016', '010006', '012131', '271004'];
const DATE_VALUES = ['2026-04-01', '2024-02-29', '2023-02-29', '2026-13-01', '2026-04-31', '0000-01-01', '9999-12-31', '+275760-09-13', '2026-4-1', '2026/04/01', '2026-04-01T00:00:00Z', '令和8年4月1日', 'yesterday'];
const DATETIME_VALUES = ['2026-04-01T00:00:00+09:00', '2026-04-01T00:00:00Z', '2026-04-01T25:00:00Z', '275760-09-13T00:00:00.000Z', '+275760-09-13T00:00:00Z', '2026-04-01T00:00:00.123456789Z', '2026-04-01', '1970-01-01T00:00:00Z', 'not a date'];

// ---------------------------------------------------------------------------------------
// What the fuzz knows about the server under test

interface Known {
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
interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Failure {
  problem: string;
  case: number;
  request: FuzzRequest;
  status: number;
  response: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** `arb` once in `oneIn` cases, else undefined. */
function rarely<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

// ---------------------------------------------------------------------------------------
// Serialising generated values

function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof EnumLit) return JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? 'null';
}

function toLiteral(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof EnumLit) return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value.name) && !['true', 'false', 'null'].includes(value.name) ? value.name : JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${toLiteral(v)}`).join(', ')}}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------
// Generators

function arbitraries(known: Known) {
  const { schema } = known;
  const hostileString = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SQL_INJECTIONS) },
    { weight: 1, arbitrary: fc.constantFrom(...JSON_INJECTIONS) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
    // NUL and lone surrogates inside ordinary text: what databases refuse.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('窓口', 'MOE', 'abc', ''), fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d')).map(([text, bad]) => `${text}${bad}${text}`) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.integer({ min: 1_000, max: 60_000 })).map(([s, n]) => (s || 'x').repeat(Math.ceil(n / Math.max(1, s.length)))) },
  );
  const anyScalar: fc.Arbitrary<unknown> = fc.oneof(
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
  /** Mostly values of the right shape, some of any shape. */
  const typed = (right: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: right }, { weight: 2, arbitrary: anyScalar });

  const realId = known.ids.length ? fc.constantFrom(...known.ids) : fc.constant(b64('Tender:1'));
  const forgedId = fc.oneof(
    fc.constantFrom('Tender', 'TargetProject', 'Bid', 'Bidder', 'LocalPilot', 'BasicPolicy', 'Ministry', 'Municipality', 'Evaluation', 'Nope', '', '__proto__').chain((type) =>
      fc.oneof(
        fc.constantFrom('1', '0', '-1', '1.5', '1e3', '99999999999999999999', '9223372036854775808', '', ' 1', '1 ', '0x10', 'NaN').map((pk) => b64(`${type}:${pk}`)),
        hostileString.map((pk) => b64(`${type}:${pk}`)),
      ),
    ),
    hostileString,
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    realId.map((id) => `${id}=`),
    realId.map((id) => id.slice(0, -1)),
    realId.map((id) => Buffer.from(id, 'base64url').toString('base64')),
  );
  const idArb = typed(fc.oneof({ weight: 3, arbitrary: realId }, { weight: 5, arbitrary: forgedId }));
  const cursorArb = typed(
    fc.oneof(
      known.cursors.length ? fc.constantFrom(...known.cursors) : fc.constant(b64('[]')),
      fc.array(fc.oneof(hostileString, fc.constantFrom(...INT_EDGES), fc.constant(null)), { maxLength: 4 }).map((parts) => b64(JSON.stringify(parts))),
      hostileString.map(b64),
      hostileString,
    ),
  );
  const intArb = typed(fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer(), fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t))));
  const floatArb = typed(fc.oneof(fc.constantFrom(...FLOAT_EDGES, ...INT_EDGES), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t))));
  const yenArb = typed(
    fc.oneof(
      fc.constantFrom(0, 1, 1_000, 120_000_000, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1e300, -1, -(2 ** 53), 0.5, 1234.56),
      fc.maxSafeNat(),
      fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t)),
      fc.constantFrom('100', '1e3', '１００', ''),
    ),
  );
  const lgcArb = typed(fc.oneof(fc.constantFrom(...known.municipalityCodes, ...REAL_LGC), fc.constantFrom('131017', '13101', '1310160', '000000', '999999', 131016, '１３１０１６', '13101６'), hostileString));
  const corporateArb = typed(fc.oneof(fc.constantFrom(...known.corporateNumbers, '7000012050002'), fc.constantFrom('6000012050002', '700001205000', '70000120500020', 7000012050002, '0000000000000'), hostileString));
  const codeString = fc.oneof(fc.constantFrom(...known.ministryCodes), fc.constantFrom(...known.municipalityCodes), fc.constantFrom('moe', 'MOE ', 'XXX', '13', '00', '48', '-1'));
  const stringArb = typed(fc.oneof({ weight: 6, arbitrary: hostileString }, { weight: 2, arbitrary: codeString }, { weight: 1, arbitrary: fc.constantFrom(...DATE_VALUES) }));
  const boolArb = typed(fc.boolean());
  const dateArb = typed(fc.oneof(fc.constantFrom(...DATE_VALUES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))));
  const dateTimeArb = typed(fc.oneof(fc.constantFrom(...DATETIME_VALUES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())));

  /**
   * Type-correct values with hostile content, so that requests pass validation and reach the
   * resolvers and the database: any string where a String or an ID goes (injections, NUL,
   * lone surrogates, 60 000 characters), the extremes of each number type, valid codes.
   */
  const strictScalar: Record<string, fc.Arbitrary<unknown>> = {
    ID: fc.oneof(realId, forgedId),
    Int: fc.oneof(fc.constantFrom(0, 1, -1, 2, 20, 100, 101, 2_147_483_647, -2_147_483_648), fc.integer()),
    Float: fc.oneof(fc.constantFrom(...FLOAT_EDGES, 0, -1), fc.double({ noNaN: true, noDefaultInfinity: true })),
    Boolean: fc.boolean(),
    Yen: fc.oneof(fc.constantFrom(0, 1, 1_000, 120_000_000, 1_234_567_891, 2 ** 53 - 1), fc.maxSafeNat()),
    YenDelta: fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 53 - 1, -(2 ** 53 - 1)), fc.maxSafeInteger()),
    Date: fc.oneof(fc.constantFrom('2026-04-01', '2024-02-29', '0001-01-01', '9999-12-31', '1970-01-01'), fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    DateTime: fc.oneof(fc.constantFrom('2026-04-01T00:00:00+09:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'), fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString())),
    LocalGovernmentCode: fc.constantFrom(...known.municipalityCodes, ...REAL_LGC),
    CorporateNumber: fc.constantFrom(...known.corporateNumbers, '7000012050002'),
  };
  const strictString = fc.oneof({ weight: 6, arbitrary: hostileString }, { weight: 2, arbitrary: codeString });

  const scalarArb = (name: string, argName: string, strict: boolean): fc.Arbitrary<unknown> => {
    if (strict) {
      if (argName === 'first' || argName === 'last') return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom(101, -1, 2_147_483_647) });
      if (name === 'String') return argName === 'after' || argName === 'before' ? cursorArb.filter((c) => typeof c === 'string') : strictString;
      return strictScalar[name] ?? fc.constant({});
    }
    switch (name) {
      case 'ID':
        return idArb;
      case 'Int':
        return intArb;
      case 'Float':
        return floatArb;
      case 'Boolean':
        return boolArb;
      case 'Yen':
      case 'YenDelta':
        return yenArb;
      case 'Date':
        return dateArb;
      case 'DateTime':
        return dateTimeArb;
      case 'LocalGovernmentCode':
        return lgcArb;
      case 'CorporateNumber':
        return corporateArb;
      case 'String':
        return argName === 'after' || argName === 'before' ? cursorArb : stringArb;
      default:
        return anyScalar;
    }
  };

  const inputMemo = new Map<string, fc.Arbitrary<unknown>>();
  /** A value for an argument or input field: `strict` keeps to the type (hostile content only). */
  const valueArb = (type: GraphQLInputType, argName: string, depth: number, strict: boolean): fc.Arbitrary<unknown> => {
    if (isNonNullType(type)) {
      const value = valueArb(type.ofType, argName, depth, strict);
      return strict ? value : fc.oneof({ weight: 19, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });
    }
    if (isListType(type)) {
      const item = valueArb(type.ofType, argName, depth + 1, strict);
      return strict
        ? fc.oneof({ weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 50, maxLength: 300 }) })
        : fc.oneof(
            { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
            { weight: 2, arbitrary: item },
            { weight: 1, arbitrary: fc.array(item, { minLength: 50, maxLength: 400 }) },
            { weight: 1, arbitrary: fc.constant(null) },
          );
    }
    if (isEnumType(type)) {
      const valid = fc.constantFrom(...type.getValues().map((v) => new EnumLit(v.name)));
      return strict
        ? valid
        : fc.oneof(
            { weight: 8, arbitrary: valid },
            { weight: 1, arbitrary: fc.constantFrom(...type.getValues().map((v) => new EnumLit(v.name.toLowerCase()))) },
            { weight: 1, arbitrary: hostileString },
          );
    }
    if (isInputObjectType(type)) {
      const key = `${type.name}:${depth}:${strict}`;
      const memo = inputMemo.get(key);
      if (memo) return memo;
      if (depth > 4) return fc.constant({});
      const fields = Object.values(type.getFields()).map((field) => {
        const value = valueArb(field.type, field.name, depth + 1, strict).map((v) => [field.name, v] as const);
        if (!isNonNullType(field.type)) return rarely(value, 2);
        return strict ? value : fc.oneof({ weight: 19, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) });
      });
      const unknownField = strict ? fc.constant(undefined) : rarely(fc.tuple(fc.constantFrom('unknownField', 'id', 'password', '__proto__', 'constructor', 'where', 'orderBy'), anyScalar), 10);
      const record = fc.tuple(fc.tuple(...fields), unknownField).map(([entries, extra]) => {
        const object: Record<string, unknown> = {};
        for (const entry of entries) if (entry) object[entry[0]] = entry[1];
        if (extra && extra[0] !== '__proto__') object[extra[0]] = extra[1];
        return object;
      });
      const arb = strict ? record : fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: anyScalar }, { weight: 1, arbitrary: fc.array(record, { maxLength: 2 }) });
      inputMemo.set(key, arb);
      return arb;
    }
    return scalarArb(getNamedType(type).name, argName, strict);
  };

  /** Arguments of a field on a selection (not the root), mostly small pages. */
  const pageArgs = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('(first: 1)', '(first: 2)', '(first: 3)', '(last: 2)') },
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom(...INT_EDGES.map(String), ...RAW_NUMBERS, '"5"', 'null', 'true', '$nope').map((n) => `(first: ${n})`) },
    { weight: 1, arbitrary: cursorArb.map((c) => `(first: 2, after: ${toLiteral(c)})`) },
  );

  const strictPageArgs = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('(first: 1)', '(first: 2)', '(first: 3)', '(last: 2)') },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: cursorArb.filter((c) => typeof c === 'string').map((c) => `(first: 2, after: ${toLiteral(c)})`) },
  );

  const selectionMemo = new Map<string, fc.Arbitrary<string>>();
  /** A selection set for a type, up to three levels deep; `strict` leaves out unknown fields. */
  const selectionArb = (named: GraphQLNamedType, depth: number, strict: boolean): fc.Arbitrary<string> => {
    if (isLeafType(named)) return fc.constant('');
    const key = `${named.name}:${depth}:${strict}`;
    const memo = selectionMemo.get(key);
    if (memo) return memo;
    let arb: fc.Arbitrary<string>;
    if (isUnionType(named) || isInterfaceType(named)) {
      const possible = [...schema.getPossibleTypes(named)];
      arb =
        depth >= 3 || !possible.length
          ? fc.constant('{ __typename }')
          : fc.subarray(possible, { minLength: 1, maxLength: Math.min(3, possible.length) }).chain((types) =>
              fc.tuple(...types.map((t) => selectionArb(t, depth + 1, strict).map((s) => `... on ${t.name} ${s}`))).map((parts) => `{ __typename ${parts.join(' ')} }`),
            );
    } else if (isObjectType(named)) {
      const usable = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
      const leaves = usable.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
      const objects = usable.filter((f) => !isLeafType(getNamedType(f.type)));
      const leafPart = leaves.length ? fc.subarray(leaves, { minLength: 1, maxLength: Math.min(4, leaves.length) }) : fc.constant(['__typename']);
      const objectPart =
        depth >= 3 || !objects.length
          ? fc.constant<string[]>([])
          : fc.subarray(objects, { maxLength: Math.min(depth === 0 ? 2 : 1, objects.length) }).chain((chosen) =>
              chosen.length
                ? fc.tuple(
                    ...chosen.map((f) =>
                      fc.tuple(f.args.length ? (strict ? strictPageArgs : pageArgs) : fc.constant(''), selectionArb(getNamedType(f.type), depth + 1, strict)).map(([args, sel]) => `${f.name}${f.args.some((a) => a.name === 'first') ? args : ''} ${sel}`),
                    ),
                  )
                : fc.constant<string[]>([]),
            );
      const extra = fc.oneof(
        { weight: strict ? 1 : 20, arbitrary: fc.constant('') },
        { weight: strict ? 0 : 1, arbitrary: fc.constantFrom('unknownField', 'password', 'secretHash', '__typename', '__schema { queryType { name } }', 'a: __typename b: __typename', 'id @include(if: true)', 'id @skip(if: $nope)', 'id @deprecated') },
      );
      arb = fc.tuple(leafPart, objectPart, extra).map(([l, o, x]) => `{ ${[...l, ...o, x].filter(Boolean).join(' ')} }`);
    } else {
      arb = fc.constant('{ __typename }');
    }
    selectionMemo.set(key, arb);
    return arb;
  };

  const rootFields = [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ op: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ op: 'mutation' as const, field })),
  ];

  /** One root field call: its text, the variable definitions it needs and their values. */
  const fieldCallArb = (field: GraphQLField<unknown, unknown>, index: number, strict: boolean) =>
    fc
      .tuple(
        fc.tuple(
          ...field.args.map((arg) =>
            fc.record({
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
                : fc.oneof({ weight: 12, arbitrary: fc.constant(String(arg.type)) }, { weight: 1, arbitrary: fc.constantFrom('Int', 'String!', '[ID!]!', 'Yen', 'Boolean', 'NoSuchType', 'JSONObject', 'ID') }),
              value: valueArb(arg.type, arg.name, 0, strict),
            }),
          ),
        ),
        strict ? fc.constant(undefined) : rarely(fc.tuple(fc.constantFrom('unknownArg', 'where', 'limit', 'offset', 'sql'), anyScalar), 15),
        selectionArb(getNamedType(field.type), 0, strict),
        rarely(fc.constantFrom('a', 'x', 'alias_with_numbers_123'), 8),
      )
      .map(([args, unknownArg, selection, alias]) => {
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
      });

  /**
   * A whole operation over one to three root fields of one root type: half of them "strict"
   * (valid GraphQL with hostile content, to reach the resolvers and the database), half
   * "chaotic" (wrong types, unknown arguments and fields, wrong variable declarations).
   */
  const operationArb = fc
    .tuple(fc.constantFrom(...rootFields), fc.boolean())
    .chain(([{ op, field }, strict]) =>
      fc.tuple(
        fc.constant(op),
        fc.constant(`${field.name}${strict ? '' : '~'}`),
        fieldCallArb(field, 0, strict),
        fc.tuple(
          ...[1, 2].map((index) => rarely(fc.constantFrom(...rootFields.filter((r) => r.op === op)).chain((r) => fieldCallArb(r.field, index, strict)), op === 'mutation' ? 2 * index : index + 1)),
        ).map((calls) => calls.filter((c) => c !== undefined)),
        strict ? fc.constant(op as string) : fc.oneof({ weight: 15, arbitrary: fc.constant(op as string) }, { weight: 1, arbitrary: fc.constantFrom('query', 'mutation', 'subscription', '') }),
        rarely(fc.constantFrom('Fuzz', 'FuzzOperation_1', 'A'.repeat(200), 'query'), 3),
        strict ? fc.constant(undefined) : rarely(fc.constantFrom('$unused: Int', '$unused: String = "x"', '$nope: NoSuchType'), 12),
      ),
    )
    .map(([op, fieldName, first, more, keyword, name, extraDef]) => {
      // Extra calls get an alias of their own (unless they have one), so that fields do not clash.
      const calls = [first, ...more.map((m, i) => ({ ...m, call: /^\w+: /.test(m.call) ? m.call : `f${i}: ${m.call}` }))];
      const defs = [...new Set(calls.flatMap((c) => c.defs))];
      if (extraDef) defs.push(extraDef);
      const variables = Object.assign({}, ...calls.map((c) => c.variables)) as Record<string, unknown>;
      const header = `${keyword}${name ? ` ${name}` : ''}${defs.length ? `(${defs.join(', ')})` : ''}`;
      const query = `${header} { ${calls.map((c) => c.call).join(' ')} }`.trim();
      return { kind: `${op}:${fieldName}`, query, variables, operationName: name };
    });

  /** Documents built to be too big, too deep or plain broken. */
  const hostileDocumentArb = fc.oneof(
    fc.integer({ min: 5, max: 60 }).map((k) => ({ kind: 'doc:deep-selection', query: `{ ${'ministries { nodes { targetProjects { nodes { ministry { '.repeat(k)}code${' } } } } }'.repeat(k)} }` })),
    fc.integer({ min: 10, max: 6000 }).map((k) => ({ kind: 'doc:brace-bomb', query: `${'{'.repeat(k)}${'}'.repeat(k)}` })),
    fc.integer({ min: 16, max: 300 }).map((k) => ({ kind: 'doc:aliases', query: `{ ${Array.from({ length: k }, (_, i) => `a${i}: ministries(first: 100) { totalCount }`).join(' ')} }` })),
    fc.integer({ min: 21, max: 300 }).map((k) => ({ kind: 'doc:directives', query: `{ __typename ${'@include(if: true) '.repeat(k)} }` })),
    // Fragments doubling at each level: small here (see the dedicated test below for large n).
    fc.integer({ min: 1, max: 12 }).map((n) => {
      let fragments = 'fragment F0 on Query { __typename ministries(first: 1) { totalCount } }';
      for (let i = 1; i <= n; i++) fragments += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
      return { kind: 'doc:fragment-doubling', query: `query { ...F${n} } ${fragments}` };
    }),
    fc.constant({ kind: 'doc:fragment-cycle', query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
    fc.integer({ min: 20_001, max: 60_000 }).map((k) => ({ kind: 'doc:too-long', query: `{ ministries { totalCount } } # ${'x'.repeat(k)}` })),
    fc.integer({ min: 1_000, max: 2_500 }).map((k) => ({ kind: 'doc:many-tokens', query: `{ ministries { totalCount ${'__typename '.repeat(k)} } }` })),
    hostileString.map((s) => ({ kind: 'doc:garbage', query: s })),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ kind: 'doc:random', query: s })),
    hostileString.map((s) => ({ kind: 'doc:string-literal', query: `{ targetProjects(filter: { query: ${JSON.stringify(s)} }) { totalCount } }` })),
    hostileString.map((s) => ({ kind: 'doc:type-name', query: `{ __type(name: ${JSON.stringify(s)}) { name fields { name } } }` })),
    fc.constantFrom(
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
    ).map((query) => ({ kind: 'doc:fixed', query })),
  ).map((d) => ({ ...d, variables: {} as Record<string, unknown>, operationName: undefined as string | undefined }));

  const authArb = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 6, arbitrary: fc.constantFrom(...known.tokens) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom('Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', 'bearer x', 'Bearer null', 'Bearer undefined', `Bearer mtt_1_${'A'.repeat(43)}`, `Bearer mtt_0_${'A'.repeat(43)}`, `Bearer mtt_99999999999_${'A'.repeat(43)}`, 'Bearer mtt_1_short', "Bearer ' OR 1=1 --", `Bearer ${'x'.repeat(8_000)}`),
        fc.constantFrom(...known.tokens).map((t) => t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
        fc.constantFrom(...known.tokens).map((t) => t.replace('Bearer ', 'bearer ')),
        fc.constantFrom(...known.tokens).map((t) => `${t} ${t}`),
        // Printable ASCII only: fetch itself refuses control characters in a header.
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }).map((s) => `Bearer ${s}`.trim()),
      ),
    },
  );
  const acceptArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', '*/*', undefined) },
    { weight: 1, arbitrary: fc.constantFrom('text/html', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/xml', 'text/plain', 'image/png') },
  );
  const postTypeArb = fc.oneof(
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

  type Operation = { kind: string; query: string; variables: Record<string, unknown>; operationName: string | undefined };
  const operationsArb: fc.Arbitrary<Operation> = fc.oneof({ weight: 7, arbitrary: operationArb }, { weight: 2, arbitrary: hostileDocumentArb });

  /** A POST body as text, mostly well-formed, sometimes mutated at the HTTP level. */
  const bodyMutation = fc.oneof(
    { weight: 17, arbitrary: fc.constant((body: string) => ({ kind: '', body })) },
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
        fc.constant((body: string) => ({ kind: 'json:duplicate-keys', body: body.replace('{', '{"query":"{ viewer { role } }","variables":{"a":1},') })),
        fc.constant((body: string) => ({ kind: 'json:nested', body: `{"query":${body}}` })),
        fc.integer({ min: 90_000, max: 130_000 }).map((n) => (body: string) => ({ kind: 'json:padded', body: body.replace(/}\s*$/, `${' '.repeat(n)}}`) })),
        fc.integer({ min: 100, max: 45_000 }).map((n) => (_body: string) => ({ kind: 'json:deep-array', body: `${'['.repeat(n)}${']'.repeat(n)}` })),
        fc.integer({ min: 100, max: 20_000 }).map((n) => (body: string) => ({ kind: 'json:deep-variables', body: body.replace(/}\s*$/, `,"variables":{"a":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}`) })),
        fc.integer({ min: 100, max: 30_000 }).map((n) => (_body: string) => ({ kind: 'json:deep-extensions', body: `{"query":"{ __typename }","extensions":${'{"persistedQuery":'.repeat(n)}1${'}'.repeat(n)}}` })),
        fc.jsonValue({ maxDepth: 4 }).map((v) => (_body: string) => ({ kind: 'json:random-value', body: JSON.stringify(v) ?? 'null' })),
        fc.constantFrom('null', 'true', '0', '"query"', '[]', '{}', '{"query":null}', '{"query":123}', '{"query":["{ __typename }"]}', '{"query":{"a":1}}', '{"query":"{ __typename }","variables":"{}"}', '{"query":"{ __typename }","variables":[]}', '{"query":"{ __typename }","variables":null}', '{"query":"{ __typename }","operationName":5}', '{"query":"{ __typename }","operationName":"Nope"}', '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}', '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}}', '{"query":"{ __typename }","__proto__":{"admin":true}}', '{"query":"{ __typename }","constructor":{"prototype":{"x":1}}}', '{"query":"\\ud800"}', '{"query":"{ __typename }"}garbage', '{"query":"{ __typename }"', '{"query":"{ __typename }",}', "{'query':'{ __typename }'}", '').map((body) => (_body: string) => ({ kind: 'json:fixed', body })),
      ),
    },
  );

  const variableMutation = fc.oneof(
    { weight: 10, arbitrary: fc.constant((v: Record<string, unknown>) => v) },
    { weight: 2, arbitrary: anyScalar.map((x) => (v: Record<string, unknown>) => Object.fromEntries(Object.keys(v).map((k, i) => [k, i === 0 ? x : v[k]]))) },
    { weight: 1, arbitrary: fc.constant((v: Record<string, unknown>) => ({ ...v, unused: 'x', __proto__x: 1 })) },
  );

  const postArb = fc
    .tuple(operationsArb, variableMutation, bodyMutation, postTypeArb, acceptArb, authArb, fc.boolean(), rarely(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS'), 25))
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

  const getArb = fc
    .tuple(
      operationsArb,
      variableMutation,
      acceptArb,
      authArb,
      fc.oneof({ weight: 6, arbitrary: fc.constant('apollo-require-preflight') }, { weight: 1, arbitrary: fc.constant('x-apollo-operation-name') }, { weight: 1, arbitrary: fc.constant('') }),
      fc.oneof(
        { weight: 10, arbitrary: fc.constant('') },
        {
          weight: 3,
          arbitrary: fc.constantFrom('&query=%7B__typename%7D', '&variables=%7Bbad', '&variables=%5B%5D', '&variables=null', '&extensions=%7B%22persistedQuery%22%3A1%7D', '&operationName=%00', '&query', '&%E0%A4%A', '&variables=%7B%22a%22%3A' + '%5B'.repeat(3000) + '%5D'.repeat(3000) + '%7D', '&query[]=x', '&' + 'a=1&'.repeat(2000)),
        },
      ),
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
      return { kind: `GET ${op.kind}${extra ? ' url-mutated' : ''}`, method: 'GET', path: `/graphql?${params.toString()}${extra}`, headers };
    });

  return fc.oneof({ weight: 3, arbitrary: postArb }, { weight: 1, arbitrary: getArb });
}

// ---------------------------------------------------------------------------------------
// Judging an answer

/** Signs of a stack trace. */
const STACK_PATTERNS = [/\n\s+at\s/, /\bat [\w$.<>[\]]+ \((?:file:|node:|\/)/, /node_modules/, /\.(?:ts|js|mjs|cjs):\d+(?::\d+)?/, /\/work\//, /\bError: [^"]*\n\s+at\b/];
/** SQL text and the databases' own error wording (SQLite's and PostgreSQL's). */
const SQL_PATTERNS = [
  /\bselect\b[^"]{0,200}\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bdelete\s+from\b/i,
  /\bupdate\s+[`"]?\w+[`"]?\s+set\b/i,
  /\b(?:from|join|into|where|update)\s+[`"]\w+[`"]/i,
  /[`"]\w+[`"]\.[`"]\w+[`"]/,
  /SQLITE_[A-Z]+/,
  /\bsqlite3?\b/i,
  /no such (?:table|column)/i,
  /relation "[^"]*"/i,
  /syntax error at or near/i,
  /syntax error at end of input/i,
  /invalid input syntax for/i,
  /invalid byte sequence for encoding/i,
  /unterminated quoted (?:string|identifier)/i,
  /\bSQLSTATE\b/i,
  /violates (?:not-null|foreign key|unique|check) constraint/i,
  /duplicate key value/i,
  /current transaction is aborted/i,
  /out of range for type/i,
  /value too long for type/i,
  /\bknex\b|mikro-?orm|node-postgres|\bpg_\w+/i,
  /\bdatabase (?:error|is locked)\b/i,
];

/** Codes a client may see at the top level. INTERNAL_SERVER_ERROR is a server fault: never for input. */
const CODE = /^[A-Z][A-Z0-9_]*$/;

/** What the request said, decoded, so an echo of the caller's own input is not taken for a leak. */
function requestText(request: FuzzRequest): string {
  let text = `${request.path} ${request.body ?? ''}`;
  try {
    text += ` ${decodeURIComponent(request.path.replace(/\+/g, ' '))}`;
  } catch {
    // not decodable: the raw text is there already
  }
  if (request.body) {
    try {
      text += ` ${JSON.stringify(JSON.parse(request.body))}`;
      const parsed = JSON.parse(request.body) as { query?: unknown; variables?: unknown };
      if (typeof parsed.query === 'string') text += ` ${parsed.query}`;
      const walk = (v: unknown): void => {
        if (typeof v === 'string') text += ` ${v}`;
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk(parsed.variables);
    } catch {
      // broken JSON: the raw text is there already
    }
  }
  return text.toLowerCase();
}

/**
 * Compared without whitespace and `|`: a syntax error may quote the document as an excerpt
 * broken into numbered lines ("GraphQL request:1:5\n1 | query …\n  | …").
 */
const squash = (text: string) => text.toLowerCase().replace(/[\s|]+/g, '');
/** The hostile strings of the pool, once any request may have stored one and another read it back. */
const POOL_TEXT = squash(HOSTILE_STRINGS.join('\n'));

function leaks(patterns: RegExp[], text: string, sent: string): string[] {
  const found: string[] = [];
  const sentSquashed = squash(sent);
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(global)) {
      const hit = squash(m[0]);
      if (sentSquashed.includes(hit) || POOL_TEXT.includes(hit)) continue;
      found.push(`${pattern} → ${JSON.stringify(m[0].slice(0, 80))}`);
    }
  }
  return found;
}

/** Every problem with one answer (empty when it is acceptable). */
function judge(request: FuzzRequest, status: number, contentType: string, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (status < 100) problems.push('no answer');
  const sent = requestText(request);
  const strings: string[] = [];
  const isJson = /^application\/(?:graphql-response\+)?json\b/i.test(contentType);
  if (isJson) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push('content-type JSON but the body does not parse');
    }
    if (body !== undefined) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) problems.push('body is not a JSON object');
      const { data, errors } = (body ?? {}) as { data?: unknown; errors?: unknown };
      if (errors !== undefined) {
        if (!Array.isArray(errors) || errors.length === 0) problems.push('errors is not a non-empty array');
        else
          for (const error of errors as { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown; exception?: unknown } }[]) {
            const code = error?.extensions?.code;
            if (typeof code !== 'string' || !CODE.test(code)) problems.push('an error without extensions.code');
            else if (code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
            if (typeof error?.message !== 'string') problems.push('an error without a message');
            if (error?.extensions?.stacktrace !== undefined || error?.extensions?.exception !== undefined) problems.push('stacktrace in extensions');
          }
      } else if (data === undefined) problems.push('neither data nor errors');
      for (const payload of Object.values((data ?? {}) as Record<string, unknown>)) {
        const userErrors = (payload as { userErrors?: { code?: unknown }[] } | null)?.userErrors;
        // A user error's code is checked when the query asked for it.
        if (Array.isArray(userErrors)) for (const u of userErrors) if (u && 'code' in u && (typeof u.code !== 'string' || !CODE.test(u.code))) problems.push('a user error without a code');
      }
      // Only what the server wrote about the request is searched (data echoes stored text).
      const walk = (v: unknown): void => {
        if (typeof v === 'string') strings.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk((body as { errors?: unknown })?.errors);
      walk((body as { extensions?: unknown })?.extensions);
      for (const payload of Object.values(((body as { data?: unknown })?.data ?? {}) as Record<string, unknown>)) walk((payload as { userErrors?: unknown } | null)?.userErrors);
    }
  } else if (request.method === 'GET' && status === 200 && /^text\/html/.test(contentType) && text.includes('id="graphiql"')) {
    // The GraphiQL page, for a client that prefers HTML (documented in README "Endpoints").
  } else if (status === 431 && text === '') {
    // Node's own answer to headers larger than its limit (an oversized URL): no body to leak.
  } else {
    problems.push(`not JSON (${contentType || 'no content-type'}): ${JSON.stringify(text.slice(0, 120))}`);
    strings.push(text);
  }
  const written = strings.join('\n');
  problems.push(...leaks(STACK_PATTERNS, written, sent).map((l) => `stack trace: ${l}`));
  problems.push(...leaks(SQL_PATTERNS, written, sent).map((l) => `SQL text: ${l}`));
  return problems;
}

// ---------------------------------------------------------------------------------------
// Running

async function send(base: string, request: FuzzRequest): Promise<{ status: number; contentType: string; text: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, ms: Date.now() - started };
}

interface RunReport {
  cases: number;
  /** Root fields (queries and mutations) the generated operations called. */
  fields: Set<string>;
  ms: number;
  statuses: Record<string, number>;
  failures: Failure[];
  firstUnanswered: Failure | null;
  slowest: { ms: number; kind: string };
}

async function fuzz(base: string, known: Known, label: string): Promise<RunReport> {
  const arb = arbitraries(known);
  const started = Date.now();
  const report: RunReport = { cases: 0, fields: new Set(), ms: 0, statuses: {}, failures: [], firstUnanswered: null, slowest: { ms: 0, kind: '' } };
  console.log(`[fuzz ${label}] seed ${SEED}, ${RUNS} cases (FUZZ_SEED / FUZZ_RUNS to change)`);
  for (let chunk = 0; chunk * CHUNK < RUNS; chunk++) {
    const requests = fc.sample(arb, { seed: SEED + chunk, numRuns: Math.min(CHUNK, RUNS - chunk * CHUNK) });
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        const request = requests[index];
        const number = chunk * CHUNK + index;
        let status = 0;
        let text = '';
        let problems: string[];
        try {
          const answer = await send(base, request);
          status = answer.status;
          text = answer.text;
          if (answer.ms > report.slowest.ms) report.slowest = { ms: answer.ms, kind: request.kind };
          problems = judge(request, answer.status, answer.contentType, answer.text);
        } catch (error) {
          const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
          problems = [`no answer: ${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`];
          const failure = { problem: problems[0], case: number, request: { ...request, path: request.path.slice(0, 4_000), body: request.body?.slice(0, 4_000) }, status, response: '' };
          report.firstUnanswered ??= failure;
        }
        report.cases++;
        const called = /^(?:POST|GET) (?:query|mutation):(\w+)/.exec(request.kind);
        if (called) report.fields.add(called[1]);
        report.statuses[status] = (report.statuses[status] ?? 0) + 1;
        // Kept small: a long run may collect many (the seed and the case number reproduce the rest).
        const kept = { ...request, path: request.path.slice(0, 4_000), body: request.body?.slice(0, 4_000) };
        for (const problem of problems) if (report.failures.length < 5_000) report.failures.push({ problem, case: number, request: kept, status, response: text.slice(0, 600) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // A dead server fails every later case the same way: stop at the first chunk that lost it.
    if (report.firstUnanswered && !(await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false))) break;
  }
  report.ms = Date.now() - started;
  if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, report.failures.map((f) => JSON.stringify(f)).join('\n'));
  const kinds = new Set(report.failures.map((f) => f.problem.replace(/ → .*$/, '').replace(/: ".*$/, ''))).size;
  console.log(
    `[fuzz ${label}] ${report.cases} cases in ${(report.ms / 1000).toFixed(1)} s; statuses ${JSON.stringify(report.statuses)}; ` +
      `slowest ${report.slowest.ms} ms (${report.slowest.kind}); ${report.failures.length} problems of ${kinds} kinds`,
  );
  return report;
}

/** Each kind of problem with its count and up to three examples (of different request kinds), readable in a test failure. */
function summarise(failures: Failure[]): string[] {
  const byKind = new Map<string, Failure[]>();
  for (const f of failures) {
    const kind = `${f.problem.replace(/ → .*$/, '').slice(0, 100)} (HTTP ${f.status})`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  const show = (f: Failure) => {
    const headers = Object.fromEntries(Object.entries(f.request.headers).map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v]));
    const body = f.request.body ?? '';
    const path = f.request.path.length > 300 ? `${f.request.path.slice(0, 300)}…(${f.request.path.length})` : f.request.path;
    return (
      `  case ${f.case} [${f.request.kind}]: ${f.request.method} ${path}\n    headers ${JSON.stringify(headers)}\n` +
      `    body ${JSON.stringify(body.slice(0, 400))}${body.length > 400 ? `…(${body.length})` : ''}\n    → ${f.status} ${f.response.slice(0, 400)}`
    );
  };
  return [...byKind.entries()].slice(0, 20).map(([kind, list]) => {
    const examples: Failure[] = [];
    for (const f of list) if (examples.length < 3 && !examples.some((e) => e.request.kind.split(' ')[1] === f.request.kind.split(' ')[1])) examples.push(f);
    return `${list.length}× ${kind}\n${examples.map(show).join('\n')}`;
  });
}

/** Real ids, codes and cursors from the server, so generated requests also reach real rows. */
async function discover(base: string, tokens: string[], adminToken: string): Promise<Known> {
  const post = async (query: string, auth?: string) => {
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`discovery failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const schema = buildClientSchema((await post(getIntrospectionQuery())) as IntrospectionQuery);
  const d = await post(
    `{ tenders(first: 10) { edges { cursor } nodes { id bids(first: 3) { nodes { id } } } }
       targetProjects(first: 10) { nodes { id } } bidders(first: 10) { nodes { id corporateNumber } }
       localPilots(first: 5) { nodes { id } } basicPolicies(first: 5) { nodes { id } } evaluations(first: 5) { nodes { id } }
       municipalities(first: 10) { nodes { id code } } ministries(first: 30) { nodes { id code } } }`,
    adminToken,
  );
  const nodes = (c: { nodes: { id: string }[] }) => c.nodes.map((n) => n.id);
  return {
    schema,
    ids: [
      ...nodes(d.tenders),
      ...d.tenders.nodes.flatMap((t: any) => nodes(t.bids)),
      ...nodes(d.targetProjects),
      ...nodes(d.bidders),
      ...nodes(d.localPilots),
      ...nodes(d.basicPolicies),
      ...nodes(d.evaluations),
      ...nodes(d.municipalities),
      ...nodes(d.ministries),
    ],
    cursors: d.tenders.edges.map((e: { cursor: string }) => e.cursor),
    ministryCodes: d.ministries.nodes.map((m: { code: string }) => m.code),
    municipalityCodes: d.municipalities.nodes.map((m: { code: string }) => m.code),
    corporateNumbers: d.bidders.nodes.map((b: { corporateNumber: string | null }) => b.corporateNumber).filter(Boolean),
    tokens,
  };
}

/** After the storm: the server is up and answers a normal query correctly. */
async function expectStillServing(base: string): Promise<void> {
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ministries(first: 100) { totalCount nodes { code } } }' }) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { ministries: { totalCount: number; nodes: { code: string }[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data.ministries.totalCount).toBeGreaterThan(0);
  expect(body.data.ministries.nodes.length).toBe(body.data.ministries.totalCount);
}

function expectClean(report: RunReport, schema: GraphQLSchema): void {
  expect(report.cases).toBe(RUNS);
  // Every root query field and every mutation was called (a short run may miss some).
  if (RUNS >= 1000) {
    const all = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    expect(all.filter((f) => !report.fields.has(f)), 'root fields never called').toEqual([]);
  }
  const unanswered = report.firstUnanswered ? summarise([report.firstUnanswered]) : [];
  expect(unanswered, 'the first request left unanswered (a crash or a hang)').toEqual([]);
  expect(summarise(report.failures)).toEqual([]);
}

/** Production limits: startTestServer turns rate limits off (kept off: the fuzz would only meet 429s) and raises query limits. */
const FUZZ_ENV = { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0', QUERY_MAX_COST: '1000000', QUERY_MAX_NODES: '150000', REQUEST_TIMEOUT_MS: '5000' };
const testTimeout = RUNS * 60 + 120_000;

describe.runIf(process.env.TEST_DIALECT !== 'postgresql')('fuzzing a server in this process (SQLite, default configuration)', () => {
  let srv: TestServer;
  let known: Known;
  beforeAll(async () => {
    srv = await startTestServer({ env: FUZZ_ENV });
    const admin = await issueTestToken(srv, { role: 'ADMIN' });
    const municipality = (await srv.sql<{ code: string }>('SELECT code FROM municipality ORDER BY code LIMIT 1'))[0].code;
    const tokens = [
      admin.headers.authorization,
      (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers.authorization,
      (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: municipality })).headers.authorization,
    ];
    known = await discover(srv.base, tokens, admin.headers.authorization);
  });
  afterAll(() => srv?.stop());

  it(`answers ${RUNS} generated and mutated hostile requests with no 5xx, no leak, a code on every error, and keeps serving`, { timeout: testTimeout }, async () => {
    const report = await fuzz(srv.base, known, 'in-process sqlite');
    await expectStillServing(srv.base);
    expectClean(report, known.schema);
  });
});

describe.runIf(process.env.TEST_DIALECT === 'postgresql')('fuzzing the compiled server process (PostgreSQL, NODE_ENV=production)', () => {
  let server: ServerProcess;
  let drop: () => Promise<void>;
  let known: Known;
  beforeAll(async () => {
    const database = await testDatabase();
    drop = database.drop;
    server = await startServerProcess({ ...FUZZ_ENV, DATABASE_URL: database.url, SEED_ON_START: '1', NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    const { openDatabase } = await import('../src/core/db/orm.js');
    const { ENTITIES } = await import('../src/entities.js');
    const { issueToken } = await import('../src/modules/access/token.service.js');
    const { Role } = await import('../src/core/auth/viewer.js');
    const { knexOf } = await import('../src/core/db/orm.js');
    const orm = await openDatabase(database.target, { entities: ENTITIES });
    try {
      const em = orm.em.fork();
      const { rows } = (await knexOf(orm).raw('SELECT code FROM municipality ORDER BY code LIMIT 1')) as { rows: { code: string }[] };
      const bearer = async (request: Parameters<typeof issueToken>[1]) => `Bearer ${(await issueToken(em, request)).token}`;
      const admin = await bearer({ role: Role.ADMIN, name: 'fuzz admin' });
      const tokens = [admin, await bearer({ role: Role.MINISTRY, ministryCode: 'MOE', name: 'fuzz ministry' }), await bearer({ role: Role.MUNICIPALITY, municipalityCode: rows[0].code, name: 'fuzz municipality' })];
      known = await discover(server.base, tokens, admin);
    } finally {
      await orm.close(true);
    }
  });
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it(`answers ${RUNS} generated and mutated hostile requests with no 5xx, no leak, a code on every error, and the process lives on`, { timeout: testTimeout }, async () => {
    const logStart = server.log().length;
    const report = await fuzz(server.base, known, 'compiled process postgresql production');
    expect(server.child.exitCode, `the server process exited: ${server.log().slice(-2000)}`).toBeNull();
    await expectStillServing(server.base);
    expectClean(report, known.schema);
    // A fault answered politely is still a fault: nothing at error level (50) or above in the log.
    const errors = server
      .log()
      .slice(logStart)
      .split('\n')
      .filter((line) => /"level":(5|6)\d/.test(line));
    expect(errors.slice(0, 5)).toEqual([]);
  });
});

describe('fragments that double at every level (deep nesting in a short document)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false, env: FUZZ_ENV });
  });
  afterAll(() => srv?.stop());

  /**
   * 21 fragments, each spreading the one below twice: under 1,000 characters and about 150
   * tokens, but 2^21 field resolutions. The limits must refuse it as QUERY_TOO_COMPLEX
   * without walking all of them: counting stops once the limit is passed.
   */
  it('is refused as QUERY_TOO_COMPLEX within a second, without measuring every expansion', async () => {
    const n = 21;
    let fragments = 'fragment F0 on Query { __typename ministries(first: 1) { totalCount } }';
    for (let i = 1; i <= n; i++) fragments += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
    const query = `query { ...F${n} } ${fragments}`;
    expect(query.length).toBeLessThan(1_000);
    const started = Date.now();
    const response = await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const elapsed = Date.now() - started;
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBeLessThan(500);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(elapsed, 'milliseconds the server spent on a 1 kB document').toBeLessThan(1_000);
  });
});

/**
 * Failures the fuzz found, pinned as plain examples (each names its input), so that each
 * one is reported on its own and stays fixed. "Answered as the client's mistake" means: a
 * status below 500 and no INTERNAL_SERVER_ERROR (which the server also logs as a fault).
 */
describe('hostile input found by fuzzing, answered as the client\'s mistake', () => {
  let srv: TestServer;
  let admin: Record<string, string>;
  beforeAll(async () => {
    srv = await startTestServer({ env: FUZZ_ENV });
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv?.stop());

  const codesOf = (body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }) => [
    ...(body.errors ?? []).map((e) => String(e.extensions?.code)),
    ...Object.values(body.data ?? {}).flatMap((p) => ((p as { userErrors?: { code: string }[] } | null)?.userErrors ?? []).map((u) => u.code)),
  ];
  async function expectClientMistakeOrAnswer(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(payload) });
    const body = (await response.json()) as Parameters<typeof codesOf>[0];
    const codes = codesOf(body);
    expect({ status: response.status < 500 ? 'below 500' : response.status, internal: codes.includes('INTERNAL_SERVER_ERROR') }, JSON.stringify(body).slice(0, 300)).toEqual({
      status: 'below 500',
      internal: false,
    });
    for (const code of codes) expect(code).toMatch(CODE);
  }

  const NUL_CASES: [string, string, Record<string, unknown>, boolean][] = [
    ['createBidder name', 'mutation($v: String!) { createBidder(input: { name: $v, kind: PRIVATE }) { bidder { id } userErrors { code } } }', { v: 'テスト\u0000株式会社' }, true],
    ['ministry(code:)', 'query($v: String!) { ministry(code: $v) { code } }', { v: 'MOE\u0000' }, false],
    ['bidders filter query', 'query($v: String) { bidders(filter: { query: $v }) { totalCount } }', { v: '窓口\u0000業' }, false],
    ['municipalities filter query', 'query($v: String) { municipalities(filter: { query: $v }) { totalCount } }', { v: '\u0000' }, false],
    ['targetProjects filter query', 'query($v: String) { targetProjects(filter: { query: $v }) { totalCount } }', { v: '窓口\u0000業' }, false],
    ['tenders filter ministryCodes', 'query($v: [String!]) { tenders(filter: { ministryCodes: $v }) { totalCount } }', { v: ['MOE\u0000'] }, false],
    ['changes filter action', 'query($v: String) { changes(filter: { action: $v }) { totalCount } }', { v: 'createBidder\u0000' }, false],
    ['node(id:) of a NUL key', 'query($v: ID!) { node(id: $v) { id } }', { v: Buffer.from('Tender:\u0000').toString('base64url') }, false],
  ];
  it.each(NUL_CASES)('a NUL character in %s', async (_what, query, variables, withToken) => {
    await expectClientMistakeOrAnswer({ query, variables }, withToken ? admin : {});
  });

  it('a lone surrogate (\\ud800) in a bidder name', async () => {
    await expectClientMistakeOrAnswer({ query: 'mutation($v: String!) { createBidder(input: { name: $v, kind: PRIVATE }) { bidder { id } userErrors { code } } }', variables: { v: 'テスト\ud800株式会社' } }, admin);
  });

  it('a real cursor with its parts tampered (an impossible date, an id beyond 64 bits)', async () => {
    const first = await srv.gql<{ tenders: { edges: { cursor: string }[] } }>('{ tenders(first: 1) { edges { cursor } } }');
    const cursor = first.data.tenders.edges[0].cursor;
    let parts: unknown[];
    try {
      parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    } catch {
      throw new Error(`cursors are no longer base64url JSON (${cursor}): update this tampering test`);
    }
    expect(Array.isArray(parts) && parts.length >= 3).toBe(true);
    const tampered = [[...parts.slice(0, -2), '2026-99-99', parts.at(-1)], [...parts.slice(0, -1), 1e20], [...parts.slice(0, -2), '\u0000', parts.at(-1)]];
    for (const t of tampered) {
      await expectClientMistakeOrAnswer({ query: 'query($after: String) { tenders(first: 2, after: $after) { totalCount } }', variables: { after: Buffer.from(JSON.stringify(t)).toString('base64url') } });
    }
  });

  it('a persisted-query extension (wrong hash, unknown version)', async () => {
    await expectClientMistakeOrAnswer({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    await expectClientMistakeOrAnswer({ query: '{ __typename }', extensions: { persistedQuery: 1 } });
  });

  it('a subscription operation (the schema has no subscriptions)', async () => {
    await expectClientMistakeOrAnswer({ query: 'subscription { __typename }' });
    await expectClientMistakeOrAnswer({ query: 'subscription { ministries { totalCount } }' });
  });
});
