import type { EntityClass } from '@mikro-orm/core';
import { positionalRowHydrator, rowHydrator } from '../db/row-hydrator.js';
import type { Context } from './context.js';
import type DataLoader from 'dataloader';

/**
 * Turns raw rows (database column names, every column: `alias.*`) into read-only entity
 * objects (see rowHydrator), and primes the request's by-id loader with them, so a field
 * that later asks for the same row by id (an evaluation's service, a winning bid's round)
 * costs no second statement.
 */
export function hydrator<T extends object>(ctx: Context, entity: EntityClass<T>): (rows: Record<string, unknown>[]) => T[] {
  const hydrate = primedRow(ctx, entity);
  return (rows) => rows.map(hydrate);
}

/** One raw row (every column) as a read-only entity object, primed like `hydrator`'s. */
export function hydrateRow<T extends object>(ctx: Context, entity: EntityClass<T>, row: Record<string, unknown>): T {
  return primedRow(ctx, entity)(row);
}

/** `hydrateRow` for many rows of one entity (the mapping looked up once). */
export function primedRow<T extends object>(ctx: Context, entity: EntityClass<T>): (row: Record<string, unknown>) => T {
  return primed(ctx, entity, rowHydrator(ctx.em.getMetadata(), entity));
}

/** `primedRow` for rows given as their values in the order of `rowColumns` (core/db/row-hydrator.ts). */
export function primedValues<T extends object>(ctx: Context, entity: EntityClass<T>): (values: readonly unknown[]) => T {
  return primed(ctx, entity, positionalRowHydrator(ctx.em.getMetadata(), entity));
}

function primed<T extends object, R>(ctx: Context, entity: EntityClass<T>, hydrate: (row: R) => T): (row: R) => T {
  const table = ctx.em.getMetadata().find(entity.name)?.tableName;
  if (!table) return hydrate;
  const loader = byIdLoader(ctx, entity, table);
  return (row) => {
    const object = hydrate(row);
    const id = Number((object as { id?: unknown }).id);
    if (Number.isSafeInteger(id)) {
      loader.prime(id, object);
      ctx.loaders.remember(entity.name, id, object);
    }
    return object;
  };
}

/**
 * `next` of the row of `entity` with this id: at once when the request has read it already (a
 * list, a relation or a by-id load hydrated it: `RequestLoaders.known`), else once `loader` has
 * loaded it. A field built on it costs no promise when its row is at hand.
 */
export function withRow<T extends object, R>(
  ctx: Context,
  entity: EntityClass<T>,
  id: number,
  loader: (ctx: Context) => DataLoader<number, T | null>,
  next: (row: T | null) => R,
): R | Promise<R> {
  const known = ctx.loaders.known<T>(entity.name, id);
  return known ? next(known) : loader(ctx).load(id).then(next);
}

/** The request's loader of `entity` rows by primary key: one `IN (…)` statement per batch. */
export function byIdLoader<T extends object>(ctx: Context, entity: EntityClass<T>, table: string): DataLoader<number, T | null> {
  return ctx.loaders.get<number, T | null>(`${entity.name}.byId`, async (ids) => {
    const rows = (await ctx.db
      .knex(table)
      .select('*')
      .whereIn('id', ids as number[])) as Record<string, unknown>[];
    const byId = new Map<number, T>();
    const hydrate = rowHydrator(ctx.em.getMetadata(), entity);
    for (const row of rows) {
      const object = hydrate(row);
      byId.set(Number(row.id), object);
      ctx.loaders.remember(entity.name, Number(row.id), object);
    }
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Groups rows under a key, keeping one list per requested key (empty when none matched). */
export function groupRows<R>(keys: readonly number[], rows: R[], keyOf: (row: R) => number): R[][] {
  const groups = new Map<number, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}
