import { describe, expect, it } from 'vitest';
import { storedEventOf as event } from '../../../tests/support/events.js';
import { ImportEvents } from '../import/import.events.js';
import { flagScopeOf, movesFlags } from './red-flag.consumer.js';

describe('which events the red-flag consumer handles', () => {
  it("wants events naming a service or a pilot, and an import; not a change of a service's or a round's texts alone", () => {
    expect(movesFlags(event('tender.awarded', { projectId: 7 }))).toBe(true);
    expect(movesFlags(event('tender.moved', { localPilotId: 3 }))).toBe(true);
    expect(movesFlags(event(ImportEvents.committed))).toBe(true);
    expect(movesFlags(event('bidder.registered'))).toBe(false);
    expect(movesFlags(event('project.changed', { projectId: 7 }, { fields: ['name', 'summary', 'kana'] }))).toBe(false);
    expect(movesFlags(event('tender.changed', { projectId: 7 }, { fields: ['title'] }))).toBe(false);
    // A date is read by R003; a list that names one, or no list at all, is handled.
    expect(movesFlags(event('tender.changed', { projectId: 7 }, { fields: ['title', 'bidDeadline'] }))).toBe(true);
    expect(movesFlags(event('project.changed', { projectId: 7 }))).toBe(true);
  });

  it('recomputes the services and pilots of the events it wants, or everything after an import', () => {
    expect(
      flagScopeOf([
        event('tender.awarded', { projectId: 7 }),
        event('project.changed', { projectId: 8 }, { fields: ['name'] }),
        event('tender.moved', { localPilotId: 3 }),
      ]),
    ).toEqual({ projectIds: new Set([7]), pilotIds: new Set([3]) });
    expect(flagScopeOf([event('tender.awarded', { projectId: 7 }), event(ImportEvents.committed)])).toBe('all');
  });
});
