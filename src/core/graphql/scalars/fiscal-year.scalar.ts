import { GraphQLError, GraphQLScalarType, Kind, type GraphQLErrorOptions } from 'graphql';
import { parseFiscalYear } from '../../calendar/fiscal-year.js';

const parse = (value: unknown, options?: GraphQLErrorOptions): number => {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new GraphQLError(
      'FiscalYear は 2024 か "令和6年度" / "R6" です（FiscalYear is an Int such as 2024 or a String such as "令和6年度")',
      options,
    );
  }
  try {
    return parseFiscalYear(value);
  } catch (e) {
    throw new GraphQLError((e as Error).message, options);
  }
};

/**
 * 年度 in a filter, as people write it (core/calendar `parseFiscalYear`): 2024, "2024",
 * "令和6年度", "R6", "FY2024", "平成30年度". Served as the start year, an Int.
 */
export const FiscalYearScalar = new GraphQLScalarType<number, number>({
  name: 'FiscalYear',
  description:
    '年度 (fiscal year, April–March, named by its start year): an Int (2024) or a String as people write it ' +
    '("2024", "令和6年度", "R6", "FY2024", "平成30年度", full-width digits too). Served as the start year (2024).',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new GraphQLError('FiscalYear cannot serialize a non-integer');
    return value;
  },
  parseValue: (value) => parse(value),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT) return parse(Number(ast.value), { nodes: ast });
    if (ast.kind === Kind.STRING) return parse(ast.value, { nodes: ast });
    return parse(null, { nodes: ast });
  },
});
