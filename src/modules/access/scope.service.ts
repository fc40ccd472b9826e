import { Role, type Viewer } from '../../core/auth/viewer.js';
import { DomainError, UserErrorCode } from '../../core/graphql/user-error.js';

/**
 * Scopes (docs/api.md "Who may do what"): ADMIN writes everything; a MINISTRY token writes its
 * own ministry's services, milestones, tenders, bids and evaluations; a MUNICIPALITY token
 * writes its own pilots and their tenders and bids; basic policies are admin-only.
 */
export function requireAdmin(actor: Viewer, what: string): void {
  if (actor.role !== Role.ADMIN)
    throw new DomainError(UserErrorCode.FORBIDDEN, `管理者（ADMIN）のトークンでなければできません（only an ADMIN token may ${what}）`);
}

export function requireMinistry(actor: Viewer, ministryId: number, what: string): void {
  if (actor.role === Role.ADMIN) return;
  if (actor.role === Role.MINISTRY && actor.ministryId === ministryId) return;
  throw new DomainError(
    UserErrorCode.FORBIDDEN,
    `このトークンはほかの府省のものです（your token may not ${what}: it belongs to another ministry）`,
  );
}

export function requireMunicipality(actor: Viewer, municipalityId: number, what: string): void {
  if (actor.role === Role.ADMIN) return;
  if (actor.role === Role.MUNICIPALITY && actor.municipalityId === municipalityId) return;
  throw new DomainError(
    UserErrorCode.FORBIDDEN,
    `このトークンはほかの地方公共団体のものです（your token may not ${what}: it belongs to another local government）`,
  );
}

/** Any token that records bids may register a bidder: bidders are shared by everyone. */
export function requireWriter(actor: Viewer, what: string): void {
  if (actor.role === Role.ADMIN || actor.role === Role.MINISTRY || actor.role === Role.MUNICIPALITY) return;
  throw new DomainError(UserErrorCode.FORBIDDEN, `your token may not ${what}`);
}

/** Optimistic concurrency (docs/api.md): a mismatch is STALE_VERSION and nothing is written. */
export function requireVersion(current: number, expected: number, what: string): void {
  if (current !== expected) {
    throw new DomainError(
      UserErrorCode.STALE_VERSION,
      `ほかの更新と重なりました: いまの版は ${current} で、指定された版は ${expected} です。読み直してからやり直してください` +
        `（${what} is at version ${current}, not ${expected}: it was changed meanwhile; read it again and retry）`,
      ['input', 'expectedVersion'],
    );
  }
}
