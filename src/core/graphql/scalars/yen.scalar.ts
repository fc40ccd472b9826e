import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * Yen (docs/api.md "Scalars"). Two rules keep every read working whatever was accepted:
 *
 * - **Inputs** are whole numbers of at most 10^13 yen (10兆円) in size, written as JSON
 *   numbers: more than any contract, bid or baseline this programme will see (the largest
 *   market-testing services cost tens of billions of yen a year), and small enough that a
 *   baseline pro-rated over any contract period, and any sum, is computed exactly in 64-bit
 *   SQL (stats.service.ts splits sums into high and low digits).
 * - **Outputs** are exact: a JSON number up to 2^53 − 1, where JSON numbers stop being exact
 *   in most clients; a total past that (thousands of the largest contracts added up) is sent
 *   as a string of digits rather than rounded or refused.
 */
export const MAX_YEN_INPUT = 10_000_000_000_000;

type YenValue = number | string;

function integerScalar(name: string, description: string, signed: boolean): GraphQLScalarType<number, YenValue> {
  const range = signed ? '−10^13 to 10^13' : '0 to 10^13 (10兆円)';
  const check = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > MAX_YEN_INPUT || (!signed && value < 0)) {
      throw new GraphQLError(`${name} must be a whole number of yen from ${range}, written as a JSON number (got ${describe(value)})`);
    }
    return value;
  };
  const serialize = (value: unknown): YenValue => {
    const whole =
      typeof value === 'bigint'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value)
          ? BigInt(value)
          : typeof value === 'number' && Number.isSafeInteger(value)
            ? BigInt(value)
            : null;
    if (whole === null || (!signed && whole < 0n)) throw new GraphQLError(`${name} cannot represent ${describe(value)}`);
    const safe = whole <= BigInt(Number.MAX_SAFE_INTEGER) && whole >= -BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(whole) : whole.toString();
  };
  return new GraphQLScalarType<number, YenValue>({
    name,
    description,
    serialize,
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
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return typeof value;
}

/** 円: a non-negative integer amount in yen, tax excluded unless a field says otherwise. */
export const YenScalar = integerScalar(
  'Yen',
  '円 (yen): a whole, non-negative amount, tax excluded unless the field says otherwise. ' +
    'Given as a JSON number from 0 to 10^13 (10兆円). Answered as a JSON number, exact up to ' +
    '2^53 − 1 (9,007,199,254,740,991); a larger total is answered as a string of digits so that it is never rounded.',
  false,
);

/** A signed yen difference, e.g. a cost reduction that turned out to be an increase. */
export const YenDeltaScalar = integerScalar(
  'YenDelta',
  '円の差額 (a difference in yen): a whole amount that may be negative, e.g. a cost ' +
    '"reduction" that was an increase. Given as a JSON number within ±10^13; answered as a JSON number ' +
    'within ±(2^53 − 1), or beyond that as a string of digits, never rounded.',
  true,
);
