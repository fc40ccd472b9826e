import { DomainError, UserErrorCode } from '../../core/graphql/user-error.js';
import { TenderStatus as S } from './tender.enum.js';

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

export function assertTenderTransition(from: S, to: S, field = 'to'): void {
  const allowed = TENDER_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new DomainError(
      UserErrorCode.INVALID_TRANSITION,
      `a tender round cannot move from ${from} to ${to}; allowed next: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
      ['input', field],
    );
  }
}

/** Rounds still under way: at most one per service or pilot at a time. */
export const ACTIVE_TENDER_STATUSES: readonly S[] = [S.PLANNED, S.OPEN, S.CLOSED];
