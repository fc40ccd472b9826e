import { badUserInput } from '../../core/graphql/errors.js';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { parsePrefectureNumber } from '../../core/codes/local-government-code.js';
import { whereTextContains } from '../../core/text/search-grams.js';
import { MunicipalityOrderField } from './municipality.enum.js';
import { Municipality } from './municipality.entity.js';
import type { MunicipalityFilter, MunicipalityOrder } from './municipality.inputs.js';

export const municipalityById = (ctx: Context) => byIdLoader(ctx, Municipality, 'municipality');

/** The 2-digit prefecture number of a `prefectureCode` argument, or BAD_USER_INPUT. */
export function prefectureNumberArgument(value: string, argumentName = 'prefectureCode'): string {
  const number = parsePrefectureNumber(value);
  if (!number) {
    throw badUserInput(
      `${argumentName} must be a prefecture number 01–47 or a prefecture's six-digit code (got ${JSON.stringify(value)})`,
      argumentName,
    );
  }
  return number;
}

export function municipalitySource(ctx: Context, filter?: MunicipalityFilter | null): ListSource<Municipality> {
  const prefecture = filter?.prefectureCode != null ? prefectureNumberArgument(filter.prefectureCode) : null;
  return {
    table: 'municipality',
    alias: 'mu',
    where: (qb) => {
      if (prefecture) qb.where('mu.prefecture_number', prefecture);
      if (filter?.kinds) qb.whereIn('mu.kind', filter.kinds);
      if (filter?.query != null) {
        whereTextContains(qb, 'mu', 'm', filter.query);
      }
    },
    hydrate: hydrator(ctx, Municipality),
  };
}

export function municipalityOrdering(order?: MunicipalityOrder | null): Ordering {
  const field = order?.field ?? MunicipalityOrderField.CODE;
  const direction = order?.direction ?? 'ASC';
  const sql = field === MunicipalityOrderField.NAME ? 'mu.name' : 'mu.code';
  return { name: `${field}:${direction}`, keys: [{ sql, direction, text: true }] };
}
