import type { DomainEvent } from '../../core/pipeline/events.js';

/** What an import does (ARCHITECTURE.md "The write pipeline"). */
export const ImportEvents = {
  /** A spreadsheet import committed: many services, rounds and bids at once. */
  committed: 'import.committed',
} as const;

export function importEvent(kind: string, source: string, records: number): DomainEvent {
  return { type: ImportEvents.committed, subjectType: 'Import', subjectId: null, data: { kind, source, records } };
}
