import { GraphQLError, parseValue as parseAst } from 'graphql';
import { describe, expect, it } from 'vitest';
import { YenDeltaScalar, YenScalar } from './yen.scalar.js';

const MAX = 10_000_000_000_000; // 10^13, the largest yen input (10兆円)
const SAFE = Number.MAX_SAFE_INTEGER; // 2^53 − 1
const TWO_TO_53 = 2 ** 53;

/** Parses `source` as a GraphQL literal and hands it to the scalar, as a query would. */
function literal(scalar: typeof YenScalar, source: string): unknown {
  return scalar.parseLiteral(parseAst(source), undefined);
}

describe('YenScalar.parseValue (variables)', () => {
  it.each([0, 1, 879_000_000, 3_000_000_000, MAX])('accepts %d', (value) => {
    expect(YenScalar.parseValue(value)).toBe(value);
  });

  it('accepts 3,000,000,000, which is beyond 32-bit Int', () => {
    expect(3_000_000_000).toBeGreaterThan(2 ** 31 - 1);
    expect(YenScalar.parseValue(3_000_000_000)).toBe(3_000_000_000);
  });

  it.each([
    ['a negative amount', -1],
    ['a fraction', 1.5],
    ['10^13 + 1, past the largest amount accepted', MAX + 1],
    ['2^53 − 1 (9,007,199,254,740,991: accepted once, it broke every sum)', SAFE],
    ['2^53, past the exact range of a JSON number', TWO_TO_53],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '100'],
    ['null', null],
    ['a boolean', true],
    ['a bigint', 100n],
  ])('rejects %s with a GraphQLError', (_label, value) => {
    expect(() => YenScalar.parseValue(value)).toThrow(GraphQLError);
  });

  it('names the scalar and the offending value in the message', () => {
    expect(() => YenScalar.parseValue(-1)).toThrow(/Yen.*-1/);
    expect(() => YenScalar.parseValue('100')).toThrow(/string "100"/);
  });
});

describe('YenScalar.parseLiteral (inline arguments)', () => {
  it.each(['0', '3000000000', String(MAX)])('accepts the integer literal %s', (source) => {
    expect(literal(YenScalar, source)).toBe(Number(source));
  });

  it('rejects a float literal even when it is whole (100.0)', () => {
    expect(() => literal(YenScalar, '100.0')).toThrow(/integer literal.*FloatValue/);
  });

  it('rejects a float literal with a fraction (1.5)', () => {
    expect(() => literal(YenScalar, '1.5')).toThrow(GraphQLError);
  });

  it('rejects a string literal', () => {
    expect(() => literal(YenScalar, '"100"')).toThrow(GraphQLError);
  });

  it('rejects a negative integer literal', () => {
    expect(() => literal(YenScalar, '-1')).toThrow(GraphQLError);
  });

  it('rejects literals past 10^13, 2^53 and larger', () => {
    expect(() => literal(YenScalar, '10000000000001')).toThrow(/0 to 10\^13/);
    expect(() => literal(YenScalar, String(SAFE))).toThrow(GraphQLError);
    expect(() => literal(YenScalar, String(TWO_TO_53))).toThrow(GraphQLError);
    expect(() => literal(YenScalar, '9007199254740993')).toThrow(GraphQLError);
    expect(() => literal(YenScalar, '100000000000000000000')).toThrow(GraphQLError);
  });
});

describe('YenScalar.serialize', () => {
  it('serializes a safe non-negative integer as itself', () => {
    expect(YenScalar.serialize(4_200_000_000)).toBe(4_200_000_000);
  });

  it('serializes a string of digits (as a driver may return bigint columns) as a number', () => {
    expect(YenScalar.serialize('4200000000')).toBe(4_200_000_000);
  });

  it('refuses to serialize a fraction, a negative, an inexact double or text that is no number', () => {
    expect(() => YenScalar.serialize(1.5)).toThrow(GraphQLError);
    expect(() => YenScalar.serialize(-1)).toThrow(GraphQLError);
    expect(() => YenScalar.serialize(TWO_TO_53)).toThrow(GraphQLError);
    expect(() => YenScalar.serialize('12a')).toThrow(GraphQLError);
  });

  it('serializes exact totals past 2^53 − 1 (bigint sums) as strings of digits, never rounded', () => {
    expect(YenScalar.serialize(BigInt(SAFE))).toBe(SAFE);
    expect(YenScalar.serialize(18_014_398_509_481_982n)).toBe('18014398509481982');
    expect(YenScalar.serialize('18014398509481982')).toBe('18014398509481982');
    expect(YenDeltaScalar.serialize(-18_014_398_509_481_981n)).toBe('-18014398509481981');
  });
});

describe('YenDeltaScalar', () => {
  it('accepts negative differences down to −10^13', () => {
    expect(YenDeltaScalar.parseValue(-1)).toBe(-1);
    expect(YenDeltaScalar.parseValue(-MAX)).toBe(-MAX);
    expect(() => YenDeltaScalar.parseValue(-MAX - 1)).toThrow(GraphQLError);
    expect(literal(YenDeltaScalar, '-3000000000')).toBe(-3_000_000_000);
  });

  it('accepts 0 and 10^13', () => {
    expect(YenDeltaScalar.parseValue(0)).toBe(0);
    expect(YenDeltaScalar.parseValue(MAX)).toBe(MAX);
  });

  it('rejects −2^53, 2^53, fractions and strings', () => {
    expect(() => YenDeltaScalar.parseValue(-TWO_TO_53)).toThrow(GraphQLError);
    expect(() => YenDeltaScalar.parseValue(TWO_TO_53)).toThrow(GraphQLError);
    expect(() => YenDeltaScalar.parseValue(-0.5)).toThrow(GraphQLError);
    expect(() => YenDeltaScalar.parseValue('-1')).toThrow(GraphQLError);
  });

  it('rejects a float literal', () => {
    expect(() => literal(YenDeltaScalar, '-1.0')).toThrow(GraphQLError);
  });

  it('serializes a negative string of digits as a number', () => {
    expect(YenDeltaScalar.serialize('-120000000')).toBe(-120_000_000);
  });
});
