import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/graphql/user-error.js';
import { TargetProjectStatus } from './project.enum.js';
import { EVENT_EDGES, PROJECT_LIFECYCLE, PROJECT_TRANSITIONS } from './target-project-lifecycle.service.js';

/** docs/domain.md "TargetProject", the lifecycle diagram written out edge by edge. */
const DIAGRAM: [string, string][] = [
  ['SELECTED', 'GUIDELINES_DRAFTING'],
  ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT'],
  ['PUBLIC_COMMENT', 'GUIDELINES_FIXED'],
  ['GUIDELINES_FIXED', 'TENDERING'],
  ['TENDERING', 'IN_OPERATION'],
  ['TENDERING', 'GUIDELINES_DRAFTING'],
  ['IN_OPERATION', 'UNDER_EVALUATION'],
  ['UNDER_EVALUATION', 'EXITED'],
  ['UNDER_EVALUATION', 'GUIDELINES_DRAFTING'],
];
const STATES = [
  'SELECTED',
  'GUIDELINES_DRAFTING',
  'PUBLIC_COMMENT',
  'GUIDELINES_FIXED',
  'TENDERING',
  'IN_OPERATION',
  'UNDER_EVALUATION',
  'EXITED',
  'ABOLISHED',
];
/** "any state ─> ABOLISHED" (a state does not move to itself). */
const ALL_EDGES = [...DIAGRAM, ...STATES.filter((s) => s !== 'ABOLISHED').map((s) => [s, 'ABOLISHED'] as [string, string])];

const edgesOf = (table: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(table)
    .flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`))
    .sort();

describe('PROJECT_TRANSITIONS', () => {
  it('has exactly the states of TargetProjectStatus', () => {
    expect(Object.keys(PROJECT_TRANSITIONS).sort()).toEqual([...STATES].sort());
    expect(Object.values(TargetProjectStatus).sort()).toEqual([...STATES].sort());
  });

  it('holds exactly the edges of the docs/domain.md diagram, with ABOLISHED reachable from every other state', () => {
    expect(edgesOf(PROJECT_TRANSITIONS)).toEqual(ALL_EDGES.map(([f, t]) => `${f}>${t}`).sort());
  });

  it('lists each edge once and no state as its own successor', () => {
    for (const [from, tos] of Object.entries(PROJECT_TRANSITIONS)) {
      expect(new Set(tos).size, from).toBe(tos.length);
      expect(tos, from).not.toContain(from);
    }
  });

  it('makes ABOLISHED final', () => {
    expect(PROJECT_TRANSITIONS.ABOLISHED).toEqual([]);
  });
});

describe('EVENT_EDGES', () => {
  it('reserves the award and evaluation edges for awardTender and recordEvaluation', () => {
    expect(Object.fromEntries(EVENT_EDGES)).toEqual({
      'TENDERING>IN_OPERATION': 'awardTender',
      'UNDER_EVALUATION>EXITED': 'recordEvaluation',
      'UNDER_EVALUATION>GUIDELINES_DRAFTING': 'recordEvaluation',
    });
  });

  it('names only edges of the diagram', () => {
    for (const key of EVENT_EDGES.keys()) expect(edgesOf(PROJECT_TRANSITIONS)).toContain(key);
  });
});

describe('PROJECT_LIFECYCLE.assert', () => {
  it.each(ALL_EDGES)('allows %s → %s', (from, to) => {
    expect(() => PROJECT_LIFECYCLE.assert(from as TargetProjectStatus, to as TargetProjectStatus)).not.toThrow();
  });

  it('refuses every other move with INVALID_TRANSITION on input.to, naming the allowed next states', () => {
    let refused = 0;
    for (const from of STATES) {
      for (const to of STATES) {
        if (ALL_EDGES.some(([f, t]) => f === from && t === to)) continue;
        refused++;
        let error: unknown;
        try {
          PROJECT_LIFECYCLE.assert(from as TargetProjectStatus, to as TargetProjectStatus);
        } catch (e) {
          error = e;
        }
        expect(error, `${from} → ${to}`).toBeInstanceOf(DomainError);
        const [userError] = (error as DomainError).errors;
        expect(userError.code).toBe('INVALID_TRANSITION');
        expect(userError.field).toEqual(['input', 'to']);
        for (const [, next] of ALL_EDGES.filter(([f]) => f === from)) expect(userError.message).toContain(next);
      }
    }
    expect(refused).toBe(81 - ALL_EDGES.length);
  });
});
