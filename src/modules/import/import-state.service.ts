import type { Knex } from '@mikro-orm/knex';
import { inSlices } from '../../core/db/in-slices.js';
import { toBoolean, toInstant } from '../../core/db/row-values.js';
import { BidderModel, BidModel, ImportWorld, ProjectModel, TenderModel, type MinistryRef } from './import-world.model.js';

/** Keys a file refers to, so only the rows it may touch are loaded. */
export interface ImportNeeds {
  ministries: string[];
  /** (府省, 事業名, 回次) of rounds whose bids matter (tenders and bids tables). */
  rounds: { ministry: string; projectName: string; round: number }[];
  corporateNumbers: string[];
  bidderNames: string[];
}

const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Row = Record<string, unknown>;

function bidderOf(row: Row, prefix = ''): BidderModel {
  return new BidderModel(
    Number(row[`${prefix}id`]),
    {
      name: String(row[`${prefix}name`]),
      corporateNumber: (row[`${prefix}corporate_number`] as string | null) ?? null,
      kind: row[`${prefix}kind`] as BidderModel['current']['kind'],
    },
    false,
  );
}

/**
 * Reads, inside the import's transaction, the services of the ministries the file names,
 * all their rounds, the bids of the rounds it names, and the bidders it names or that bid
 * in those rounds.
 */
export async function loadWorld(db: Knex | Knex.Transaction, needs: ImportNeeds): Promise<ImportWorld> {
  const ministries = ((await db('ministry').select('id', 'code', 'name').orderBy('id')) as Row[]).map((r): MinistryRef => ({
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
  }));
  const world = new ImportWorld(ministries);
  const ministryIds = [...new Set(needs.ministries.map((m) => world.ministry(m)?.id).filter((id): id is number => id !== undefined))];
  const byId = new Map(ministries.map((m) => [m.id, m]));

  const projectRows = (await inSlices(ministryIds, (ids) =>
    db('target_project')
      .select('id', 'ministry_id', 'name', 'summary', 'category', 'method', 'baseline_annual_cost_yen', 'status', 'version', 'kana')
      .whereIn('ministry_id', ids)
      .orderBy('id'),
  )) as Row[];
  const projects = new Map<number, ProjectModel>();
  for (const r of projectRows) {
    const project = new ProjectModel(
      Number(r.id),
      byId.get(Number(r.ministry_id))!,
      {
        name: String(r.name),
        summary: String(r.summary),
        category: r.category as ProjectModel['current']['category'],
        method: r.method as ProjectModel['current']['method'],
        baselineAnnualCostYen: Number(r.baseline_annual_cost_yen),
        status: r.status as ProjectModel['current']['status'],
        version: Number(r.version),
        kana: r.kana == null ? null : String(r.kana),
      },
      false,
    );
    projects.set(project.id!, project);
    world.addProject(project);
  }

  const tenderRows = (await inSlices(ministryIds, (ids) =>
    db('tender as t')
      .join('target_project as p', 'p.id', 't.project_id')
      .whereIn('p.ministry_id', ids)
      .select('t.*')
      .orderBy([{ column: 't.project_id' }, { column: 't.round' }]),
  )) as Row[];
  const tenders = new Map<number, TenderModel>();
  for (const r of tenderRows) {
    const project = projects.get(Number(r.project_id))!;
    const tender = new TenderModel(
      Number(r.id),
      project,
      {
        round: Number(r.round),
        title: String(r.title),
        awardCriteria: r.award_criteria as TenderModel['current']['awardCriteria'],
        announcedOn: String(r.announced_on),
        bidDeadline: String(r.bid_deadline),
        openedOn: (r.opened_on as string | null) ?? null,
        reservePriceYen: nullableNumber(r.reserve_price_yen),
        contractStart: String(r.contract_start),
        contractEnd: String(r.contract_end),
        status: r.status as TenderModel['current']['status'],
        contractAmountYen: nullableNumber(r.contract_amount_yen),
        negotiatedAfterFailure: toBoolean(r.negotiated_after_failure),
        outcomeNote: (r.outcome_note as string | null) ?? null,
        version: Number(r.version),
        bidCount: Number(r.bid_count),
      },
      false,
    );
    project.tenders.push(tender);
    tenders.set(tender.id!, tender);
  }

  const wanted = new Set<number>();
  for (const need of needs.rounds) {
    const ministry = world.ministry(need.ministry);
    if (!ministry) continue;
    for (const project of world.projectsNamed(ministry.id, need.projectName)) {
      const tender = project.tenders.find((t) => t.current.round === need.round);
      if (tender) wanted.add(tender.id!);
    }
  }
  const bidRows = (await inSlices([...wanted], (ids) =>
    db('bid as b')
      .join('bidder as d', 'd.id', 'b.bidder_id')
      .whereIn('b.tender_id', ids)
      .select(
        'b.id',
        'b.tender_id',
        'b.amount_yen',
        'b.technical_score',
        'b.total_score',
        'b.status',
        'b.submitted_at',
        'd.id as d_id',
        'd.name as d_name',
        'd.corporate_number as d_corporate_number',
        'd.kind as d_kind',
      )
      .orderBy('b.id'),
  )) as Row[];
  const bidders = new Map<number, BidderModel>();
  const bidderModel = (row: Row, prefix: string): BidderModel => {
    const id = Number(row[`${prefix}id`]);
    let bidder = bidders.get(id);
    if (!bidder) {
      bidder = world.addBidder(bidderOf(row, prefix));
      bidders.set(id, bidder);
    }
    return bidder;
  };
  for (const r of bidRows) {
    const tender = tenders.get(Number(r.tender_id))!;
    const bid = new BidModel(
      Number(r.id),
      tender,
      bidderModel(r, 'd_'),
      {
        amountYen: Number(r.amount_yen),
        technicalScore: nullableNumber(r.technical_score),
        totalScore: nullableNumber(r.total_score),
        status: r.status as BidModel['current']['status'],
        submittedAt: toInstant(r.submitted_at),
      },
      false,
    );
    tender.bids.push(bid);
  }

  const named = [
    ...(await inSlices(needs.corporateNumbers, (slice) =>
      db('bidder')
        .select('id', 'name', 'corporate_number', 'kind')
        .whereIn('corporate_number', slice as string[]),
    )),
    ...(await inSlices(needs.bidderNames, (slice) =>
      db('bidder')
        .select('id', 'name', 'corporate_number', 'kind')
        .whereIn('name', slice as string[]),
    )),
  ] as Row[];
  for (const r of named) bidderModel(r, '');
  return world;
}
