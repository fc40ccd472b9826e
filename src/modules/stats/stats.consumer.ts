import type { Consumer } from '../../core/pipeline/pipeline.js';
import type { StoredEvent } from '../../core/pipeline/events.js';
import { ImportEvents } from '../import/import.events.js';
import { changesOnlyTexts } from '../tender/tender.events.js';
import { ministriesOf, summarizeStats } from './stats-summary.service.js';

/**
 * Whether `event` may move a figure of `marketTestingStats`: an import, or an event naming the
 * service it belongs to (a round announced, moved or awarded, a service changed or moved, an
 * evaluation, a basic policy's entry). Events about pilots, bidders or a policy edition as a
 * whole move none, nor does a change of a service's or a round's texts alone: the summaries
 * group by ministry, year, method, category and state and sum rounds' counts, amounts and
 * contract periods and services' baselines, never a name or a text.
 */
export function movesStatistics(event: StoredEvent): boolean {
  return event.type === ImportEvents.committed || (event.projectId != null && !changesOnlyTexts(event));
}

/** The services whose statistics a batch of events makes stale (`movesStatistics`); an import calls for every summary. */
export function statsScopeOf(events: readonly StoredEvent[]): number[] | 'all' {
  const projectIds = new Set<number>();
  for (const event of events) {
    if (event.type === ImportEvents.committed) return 'all';
    if (movesStatistics(event)) projectIds.add(event.projectId!);
  }
  return [...projectIds];
}

/**
 * The statistics consumer of the write pipeline (ARCHITECTURE.md "The write pipeline"): after
 * writes commit, it recomputes the summaries of the ministries whose services they touched
 * (stats-summary.service.ts), in one transaction with its position in the outbox. Statistics
 * are therefore current a moment after the write, like red flags (README "Statistics").
 */
export function statsConsumer(): Consumer {
  return {
    name: 'stats',
    wants: movesStatistics,
    async handle(events, db) {
      const scope = statsScopeOf(events);
      if (scope === 'all') return { changedPublicData: await summarizeStats(db, 'all') };
      // Summaries found as they were change nothing the API serves: the data version stays.
      return { changedPublicData: await summarizeStats(db, await ministriesOf(db.knex, scope)) };
    },
  };
}
