import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { Context } from '../../core/graphql/context.js';
import { Change } from '../history/change.entity.js';
import { recomputeRedFlagsForWrite, type TouchedObjects } from './red-flag-store.service.js';

/**
 * What a write touched, read from the history it recorded: every write records a change per
 * object it changed (docs/domain.md "Change history"), so any mutation, present or future, that
 * changes a round, a bid (its round), an evaluation, a service or a pilot is covered without
 * knowing about red flags. The objects read in the transaction are a superset of these.
 */
export function touchedBy(em: EntityManager): TouchedObjects {
  const touched: TouchedObjects = { tenderIds: [], projectIds: [], pilotIds: [], evaluationIds: [] };
  for (const entity of em.getUnitOfWork().getIdentityMap().values()) {
    if (!(entity instanceof Change)) continue;
    if (entity.sealedTenderId != null) touched.tenderIds.push(entity.sealedTenderId);
    switch (entity.objectType) {
      case 'Tender':
        touched.tenderIds.push(entity.objectId);
        break;
      case 'TargetProject':
        touched.projectIds.push(entity.objectId);
        break;
      case 'LocalPilot':
        touched.pilotIds.push(entity.objectId);
        break;
      case 'Evaluation':
        touched.evaluationIds.push(entity.objectId);
        break;
    }
  }
  return touched;
}

/**
 * The write hook (registered in schema.ts): after the service, in the same transaction,
 * the flags of the services the write touched are recomputed (red-flag-store.service.ts), so
 * the answer to the write, and every read after it, sees them current.
 */
export async function refreshRedFlagsAfterWrite(em: EntityManager, ctx: Context): Promise<void> {
  await em.flush();
  const touched = touchedBy(em);
  if (!touched.tenderIds.length && !touched.projectIds.length && !touched.pilotIds.length && !touched.evaluationIds.length) return;
  const knex = em.getTransactionContext<Knex.Transaction>() ?? ctx.db.knex;
  await recomputeRedFlagsForWrite({ knex, dialect: ctx.db.dialect }, touched);
}
