import { describe, expect, it } from 'vitest';
import { storedEventOf as event } from '../../../tests/support/events.js';
import { ImportEvents } from '../import/import.events.js';
import { statsScopeOf } from './stats.consumer.js';

describe('statsScopeOf', () => {
  it('names the services the events belong to, once each', () => {
    expect(
      statsScopeOf([
        event('tender.awarded', { projectId: 7 }),
        event('project.changed', { projectId: 7 }),
        event('evaluation.recorded', { projectId: 9 }),
      ]),
    ).toEqual([7, 9]);
  });

  it('leaves out events about pilots, bidders and policy editions: no figure of the statistics reads them', () => {
    expect(statsScopeOf([event('pilot.moved', { localPilotId: 3 }), event('bidder.registered'), event('policy.adopted')])).toEqual([]);
  });

  it("leaves out a change of a service's or a round's texts alone, but not a change that also moves a figure", () => {
    expect(
      statsScopeOf([
        event('project.changed', { projectId: 7 }, { fields: ['name', 'summary', 'kana'] }),
        event('tender.changed', { projectId: 8 }, { fields: ['title'] }),
      ]),
    ).toEqual([]);
    expect(
      statsScopeOf([
        event('project.changed', { projectId: 7 }, { fields: ['summary', 'baselineAnnualCostYen'] }),
        event('project.changed', { projectId: 9 }, { fields: ['category'] }),
        event('tender.changed', { projectId: 8 }, { fields: ['title', 'contractEnd'] }),
        // An event without its list of fields is taken to change anything.
        event('project.changed', { projectId: 10 }),
      ]),
    ).toEqual([7, 9, 8, 10]);
  });

  it('an import calls for every summary', () => {
    expect(statsScopeOf([event('tender.awarded', { projectId: 7 }), event(ImportEvents.committed)])).toBe('all');
  });
});
