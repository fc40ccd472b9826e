import type { Knex } from '@mikro-orm/knex';
import { isValidLocalGovernmentCode } from '../../core/codes/local-government-code.js';
import { badUserInput } from '../../core/graphql/errors.js';
import type { EventFilter } from './event-filter.inputs.js';

/** Characters of an EventFilter's `text`. */
export const MAX_FILTER_TEXT = 200;

/**
 * Refuses a filter that can never mean what its sender thinks (BAD_USER_INPUT naming the
 * argument and the value): a ministry code no ministry has, a local-government code that is
 * not one (six digits with a valid check digit), text over MAX_FILTER_TEXT characters, an
 * amount range that is empty.
 */
export async function checkEventFilter(knex: Knex, filter: EventFilter | null | undefined, argumentName = 'filter'): Promise<void> {
  if (!filter) return;
  if (filter.text != null && [...filter.text].length > MAX_FILTER_TEXT)
    throw badUserInput(
      `${argumentName}.text has ${[...filter.text].length} characters; at most ${MAX_FILTER_TEXT} are allowed`,
      argumentName,
    );
  const badMunicipality = filter.municipalityCodes?.find((code) => !isValidLocalGovernmentCode(code));
  if (badMunicipality !== undefined)
    throw badUserInput(
      `${argumentName}.municipalityCodes: ${JSON.stringify(badMunicipality)} is not a local-government code (six digits with a valid check digit)`,
      argumentName,
    );
  if (filter.minAmountYen != null && filter.maxAmountYen != null && filter.minAmountYen > filter.maxAmountYen)
    throw badUserInput(`${argumentName}.minAmountYen is greater than ${argumentName}.maxAmountYen: no event could match`, argumentName);
  if (filter.ministryCodes?.length) {
    const known = new Set(
      (
        (await knex('ministry')
          .whereIn('code', [...new Set(filter.ministryCodes)])
          .select('code')) as { code: string }[]
      ).map((r) => r.code),
    );
    const unknown = filter.ministryCodes.filter((code) => !known.has(code));
    if (unknown.length)
      throw badUserInput(
        `${argumentName}.ministryCodes: no ministry has the code ${unknown.map((c) => JSON.stringify(c)).join(', ')}`,
        argumentName,
      );
  }
}
