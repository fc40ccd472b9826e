import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { Ministry } from './ministry.entity.js';
import { MinistryOrderField } from './ministry.enum.js';
import type { MinistryFilter, MinistryOrder } from './ministry.inputs.js';

export const ministryById = (ctx: Context) => byIdLoader(ctx, Ministry, 'ministry');

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
