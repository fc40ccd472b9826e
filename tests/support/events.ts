import type { StoredEvent } from '../../src/core/pipeline/events.js';

/** An outbox event as the write pipeline hands it to a consumer (its id and time do not matter), for the consumers' unit tests. */
export function storedEventOf(
  type: string,
  ids: { projectId?: number; localPilotId?: number } = {},
  data?: Record<string, unknown>,
): StoredEvent {
  return { id: 1, recordedAt: new Date(0), type, subjectType: 'Tender', subjectId: 1, ...ids, data };
}
