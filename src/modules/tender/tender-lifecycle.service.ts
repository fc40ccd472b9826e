import { Lifecycle } from '../../core/lifecycle/lifecycle.js';
import { TenderStatus as S, TENDER_STATUS_LABELS } from './tender.enum.js';

/**
 * A round's lifecycle (write-side issue): PLANNED → OPEN → CLOSED → AWARDED | UNSUCCESSFUL,
 * and CANCELLED from any state before award. Awarded, failed and cancelled rounds are final:
 * the next attempt is a new round.
 */
export const TENDER_TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.PLANNED]: [S.OPEN, S.CANCELLED],
  [S.OPEN]: [S.CLOSED, S.CANCELLED],
  [S.CLOSED]: [S.AWARDED, S.UNSUCCESSFUL, S.CANCELLED],
  [S.AWARDED]: [],
  [S.UNSUCCESSFUL]: [],
  [S.CANCELLED]: [],
};

/**
 * A round's lifecycle on the engine (core/lifecycle): refusals name "a tender round". The
 * moves that record an outcome (award, failure, cancellation) have mutations of their own,
 * which transitionTender hands them to before it checks a move.
 */
export const TENDER_LIFECYCLE = new Lifecycle<S>('a tender round', TENDER_TRANSITIONS, new Map(), TENDER_STATUS_LABELS);

/** Rounds still under way: at most one per service or pilot at a time. */
export const ACTIVE_TENDER_STATUSES: readonly S[] = [S.PLANNED, S.OPEN, S.CLOSED];
