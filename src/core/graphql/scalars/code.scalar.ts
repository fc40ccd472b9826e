import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isValidCorporateNumber } from '../../codes/corporate-number.js';
import { isValidLocalGovernmentCode } from '../../codes/local-government-code.js';

function codeScalar(name: string, description: string, isValid: (v: string) => boolean, shape: string) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !isValid(value)) {
      throw new GraphQLError(`${name} must be ${shape} with a valid check digit (got ${JSON.stringify(value)})`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: parse,
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`, { nodes: ast });
      return parse(ast.value);
    },
  });
}

/** 全国地方公共団体コード: six digits as a string, leading zeros kept, check digit verified. */
export const LocalGovernmentCodeScalar = codeScalar(
  'LocalGovernmentCode',
  '全国地方公共団体コード (local-government code): six digits as a string (leading zeros matter: ' +
    '北海道 is "010006"): prefecture (2) + municipality (3) + check digit, which is verified.',
  isValidLocalGovernmentCode,
  'six digits',
);

/** 法人番号: thirteen digits, the first a check digit over the other twelve. */
export const CorporateNumberScalar = codeScalar(
  'CorporateNumber',
  '法人番号 (corporate number): thirteen digits as a string, the first a check digit over the ' +
    'other twelve, which is verified (国税庁 is "7000012050002").',
  isValidCorporateNumber,
  'thirteen digits',
);
