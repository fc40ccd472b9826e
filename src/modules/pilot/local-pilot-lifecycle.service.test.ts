import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/graphql/user-error.js';
import { PILOT_EVENT_EDGES, PILOT_LIFECYCLE, PILOT_TRANSITIONS } from './local-pilot-lifecycle.service.js';
import { LocalPilotStatus } from './pilot.enum.js';

/**
 * The pilot lifecycle as its module documents it: plan → adopt the policy → tender →
 * operate → end; a failed tender goes back to the policy; any live pilot may be suspended,
 * and a suspended one resumes from planning or from its adopted policy.
 */
const EDGES = [
  'PLANNED>POLICY_ADOPTED',
  'POLICY_ADOPTED>TENDERING',
  'TENDERING>IN_OPERATION',
  'IN_OPERATION>ENDED',
  'TENDERING>POLICY_ADOPTED',
  'PLANNED>SUSPENDED',
  'POLICY_ADOPTED>SUSPENDED',
  'TENDERING>SUSPENDED',
  'IN_OPERATION>SUSPENDED',
  'SUSPENDED>PLANNED',
  'SUSPENDED>POLICY_ADOPTED',
];

describe('PILOT_TRANSITIONS', () => {
  it('covers every LocalPilotStatus and holds exactly the documented edges', () => {
    expect(Object.keys(PILOT_TRANSITIONS).sort()).toEqual(Object.values(LocalPilotStatus).sort());
    const edges = Object.entries(PILOT_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
    expect(edges.sort()).toEqual([...EDGES].sort());
  });

  it('makes ENDED final and reserves TENDERING → IN_OPERATION for awardTender', () => {
    expect(PILOT_TRANSITIONS.ENDED).toEqual([]);
    expect(Object.fromEntries(PILOT_EVENT_EDGES)).toEqual({ 'TENDERING>IN_OPERATION': 'awardTender' });
  });

  it('refuses every other move with INVALID_TRANSITION', () => {
    const states = Object.values(LocalPilotStatus);
    for (const from of states) {
      for (const to of states) {
        if (EDGES.includes(`${from}>${to}`)) continue;
        expect(() => PILOT_LIFECYCLE.assert(from, to), `${from} → ${to}`).toThrow(DomainError);
      }
    }
  });
});
