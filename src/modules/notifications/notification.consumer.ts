import type { Consumer } from '../../core/pipeline/pipeline.js';
import type { EventFilter } from './event-filter.inputs.js';
import { WebhookDeliveryStatus } from './public-event.enum.js';
import { becomesPublicEvent, insertPublicEvents, matchesFilter, publicEventsOf } from './public-event.service.js';

/** The PostgreSQL channel every process listens on to hear of new public events at once (public-event.hub.ts). */
export const PUBLIC_EVENTS_CHANNEL = 'tracker_public_events';

/**
 * The notifications consumer of the write pipeline (ARCHITECTURE.md "The write pipeline"):
 * turns each outbox event a person may be told of into a `public_event` row and queues a
 * `webhook_delivery` for every saved search with a webhook that it matches, all in the
 * consumer's transaction: a batch is queued exactly once, or (after a crash) not yet. On
 * PostgreSQL a NOTIFY in the same transaction wakes every process's subscriptions at the
 * commit; elsewhere they hear of it at their next look.
 */
export function notificationConsumer(): Consumer {
  return {
    name: 'notifications',
    wants: becomesPublicEvent,
    async handle(events, db) {
      const drafts = await publicEventsOf(events, db.knex);
      if (!drafts.length) return { changedPublicData: false };
      const ids = await insertPublicEvents(db.knex, drafts);
      const searches = (await db
        .knex('saved_search as s')
        .join('api_token as t', 't.id', 's.token_id')
        .whereNotNull('s.webhook_url')
        .whereNull('t.revoked_at')
        .select('s.id', 's.filter')) as { id: number; filter: string | EventFilter }[];
      const now = new Date();
      const deliveries = drafts.flatMap((draft, i) =>
        searches
          .filter((s) => matchesFilter(typeof s.filter === 'string' ? (JSON.parse(s.filter) as EventFilter) : s.filter, draft))
          .map((s) => ({
            saved_search_id: s.id,
            event_id: ids[i],
            status: WebhookDeliveryStatus.PENDING,
            attempts: 0,
            next_attempt_at_ms: now.getTime(),
            created_at: now,
            updated_at: now,
          })),
      );
      for (let i = 0; i < deliveries.length; i += 200) await db.knex('webhook_delivery').insert(deliveries.slice(i, i + 200));
      if (db.dialect === 'postgresql') await db.knex.raw(`NOTIFY ${PUBLIC_EVENTS_CHANNEL}`);
      // The events are served by the API (`publicEvents`, the feed): cached answers move on.
      return { changedPublicData: true };
    },
  };
}
