import type { Consumer } from '../../core/pipeline/pipeline.js';
import type { StoredEvent } from '../../core/pipeline/events.js';
import { ImportEvents } from '../import/import.events.js';
import { ProjectEvents } from '../project/project.events.js';
import { TenderEvents } from '../tender/tender.events.js';
import { ministriesOf, summarizeStats } from './stats-summary.service.js';

/**
 * The fields a change event names (`data.fields`) that no figure of `marketTestingStats`
 * reads: the summaries group by ministry, year, method, category and state and sum rounds'
 * counts, amounts and contract periods and services' baselines, never a name or a text.
 */
const TEXT_ONLY: Readonly<Record<string, ReadonlySet<string>>> = {
  [ProjectEvents.changed]: new Set(['name', 'summary', 'kana']),
  [TenderEvents.changed]: new Set(['title']),
};

/** Whether `event` changed only fields that no statistic reads (a service renamed, a round retitled). */
function changesNoFigure(event: StoredEvent): boolean {
  const textOnly = TEXT_ONLY[event.type];
  const fields = event.data?.fields;
  return !!textOnly && Array.isArray(fields) && fields.every((field) => textOnly.has(String(field)));
}

/**
 * The services whose statistics a batch of events makes stale: an import calls for every
 * summary; any other event names the service it belongs to (a round announced, moved or
 * awarded, a service changed or moved, an evaluation, a basic policy's entry). Events about
 * pilots, bidders or a policy edition as a whole change no figure of `marketTestingStats`,
 * nor does a change of a service's or a round's texts alone.
 */
export function statsScopeOf(events: readonly StoredEvent[]): number[] | 'all' {
  const projectIds = new Set<number>();
  for (const event of events) {
    if (event.type === ImportEvents.committed) return 'all';
    if (event.projectId != null && !changesNoFigure(event)) projectIds.add(event.projectId);
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
    async handle(events, db) {
      const scope = statsScopeOf(events);
      if (scope === 'all') return { changedPublicData: await summarizeStats(db.knex, 'all') };
      // Summaries found as they were change nothing the API serves: the data version stays.
      return { changedPublicData: await summarizeStats(db.knex, await ministriesOf(db.knex, scope)) };
    },
  };
}
