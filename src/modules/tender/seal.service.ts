import type { Knex } from '@mikro-orm/knex';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import type { Context } from '../../core/graphql/context.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TenderStatus } from './tender.enum.js';
import type { Tender } from './tender.entity.js';

/**
 * Sealed bids (docs/domain.md "Sealed bids"): until a round is AWARDED or UNSUCCESSFUL its
 * bids (amounts, scores, bidders, even how many there are) and its reserve price are
 * visible only to the owning ministry (or, for a local pilot, the owning local government)
 * and to admins. A CANCELLED round was never opened, so it stays sealed.
 */
export const OPENED_STATUSES: readonly TenderStatus[] = [TenderStatus.AWARDED, TenderStatus.UNSUCCESSFUL];

export function isOpened(status: TenderStatus): boolean {
  return OPENED_STATUSES.includes(status);
}

/** Whether the caller may see this round's bids and reserve price now. */
export async function canSeeSealedData(ctx: Context, tender: Tender): Promise<boolean> {
  if (isOpened(tender.status)) return true;
  const viewer = ctx.viewer;
  switch (viewer.role) {
    case Role.ADMIN:
      return true;
    case Role.ANONYMOUS:
      return false;
    case Role.MINISTRY: {
      if (!tender.project) return false;
      const project = await targetProjectById(ctx).load(tender.project.id);
      return project !== null && project.ministry.id === viewer.ministryId;
    }
    case Role.MUNICIPALITY: {
      if (!tender.localPilot) return false;
      const pilot = await localPilotById(ctx).load(tender.localPilot.id);
      return pilot !== null && pilot.municipality.id === viewer.municipalityId;
    }
  }
}

/**
 * The same rule in SQL, for lists that reach bids without going through their round
 * (`Bidder.bids`): restricts a query to rounds (`<alias>.…` columns of `tender`) whose
 * sealed data the viewer may see.
 */
export function whereSealedDataVisible(qb: Knex.QueryBuilder, alias: string, viewer: Viewer): void {
  if (viewer.role === Role.ADMIN) return;
  qb.where((visible: Knex.QueryBuilder) => {
    visible.whereIn(`${alias}.status`, OPENED_STATUSES as TenderStatus[]);
    if (viewer.role === Role.MINISTRY && viewer.ministryId !== null) {
      visible.orWhereIn(`${alias}.project_id`, (sub: Knex.QueryBuilder) =>
        sub.select('id').from('target_project').where('ministry_id', viewer.ministryId!),
      );
    }
    if (viewer.role === Role.MUNICIPALITY && viewer.municipalityId !== null) {
      visible.orWhereIn(`${alias}.local_pilot_id`, (sub: Knex.QueryBuilder) =>
        sub.select('id').from('local_pilot').where('municipality_id', viewer.municipalityId!),
      );
    }
  });
}
