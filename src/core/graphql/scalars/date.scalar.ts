import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isIsoDate } from '../../calendar/fiscal-year.js';

/** `YYYY-MM-DD` of an instant in Japan (the en-CA locale writes dates that way). */
const JAPAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

const parseDate = (value: unknown): string => {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new GraphQLError(`Date must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }
  return value;
};

/** A calendar date in Japan, `YYYY-MM-DD`; no time, so no time zone can shift it. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日付 (calendar date in Japan), written YYYY-MM-DD, e.g. 2024-04-01.',
  serialize: (value) => parseDate(value instanceof Date ? JAPAN_DATE.format(value) : value),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD', { nodes: ast });
    return parseDate(ast.value);
  },
});

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const parseDateTime = (value: unknown): Date => {
  if (typeof value === 'string' && WITH_OFFSET.test(value) && isIsoDate(value.slice(0, 10))) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError(`DateTime must be ISO 8601 with an offset, e.g. 2024-04-01T09:00:00+09:00 (got ${JSON.stringify(value)})`);
};

/** An instant, ISO 8601 with an offset; served in UTC (`Z`). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: '日時 (an instant): ISO 8601 with an offset, e.g. 2024-04-01T09:00:00+09:00; served in UTC.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot serialize an invalid date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: ast });
    return parseDateTime(ast.value);
  },
});
