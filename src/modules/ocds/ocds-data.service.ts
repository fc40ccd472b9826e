import type { Knex } from '@mikro-orm/knex';
import { isOpened, OPENED_STATUSES } from '../seal/seal.service.js';
import type { Tender, TenderValues } from '../tender/tender.entity.js';
import type { TenderStatus } from '../tender/tender.enum.js';
import { instantParam, whereMinistries, type ExportFilter } from '../export/export-filter.service.js';
import { toBoolean, toInstant } from '../../core/db/row-values.js';
import { inSlices } from '../../core/db/in-slices.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';

/**
 * A row of the wide joins below, read column by column into typed values (each read says
 * what the column is); PostgreSQL may give numbers as strings.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: every column is converted where it is read
type Row = Record<string, any>;

/** Who runs the round: a ministry for a target service, a local government for a pilot. */
export type Buyer = { kind: 'ministry'; code: string; name: string } | { kind: 'municipality'; code: string; name: string };

export interface OcdsBid {
  id: number;
  amountYen: number;
  totalScore: number | null;
  status: string;
  submittedAt: Date;
  bidder: { id: number; name: string; corporateNumber: string | null };
}

export interface OcdsEvaluation {
  id: number;
  decidedOn: string;
  decision: string;
  summary: string;
  seriousProblems: boolean;
  qualityTargets: { indicator: string; target: string; actual: string; achieved: boolean }[];
}

/** Everything one contracting process (one round) publishes. */
export interface ProcessData {
  /** The round's own values, with its id and times (the releases' ids and dates). */
  tender: TenderValues & Pick<Tender, 'id' | 'createdAt' | 'updatedAt'>;
  buyer: Buyer;
  /** The service or pilot tendered. */
  subject: { name: string; summary: string | null; method: string | null; category: string | null };
  /** The round before, for relatedProcesses. */
  previous: { id: number; title: string; status: TenderStatus } | null;
  /** Bids: only ever loaded for an opened round (the seal). */
  bids: OcdsBid[];
  evaluations: OcdsEvaluation[];
  /** Guideline steps (実施要項) of the service before this round's announcement and after the previous one's. */
  milestones: { id: number; kind: string; occurredOn: string; endsOn: string | null; note: string | null }[];
  /** What the basic policies said about the service up to the announcement. */
  policyEntries: { id: number; action: string; policyTitle: string; decidedOn: string; notes: string | null }[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function tenderQuery(db: ListDb): Knex.QueryBuilder {
  return db
    .knex('tender as t')
    .leftJoin('target_project as p', 'p.id', 't.project_id')
    .leftJoin('ministry as m', 'm.id', 'p.ministry_id')
    .leftJoin('local_pilot as lp', 'lp.id', 't.local_pilot_id')
    .leftJoin('municipality as mu', 'mu.id', 'lp.municipality_id')
    .select(
      't.*',
      'p.name as project_name',
      'p.summary as project_summary',
      'p.method as project_method',
      'p.category as project_category',
      'm.code as ministry_code',
      'm.name as ministry_name',
      'lp.title as pilot_title',
      'lp.summary as pilot_summary',
      'mu.code as municipality_code',
      'mu.name as municipality_name',
    );
}

/** Ids of the rounds a release package holds: by ministry, fiscal year, and change since an instant. */
export async function processIds(db: ListDb, filter: ExportFilter): Promise<number[]> {
  const qb = db
    .knex('tender as t')
    .leftJoin('target_project as p', 'p.id', 't.project_id')
    .leftJoin('ministry as m', 'm.id', 'p.ministry_id')
    .select('t.id');
  whereMinistries(qb, 'm', filter.ministries);
  if (filter.fiscalYear != null) qb.where('t.fiscal_year', filter.fiscalYear);
  if (filter.since) {
    const since = instantParam(db.dialect, filter.since);
    // A process changes when its round does, or a bid or an evaluation of it does. Bids
    // count only once their round is opened: a sealed round's bids (and when they came)
    // are nobody's business here (docs/seal.md, "Time filters").
    qb.where((w: Knex.QueryBuilder) =>
      w
        .where('t.updated_at', '>=', since)
        .orWhereExists((s: Knex.QueryBuilder) =>
          s
            .select(db.knex.raw('1'))
            .from('bid as b')
            .whereRaw('b.tender_id = t.id')
            .whereIn('t.status', OPENED_STATUSES)
            .where('b.updated_at', '>=', since),
        )
        .orWhereExists((s: Knex.QueryBuilder) =>
          s.select(db.knex.raw('1')).from('evaluation as e').whereRaw('e.tender_id = t.id').where('e.updated_at', '>=', since),
        ),
    );
  }
  return ((await qb.orderBy('t.id')) as Row[]).map((r) => Number(r.id));
}

/** Loads the processes of these rounds, in id order, with a handful of statements whatever their number. */
export async function loadProcesses(db: ListDb, ids: readonly number[]): Promise<ProcessData[]> {
  const tenders = (await inSlices(ids, (slice) => tenderQuery(db).whereIn('t.id', slice))) as Row[];
  tenders.sort((a, b) => Number(a.id) - Number(b.id));
  const projectIds = tenders
    .map((t) => t.project_id)
    .filter((v) => v != null)
    .map(Number);
  const pilotIds = tenders
    .map((t) => t.local_pilot_id)
    .filter((v) => v != null)
    .map(Number);
  const siblings = [
    ...((await inSlices(projectIds, (s) =>
      db.knex('tender').select('id', 'round', 'title', 'status', 'announced_on', 'project_id', 'local_pilot_id').whereIn('project_id', s),
    )) as Row[]),
    ...((await inSlices(pilotIds, (s) =>
      db
        .knex('tender')
        .select('id', 'round', 'title', 'status', 'announced_on', 'project_id', 'local_pilot_id')
        .whereIn('local_pilot_id', s),
    )) as Row[]),
  ];
  const ownerKey = (r: Row) => (r.project_id != null ? `p${r.project_id}` : `l${r.local_pilot_id}`);
  const roundsOf = new Map<string, Row[]>();
  for (const s of siblings) roundsOf.set(ownerKey(s), [...(roundsOf.get(ownerKey(s)) ?? []), s]);

  // The seal, at the source: bids are read for opened rounds only, whoever asks.
  const opened = tenders.filter((t) => isOpened(t.status)).map((t) => Number(t.id));
  const bids = (await inSlices(opened, (s) =>
    db
      .knex('bid as b')
      .join('bidder as d', 'd.id', 'b.bidder_id')
      .whereIn('b.tender_id', s)
      .select('b.*', 'd.name as bidder_name', 'd.corporate_number')
      .orderBy('b.id'),
  )) as Row[];
  const evaluations = (await inSlices(ids, (s) => db.knex('evaluation').whereIn('tender_id', s).orderBy('id'))) as Row[];
  const milestones = (await inSlices(projectIds, (s) => db.knex('guideline_milestone').whereIn('project_id', s).orderBy('id'))) as Row[];
  const entries = (await inSlices(projectIds, (s) =>
    db
      .knex('policy_entry as e')
      .join('basic_policy as bp', 'bp.id', 'e.policy_id')
      .whereIn('e.project_id', s)
      .select('e.*', 'bp.title as policy_title', 'bp.decided_on')
      .orderBy('bp.decided_on'),
  )) as Row[];
  const group = <T>(rows: Row[], key: string, map: (r: Row) => T) => {
    const out = new Map<number, T[]>();
    for (const r of rows) out.set(Number(r[key]), [...(out.get(Number(r[key])) ?? []), map(r)]);
    return out;
  };
  const bidsBy = group(bids, 'tender_id', (r): OcdsBid => ({
    id: Number(r.id),
    amountYen: Number(r.amount_yen),
    totalScore: num(r.total_score),
    status: r.status,
    submittedAt: toInstant(r.submitted_at),
    bidder: { id: Number(r.bidder_id), name: r.bidder_name, corporateNumber: r.corporate_number ?? null },
  }));
  const evaluationsBy = group(evaluations, 'tender_id', (r): OcdsEvaluation => ({
    id: Number(r.id),
    decidedOn: r.decided_on,
    decision: r.decision,
    summary: r.summary,
    seriousProblems: toBoolean(r.serious_problems),
    qualityTargets: typeof r.quality_targets === 'string' ? JSON.parse(r.quality_targets) : (r.quality_targets ?? []),
  }));
  const milestonesBy = group(milestones, 'project_id', (r) => ({
    id: Number(r.id),
    kind: r.kind,
    occurredOn: r.occurred_on,
    endsOn: r.ends_on ?? null,
    note: r.note ?? null,
  }));
  const entriesBy = group(entries, 'project_id', (r) => ({
    id: Number(r.id),
    action: r.action,
    policyTitle: r.policy_title,
    decidedOn: r.decided_on,
    notes: r.notes ?? null,
  }));

  return tenders.map((t): ProcessData => {
    const rounds = (roundsOf.get(ownerKey(t)) ?? []).sort((a, b) => Number(a.round) - Number(b.round));
    const previous = rounds.filter((r) => Number(r.round) < Number(t.round)).pop() ?? null;
    const before: string | null = previous ? previous.announced_on : null;
    const projectId = t.project_id != null ? Number(t.project_id) : null;
    return {
      tender: {
        id: Number(t.id),
        round: Number(t.round),
        title: t.title,
        awardCriteria: t.award_criteria,
        announcedOn: t.announced_on,
        bidDeadline: t.bid_deadline,
        openedOn: t.opened_on ?? null,
        reservePriceYen: num(t.reserve_price_yen),
        contractStart: t.contract_start,
        contractEnd: t.contract_end,
        status: t.status,
        contractAmountYen: num(t.contract_amount_yen),
        negotiatedAfterFailure: toBoolean(t.negotiated_after_failure),
        outcomeNote: t.outcome_note ?? null,
        bidCount: Number(t.bid_count),
        createdAt: toInstant(t.created_at),
        updatedAt: toInstant(t.updated_at),
      },
      buyer:
        projectId != null
          ? { kind: 'ministry', code: t.ministry_code, name: t.ministry_name }
          : { kind: 'municipality', code: t.municipality_code, name: t.municipality_name },
      subject:
        projectId != null
          ? { name: t.project_name, summary: t.project_summary, method: t.project_method, category: t.project_category }
          : { name: t.pilot_title, summary: t.pilot_summary ?? null, method: null, category: null },
      previous: previous ? { id: Number(previous.id), title: previous.title, status: previous.status } : null,
      bids: isOpened(t.status) ? (bidsBy.get(Number(t.id)) ?? []) : [],
      evaluations: evaluationsBy.get(Number(t.id)) ?? [],
      milestones:
        projectId == null
          ? []
          : (milestonesBy.get(projectId) ?? []).filter((m) => m.occurredOn <= t.announced_on && (before === null || m.occurredOn > before)),
      policyEntries: projectId == null ? [] : (entriesBy.get(projectId) ?? []).filter((e) => e.decidedOn <= t.announced_on),
    };
  });
}
