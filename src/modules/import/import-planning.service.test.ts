import { describe, expect, it } from 'vitest';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import { AwardCriteria, BidderKind, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import { planBids } from './bid-import.service.js';
import { BidderModel, BidModel, ImportWorld, ProjectModel, TenderModel, type TenderData } from './import-world.model.js';
import { RowProblems } from './import-rules.service.js';
import type { BidRecord, ProjectRecord, TenderRecord } from './import-records.model.js';
import { planProjects } from './project-import.service.js';
import { planTenders } from './tender-import.service.js';

/**
 * The rules an import applies, on an in-memory world (no database): every expectation is
 * the API's rule for the same data (docs/domain.md, docs/api.md), written out by hand.
 */
const ADMIN: Viewer = { role: Role.ADMIN, tokenId: 1, name: 'admin', ministryId: null, municipalityId: null };
const MOJ_TOKEN: Viewer = { role: Role.MINISTRY, tokenId: 2, name: 'moj', ministryId: 1, municipalityId: null };
const MOJ = { id: 1, code: 'MOJ', name: '法務省' };
const MHLW = { id: 2, code: 'MHLW', name: '厚生労働省' };
const A = '9010401100001';
const B = '9020001200002';

function world(status = TargetProjectStatus.TENDERING): { world: ImportWorld; project: ProjectModel } {
  const w = new ImportWorld([MOJ, MHLW]);
  const project = w.addProject(
    new ProjectModel(
      10,
      MOJ,
      {
        name: '窓口業務',
        summary: 's',
        category: TargetProjectCategory.COUNTER_SERVICE,
        method: CompetitionMethod.PRIVATE,
        baselineAnnualCostYen: 1e9,
        status,
        version: 3,
        kana: null,
      },
      false,
    ),
  );
  return { world: w, project };
}

const TERMS: Omit<TenderData, 'round' | 'status'> = {
  title: '第1回',
  awardCriteria: AwardCriteria.LOWEST_PRICE,
  announcedOn: '2024-04-01',
  bidDeadline: '2024-05-01',
  openedOn: null,
  reservePriceYen: 300_000_000,
  contractStart: '2024-07-01',
  contractEnd: '2027-06-30',
  contractAmountYen: null,
  negotiatedAfterFailure: false,
  outcomeNote: null,
  version: 1,
  bidCount: 0,
};

function addRound(project: ProjectModel, round: number, status: TenderStatus, extra: Partial<TenderData> = {}): TenderModel {
  const tender = new TenderModel(100 + round, project, { ...TERMS, round, status, ...extra }, false);
  project.tenders.push(tender);
  return tender;
}

function addBid(
  w: ImportWorld,
  tender: TenderModel,
  name: string,
  number: string | null,
  amountYen: number,
  status: BidStatus,
  totalScore: number | null = null,
): BidModel {
  const bidder =
    w.bidderByNumber(number ?? '') ??
    w.biddersNamed(name)[0] ??
    w.addBidder(new BidderModel(w.bidders.length + 1, { name, corporateNumber: number, kind: BidderKind.PRIVATE }, false));
  const bid = new BidModel(
    1000 + tender.bids.length,
    tender,
    bidder,
    { amountYen, technicalScore: null, totalScore, status, submittedAt: new Date() },
    false,
  );
  tender.bids.push(bid);
  return bid;
}

const tenderRow = (over: Partial<TenderRecord>): TenderRecord => ({
  row: 2,
  ministry: 'MOJ',
  projectName: '窓口業務',
  round: 1,
  title: '第1回',
  awardCriteria: AwardCriteria.LOWEST_PRICE,
  announcedOn: '2024-04-01',
  bidDeadline: '2024-05-01',
  openedOn: null,
  reservePriceYen: 300_000_000,
  contractStart: '2024-07-01',
  contractEnd: '2027-06-30',
  status: null,
  winnerName: null,
  winnerCorporateNumber: null,
  winningAmountYen: null,
  contractAmountYen: null,
  negotiatedAfterFailure: null,
  outcomeNote: null,
  ...over,
});

const bidRow = (over: Partial<BidRecord>): BidRecord => ({
  row: 2,
  ministry: 'MOJ',
  projectName: '窓口業務',
  round: 1,
  bidderName: 'A社',
  corporateNumber: A,
  amountYen: 250_000_000,
  technicalScore: null,
  totalScore: null,
  result: null,
  bidderKind: null,
  ...over,
});

const problemsOf = () => new RowProblems({});

describe('planTenders: historical rounds', () => {
  it("records a past round straight as AWARDED, its winner's bid from 落札者 and 落札金額", () => {
    const { world: w, project } = world(TargetProjectStatus.IN_OPERATION);
    const problems = problemsOf();
    planTenders(
      w,
      [
        tenderRow({
          status: TenderStatus.AWARDED,
          openedOn: '2024-05-08',
          winnerName: 'A社',
          winnerCorporateNumber: A,
          winningAmountYen: 280_000_000,
        }),
      ],
      ADMIN,
      problems,
    );
    expect(problems.list).toEqual([]);
    const round = project.tenders[0];
    expect(round.isNew).toBe(true);
    expect(round.current).toMatchObject({ status: 'AWARDED', contractAmountYen: 280_000_000, openedOn: '2024-05-08', bidCount: 1 });
    expect(
      round.bids.map((b) => [
        b.bidder.current.name,
        b.bidder.current.corporateNumber,
        b.bidder.current.kind,
        b.current.amountYen,
        b.current.status,
      ]),
    ).toEqual([['A社', A, 'PRIVATE', 280_000_000, 'WON']]);
  });

  it("registers a winner without 法人番号 as the public sector's own bid (官側応札)", () => {
    const { world: w, project } = world(TargetProjectStatus.EXITED);
    const problems = problemsOf();
    planTenders(
      w,
      [tenderRow({ status: TenderStatus.AWARDED, winnerName: '法務省（官側）', winningAmountYen: 200_000_000 })],
      ADMIN,
      problems,
    );
    expect(problems.list).toEqual([]);
    expect(project.tenders[0].bids[0].bidder.current.kind).toBe('PUBLIC_SECTOR');
  });

  it('refuses an award above the reserve price', () => {
    const { world: w } = world(TargetProjectStatus.IN_OPERATION);
    const problems = problemsOf();
    planTenders(
      w,
      [tenderRow({ status: TenderStatus.AWARDED, winnerName: 'A社', winnerCorporateNumber: A, winningAmountYen: 300_000_001 })],
      ADMIN,
      problems,
    );
    expect(problems.list.map((p) => p.reason)).toEqual([expect.stringMatching(/^AWARD_RULE: 300,000,001 yen is above the reserve price/)]);
  });

  it("refuses a winner that is not among the round's bidders", () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.CLOSED);
    addBid(w, round, 'A社', A, 250_000_000, BidStatus.VALID);
    const problems = problemsOf();
    planTenders(
      w,
      [tenderRow({ status: TenderStatus.AWARDED, winnerName: 'B社', winnerCorporateNumber: B, winningAmountYen: 240_000_000 })],
      ADMIN,
      problems,
    );
    expect(problems.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^AWARD_RULE: the winner must be one of the round's 1 bidders/),
    ]);
  });

  it('awards a closed round as awardTender does: the winner WON, the others LOST, a bid above the reserve INVALID', () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.CLOSED);
    const a = addBid(w, round, 'A社', A, 250_000_000, BidStatus.VALID);
    const b = addBid(w, round, 'B社', B, 260_000_000, BidStatus.VALID);
    const c = addBid(w, round, 'C社', null, 310_000_000, BidStatus.SUBMITTED);
    const problems = problemsOf();
    planTenders(
      w,
      [tenderRow({ status: TenderStatus.AWARDED, winnerName: 'A社', winnerCorporateNumber: A, winningAmountYen: 250_000_000 })],
      ADMIN,
      problems,
    );
    expect(problems.list).toEqual([]);
    expect([a, b, c].map((x) => x.current.status)).toEqual(['WON', 'LOST', 'INVALID']);
    expect(project.current.status).toBe('TENDERING');
  });

  it('refuses an award to a bid the lowest-price rule would not pick', () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.CLOSED);
    addBid(w, round, 'A社', A, 250_000_000, BidStatus.VALID);
    addBid(w, round, 'B社', B, 240_000_000, BidStatus.VALID);
    const problems = problemsOf();
    planTenders(
      w,
      [tenderRow({ status: TenderStatus.AWARDED, winnerName: 'A社', winnerCorporateNumber: A, winningAmountYen: 250_000_000 })],
      ADMIN,
      problems,
    );
    expect(problems.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^AWARD_RULE: LOWEST_PRICE .* B社 \(240,000,000 yen\) is lower than the winner's \(250,000,000 yen\)/),
    ]);
  });

  it('refuses to move an AWARDED round back to OPEN (the lifecycle)', () => {
    const { world: w, project } = world(TargetProjectStatus.IN_OPERATION);
    const round = addRound(project, 1, TenderStatus.AWARDED, { contractAmountYen: 250_000_000 });
    addBid(w, round, 'A社', A, 250_000_000, BidStatus.WON);
    const problems = problemsOf();
    planTenders(w, [tenderRow({ status: TenderStatus.OPEN })], ADMIN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual([
      'INVALID_TRANSITION: 「落札」から「公告中」へは移せません。最後の状態で、ここからは移せません（a tender round cannot move from AWARDED to OPEN; allowed next: none (final state)）',
    ]);
  });

  it('moves a round several steps along its lifecycle at once (OPEN to UNSUCCESSFUL), declaring its bids invalid', () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.OPEN);
    const a = addBid(w, round, 'A社', A, 250_000_000, BidStatus.VALID);
    const problems = problemsOf();
    planTenders(w, [tenderRow({ status: TenderStatus.UNSUCCESSFUL, openedOn: '2024-05-08' })], ADMIN, problems);
    expect(problems.list).toEqual([]);
    expect(round.current.status).toBe('UNSUCCESSFUL');
    expect(a.current.status).toBe('INVALID');
  });

  it('keeps rounds in order: round 3 cannot come before round 2, nor a new round while one is under way', () => {
    const { world: w, project } = world();
    addRound(project, 1, TenderStatus.OPEN);
    const problems = problemsOf();
    planTenders(w, [tenderRow({ round: 3, status: TenderStatus.PLANNED })], ADMIN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual(['INVALID_STATE: rounds follow on: the next round of this service is 2']);
    const again = problemsOf();
    planTenders(w, [tenderRow({ round: 2, status: TenderStatus.PLANNED })], ADMIN, again);
    expect(again.list.map((p) => p.reason)).toEqual(['INVALID_STATE: round 1 is still OPEN: record its outcome first']);
  });

  it('needs a TENDERING service for a round under way, and a service in operation whose latest round was awarded', () => {
    const { world: w } = world(TargetProjectStatus.GUIDELINES_DRAFTING);
    const problems = problemsOf();
    planTenders(w, [tenderRow({ status: TenderStatus.OPEN })], ADMIN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^INVALID_STATE: the service is GUIDELINES_DRAFTING: a round under way needs it TENDERING/),
    ]);
    const inOperation = world(TargetProjectStatus.IN_OPERATION);
    const second = problemsOf();
    planTenders(inOperation.world, [tenderRow({ status: TenderStatus.UNSUCCESSFUL })], ADMIN, second);
    expect(second.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(
        /^INVALID_STATE: a service that is IN_OPERATION got there by an award, but its latest round \(1\) is UNSUCCESSFUL/,
      ),
    ]);
  });

  it("refuses another ministry's rows for a MINISTRY token", () => {
    const { world: w } = world();
    const problems = problemsOf();
    planTenders(w, [tenderRow({ ministry: '厚生労働省' })], MOJ_TOKEN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^FORBIDDEN: このトークンはほかの府省のものです（your token may not import records of MHLW/),
    ]);
  });
});

describe('planBids', () => {
  it('records a bid above the reserve as INVALID and one within it as VALID (statusOnReceipt)', () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.OPEN);
    const problems = problemsOf();
    planBids(
      w,
      [bidRow({ amountYen: 300_000_000 }), bidRow({ row: 3, bidderName: 'B社', corporateNumber: B, amountYen: 300_000_001 })],
      ADMIN,
      problems,
      { registerBidders: true },
    );
    expect(problems.list).toEqual([]);
    expect(round.bids.map((b) => [b.current.amountYen, b.current.status])).toEqual([
      [300_000_000, 'VALID'],
      [300_000_001, 'INVALID'],
    ]);
    expect(round.current.bidCount).toBe(2);
  });

  it('refuses a second bid of one bidder in a round, and a bid marked 有効 above the reserve', () => {
    const { world: w, project } = world();
    addRound(project, 1, TenderStatus.OPEN);
    const problems = problemsOf();
    planBids(
      w,
      [
        bidRow({}),
        bidRow({ row: 3, amountYen: 240_000_000 }),
        bidRow({ row: 4, bidderName: 'B社', corporateNumber: B, amountYen: 310_000_000, result: BidStatus.VALID }),
      ],
      ADMIN,
      problems,
      { registerBidders: true },
    );
    expect(problems.list.map((p) => [p.row, p.reason.split(':')[0]])).toEqual([
      [3, 'DUPLICATE'],
      [4, 'AWARD_RULE'],
    ]);
  });

  it('adds the other bids of a past award, and refuses a second winner or a lower losing bid', () => {
    const { world: w, project } = world(TargetProjectStatus.IN_OPERATION);
    const round = addRound(project, 1, TenderStatus.AWARDED, { contractAmountYen: 250_000_000 });
    addBid(w, round, 'A社', A, 250_000_000, BidStatus.WON);
    const ok = problemsOf();
    planBids(w, [bidRow({}), bidRow({ row: 3, bidderName: 'B社', corporateNumber: B, amountYen: 270_000_000 })], ADMIN, ok);
    expect(ok.list).toEqual([]);
    expect(round.bids.map((b) => b.current.status)).toEqual(['WON', 'LOST']);

    const second = world(TargetProjectStatus.IN_OPERATION);
    const r2 = addRound(second.project, 1, TenderStatus.AWARDED, { contractAmountYen: 250_000_000 });
    addBid(second.world, r2, 'A社', A, 250_000_000, BidStatus.WON);
    const refused = problemsOf();
    planBids(
      second.world,
      [
        bidRow({ row: 2, bidderName: 'B社', corporateNumber: B, amountYen: 240_000_000 }),
        bidRow({ row: 3, bidderName: 'C社', corporateNumber: null, result: BidStatus.WON }),
      ],
      ADMIN,
      refused,
    );
    expect(refused.list.map((p) => [p.row, p.reason.split(':')[0]]).sort()).toEqual([
      [2, 'AWARD_RULE'],
      [3, 'AWARD_RULE'],
    ]);
  });

  it('needs the total score in a RATED round, as recordBid does', () => {
    const { world: w, project } = world();
    addRound(project, 1, TenderStatus.OPEN, { awardCriteria: AwardCriteria.RATED });
    const problems = problemsOf();
    planBids(w, [bidRow({}), bidRow({ row: 3, bidderName: 'B社', corporateNumber: B, totalScore: 950.5 })], ADMIN, problems, {
      registerBidders: true,
    });
    expect(problems.list.map((p) => [p.row, p.reason])).toEqual([[2, "VALIDATION: a RATED round needs the bid's totalScore (総合評価点)"]]);
  });

  it('registers no bidder through a round still sealed unless asked to, and then publicly', () => {
    const { world: w, project } = world();
    const round = addRound(project, 1, TenderStatus.OPEN);
    const refused = problemsOf();
    planBids(w, [bidRow({}), bidRow({ row: 3, bidderName: 'B社', corporateNumber: B })], ADMIN, refused);
    expect(refused.list.map((p) => [p.row, p.reason.split(':')[0]])).toEqual([
      [2, 'NOT_FOUND'],
      [3, 'NOT_FOUND'],
    ]);
    expect(refused.list[0].reason).toMatch(/still sealed.*register the bidder first/);
    expect(round.bids).toEqual([]);
    const asked = problemsOf();
    planBids(w, [bidRow({})], ADMIN, asked, { registerBidders: true });
    expect(asked.list).toEqual([]);
    expect(round.bids.map((b) => b.bidder.isNew)).toEqual([true]);
  });

  it('takes no bids in a PLANNED round', () => {
    const { world: w, project } = world();
    addRound(project, 1, TenderStatus.PLANNED);
    const problems = problemsOf();
    planBids(w, [bidRow({})], ADMIN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual([expect.stringMatching(/^INVALID_STATE: the round is PLANNED/)]);
  });
});

describe('planProjects', () => {
  const projectRow = (over: Partial<ProjectRecord>): ProjectRecord => ({
    row: 2,
    ministry: 'MOJ',
    name: '窓口業務',
    summary: 's',
    category: TargetProjectCategory.COUNTER_SERVICE,
    method: CompetitionMethod.PRIVATE,
    baselineAnnualCostYen: 1e9,
    status: null,
    ...over,
  });

  it('leaves an unchanged row unchanged (idempotence) and changes a changed one', () => {
    const { world: w, project } = world();
    planProjects(w, [projectRow({})], ADMIN, problemsOf());
    expect(project.changed).toBe(false);
    planProjects(w, [projectRow({ summary: 'new' })], ADMIN, problemsOf());
    expect(project.changed).toBe(true);
  });

  it('moves a service to any state its lifecycle reaches, and never out of ABOLISHED', () => {
    const { world: w, project } = world(TargetProjectStatus.SELECTED);
    const problems = problemsOf();
    planProjects(w, [projectRow({ status: TargetProjectStatus.EXITED })], ADMIN, problems);
    expect(problems.list).toEqual([]);
    expect(project.current.status).toBe('EXITED');
    const abolished = world(TargetProjectStatus.ABOLISHED);
    const refused = problemsOf();
    planProjects(abolished.world, [projectRow({ status: TargetProjectStatus.TENDERING })], ADMIN, refused);
    expect(refused.list.map((p) => p.reason)).toEqual([
      'INVALID_TRANSITION: 「廃止」から「入札手続中」へは移せません。最後の状態で、ここからは移せません（a target service cannot move from ABOLISHED to TENDERING; allowed next: none (final state)）',
    ]);
  });

  it('refuses to take a service out of TENDERING while a round is under way', () => {
    const { world: w, project } = world();
    addRound(project, 1, TenderStatus.OPEN);
    const problems = problemsOf();
    planProjects(w, [projectRow({ status: TargetProjectStatus.GUIDELINES_DRAFTING })], ADMIN, problems);
    expect(problems.list.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^INVALID_STATE: round 1 is OPEN, so the service must be TENDERING/),
    ]);
  });
});
