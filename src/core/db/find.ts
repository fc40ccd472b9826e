import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/core';
import { fromGlobalId } from '../graphql/global-id.js';
import { DomainError, UserErrorCode } from '../graphql/user-error.js';

/**
 * The object a mutation input points at by global id, read inside the mutation's
 * transaction, or NOT_FOUND naming the input field.
 */
export async function findByGlobalId<T extends object>(em: EntityManager, entity: EntityClass<T>, globalId: string, field: string): Promise<T> {
  const key = fromGlobalId(globalId);
  if (!key || key.typeName !== entity.name) {
    throw new DomainError(UserErrorCode.NOT_FOUND, `${field} is not the id of a ${entity.name}`, ['input', field]);
  }
  const found = await em.findOne(entity, { id: key.id } as FilterQuery<T>, { refresh: true });
  if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, `no ${entity.name} has the id ${globalId}`, ['input', field]);
  return found;
}
