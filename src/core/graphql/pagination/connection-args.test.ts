import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageWindow, type ConnectionArgs } from './connection-args.js';

function errorOf(args: ConnectionArgs): GraphQLError {
  try {
    pageWindow(args);
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    return e as GraphQLError;
  }
  throw new Error(`expected pageWindow(${JSON.stringify(args)}) to throw`);
}

describe('pageWindow', () => {
  it('reads the first 20 forwards when given nothing', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(pageWindow({})).toEqual({ direction: 'forward', size: 20, cursor: null, cursorArgument: 'after' });
  });

  it('treats explicit nulls like absent arguments', () => {
    expect(pageWindow({ first: null, after: null, last: null, before: null })).toEqual(pageWindow({}));
  });

  it('reads `first` items after `after`', () => {
    expect(pageWindow({ first: 5, after: 'c1' })).toEqual({ direction: 'forward', size: 5, cursor: 'c1', cursorArgument: 'after' });
  });

  it('allows exactly 100 and 0', () => {
    expect(MAX_PAGE_SIZE).toBe(100);
    expect(pageWindow({ first: 100 }).size).toBe(100);
    expect(pageWindow({ last: 100 }).size).toBe(100);
    expect(pageWindow({ first: 0 }).size).toBe(0);
  });

  it('refuses first: 101 rather than cutting it, says the limit is 100 and how to get everything', () => {
    const error = errorOf({ first: 101 });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(error.message).toContain('100');
    expect(error.message).toContain('pageInfo.endCursor');
    expect(error.message).toContain('/export/{projects,tenders,bids}.{xlsx,csv}');
    expect(error.message).toContain('npm run export');
  });

  it('refuses last: 101 and negative sizes', () => {
    expect(errorOf({ last: 101 }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'last' });
    expect(errorOf({ first: -1 }).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf({ last: -1 }).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads `last` items before `before` backwards', () => {
    expect(pageWindow({ last: 3, before: 'c9' })).toEqual({ direction: 'backward', size: 3, cursor: 'c9', cursorArgument: 'before' });
  });

  it('reads the last items of the whole list backwards with `last` alone', () => {
    expect(pageWindow({ last: 7 })).toEqual({ direction: 'backward', size: 7, cursor: null, cursorArgument: 'before' });
  });

  it('reads 20 backwards with `before` alone', () => {
    expect(pageWindow({ before: 'c9' })).toEqual({ direction: 'backward', size: 20, cursor: 'c9', cursorArgument: 'before' });
  });

  it('refuses `first` together with `last`', () => {
    const error = errorOf({ first: 1, last: 1 });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/first.*last/);
  });

  it('refuses `before` with `first`', () => {
    expect(errorOf({ first: 5, before: 'c9' }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'before' });
  });

  it('refuses `after` with `last`', () => {
    expect(errorOf({ last: 5, after: 'c1' }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it('refuses `after` together with `before`', () => {
    expect(errorOf({ after: 'c1', before: 'c9' }).extensions.code).toBe('BAD_USER_INPUT');
  });
});
