import { LockMode, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { fromGlobalId } from '../graphql/global-id.js';
import { DomainError, UserErrorCode } from '../graphql/user-error.js';

/**
 * Read options for a row a mutation is about to change. On PostgreSQL the row is locked
 * (`SELECT … FOR UPDATE`) until the transaction ends, so concurrent writers to one round or
 * service queue up and each sees the other's result (a late bid cannot slip in beside an
 * award). SQLite needs no lock: each process has one connection, so its writes are serial.
 */
export function forWrite(em: EntityManager, lock: boolean): { refresh: true; lockMode?: LockMode } {
  return lock && em.getDriver() instanceof PostgreSqlDriver ? { refresh: true, lockMode: LockMode.PESSIMISTIC_WRITE } : { refresh: true };
}

/**
 * The object a mutation input points at by global id, read inside the mutation's
 * transaction (and locked with `lock`), or NOT_FOUND naming the input field.
 *
 * `within` narrows the lookup to where the object must be (a bid of this round, say) and
 * names that place in the refusal: an object that exists elsewhere is refused exactly like
 * one that does not exist, with the same single statement, so a refusal never tells a
 * caller about objects it may not see (docs/seal.md, "Refusals").
 */
export async function findByGlobalId<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  globalId: string,
  field: string,
  options: { lock?: boolean; within?: { where: FilterQuery<T>; name: string } } = {},
): Promise<T> {
  const place = options.within ? ` ${options.within.name}` : '';
  const key = fromGlobalId(globalId);
  if (!key || key.typeName !== entity.name) {
    throw new DomainError(UserErrorCode.NOT_FOUND, `${field} is not the id of a ${entity.name}`, ['input', field]);
  }
  const where = options.within ? ({ $and: [{ id: key.id }, options.within.where] } as FilterQuery<T>) : ({ id: key.id } as FilterQuery<T>);
  const found = await em.findOne(entity, where, forWrite(em, options.lock ?? false));
  if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, `no ${entity.name}${place} has the id ${globalId}`, ['input', field]);
  return found;
}

export function dialectOf(em: EntityManager): 'sqlite' | 'postgresql' {
  return em.getDriver() instanceof PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

/** The query builder of an EntityManager's transaction (or of its connection outside one), for hand-written SQL in a write. */
export function knexIn(em: EntityManager): Knex | Knex.Transaction {
  const connection = em.getConnection() as unknown as { getKnex(): Knex };
  return em.getTransactionContext<Knex.Transaction>() ?? connection.getKnex();
}
