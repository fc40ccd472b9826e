import { BigIntType, type PropertyOptions } from '@mikro-orm/core';

/**
 * Yen (or a signed yen difference) as a 64-bit integer column read back as a JS number (exact to 2^53 − 1, which the
 * `Yen` scalar enforces). docs/stack.md "Money columns": a plain `number` would become a 32-bit `integer`.
 */
export function yenColumn(options: { nullable?: boolean } = {}): PropertyOptions<object> {
  return { type: new BigIntType('number'), columnType: 'bigint', nullable: options.nullable ?? false };
}

/** A calendar date stored as `YYYY-MM-DD` text: sorts and compares the same on every database. */
export function dateColumn(options: { nullable?: boolean; index?: boolean } = {}): PropertyOptions<object> {
  return { type: 'string', columnType: 'varchar(10)', length: 10, nullable: options.nullable ?? false, index: options.index };
}
