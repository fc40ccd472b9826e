import type { Knex } from '@mikro-orm/knex';
import { Role, type Viewer } from '../../core/auth/viewer.js';

/**
 * The seal (docs/seal.md, "What is sealed, from whom, until when"), written once: who may
 * see a tender round's sealed data (its bids, their count, its reserve price) before the
 * round is opened. Resolvers, SQL filters, exports and OCDS all ask here, so the rule has one
 * spelling. It sits on the lowest domain layer (ARCHITECTURE.md "Dependencies") because
 * history, tender, import, export and OCDS all need it; so it knows rounds only by the data below,
 * never by the Tender entity.
 */

/**
 * The statuses of an opened round (AWARDED, UNSUCCESSFUL): from then on its sealed data is
 * public. A CANCELLED round was never opened and stays sealed. Spelled as `TenderStatus`
 * values, which this layer cannot import; the seal's unit test holds them to that enum.
 */
export const OPENED_STATUSES = ['AWARDED', 'UNSUCCESSFUL'] as const;

/** Whether a round in this status is opened, so that its sealed data is everyone's. */
export function isOpened(status: string): boolean {
  return (OPENED_STATUSES as readonly string[]).includes(status);
}

/**
 * A round as the seal sees it: its status and its owner, the ministry of its target service
 * or the local government of its pilot (exactly one of the two; null when not known because
 * `ownerNeeded` said the answer does not depend on it).
 */
export interface SealedRound {
  status: string;
  ministryId: number | null;
  municipalityId: number | null;
}

/** Admins see every round's sealed data: a query on their behalf needs no seal filter. */
export function seesEverySealedRound(viewer: Viewer): boolean {
  return viewer.role === Role.ADMIN;
}

/** Whether the viewer may see this round's sealed data now (docs/domain.md "Sealed bids"). */
export function maySeeSealedData(viewer: Viewer, round: SealedRound): boolean {
  if (isOpened(round.status) || seesEverySealedRound(viewer)) return true;
  switch (viewer.role) {
    case Role.MINISTRY:
      return round.ministryId !== null && round.ministryId === viewer.ministryId;
    case Role.MUNICIPALITY:
      return round.municipalityId !== null && round.municipalityId === viewer.municipalityId;
    default:
      return false;
  }
}

/**
 * Which owner `maySeeSealedData` compares for this viewer and status, or null when the
 * answer does not depend on the owner: a caller holding only the round loads its owner just
 * when it matters, and spends no statement otherwise.
 */
export function ownerNeeded(viewer: Viewer, status: string): 'ministry' | 'municipality' | null {
  if (isOpened(status)) return null;
  if (viewer.role === Role.MINISTRY) return 'ministry';
  if (viewer.role === Role.MUNICIPALITY) return 'municipality';
  return null;
}

/**
 * The same rule in SQL: restricts a query on `tender AS <alias>` to the rounds whose sealed
 * data the viewer may see, for lists that reach sealed data without going through a round
 * (`Bidder.bids`, `node(id)` of a bid, history, spreadsheet exports).
 */
export function whereSealedDataVisible(qb: Knex.QueryBuilder, alias: string, viewer: Viewer): void {
  if (seesEverySealedRound(viewer)) return;
  qb.where((visible: Knex.QueryBuilder) => {
    visible.whereIn(`${alias}.status`, OPENED_STATUSES);
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
