import type { DomainEvent } from '../../core/pipeline/events.js';
import { ProjectEvents } from '../project/project.events.js';
import type { Bidder } from './bidder.entity.js';
import type { Tender } from './tender.entity.js';

/**
 * What happens to a tender round (ARCHITECTURE.md "The write pipeline"). Only what the public
 * sees: a bid recorded or a reserve price changed under the seal is no event (docs/seal.md
 * "Events"); the bids of a round become public, and are in its events, when it opens
 * (awarded or unsuccessful).
 */
export const TenderEvents = {
  announced: 'tender.announced',
  /** Its public terms changed (title, dates, criteria); `data.fields` names them. */
  changed: 'tender.changed',
  /** Its status moved by hand (announced: PLANNED → OPEN; closed: OPEN → CLOSED). */
  moved: 'tender.moved',
  awarded: 'tender.awarded',
  unsuccessful: 'tender.unsuccessful',
  cancelled: 'tender.cancelled',
} as const;

/**
 * The fields a change event names (`data.fields`) that are names and prose: a service's name,
 * summary and reading, a round's title. No statistic, red flag or lifecycle reads them.
 */
const TEXT_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  [ProjectEvents.changed]: new Set(['name', 'summary', 'kana']),
  [TenderEvents.changed]: new Set(['title']),
};

/**
 * Whether `event` changed only a service's or a round's texts (renamed, retitled, its summary
 * rewritten). An event that does not list what it changed is taken to change anything.
 */
export function changesOnlyTexts(event: DomainEvent): boolean {
  const texts = TEXT_FIELDS[event.type];
  const fields = event.data?.fields;
  return !!texts && Array.isArray(fields) && fields.every((field) => texts.has(String(field)));
}

export const BidderEvents = {
  registered: 'bidder.registered',
  /** Its registered name (or missing 法人番号) corrected: renameBidder. */
  corrected: 'bidder.corrected',
  /** Another bidder row merged into it; one event per service or pilot whose opened rounds it bid in, and one naming neither. */
  merged: 'bidder.merged',
} as const;

/** An event about `tender`, with the service or pilot it belongs to. */
export function tenderEvent(
  tender: Tender,
  type: (typeof TenderEvents)[keyof typeof TenderEvents],
  data: Record<string, unknown> = {},
): DomainEvent {
  return {
    type,
    subjectType: 'Tender',
    subjectId: tender.id,
    projectId: tender.project?.id ?? null,
    localPilotId: tender.localPilot?.id ?? null,
    // The round's public terms as the write left them, so the event tells what was true at
    // its commit, however late it is handled (never the reserve price or bids).
    data: {
      round: tender.round,
      status: tender.status,
      title: tender.title,
      announcedOn: tender.announcedOn,
      bidDeadline: tender.bidDeadline,
      contractStart: tender.contractStart,
      contractEnd: tender.contractEnd,
      awardCriteria: tender.awardCriteria,
      negotiatedAfterFailure: tender.negotiatedAfterFailure,
      ...data,
    },
  };
}

export function bidderEvent(bidder: Bidder): DomainEvent {
  return { type: BidderEvents.registered, subjectType: 'Bidder', subjectId: bidder.id, data: { kind: bidder.kind } };
}

/** A correction of the registry: `owner` names a service or pilot whose opened rounds it touched (red flags recompute them). */
export function bidderCorrectionEvent(
  bidder: Bidder,
  type: typeof BidderEvents.corrected | typeof BidderEvents.merged,
  owner: { projectId: number | null; localPilotId: number | null } = { projectId: null, localPilotId: null },
): DomainEvent {
  return { type, subjectType: 'Bidder', subjectId: bidder.id, ...owner, data: { kind: bidder.kind } };
}
