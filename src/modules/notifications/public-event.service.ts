import type { Knex } from '@mikro-orm/knex';
import { formatJapaneseDate } from '../../core/calendar/fiscal-year.js';
import type { StoredEvent } from '../../core/pipeline/events.js';
import { normaliseForSearch, searchTerms } from '../../core/text/search-text.js';
import { EvaluationEvents } from '../evaluation/evaluation.events.js';
import { PilotEvents } from '../pilot/pilot.events.js';
import { PolicyEvents } from '../policy/policy.events.js';
import { ProjectEvents } from '../project/project.events.js';
import { isOpened } from '../seal/seal.service.js';
import { TenderEvents } from '../tender/tender.events.js';
import type { EventFilter } from './event-filter.inputs.js';
import { PUBLIC_EVENT_LABELS, PublicEventType, stateLabel } from './public-event.enum.js';

/** A public event before it is stored: the columns of `public_event` (public-event.entity.ts). */
export interface PublicEventDraft {
  outboxEventId: number | null;
  type: PublicEventType;
  occurredAtMs: number;
  subjectType: string;
  subjectId: number | null;
  tenderId: number | null;
  projectId: number | null;
  localPilotId: number | null;
  ministryCode: string | null;
  municipalityCode: string | null;
  category: string | null;
  status: string | null;
  serviceStatus: string | null;
  amountYen: number | null;
  title: string;
  searchText: string;
  data: Record<string, unknown>;
}

/** What a filter looks at: a stored public event or a draft. */
export type FilterableEvent = Pick<
  PublicEventDraft,
  'type' | 'ministryCode' | 'municipalityCode' | 'category' | 'status' | 'serviceStatus' | 'amountYen' | 'searchText' | 'subjectType'
>;

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v == null ? null : String(v));
const num = (v: unknown): number | null => (v == null ? null : Number(v));
const first = async (query: Promise<unknown>): Promise<Row | undefined> => {
  const result = (await query) as Row[] | { rows: Row[] };
  return (Array.isArray(result) ? result : result.rows)[0];
};

/** The public event an outbox event becomes, or null when nobody is told of it (a bidder registered, an import). */
export function publicTypeOf(event: StoredEvent): PublicEventType | null {
  switch (event.type) {
    case TenderEvents.announced:
      return PublicEventType.TENDER_ANNOUNCED;
    case TenderEvents.changed: {
      const fields = (event.data?.fields as string[] | undefined) ?? [];
      return fields.includes('bidDeadline') ? PublicEventType.TENDER_DEADLINE_CHANGED : PublicEventType.TENDER_CHANGED;
    }
    case TenderEvents.moved:
      return PublicEventType.TENDER_STATUS_CHANGED;
    case TenderEvents.awarded:
      return PublicEventType.TENDER_AWARDED;
    case TenderEvents.unsuccessful:
      return PublicEventType.TENDER_UNSUCCESSFUL;
    case TenderEvents.cancelled:
      return PublicEventType.TENDER_CANCELLED;
    case ProjectEvents.created:
      return PublicEventType.SERVICE_CREATED;
    case ProjectEvents.moved:
      return PublicEventType.SERVICE_STATUS_CHANGED;
    case EvaluationEvents.recorded:
      return PublicEventType.EVALUATION_DECIDED;
    case PilotEvents.registered:
      return PublicEventType.PILOT_REGISTERED;
    case PilotEvents.moved:
      return PublicEventType.PILOT_STATUS_CHANGED;
    case PolicyEvents.adopted:
      return PublicEventType.POLICY_ADOPTED;
    default:
      return null;
  }
}

const TENDER_FACTS = `
  SELECT t.id, t.round, t.title, t.status, t.announced_on, t.bid_deadline, t.opened_on, t.contract_start, t.contract_end,
         t.award_criteria, t.contract_amount_yen, t.reserve_price_yen, t.bid_count, t.negotiated_after_failure,
         t.project_id, t.local_pilot_id,
         (SELECT w.name FROM bid b JOIN bidder w ON w.id = b.bidder_id WHERE b.tender_id = t.id AND b.status = 'WON' LIMIT 1) AS winner_name
  FROM tender t WHERE t.id = ?`;
const PROJECT_FACTS = `
  SELECT p.id, p.name, p.category, p.status, p.baseline_annual_cost_yen, m.code AS ministry_code, m.name AS ministry_name
  FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE p.id = ?`;
const PILOT_FACTS = `
  SELECT lp.id, lp.title, lp.status, mu.code AS municipality_code, mu.name AS municipality_name, mu.prefecture_number
  FROM local_pilot lp JOIN municipality mu ON mu.id = lp.municipality_id WHERE lp.id = ?`;

/** Whether a person may be told of `event`: it has a public type and names its subject. */
export function becomesPublicEvent(event: StoredEvent): boolean {
  return publicTypeOf(event) != null && event.subjectId != null;
}

/**
 * Builds the public event of each outbox event from the event and the public facts of its
 * subject, read in the consumer's transaction. Sealed facts (bids, the reserve price, the
 * count of bidders) are read only of an opened round, where they are everyone's.
 */
export async function publicEventsOf(events: readonly StoredEvent[], knex: Knex.Transaction | Knex): Promise<PublicEventDraft[]> {
  const drafts: PublicEventDraft[] = [];
  for (const event of events) {
    if (!becomesPublicEvent(event)) continue;
    const draft = await draftOf(event, publicTypeOf(event)!, knex);
    if (draft) drafts.push(draft);
  }
  return drafts;
}

async function ownerFacts(knex: Knex.Transaction | Knex, projectId: number | null, pilotId: number | null) {
  const project = projectId != null ? await first(knex.raw(PROJECT_FACTS, [projectId])) : undefined;
  const pilot = pilotId != null ? await first(knex.raw(PILOT_FACTS, [pilotId])) : undefined;
  return { project, pilot };
}

/**
 * The service's or pilot's facts in an event. Its status only in the events about it (its
 * registration, its moves), taken from the event: in the event of a round or an evaluation the
 * row's status now would depend on when the consumer ran.
 */
function ownerData(project: Row | undefined, pilot: Row | undefined, withStatus = false): Record<string, unknown> {
  return {
    ...(project
      ? {
          service: {
            name: str(project.name),
            category: str(project.category),
            ...(withStatus ? { status: str(project.status) } : {}),
            ministryCode: str(project.ministry_code),
            ministryName: str(project.ministry_name),
          },
        }
      : {}),
    ...(pilot
      ? {
          localPilot: {
            title: str(pilot.title),
            ...(withStatus ? { status: str(pilot.status) } : {}),
            municipalityCode: str(pilot.municipality_code),
            municipalityName: str(pilot.municipality_name),
            prefectureNumber: str(pilot.prefecture_number),
          },
        }
      : {}),
  };
}

async function draftOf(event: StoredEvent, type: PublicEventType, knex: Knex.Transaction | Knex): Promise<PublicEventDraft | null> {
  const label = PUBLIC_EVENT_LABELS[type];
  const base = {
    outboxEventId: event.id,
    type,
    occurredAtMs: event.recordedAt.getTime(),
    subjectType: event.subjectType,
    subjectId: event.subjectId,
  };
  const facts = event.data ?? {};
  if (event.subjectType === 'Tender') {
    const row = await first(knex.raw(TENDER_FACTS, [event.subjectId]));
    if (!row) return null;
    // The terms the event recorded (as at its commit) over the row's (as now).
    const tender: Row = {
      ...row,
      title: facts.title ?? row.title,
      announced_on: facts.announcedOn ?? row.announced_on,
      bid_deadline: facts.bidDeadline ?? row.bid_deadline,
      contract_start: facts.contractStart ?? row.contract_start,
      contract_end: facts.contractEnd ?? row.contract_end,
      award_criteria: facts.awardCriteria ?? row.award_criteria,
      negotiated_after_failure: facts.negotiatedAfterFailure ?? row.negotiated_after_failure,
    };
    const { project, pilot } = await ownerFacts(knex, num(tender.project_id), num(tender.local_pilot_id));
    // The status the event left the round in (the row may have moved on since).
    const status = str(facts.status) ?? str(tender.status);
    // Opened facts only in the events of an opened round (an award, a failure): an earlier
    // event handled late says what it said then, not what the round has become.
    const opened = isOpened(String(status));
    const round: Record<string, unknown> = {
      round: num(tender.round),
      title: str(tender.title),
      status,
      announcedOn: str(tender.announced_on),
      bidDeadline: str(tender.bid_deadline),
      contractStart: str(tender.contract_start),
      contractEnd: str(tender.contract_end),
      awardCriteria: str(tender.award_criteria),
      negotiatedAfterFailure: Boolean(tender.negotiated_after_failure),
      ...(type === PublicEventType.TENDER_STATUS_CHANGED ? { from: str(facts.from) } : {}),
      ...(type === PublicEventType.TENDER_CHANGED || type === PublicEventType.TENDER_DEADLINE_CHANGED
        ? { changedFields: facts.fields ?? [] }
        : {}),
      // Opened (開札): what was sealed is everyone's now.
      ...(opened
        ? {
            openedOn: str(tender.opened_on),
            numberOfBidders: num(tender.bid_count),
            reservePriceYen: num(tender.reserve_price_yen),
            contractAmountYen: num(tender.contract_amount_yen),
            winnerName: str(tender.winner_name),
          }
        : {}),
    };
    // The round's title usually names its service and round already: each is said once.
    const title = str(tender.title) ?? '';
    const ownerName = project
      ? `${str(project.ministry_name)}${title.includes(String(project.name)) ? '' : ` ${str(project.name)}`}`
      : `${str(pilot?.municipality_name)}${title.includes(String(pilot?.title)) ? '' : ` ${str(pilot?.title)}`}`;
    const roundName = title.includes(`第${num(tender.round)}回`) ? title : `第${num(tender.round)}回 ${title}`;
    const detail =
      type === PublicEventType.TENDER_AWARDED && opened
        ? `（落札者: ${str(tender.winner_name) ?? '—'}）`
        : type === PublicEventType.TENDER_ANNOUNCED || type === PublicEventType.TENDER_DEADLINE_CHANGED
          ? `（締切: ${formatJapaneseDate(String(tender.bid_deadline)) ?? str(tender.bid_deadline)}）`
          : type === PublicEventType.TENDER_STATUS_CHANGED
            ? `（${stateLabel('Tender', str(facts.from))} → ${stateLabel('Tender', status)}）`
            : '';
    return {
      ...base,
      tenderId: num(tender.id),
      projectId: project ? num(project.id) : null,
      localPilotId: pilot ? num(pilot.id) : null,
      ministryCode: project ? str(project.ministry_code) : null,
      municipalityCode: pilot ? str(pilot.municipality_code) : null,
      category: project ? str(project.category) : null,
      status,
      serviceStatus: null,
      amountYen:
        opened && tender.contract_amount_yen != null
          ? num(tender.contract_amount_yen)
          : project
            ? num(project.baseline_annual_cost_yen)
            : null,
      title: `【${label}】${ownerName} ${roundName}${detail}`,
      searchText: searchTextOf(project, pilot, [tender.title, opened ? tender.winner_name : null]),
      data: { tender: round, ...ownerData(project, pilot) },
    };
  }
  if (event.subjectType === 'TargetProject' || event.subjectType === 'Evaluation') {
    const { project: row } = await ownerFacts(knex, event.projectId ?? null, null);
    if (!row) return null;
    const isEvaluation = event.subjectType === 'Evaluation';
    // A service's own event: its facts as the event recorded them (at its commit).
    const project: Row = isEvaluation
      ? row
      : {
          ...row,
          name: facts.name ?? row.name,
          category: facts.category ?? row.category,
          status: facts.status ?? row.status,
          baseline_annual_cost_yen: facts.baselineAnnualCostYen ?? row.baseline_annual_cost_yen,
        };
    const status = isEvaluation ? str(facts.decision) : (str(facts.status) ?? str(project.status));
    const detail = isEvaluation
      ? `（結論: ${stateLabel('Evaluation', status)}）`
      : type === PublicEventType.SERVICE_STATUS_CHANGED
        ? `（${stateLabel('TargetProject', str(facts.from))} → ${stateLabel('TargetProject', status)}）`
        : '';
    return {
      ...base,
      tenderId: null,
      projectId: num(project.id),
      localPilotId: null,
      ministryCode: str(project.ministry_code),
      municipalityCode: null,
      category: str(project.category),
      status,
      serviceStatus: isEvaluation ? null : str(project.status),
      amountYen: num(project.baseline_annual_cost_yen),
      title: `【${label}】${str(project.ministry_name)} ${str(project.name)}${detail}`,
      searchText: searchTextOf(project, undefined, []),
      data: {
        ...ownerData(project, undefined, !isEvaluation),
        ...(isEvaluation ? { evaluation: { decision: str(facts.decision) } } : {}),
        ...(type === PublicEventType.SERVICE_STATUS_CHANGED ? { from: str(facts.from) } : {}),
      },
    };
  }
  if (event.subjectType === 'LocalPilot') {
    const { pilot: row } = await ownerFacts(knex, null, event.localPilotId ?? event.subjectId);
    if (!row) return null;
    const pilot: Row = { ...row, title: facts.title ?? row.title, status: facts.status ?? row.status };
    const status = str(pilot.status);
    return {
      ...base,
      tenderId: null,
      projectId: null,
      localPilotId: num(pilot.id),
      ministryCode: null,
      municipalityCode: str(pilot.municipality_code),
      category: null,
      status,
      serviceStatus: null,
      amountYen: null,
      title: `【${label}】${str(pilot.municipality_name)} ${str(pilot.title)}${type === PublicEventType.PILOT_STATUS_CHANGED ? `（${stateLabel('LocalPilot', str(facts.from))} → ${stateLabel('LocalPilot', status)}）` : ''}`,
      searchText: searchTextOf(undefined, pilot, []),
      data: { ...ownerData(undefined, pilot, true), ...(type === PublicEventType.PILOT_STATUS_CHANGED ? { from: str(facts.from) } : {}) },
    };
  }
  if (event.subjectType === 'BasicPolicy') {
    const policy = await first(knex.raw('SELECT id, title, decided_on, fiscal_year FROM basic_policy WHERE id = ?', [event.subjectId]));
    if (!policy) return null;
    return {
      ...base,
      tenderId: null,
      projectId: null,
      localPilotId: null,
      ministryCode: null,
      municipalityCode: null,
      category: null,
      status: null,
      serviceStatus: null,
      amountYen: null,
      title: `【${label}】${str(policy.title)}（${formatJapaneseDate(String(policy.decided_on)) ?? str(policy.decided_on)}）`,
      searchText: normaliseForSearch(String(policy.title)),
      data: { basicPolicy: { title: str(policy.title), decidedOn: str(policy.decided_on), fiscalYear: num(policy.fiscal_year) } },
    };
  }
  return null;
}

function searchTextOf(project: Row | undefined, pilot: Row | undefined, extra: unknown[]): string {
  const parts = [project?.name, project?.ministry_name, project?.ministry_code, pilot?.title, pilot?.municipality_name, ...extra];
  return normaliseForSearch(parts.filter((p) => p != null && p !== '').join(' '));
}

const isPrefectureCode = (code: string) => /^\d{2}000\d$/.test(code);

/**
 * Whether `event` is one `filter` asks for (docs/notifications.md "Filters"): every condition
 * given holds; a list matches any of its values; an event without the fact a condition looks
 * at does not match it.
 */
export function matchesFilter(filter: EventFilter | null | undefined, event: FilterableEvent): boolean {
  if (!filter) return true;
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (filter.ministryCodes?.length && !(event.ministryCode && filter.ministryCodes.includes(event.ministryCode))) return false;
  if (filter.municipalityCodes?.length) {
    const code = event.municipalityCode;
    const prefecture = code?.slice(0, 2);
    if (!code || !filter.municipalityCodes.some((c) => c === code || (isPrefectureCode(c) && c.slice(0, 2) === prefecture))) return false;
  }
  if (filter.categories?.length && !(event.category && (filter.categories as string[]).includes(event.category))) return false;
  if (
    filter.tenderStatuses?.length &&
    !(event.subjectType === 'Tender' && event.status && (filter.tenderStatuses as string[]).includes(event.status))
  )
    return false;
  if (filter.serviceStatuses?.length && !(event.serviceStatus && (filter.serviceStatuses as string[]).includes(event.serviceStatus)))
    return false;
  if (filter.minAmountYen != null && !(event.amountYen != null && event.amountYen >= filter.minAmountYen)) return false;
  if (filter.maxAmountYen != null && !(event.amountYen != null && event.amountYen <= filter.maxAmountYen)) return false;
  if (filter.text?.trim()) {
    const words = searchTerms(filter.text);
    if (!words.every((w) => event.searchText.includes(w))) return false;
  }
  return true;
}

/** Writes public events; answers their ids, in order. */
export async function insertPublicEvents(knex: Knex.Transaction, drafts: readonly PublicEventDraft[]): Promise<number[]> {
  const ids: number[] = [];
  for (const d of drafts) {
    // Written at the moment the event happened: the same rows whenever the consumer ran.
    const at = new Date(d.occurredAtMs);
    const [row] = (await knex('public_event')
      .insert({
        created_at: at,
        updated_at: at,
        outbox_event_id: d.outboxEventId,
        type: d.type,
        occurred_at_ms: d.occurredAtMs,
        subject_type: d.subjectType,
        subject_id: d.subjectId,
        tender_id: d.tenderId,
        project_id: d.projectId,
        local_pilot_id: d.localPilotId,
        ministry_code: d.ministryCode,
        municipality_code: d.municipalityCode,
        category: d.category,
        status: d.status,
        service_status: d.serviceStatus,
        amount_yen: d.amountYen,
        title: d.title,
        search_text: d.searchText,
        data: JSON.stringify(d.data),
      })
      .returning('id')) as ({ id: number } | number)[];
    ids.push(Number(typeof row === 'object' ? row.id : row));
  }
  return ids;
}
