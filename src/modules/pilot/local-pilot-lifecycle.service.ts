import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { Lifecycle, moveKey } from '../../core/lifecycle/lifecycle.js';
import { recordChange } from '../history/history.service.js';
import { LocalPilotStatus as S, PILOT_STATUS_LABELS } from './pilot.enum.js';
import type { LocalPilot } from './local-pilot.entity.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { pilotEvent, PilotEvents } from './pilot.events.js';

/**
 * A local pilot's lifecycle (docs/domain.md "LocalPilot" lists the states; the order follows
 * how a local government proceeds under Art. 34): plan → adopt the implementation policy
 * (実施方針) → tender → operate → end. A failed tender goes back to the policy; any live
 * pilot may be suspended or postponed (as Adachi-ku postponed its tender), and a suspended
 * one resumes from planning or from its adopted policy.
 */
export const PILOT_TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.PLANNED]: [S.POLICY_ADOPTED, S.SUSPENDED],
  [S.POLICY_ADOPTED]: [S.TENDERING, S.SUSPENDED],
  [S.TENDERING]: [S.IN_OPERATION, S.POLICY_ADOPTED, S.SUSPENDED],
  [S.IN_OPERATION]: [S.ENDED, S.SUSPENDED],
  [S.SUSPENDED]: [S.PLANNED, S.POLICY_ADOPTED],
  [S.ENDED]: [],
};

/** TENDERING → IN_OPERATION records an award, so only awardTender makes it. */
export const PILOT_EVENT_EDGES: ReadonlyMap<string, string> = new Map([[moveKey(S.TENDERING, S.IN_OPERATION), 'awardTender']]);

/** A local pilot's lifecycle on the engine (core/lifecycle): refusals name "a local pilot". */
export const PILOT_LIFECYCLE = new Lifecycle<S>('a local pilot', PILOT_TRANSITIONS, PILOT_EVENT_EDGES, PILOT_STATUS_LABELS);

/** Moves a pilot as a consequence of a tender's outcome, with history. */
export function movePilot(em: EntityManager, actor: Viewer, pilot: LocalPilot, to: S, action: string, note?: string | null): void {
  PILOT_LIFECYCLE.follow(pilot, to, (from) => {
    recordChange(em, actor, {
      action,
      objectType: 'LocalPilot',
      objectId: pilot.id,
      before: { status: from },
      after: { status: to },
      note,
    });
    recordEvent(em, pilotEvent(pilot, PilotEvents.moved, { from }));
  });
}
