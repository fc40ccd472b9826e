import { GraphQLError, parseValue as parseAst } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar } from './date.scalar.js';

describe('DateScalar', () => {
  it('accepts a YYYY-MM-DD calendar date as a variable and returns it unchanged', () => {
    expect(DateScalar.parseValue('2024-04-01')).toBe('2024-04-01');
  });

  it('accepts 29 February in a leap year and refuses it otherwise', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(() => DateScalar.parseValue('2023-02-29')).toThrow(GraphQLError);
  });

  it.each([['2024-4-1'], ['2024/04/01'], ['2024-04-01T00:00:00Z'], [''], [20240401], [null]])('rejects %j as a variable', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(GraphQLError);
  });

  it('accepts a string literal', () => {
    expect(DateScalar.parseLiteral(parseAst('"2019-05-01"'), undefined)).toBe('2019-05-01');
  });

  it('rejects a non-string literal', () => {
    expect(() => DateScalar.parseLiteral(parseAst('20240401'), undefined)).toThrow(GraphQLError);
  });

  it('rejects an impossible date literal', () => {
    expect(() => DateScalar.parseLiteral(parseAst('"2024-04-31"'), undefined)).toThrow(GraphQLError);
  });

  it('serializes a stored YYYY-MM-DD string unchanged', () => {
    expect(DateScalar.serialize('2013-04-01')).toBe('2013-04-01');
  });

  it('serializes a Date at UTC midnight as that calendar day', () => {
    expect(DateScalar.serialize(new Date(Date.UTC(2024, 3, 1)))).toBe('2024-04-01');
  });

  it('refuses to serialize something that is not a date', () => {
    expect(() => DateScalar.serialize('yesterday')).toThrow(GraphQLError);
  });
});

describe('DateTimeScalar', () => {
  it('accepts ISO 8601 with a +09:00 offset and returns the instant', () => {
    const parsed = DateTimeScalar.parseValue('2024-04-01T09:00:00+09:00');
    expect(parsed).toBeInstanceOf(Date);
    expect(parsed.toISOString()).toBe('2024-04-01T00:00:00.000Z');
  });

  it('accepts Z, fractional seconds and a missing seconds field', () => {
    expect(DateTimeScalar.parseValue('2024-04-01T00:00:00Z').toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(DateTimeScalar.parseValue('2024-04-01T00:00:00.123Z').toISOString()).toBe('2024-04-01T00:00:00.123Z');
    expect(DateTimeScalar.parseValue('2024-04-01T09:30+09:00').toISOString()).toBe('2024-04-01T00:30:00.000Z');
  });

  it('rejects a date-time without an offset, which would be read in the server’s zone', () => {
    expect(() => DateTimeScalar.parseValue('2024-04-01T09:00:00')).toThrow(GraphQLError);
  });

  it.each([
    ['a bare date', '2024-04-01'],
    ['an impossible day', '2023-02-29T00:00:00Z'],
    ['an impossible hour', '2024-04-01T25:00:00Z'],
    ['a space instead of T', '2024-04-01 09:00:00+09:00'],
    ['an offset without a colon', '2024-04-01T09:00:00+0900'],
    ['a number', 1711929600000],
    ['null', null],
  ])('rejects %s', (_label, value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(GraphQLError);
  });

  it('accepts a string literal with an offset and rejects a non-string literal', () => {
    const parsed = DateTimeScalar.parseLiteral(parseAst('"2024-04-01T09:00:00+09:00"'), undefined);
    expect(parsed.toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(() => DateTimeScalar.parseLiteral(parseAst('1711929600000'), undefined)).toThrow(GraphQLError);
    expect(() => DateTimeScalar.parseLiteral(parseAst('"2024-04-01T09:00:00"'), undefined)).toThrow(GraphQLError);
  });

  it('serializes in UTC with a Z', () => {
    expect(DateTimeScalar.serialize(new Date('2024-04-01T09:00:00+09:00'))).toBe('2024-04-01T00:00:00.000Z');
  });

  it('serializes an ISO string or epoch milliseconds as the same instant', () => {
    expect(DateTimeScalar.serialize('2024-04-01T09:00:00+09:00')).toBe('2024-04-01T00:00:00.000Z');
    expect(DateTimeScalar.serialize(Date.UTC(2024, 3, 1))).toBe('2024-04-01T00:00:00.000Z');
  });

  it('refuses to serialize an invalid date', () => {
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow(GraphQLError);
    expect(() => DateTimeScalar.serialize('not a time')).toThrow(GraphQLError);
  });
});
