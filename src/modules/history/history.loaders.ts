import type { Knex } from '@mikro-orm/knex';
import { hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import { fromGlobalId } from '../../core/graphql/global-id.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { seesEverySealedRound, whereSealedDataVisible } from '../seal/seal.service.js';
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
      whereChangeVisible(qb, ctx);
    },
    hydrate: hydrator(ctx, Change),
  };
}

/** Entries under a seal only for callers who may see the round (on `change AS c`). */
function whereChangeVisible(qb: Knex.QueryBuilder, ctx: Context): void {
  if (seesEverySealedRound(ctx.viewer)) return;
  qb.where((visible: Knex.QueryBuilder) =>
    visible.whereNull('c.sealed_tender_id').orWhereIn('c.sealed_tender_id', (sub: Knex.QueryBuilder) => {
      sub.select('t.id').from('tender as t');
      whereSealedDataVisible(sub, 't', ctx.viewer);
    }),
  );
}

/**
 * History entries by id, only those the caller may see, in one statement (a hidden entry
 * costs what a missing one costs).
 */
export function visibleChangeById(ctx: Context) {
  return ctx.loaders.get<number, Change | null>('Change.visibleById', async (ids) => {
    const qb = ctx.db
      .knex('change as c')
      .select('c.*')
      .whereIn('c.id', ids as number[]);
    whereChangeVisible(qb, ctx);
    const changes = hydrator(ctx, Change)((await qb) as Record<string, unknown>[]);
    const byId = new Map(changes.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
