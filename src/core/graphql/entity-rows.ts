import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { Context } from './context.js';
import type DataLoader from 'dataloader';

/** Turns raw rows (database column names) into entities of the request's EntityManager. */
export function hydrator<T extends object>(ctx: Context, entity: EntityClass<T>): (rows: Record<string, unknown>[]) => T[] {
  return (rows) => rows.map((row) => ctx.em.map(entity, row as EntityDictionary<T>));
}

/** The request's loader of `entity` rows by primary key: one `IN (…)` statement per batch. */
export function byIdLoader<T extends object>(ctx: Context, entity: EntityClass<T>, table: string): DataLoader<number, T | null> {
  return ctx.loaders.get<number, T | null>(`${entity.name}.byId`, async (ids) => {
    const rows = (await ctx.db.knex(table).select('*').whereIn('id', ids as number[])) as Record<string, unknown>[];
    const byId = new Map<number, T>();
    for (const row of rows) byId.set(Number(row.id), ctx.em.map(entity, row as EntityDictionary<T>));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Groups rows under a key, keeping one list per requested key (empty when none matched). */
export function groupRows<R>(keys: readonly number[], rows: R[], keyOf: (row: R) => number): R[][] {
  const groups = new Map<number, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}
