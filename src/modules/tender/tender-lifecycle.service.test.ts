import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/graphql/user-error.js';
import { ACTIVE_TENDER_STATUSES, TENDER_LIFECYCLE, TENDER_TRANSITIONS } from './tender-lifecycle.service.js';
import { TenderStatus } from './tender.enum.js';

/** A round: PLANNED → OPEN → CLOSED → AWARDED | UNSUCCESSFUL; CANCELLED from any state before award. */
const EDGES: [string, string][] = [
  ['PLANNED', 'OPEN'],
  ['OPEN', 'CLOSED'],
  ['CLOSED', 'AWARDED'],
  ['CLOSED', 'UNSUCCESSFUL'],
  ['PLANNED', 'CANCELLED'],
  ['OPEN', 'CANCELLED'],
  ['CLOSED', 'CANCELLED'],
];
const STATES = ['PLANNED', 'OPEN', 'CLOSED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'];

describe('TENDER_TRANSITIONS', () => {
  it('covers every TenderStatus', () => {
    expect(Object.keys(TENDER_TRANSITIONS).sort()).toEqual([...STATES].sort());
    expect(Object.values(TenderStatus).sort()).toEqual([...STATES].sort());
  });

  it('holds exactly the round lifecycle', () => {
    const edges = Object.entries(TENDER_TRANSITIONS)
      .flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`))
      .sort();
    expect(edges).toEqual(EDGES.map(([f, t]) => `${f}>${t}`).sort());
  });

  it.each(['AWARDED', 'UNSUCCESSFUL', 'CANCELLED'])('makes %s final', (state) => {
    expect(TENDER_TRANSITIONS[state as TenderStatus]).toEqual([]);
  });

  it('counts PLANNED, OPEN and CLOSED as rounds under way', () => {
    expect([...ACTIVE_TENDER_STATUSES].sort()).toEqual(['CLOSED', 'OPEN', 'PLANNED']);
  });
});

describe('TENDER_LIFECYCLE.assert', () => {
  it('refuses every move outside the lifecycle with INVALID_TRANSITION on the given field', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const allowed = EDGES.some(([f, t]) => f === from && t === to);
        const call = () => TENDER_LIFECYCLE.assert(from as TenderStatus, to as TenderStatus, 'tenderId');
        if (allowed) {
          expect(call, `${from} → ${to}`).not.toThrow();
          continue;
        }
        try {
          call();
          expect.unreachable(`${from} → ${to} was allowed`);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['input', 'tenderId'] });
        }
      }
    }
  });
});
