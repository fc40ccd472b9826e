import { badUserInput } from '../../core/graphql/errors.js';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { type MinistryName, readMinistryNames, resolveMinistries } from './ministry-codes.service.js';
import { Ministry } from './ministry.entity.js';
import { MinistryOrderField } from './ministry.enum.js';
import type { MinistryFilter, MinistryOrder } from './ministry.inputs.js';

export const ministryById = (ctx: Context) => byIdLoader(ctx, Ministry, 'ministry');

/** Every ministry's code and name, read once per request (whatever number of filters name ministries). */
export function ministryNames(ctx: Context): Promise<MinistryName[]> {
  return ctx.loaders
    .get<string, MinistryName[]>('Ministry.names', async (keys) => {
      const names = await readMinistryNames(ctx.db.knex);
      return keys.map(() => names);
    })
    .load('all');
}

/**
 * A filter with its `ministryCodes` (codes or Japanese names) as codes, or BAD_USER_INPUT
 * naming each unknown value and the closest ministries (ministry-codes.service.ts).
 */
export async function withMinistryCodes<F extends { ministryCodes?: string[] | null }>(
  ctx: Context,
  filter: F | null | undefined,
  argumentName = 'ministryCodes',
): Promise<F | null | undefined> {
  if (!filter?.ministryCodes?.length) return filter;
  const { ministries, problems } = resolveMinistries(filter.ministryCodes, await ministryNames(ctx));
  if (problems.length) throw badUserInput(problems.join('; '), argumentName);
  return { ...filter, ministryCodes: ministries.map((m) => m.code) };
}

/** The `ministries` list with its filter. */
export function ministrySource(ctx: Context, filter?: MinistryFilter | null): ListSource<Ministry> {
  return {
    table: 'ministry',
    alias: 'm',
    where: (qb) => {
      if (filter?.kinds?.length) qb.whereIn('m.kind', filter.kinds);
    },
    hydrate: hydrator(ctx, Ministry),
  };
}

export function ministryOrdering(order?: MinistryOrder | null): Ordering {
  const field = order?.field ?? MinistryOrderField.CODE;
  const direction = order?.direction ?? 'ASC';
  const sql = field === MinistryOrderField.NAME ? 'm.name' : 'm.code';
  return { name: `${field}:${direction}`, keys: [{ sql, direction, text: true }] };
}
