import { GraphQLError, parseValue as parseAst } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CorporateNumberScalar, LocalGovernmentCodeScalar } from './code.scalar.js';

describe('LocalGovernmentCodeScalar', () => {
  it('accepts 北海道 "010006" and keeps its leading zero', () => {
    expect(LocalGovernmentCodeScalar.parseValue('010006')).toBe('010006');
  });

  it('accepts 千代田区 "131016" as a string literal', () => {
    expect(LocalGovernmentCodeScalar.parseLiteral(parseAst('"131016"'), undefined)).toBe('131016');
  });

  it('rejects a wrong check digit (131017)', () => {
    expect(() => LocalGovernmentCodeScalar.parseValue('131017')).toThrow(GraphQLError);
    expect(() => LocalGovernmentCodeScalar.parseLiteral(parseAst('"131017"'), undefined)).toThrow(GraphQLError);
  });

  it('rejects a number, which would lose leading zeros', () => {
    expect(() => LocalGovernmentCodeScalar.parseValue(131016)).toThrow(GraphQLError);
    expect(() => LocalGovernmentCodeScalar.parseLiteral(parseAst('131016'), undefined)).toThrow(/must be a string/);
  });

  it('rejects the wrong length', () => {
    expect(() => LocalGovernmentCodeScalar.parseValue('13101')).toThrow(GraphQLError);
    expect(() => LocalGovernmentCodeScalar.parseValue('1310160')).toThrow(GraphQLError);
  });

  it('serializes a valid code unchanged and refuses an invalid one', () => {
    expect(LocalGovernmentCodeScalar.serialize('012131')).toBe('012131');
    expect(() => LocalGovernmentCodeScalar.serialize('012132')).toThrow(GraphQLError);
  });
});

describe('CorporateNumberScalar', () => {
  it('accepts 国税庁 "7000012050002"', () => {
    expect(CorporateNumberScalar.parseValue('7000012050002')).toBe('7000012050002');
    expect(CorporateNumberScalar.parseLiteral(parseAst('"7000012050002"'), undefined)).toBe('7000012050002');
  });

  it('rejects a wrong check digit', () => {
    expect(() => CorporateNumberScalar.parseValue('6000012050002')).toThrow(GraphQLError);
  });

  it('rejects a number and a non-string literal', () => {
    expect(() => CorporateNumberScalar.parseValue(7000012050002)).toThrow(GraphQLError);
    expect(() => CorporateNumberScalar.parseLiteral(parseAst('7000012050002'), undefined)).toThrow(GraphQLError);
  });

  it('rejects twelve digits and fourteen digits', () => {
    expect(() => CorporateNumberScalar.parseValue('700001205000')).toThrow(GraphQLError);
    expect(() => CorporateNumberScalar.parseValue('70000120500020')).toThrow(GraphQLError);
  });

  it('names the scalar in the message', () => {
    expect(() => CorporateNumberScalar.parseValue('123')).toThrow(/CorporateNumber must be thirteen digits/);
  });

  it('serializes a valid number unchanged and refuses an invalid one', () => {
    expect(CorporateNumberScalar.serialize('7000012050002')).toBe('7000012050002');
    expect(() => CorporateNumberScalar.serialize('7000012050003')).toThrow(GraphQLError);
  });
});
