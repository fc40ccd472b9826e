import { GraphQLError, parseValue as parseAst } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FiscalYearScalar } from './fiscal-year.scalar.js';

const literal = (source: string): unknown => FiscalYearScalar.parseLiteral(parseAst(source), undefined);

describe('FiscalYearScalar', () => {
  it.each([2024, '2024', '令和6年度', 'R6', 'FY2024', '令和６年度'])('reads %j as 2024 from a variable', (value) => {
    expect(FiscalYearScalar.parseValue(value)).toBe(2024);
  });

  it('reads Int and String literals', () => {
    expect(literal('2024')).toBe(2024);
    expect(literal('"令和元年度"')).toBe(2019);
    expect(literal('"H30"')).toBe(2018);
  });

  it('refuses a bare era number, other types and nonsense with a GraphQLError saying what is meant', () => {
    expect(() => FiscalYearScalar.parseValue(6)).toThrow(GraphQLError);
    expect(() => FiscalYearScalar.parseValue(6)).toThrow(/令和6年度なら 2024 です/);
    expect(() => literal('true')).toThrow(/FiscalYear は 2024 か/);
    expect(() => FiscalYearScalar.parseValue('来年')).toThrow(/読めません/);
    expect(() => FiscalYearScalar.parseValue(2024.5)).toThrow(/読めません/);
  });

  it('serves the start year as an Int', () => {
    expect(FiscalYearScalar.serialize(2024)).toBe(2024);
  });
});
