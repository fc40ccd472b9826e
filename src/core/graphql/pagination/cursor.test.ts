import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Runs `fn`, expecting a GraphQLError, and returns it. */
function errorOf(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    return e as GraphQLError;
  }
  throw new Error('expected a GraphQLError, nothing was thrown');
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips the sort values of a row', () => {
    const cursor = encodeCursor('ANNOUNCED_ON:DESC', ['2024-04-01', 17]);
    expect(decodeCursor(cursor, 'ANNOUNCED_ON:DESC', 2, 'after')).toEqual(['2024-04-01', 17]);
  });

  it('round-trips nulls, Japanese text and yen beyond 32 bits', () => {
    const values = [null, '苫小牧市', 4_200_000_000, 3];
    const cursor = encodeCursor('X', values);
    expect(decodeCursor(cursor, 'X', 4, 'after')).toEqual(values);
  });

  it('makes an opaque, URL-safe cursor', () => {
    const cursor = encodeCursor('NAME:ASC', ['千代田区', 1]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('NAME');
  });

  it('rejects a cursor from another ordering with BAD_USER_INPUT', () => {
    const cursor = encodeCursor('NAME:ASC', ['千代田区', 1]);
    const error = errorOf(() => decodeCursor(cursor, 'NAME:DESC', 2, 'after'));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.argumentName).toBe('after');
    expect(error.message).toMatch(/`after`/);
  });

  it('rejects a cursor with too few or too many values with BAD_USER_INPUT', () => {
    const cursor = encodeCursor('NAME:ASC', ['千代田区', 1]);
    expect(errorOf(() => decodeCursor(cursor, 'NAME:ASC', 1, 'after')).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(() => decodeCursor(cursor, 'NAME:ASC', 3, 'before')).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('names the argument the bad cursor came in', () => {
    const error = errorOf(() => decodeCursor('%%%', 'NAME:ASC', 2, 'before'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'before' });
  });

  it.each([
    ['the empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url that is not JSON', Buffer.from('not json').toString('base64url')],
    ['JSON that is not an array', b64({ ordering: 'NAME:ASC' })],
    ['an array holding an object', b64(['NAME:ASC', { x: 1 }, 1])],
    ['an array holding a boolean', b64(['NAME:ASC', true, 1])],
    ['an over-long cursor', 'A'.repeat(1001)],
  ])('rejects garbage: %s', (_label, cursor) => {
    expect(errorOf(() => decodeCursor(cursor, 'NAME:ASC', 2, 'after')).extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('decodeCursor refuses a tampered cursor before it reaches SQL', () => {
  it.each([
    ['an id beyond 64 bits', ['X', '2024-04-01', 1e20]],
    ['a fractional id', ['X', '2024-04-01', 1.5]],
    ['a zero id', ['X', '2024-04-01', 0]],
    ['an id as text', ['X', '2024-04-01', '17']],
    ['a NUL character in a value', ['X', 'a\u0000b', 17]],
    ['a lone surrogate in a value', ['X', 'a\ud800', 17]],
  ])('%s', (_what, parts) => {
    expect(errorOf(() => decodeCursor(b64(parts), 'X', 2, 'after')).extensions.code).toBe('BAD_USER_INPUT');
  });
});
