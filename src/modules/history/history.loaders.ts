import type { Knex } from '@mikro-orm/knex';
import { hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { fromGlobalId } from '../../core/graphql/global-id.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { Role } from '../../core/auth/viewer.js';
import { whereSealedDataVisible } from '../tender/seal.service.js';
import { Change } from './change.entity.js';
import type { ChangeFilter } from './history.inputs.js';

/** Newest first; ids grow with commit order. */
export const CHANGE_ORDERING: Ordering = { name: 'ID:DESC', keys: [{ sql: 'c.id', direction: 'DESC' }] };

/** History entries the caller may see: those covered by a seal only when the round is visible. */
export function changeSource(ctx: Context, options: { objectType?: string; filter?: ChangeFilter | null } = {}): ListSource<Change> {
  const filter = options.filter;
  const actor = filter?.actorId ? fromGlobalId(filter.actorId) : null;
  return {
    table: 'change',
    alias: 'c',
    where: (qb) => {
      if (options.objectType) qb.where('c.object_type', options.objectType);
      if (filter?.objectType) qb.where('c.object_type', filter.objectType);
      if (filter?.action) qb.where('c.action', filter.action);
      if (filter?.since) qb.where('c.at', '>=', filter.since);
      if (filter?.actorId) qb.where('c.actor_token_id', actor?.typeName === 'Actor' ? actor.id : -1);
      if (ctx.viewer.role !== Role.ADMIN) {
        qb.where((visible: Knex.QueryBuilder) =>
          visible.whereNull('c.sealed_tender_id').orWhereIn('c.sealed_tender_id', (sub: Knex.QueryBuilder) => {
            sub.select('t.id').from('tender as t');
            whereSealedDataVisible(sub, 't', ctx.viewer);
          }),
        );
      }
    },
    hydrate: hydrator(ctx, Change),
  };
}
