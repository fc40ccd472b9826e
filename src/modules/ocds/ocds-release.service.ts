import { todayInJapan } from '../../core/calendar/fiscal-year.js';
import { isOpened } from '../seal/seal.service.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import { CompetitionMethod, GuidelineMilestoneKind, type TargetProjectCategory } from '../project/project.enum.js';
import { AWARD_CRITERIA_LABELS, CATEGORY_LABELS, labelOf, METHOD_LABELS } from '../tables/labels.constants.js';
import { ocidOf } from './ocds.constants.js';
import type { OcdsBid, ProcessData } from './ocds-data.service.js';

/**
 * An OCDS release (release-schema.json); sections are plain JSON. They speak OCDS's own
 * vocabulary (tenderPeriod, value, procurementMethod…), not the round's, so they are
 * written out here from the round's values (ProcessData) rather than derived from them.
 */
export interface Release {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  [section: string]: unknown;
}

type Json = Record<string, unknown>;

const JPY = (amount: number) => ({ amount, currency: 'JPY' });
/** A calendar day in Japan as an OCDS date-time (the start of the day, JST). */
const dayStart = (day: string) => `${day}T00:00:00+09:00`;
const dayEnd = (day: string) => `${day}T23:59:59+09:00`;
/** Release dates carry offsets (JST days, UTC instants): compare them as instants. */
export const byDate = (a: { date: string }, b: { date: string }) => Date.parse(a.date) - Date.parse(b.date);

/** OCDS bid status (bids extension, bidStatus.csv) of our bid statuses. */
const BID_STATUS: Record<BidStatus, string> = {
  [BidStatus.SUBMITTED]: 'pending',
  [BidStatus.VALID]: 'valid',
  [BidStatus.WON]: 'valid',
  [BidStatus.LOST]: 'valid',
  [BidStatus.INVALID]: 'disqualified',
  [BidStatus.WITHDRAWN]: 'withdrawn',
};

const MILESTONE_TYPE: Record<GuidelineMilestoneKind, string> = {
  [GuidelineMilestoneKind.DRAFT_PREPARED]: 'preProcurement',
  [GuidelineMilestoneKind.PUBLIC_COMMENT_OPENED]: 'engagement',
  [GuidelineMilestoneKind.PUBLIC_COMMENT_CLOSED]: 'engagement',
  [GuidelineMilestoneKind.SUBCOMMITTEE_REVIEWED]: 'approval',
  [GuidelineMilestoneKind.COMMITTEE_APPROVED]: 'approval',
  [GuidelineMilestoneKind.GUIDELINES_FIXED]: 'preProcurement',
};

const MILESTONE_TITLE: Record<GuidelineMilestoneKind, string> = {
  [GuidelineMilestoneKind.DRAFT_PREPARED]: '実施要項（案）作成',
  [GuidelineMilestoneKind.PUBLIC_COMMENT_OPENED]: '実施要項（案）意見募集開始',
  [GuidelineMilestoneKind.PUBLIC_COMMENT_CLOSED]: '実施要項（案）意見募集終了',
  [GuidelineMilestoneKind.SUBCOMMITTEE_REVIEWED]: '入札監理小委員会審議',
  [GuidelineMilestoneKind.COMMITTEE_APPROVED]: '監理委員会了承',
  [GuidelineMilestoneKind.GUIDELINES_FIXED]: '実施要項決定',
};

function bidderPartyId(bidder: OcdsBid['bidder']): string {
  // JP-JCN: the org-id.guide scheme for Japan's corporate number (法人番号).
  return bidder.corporateNumber ? `JP-JCN-${bidder.corporateNumber}` : `bidder-${bidder.id}`;
}

/**
 * Parties of a process, each with every role it has in the process: releases carry the
 * same party object wherever it appears, so merging them (roles are a list that replaces)
 * keeps every role.
 */
function partiesOf(p: ProcessData): { buyer: Json; byBid: Map<number, Json>; all: Json[] } {
  const buyer: Json =
    p.buyer.kind === 'ministry'
      ? { id: `ministry-${p.buyer.code}`, name: p.buyer.name, roles: ['buyer', 'procuringEntity'] }
      : {
          id: `municipality-${p.buyer.code}`,
          name: p.buyer.name,
          roles: ['buyer', 'procuringEntity'],
          details: { localGovernmentCode: p.buyer.code },
        };
  const byBid = new Map<number, Json>();
  const byId = new Map<string, Json>();
  for (const bid of p.bids) {
    const id = bidderPartyId(bid.bidder);
    const party = byId.get(id) ?? {
      id,
      name: bid.bidder.name,
      ...(bid.bidder.corporateNumber
        ? { identifier: { scheme: 'JP-JCN', id: bid.bidder.corporateNumber, legalName: bid.bidder.name } }
        : {}),
      roles: ['tenderer'],
    };
    if (bid.status === BidStatus.WON) party.roles = ['tenderer', 'supplier'];
    byId.set(id, party);
    byBid.set(bid.id, party);
  }
  return { buyer, byBid, all: [buyer, ...byId.values()] };
}

const ref = (party: Json) => ({ id: party.id, name: party.name });

function planning(p: ProcessData): Json | null {
  const rationale = p.policyEntries.map((e) => `${e.policyTitle}: ${e.action}${e.notes ? `（${e.notes}）` : ''}`).join(' / ');
  const milestones = p.milestones.map((m) => ({
    id: `guideline-${m.id}`,
    title: MILESTONE_TITLE[m.kind as GuidelineMilestoneKind] ?? m.kind,
    type: MILESTONE_TYPE[m.kind as GuidelineMilestoneKind] ?? 'preProcurement',
    code: m.kind,
    ...(m.note ? { description: m.note } : {}),
    dateMet: dayStart(m.occurredOn),
    status: 'met',
  }));
  if (!rationale && !milestones.length) return null;
  return { ...(rationale ? { rationale } : {}), ...(milestones.length ? { milestones } : {}) };
}

/**
 * The tender section. The reserve price (予定価格, the ceiling a bid may not exceed: OCDS
 * tender.value), the number of tenderers and the tenderers themselves are sealed until the
 * round is opened (seal.service): they appear only in the release of an opened round's
 * outcome (`outcome`), and only for an AWARDED or UNSUCCESSFUL round, whoever asks,
 * because an export is a public document.
 */
function tenderSection(p: ProcessData, status: string, parties: ReturnType<typeof partiesOf>, outcome = false): Json {
  const t = p.tender;
  const method = p.subject.method ? labelOf(METHOD_LABELS, p.subject.method as CompetitionMethod) : '地方公共団体の競争入札';
  const section: Json = {
    id: `tender-${t.id}`,
    title: t.title,
    ...(p.subject.summary ? { description: p.subject.summary } : {}),
    status,
    procuringEntity: ref(parties.buyer),
    items: [
      {
        id: '1',
        description: p.subject.name,
        ...(p.subject.category
          ? {
              classification: {
                scheme: 'MTT-CATEGORY',
                id: p.subject.category,
                description: labelOf(CATEGORY_LABELS, p.subject.category as TargetProjectCategory),
              },
            }
          : {}),
      },
    ],
    procurementMethod: t.negotiatedAfterFailure ? 'direct' : 'open',
    procurementMethodDetails: t.negotiatedAfterFailure ? `${method}（不落随意契約）` : method,
    ...(t.negotiatedAfterFailure ? { procurementMethodRationale: '予算決算及び会計令第99条の2（不落随意契約）' } : {}),
    mainProcurementCategory: 'services',
    awardCriteria: t.awardCriteria === AwardCriteria.RATED ? 'ratedCriteria' : 'priceOnly',
    awardCriteriaDetails: labelOf(AWARD_CRITERIA_LABELS, t.awardCriteria),
    tenderPeriod: { startDate: dayStart(t.announcedOn), endDate: dayEnd(t.bidDeadline) },
    contractPeriod: { startDate: dayStart(t.contractStart), endDate: dayEnd(t.contractEnd) },
  };
  if (outcome && isOpened(t.status)) {
    if (t.reservePriceYen != null) section.value = JPY(t.reservePriceYen);
    section.numberOfTenderers = t.bidCount;
    section.tenderers = [...new Set(p.bids.filter((b) => b.status !== BidStatus.WITHDRAWN).map((b) => parties.byBid.get(b.id)!))].map(ref);
    if (t.openedOn) section.awardPeriod = { startDate: dayStart(t.openedOn), endDate: dayStart(t.openedOn) };
  }
  return section;
}

/** Bids extension: statistics and each bid, for an opened round only. */
function bidsSection(p: ProcessData, parties: ReturnType<typeof partiesOf>): Json {
  const counted = p.bids.filter((b) => b.status !== BidStatus.WITHDRAWN);
  const valid = p.bids.filter((b) => [BidStatus.WON, BidStatus.LOST, BidStatus.VALID].includes(b.status as BidStatus));
  const statistics: Json[] = [
    { id: '1', measure: 'bids', value: counted.length },
    { id: '2', measure: 'validBids', value: valid.length },
  ];
  if (valid.length) {
    const amounts = valid.map((b) => b.amountYen);
    statistics.push({ id: '3', measure: 'lowestValidBidValue', value: Math.min(...amounts), currency: 'JPY' });
    statistics.push({ id: '4', measure: 'highestValidBidValue', value: Math.max(...amounts), currency: 'JPY' });
  }
  return {
    statistics,
    details: p.bids.map((b) => ({
      id: `bid-${b.id}`,
      date: b.submittedAt.toISOString(),
      status: BID_STATUS[b.status as BidStatus],
      tenderers: [ref(parties.byBid.get(b.id)!)],
      value: JPY(b.amountYen),
    })),
  };
}

function contractStatus(start: string, end: string, today: string): string {
  if (today < start) return 'pending';
  return today > end ? 'terminated' : 'active';
}

/**
 * The releases of one contracting process (one round), oldest first: planning (a round not
 * yet announced), the tender notice, its cancellation, the unsuccessful opening (不調), the
 * award, the contract, and one implementation release per evaluation of the contract.
 * A round after an earlier one points back to it in relatedProcesses: `unsuccessfulProcess`
 * after a failed round (不調・不落), `prior` otherwise.
 */
export function releasesOf(p: ProcessData, today = todayInJapan()): Release[] {
  const t = p.tender;
  const ocid = ocidOf(t.id);
  const parties = partiesOf(p);
  const common = (suffix: string, date: string, tag: string[]): Release => ({
    ocid,
    id: `${ocid}-${suffix}`,
    date,
    tag,
    initiationType: 'tender',
    language: 'ja',
    buyer: ref(parties.buyer),
    ...(p.previous
      ? {
          relatedProcesses: [
            {
              id: '1',
              relationship: [p.previous.status === TenderStatus.UNSUCCESSFUL ? 'unsuccessfulProcess' : 'prior'],
              title: p.previous.title,
              scheme: 'ocid',
              identifier: ocidOf(p.previous.id),
            },
          ],
        }
      : {}),
  });
  const plan = planning(p);
  const releases: Release[] = [];
  const cancelledOn = t.updatedAt.toISOString();
  const announced =
    t.status !== TenderStatus.PLANNED &&
    (t.status !== TenderStatus.CANCELLED || Date.parse(dayStart(t.announcedOn)) <= t.updatedAt.getTime());
  if (!announced) {
    releases.push({
      ...common('planning', t.createdAt.toISOString(), ['planning']),
      parties: [parties.buyer],
      ...(plan ? { planning: plan } : {}),
      tender: tenderSection(p, 'planned', parties),
    });
  } else {
    releases.push({
      ...common('tender', dayStart(t.announcedOn), ['tender']),
      parties: [parties.buyer],
      ...(plan ? { planning: plan } : {}),
      tender: tenderSection(p, 'active', parties),
    });
  }
  if (t.status === TenderStatus.CANCELLED) {
    const tender = tenderSection(p, 'cancelled', parties);
    if (t.outcomeNote)
      tender.documents = [{ id: 'cancellation', documentType: 'cancellationDetails', title: '中止理由', description: t.outcomeNote }];
    releases.push({ ...common('cancellation', cancelledOn, ['tenderCancellation']), parties: [parties.buyer], tender });
  }
  const openedAt = t.openedOn ? dayStart(t.openedOn) : t.updatedAt.toISOString();
  if (t.status === TenderStatus.UNSUCCESSFUL) {
    const tender = tenderSection(p, 'unsuccessful', parties, true);
    if (t.outcomeNote)
      tender.documents = [{ id: 'outcome', documentType: 'evaluationReports', title: '不調・不落の理由', description: t.outcomeNote }];
    releases.push({ ...common('unsuccessful', openedAt, ['tenderUpdate']), parties: parties.all, tender, bids: bidsSection(p, parties) });
  }
  const winner = p.bids.find((b) => b.status === BidStatus.WON);
  if (t.status === TenderStatus.AWARDED && winner) {
    const supplier = parties.byBid.get(winner.id)!;
    const award = {
      id: `award-${t.id}`,
      title: t.title,
      status: 'active',
      date: openedAt,
      value: JPY(winner.amountYen),
      suppliers: [ref(supplier)],
      contractPeriod: { startDate: dayStart(t.contractStart), endDate: dayEnd(t.contractEnd) },
      relatedBid: `bid-${winner.id}`,
      ...(winner.totalScore != null ? { description: `総合評価点 ${winner.totalScore}` } : {}),
    };
    releases.push({
      ...common('award', openedAt, ['award']),
      parties: parties.all,
      tender: tenderSection(p, 'complete', parties, true),
      bids: bidsSection(p, parties),
      awards: [award],
    });
    const contract = {
      id: `contract-${t.id}`,
      awardID: award.id,
      title: t.title,
      status: contractStatus(t.contractStart, t.contractEnd, today),
      period: { startDate: dayStart(t.contractStart), endDate: dayEnd(t.contractEnd) },
      value: JPY(t.contractAmountYen ?? winner.amountYen),
    };
    releases.push({
      ...common('contract', openedAt, ['contract']),
      parties: [parties.buyer, supplier],
      awards: [award],
      contracts: [contract],
    });
    for (const e of p.evaluations) {
      const milestones = [
        ...e.qualityTargets.map((q, i) => ({
          id: `evaluation-${e.id}-quality-${i + 1}`,
          title: q.indicator,
          type: 'assessment',
          description: `目標: ${q.target} / 実績: ${q.actual}`,
          status: q.achieved ? 'met' : 'notMet',
          ...(q.achieved ? { dateMet: dayStart(e.decidedOn) } : {}),
        })),
        {
          id: `evaluation-${e.id}`,
          title: '実施状況の評価（官民競争入札等監理委員会）',
          type: 'assessment',
          code: e.decision,
          description: `${e.summary}${e.seriousProblems ? '（重大な問題あり）' : ''}`,
          status: 'met',
          dateMet: dayStart(e.decidedOn),
        },
      ];
      releases.push({
        ...common(`implementation-${e.id}`, dayStart(e.decidedOn), ['implementation']),
        contracts: [{ id: contract.id, awardID: award.id, implementation: { milestones } }],
      });
    }
  }
  return releases.sort(byDate);
}
