import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * Builds an integer scalar that refuses fractions, strings and anything past 2^53 − 1:
 * yen reach hundreds of billions, past GraphQL `Int` (32 bits), and JSON numbers are exact
 * only up to `Number.MAX_SAFE_INTEGER` (docs/api.md "Scalars").
 */
function integerScalar(name: string, description: string, min: number): GraphQLScalarType<number, number> {
  const check = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new GraphQLError(
        `${name} must be a whole number of yen from ${min === 0 ? 0 : '−(2^53 − 1)'} to 2^53 − 1, ` +
          `written as a JSON number (got ${describe(value)})`,
      );
    }
    return value;
  };
  return new GraphQLScalarType<number, number>({
    name,
    description,
    serialize: (value) => check(typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.INT) {
        throw new GraphQLError(`${name} must be an integer literal (got ${ast.kind})`, { nodes: ast });
      }
      return check(Number(ast.value));
    },
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** 円: a non-negative integer amount in yen, tax excluded unless a field says otherwise. */
export const YenScalar = integerScalar(
  'Yen',
  '円 (yen): a whole, non-negative amount, tax excluded unless the field says otherwise. ' +
    'A JSON number from 0 to 2^53 − 1 (9,007,199,254,740,991); amounts exceed 32-bit Int.',
  0,
);

/** A signed yen difference, e.g. a cost reduction that turned out to be an increase. */
export const YenDeltaScalar = integerScalar(
  'YenDelta',
  '円の差額 (a difference in yen): a whole amount that may be negative, e.g. a cost ' +
    '"reduction" that was an increase. A JSON number within ±(2^53 − 1).',
  -Number.MAX_SAFE_INTEGER,
);
