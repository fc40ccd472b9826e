import type { Consumer } from '../../core/pipeline/pipeline.js';
import type { StoredEvent } from '../../core/pipeline/events.js';
import { ImportEvents } from '../import/import.events.js';
import { changesOnlyTexts } from '../tender/tender.events.js';
import { recomputeAllRedFlagsIn, recomputeRedFlagsOf, type FlagScope } from './red-flag-store.service.js';
import { redFlagSettings, type RedFlagSettings } from './red-flag-settings.service.js';

/**
 * Whether `event` may change a flag: an import (many services at once), or an event naming the
 * service or pilot it belongs to, whose rounds are then recomputed (a round's flags read its
 * service's other rounds: MT02, MT03). Events about neither (a bidder registered, a basic
 * policy adopted) change no round's flags, nor does a change of a service's or a round's
 * texts alone: flags read amounts, counts, dates, methods and parties, never a name or a title.
 */
export function movesFlags(event: StoredEvent): boolean {
  return event.type === ImportEvents.committed || ((event.projectId != null || event.localPilotId != null) && !changesOnlyTexts(event));
}

/** Which flags a batch of events makes stale (`movesFlags`): an import calls for the bulk run. */
export function flagScopeOf(events: readonly StoredEvent[]): FlagScope | 'all' {
  const projectIds = new Set<number>();
  const pilotIds = new Set<number>();
  for (const event of events) {
    if (event.type === ImportEvents.committed) return 'all';
    if (!movesFlags(event)) continue;
    if (event.projectId != null) projectIds.add(event.projectId);
    if (event.localPilotId != null) pilotIds.add(event.localPilotId);
  }
  return { projectIds, pilotIds };
}

/**
 * The red-flag consumer of the write pipeline (ARCHITECTURE.md "The write pipeline"): after
 * writes commit, it recomputes the flags of the services they touched, in one transaction
 * with its position in the outbox. Flags are therefore current a moment after the write
 * (README "Red flags": freshness), and the write itself no longer pays for them.
 */
export function redFlagConsumer(settings: () => RedFlagSettings = redFlagSettings): Consumer {
  return {
    name: 'red-flags',
    wants: movesFlags,
    async handle(events, db) {
      const scope = flagScopeOf(events);
      if (scope === 'all') {
        await recomputeAllRedFlagsIn(db, settings());
        return { changedPublicData: true };
      }
      // Flags found as they were change nothing the API serves: the data version stays.
      const changed = await recomputeRedFlagsOf(db, scope, settings());
      return { changedPublicData: changed > 0 };
    },
  };
}
