import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  closeTender,
  createBidder,
  createOpenTender,
  createProject,
  createTender,
  createTenderingProject,
  evaluationInput,
  forceState,
  historyCount,
  mutate,
  mutateOk,
  openTender,
  projectInOperation,
  query,
  readPilot,
  readProject,
  readTender,
  recordBid,
  recordBidOk,
  registerPilot,
  runToTendering,
  tenderInput,
  transitionPilot,
  transitionProject,
  type Headers,
} from './support/factories.js';
import { monthsCountingBothEnds } from './support/calendar.js';
import { pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The life of a target service through the public API (docs/domain.md "TargetProject",
 * "Tender", "Evaluation", "LocalPilot", "BasicPolicy"): selection, guidelines, tendering,
 * award, evaluation and exit; failed rounds, negotiated contracts, cancellations; the
 * local-pilot lifecycle; basic-policy entries.
 */

let srv: TestServer;
let admin: Headers;
let moe: Headers;
let moj: Headers;
/** 千代田区 (131016) and 苫小牧市 (012131). */
let chiyoda: Headers;
let tomakomai: Headers;

beforeAll(async () => {
  srv = await startTestServer();
  admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
  moj = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).headers;
  chiyoda = (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '131016' })).headers;
  tomakomai = (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '012131' })).headers;
});
afterAll(() => srv?.stop());

/** Today's date in Japan (UTC+9, no daylight saving), as the server stamps 開札日. */
function todayInJapan(): string {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}

async function bidsOf(tenderId: string, headers: Headers = admin): Promise<Map<string, string>> {
  const data = await query(
    srv,
    `query($id: ID!) { node(id: $id) { ... on Tender { bids(first: 100) { nodes { id status } } } } }`,
    { id: tenderId },
    headers,
  );
  return new Map((data.node.bids.nodes as { id: string; status: string }[]).map((b) => [b.id, b.status]));
}

describe('a target service from selection to exit', () => {
  it('goes SELECTED → guidelines → TENDERING → award → IN_OPERATION → UNDER_EVALUATION → EXITED, one version per change', async () => {
    // Selection.
    const created = await mutate(
      srv,
      'createTargetProject',
      {
        ministryCode: 'MOE',
        name: '国立公園ビジターセンター運営業務',
        summary: '自然公園の利用者案内と施設管理',
        category: 'FACILITY_MANAGEMENT',
        method: 'PRIVATE',
        baselineAnnualCostYen: 120_000_000,
      },
      moe,
    );
    expect(created.userErrors).toEqual([]);
    const selected = created.value;
    expect(selected).toMatchObject({
      status: 'SELECTED',
      version: 1,
      name: '国立公園ビジターセンター運営業務',
      category: 'FACILITY_MANAGEMENT',
      method: 'PRIVATE',
      baselineAnnualCostYen: 120_000_000,
      ministry: { code: 'MOE' },
    });

    // Guidelines: drafting, milestones, public comment, fixed.
    const drafting = (await transitionProject(srv, moe, selected, 'GUIDELINES_DRAFTING')).value;
    expect(drafting).toMatchObject({ status: 'GUIDELINES_DRAFTING', version: 2 });
    const draft = await mutate(
      srv,
      'recordGuidelineMilestone',
      {
        projectId: selected.id,
        kind: 'DRAFT_PREPARED',
        occurredOn: '2025-10-01',
        note: '確保されるべき質・落札者評価基準・従来の実施状況の開示を記載',
      },
      moe,
    );
    expect(draft.userErrors).toEqual([]);
    expect(draft.value).toMatchObject({ kind: 'DRAFT_PREPARED', occurredOn: '2025-10-01', endsOn: null });
    // A milestone is a record of its own: the service itself is not changed by it.
    expect(await readProject(srv, selected.id, moe)).toMatchObject({ status: 'GUIDELINES_DRAFTING', version: 2 });

    const comment = (await transitionProject(srv, moe, drafting, 'PUBLIC_COMMENT')).value;
    expect(comment).toMatchObject({ status: 'PUBLIC_COMMENT', version: 3 });
    const opened = await mutate(
      srv,
      'recordGuidelineMilestone',
      { projectId: selected.id, kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2025-11-01', endsOn: '2025-11-20' },
      moe,
    );
    expect(opened.value).toMatchObject({ kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2025-11-01', endsOn: '2025-11-20' });
    const fixed = (await transitionProject(srv, moe, comment, 'GUIDELINES_FIXED')).value;
    expect(fixed).toMatchObject({ status: 'GUIDELINES_FIXED', version: 4 });
    const milestones = await query(
      srv,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { guidelineMilestones { totalCount nodes { kind occurredOn } } } } }`,
      { id: selected.id },
    );
    expect(milestones.node.guidelineMilestones.nodes).toEqual([
      { kind: 'DRAFT_PREPARED', occurredOn: '2025-10-01' },
      { kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2025-11-01' },
    ]);

    const tendering = (await transitionProject(srv, moe, fixed, 'TENDERING')).value;
    expect(tendering).toMatchObject({ status: 'TENDERING', version: 5 });

    // The first round.
    const planned = await mutate(
      srv,
      'createTender',
      tenderInput({ projectId: selected.id }, { reservePriceYen: 300_000_000, contractStart: '2026-07-01', contractEnd: '2029-06-30' }),
      moe,
    );
    expect(planned.userErrors).toEqual([]);
    expect(planned.value).toMatchObject({
      status: 'PLANNED',
      round: 1,
      version: 1,
      negotiatedAfterFailure: false,
      reservePriceYen: 300_000_000,
      contractAmountYen: null,
      winningBid: null,
      openedOn: null,
    });
    const open = await openTender(srv, moe, planned.value);
    expect(open).toMatchObject({ status: 'OPEN', version: 2 });

    // Three bids: one under, one exactly at and one above the reserve price (予定価格).
    const firms = [await createBidder(srv, moe), await createBidder(srv, moe), await createBidder(srv, moe)];
    const low = await recordBidOk(srv, moe, open.id, firms[0].id, 240_000_000);
    const atReserve = await recordBidOk(srv, moe, open.id, firms[1].id, 300_000_000);
    const above = await recordBidOk(srv, moe, open.id, firms[2].id, 310_000_000);
    expect([low.status, atReserve.status, above.status]).toEqual(['VALID', 'VALID', 'INVALID']);
    expect(low).toMatchObject({ amountYen: 240_000_000, tender: { id: open.id }, bidder: { id: firms[0].id } });
    // Bids are not edits of the round's terms: the version a ministry read stays usable.
    expect(await readTender(srv, open.id, moe)).toMatchObject({ status: 'OPEN', version: 2, numberOfBidders: 3 });

    const closed = await closeTender(srv, moe, open);
    expect(closed).toMatchObject({ status: 'CLOSED', version: 3 });

    // Award to the lowest valid bid.
    const before = todayInJapan();
    const awarded = await award(srv, moe, closed, low.id, 240_000_000);
    const after = todayInJapan();
    expect(awarded.userErrors).toEqual([]);
    expect(awarded.value).toMatchObject({
      status: 'AWARDED',
      version: 4,
      contractAmountYen: 240_000_000,
      winningBid: { id: low.id },
      numberOfBidders: 3,
      project: { id: selected.id, status: 'IN_OPERATION', version: 6 },
    });
    expect([before, after]).toContain(awarded.value.openedOn);
    expect(Object.fromEntries(await bidsOf(open.id))).toEqual({ [low.id]: 'WON', [atReserve.id]: 'LOST', [above.id]: 'INVALID' });

    // Cost reduction against the baseline for the same period (docs/domain.md "Tender").
    const m = monthsCountingBothEnds('2026-07-01', '2029-06-30');
    expect(m).toBe(36);
    const baselineForPeriod = Math.floor((120_000_000 * m) / 12);
    const costs = await readTender(srv, open.id, {}, 'costReductionYen costReductionRate isSingleBid bidsSealed');
    expect(costs.costReductionYen).toBe(baselineForPeriod - 240_000_000);
    expect(costs.costReductionRate).toBeCloseTo((baselineForPeriod - 240_000_000) / baselineForPeriod, 10);
    expect(costs).toMatchObject({ isSingleBid: false, bidsSealed: false });

    // Evaluation and exit.
    const inOperation = await readProject(srv, selected.id, moe);
    const underEvaluation = (await transitionProject(srv, moe, inOperation, 'UNDER_EVALUATION')).value;
    expect(underEvaluation).toMatchObject({ status: 'UNDER_EVALUATION', version: 7 });
    const evaluation = await mutate(
      srv,
      'recordEvaluation',
      evaluationInput(selected.id, open.id, 'EXIT'),
      moe,
      'id decision fiscalYear exitCriteriaMet project { id status version } tender { id }',
    );
    expect(evaluation.userErrors).toEqual([]);
    expect(evaluation.value).toMatchObject({
      decision: 'EXIT',
      fiscalYear: 2027,
      exitCriteriaMet: true,
      tender: { id: open.id },
      project: { id: selected.id, status: 'EXITED', version: 8 },
    });

    const final = await query(
      srv,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { status version latestTender { id round } latestEvaluation { id decision } tenders { totalCount } evaluations { totalCount } } } }`,
      { id: selected.id },
    );
    expect(final.node).toEqual({
      status: 'EXITED',
      version: 8,
      latestTender: { id: open.id, round: 1 },
      latestEvaluation: { id: evaluation.value.id, decision: 'EXIT' },
      tenders: { totalCount: 1 },
      evaluations: { totalCount: 1 },
    });
  });

  it('evaluates straight from IN_OPERATION: EXIT moves the service to EXITED in one mutation', async () => {
    const { project, tender } = await projectInOperation(srv, moe);
    expect(project.status).toBe('IN_OPERATION');
    const evaluation = await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moe);
    expect(evaluation.userErrors).toEqual([]);
    expect(evaluation.value.project).toMatchObject({ status: 'EXITED', version: project.version + 1 });
  });
});

describe('a failed round (不調・不落) and the next one', () => {
  it('marks a CLOSED round UNSUCCESSFUL, sends the service back to GUIDELINES_DRAFTING, and numbers the next round 2', async () => {
    const project = await createTenderingProject(srv, moe);
    const open = await createOpenTender(srv, moe, project.id);
    const firm = await createBidder(srv, moe);
    const bid = await recordBidOk(srv, moe, open.id, firm.id, 350_000_000);
    expect(bid.status).toBe('INVALID');
    const closed = await closeTender(srv, moe, open);

    const failed = await mutate(
      srv,
      'markTenderUnsuccessful',
      { tenderId: closed.id, expectedVersion: closed.version, reason: '予定価格超過' },
      moe,
    );
    expect(failed.userErrors).toEqual([]);
    expect(failed.value).toMatchObject({
      status: 'UNSUCCESSFUL',
      version: closed.version + 1,
      outcomeNote: '予定価格超過',
      winningBid: null,
      contractAmountYen: null,
    });
    expect([todayInJapan()]).toContain(failed.value.openedOn);
    expect(failed.value.project).toMatchObject({ status: 'GUIDELINES_DRAFTING', version: project.version + 1 });

    // No round while the guidelines are revised.
    const tooEarly = await mutate(srv, 'createTender', tenderInput({ projectId: project.id }), moe);
    expect(tooEarly.codes).toEqual(['INVALID_STATE']);
    expect(tooEarly.value).toBeNull();

    const again = await runToTendering(srv, moe, await readProject(srv, project.id, moe));
    expect(again).toMatchObject({ status: 'TENDERING', version: project.version + 4 });
    const round2 = await createTender(srv, moe, { projectId: project.id }, { title: '第2回入札' });
    expect(round2).toMatchObject({ round: 2, status: 'PLANNED', negotiatedAfterFailure: false });

    const list = await query(
      srv,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { latestTender { id } tenders { nodes { round status } } } } }`,
      { id: project.id },
      moe,
    );
    expect(list.node.tenders.nodes).toEqual([
      { round: 1, status: 'UNSUCCESSFUL' },
      { round: 2, status: 'PLANNED' },
    ]);
    expect(list.node.latestTender.id).toBe(round2.id);
  });

  it('does the same through transitionTender(to: UNSUCCESSFUL) with the reason as note', async () => {
    const project = await createTenderingProject(srv, moe);
    const closed = await closeTender(srv, moe, await createOpenTender(srv, moe, project.id));
    const failed = await mutate(
      srv,
      'transitionTender',
      { id: closed.id, to: 'UNSUCCESSFUL', expectedVersion: closed.version, note: '入札者なし' },
      moe,
    );
    expect(failed.userErrors).toEqual([]);
    expect(failed.value).toMatchObject({ status: 'UNSUCCESSFUL', outcomeNote: '入札者なし', project: { status: 'GUIDELINES_DRAFTING' } });
  });
});

describe('a negotiated contract after a failed round (不落随意契約)', () => {
  it('keeps the service TENDERING when a negotiated contract follows, then allows a negotiated round 2 that can be awarded', async () => {
    const project = await createTenderingProject(srv, moe);
    const closed = await closeTender(srv, moe, await createOpenTender(srv, moe, project.id));
    const failed = await mutate(
      srv,
      'markTenderUnsuccessful',
      { tenderId: closed.id, expectedVersion: closed.version, reason: '不落', negotiatedContractFollows: true },
      moe,
    );
    expect(failed.userErrors).toEqual([]);
    expect(failed.value).toMatchObject({ status: 'UNSUCCESSFUL', project: { status: 'TENDERING', version: project.version } });

    const negotiated = await mutate(
      srv,
      'createTender',
      tenderInput({ projectId: project.id }, { title: '随意契約', negotiatedAfterFailure: true }),
      moe,
    );
    expect(negotiated.userErrors).toEqual([]);
    expect(negotiated.value).toMatchObject({ round: 2, status: 'PLANNED', negotiatedAfterFailure: true });

    const open = await openTender(srv, moe, negotiated.value);
    const firm = await createBidder(srv, moe);
    const bid = await recordBidOk(srv, moe, open.id, firm.id, 290_000_000);
    const awarded = await award(srv, moe, await closeTender(srv, moe, open), bid.id, 290_000_000);
    expect(awarded.userErrors).toEqual([]);
    expect(awarded.value).toMatchObject({
      status: 'AWARDED',
      negotiatedAfterFailure: true,
      project: { status: 'IN_OPERATION', version: project.version + 1 },
    });
  });

  it('refuses a negotiated first round', async () => {
    const project = await createTenderingProject(srv, moe);
    const out = await mutate(srv, 'createTender', tenderInput({ projectId: project.id }, { negotiatedAfterFailure: true }), moe);
    expect(out.codes).toEqual(['INVALID_STATE']);
    expect(await srv.sql('SELECT id FROM tender WHERE project_id = ?', [pk(project.id)])).toEqual([]);
  });

  it('refuses a negotiated round right after a CANCELLED round, even if an UNSUCCESSFUL one came before it', async () => {
    const project = await createTenderingProject(srv, moe);
    const closed = await closeTender(srv, moe, await createOpenTender(srv, moe, project.id));
    expectOkMutation(
      await mutate(
        srv,
        'markTenderUnsuccessful',
        { tenderId: closed.id, expectedVersion: closed.version, reason: '不落', negotiatedContractFollows: true },
        moe,
      ),
    );
    const round2 = await createTender(srv, moe, { projectId: project.id });
    expectOkMutation(
      await mutate(srv, 'cancelTender', { tenderId: round2.id, expectedVersion: round2.version, reason: '仕様見直し' }, moe),
    );
    const out = await mutate(srv, 'createTender', tenderInput({ projectId: project.id }, { negotiatedAfterFailure: true }), moe);
    expect(out.codes).toEqual(['INVALID_STATE']);
    expect(await srv.sql('SELECT round FROM tender WHERE project_id = ? ORDER BY round', [pk(project.id)])).toEqual([
      { round: 1 },
      { round: 2 },
    ]);
  });

  it('refuses a negotiated round after an AWARDED round', async () => {
    const { project, tender } = await projectInOperation(srv, moe);
    // Back to tendering by evaluation and new guidelines.
    expectOkMutation(await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'CONTINUE'), moe));
    await runToTendering(srv, moe, await readProject(srv, project.id, moe));
    const out = await mutate(srv, 'createTender', tenderInput({ projectId: project.id }, { negotiatedAfterFailure: true }), moe);
    expect(out.codes).toEqual(['INVALID_STATE']);
  });
});

function expectOkMutation(out: { userErrors: unknown[]; value: unknown; result: { errors?: unknown } }): void {
  expect(out.result.errors).toBeUndefined();
  expect(out.userErrors).toEqual([]);
  expect(out.value).not.toBeNull();
}

describe('cancelling a round (中止)', () => {
  it.each(['PLANNED', 'OPEN', 'CLOSED'])(
    'cancels a %s round with its reason; the service stays TENDERING and the next round is numbered on',
    async (state) => {
      const project = await createTenderingProject(srv, moe);
      let tender = await createTender(srv, moe, { projectId: project.id });
      if (state !== 'PLANNED') tender = await openTender(srv, moe, tender);
      if (state === 'CLOSED') tender = await closeTender(srv, moe, tender);
      const out = await mutate(
        srv,
        'cancelTender',
        { tenderId: tender.id, expectedVersion: tender.version, reason: '予算措置の見直し' },
        moe,
      );
      expect(out.userErrors).toEqual([]);
      expect(out.value).toMatchObject({
        status: 'CANCELLED',
        version: tender.version + 1,
        outcomeNote: '予算措置の見直し',
        project: { status: 'TENDERING', version: project.version },
      });
      expect((await createTender(srv, moe, { projectId: project.id })).round).toBe(2);
    },
  );

  it("keeps a cancelled round's bids sealed from the public", async () => {
    const project = await createTenderingProject(srv, moe);
    const open = await createOpenTender(srv, moe, project.id);
    const firm = await createBidder(srv, moe);
    await recordBidOk(srv, moe, open.id, firm.id, 200_000_000);
    const cancelled = await mutate(srv, 'cancelTender', { tenderId: open.id, expectedVersion: open.version, reason: '中止' }, moe);
    expect(cancelled.value.status).toBe('CANCELLED');
    const seen = await readTender(srv, open.id, {}, 'status reservePriceYen numberOfBidders bidsSealed bids { totalCount }');
    expect(seen).toEqual({ status: 'CANCELLED', reservePriceYen: null, numberOfBidders: null, bidsSealed: true, bids: { totalCount: 0 } });
  });

  it('refuses a cancellation without a reason (VALIDATION) and writes nothing', async () => {
    const project = await createTenderingProject(srv, moe);
    const tender = await createTender(srv, moe, { projectId: project.id });
    const out = await mutate(srv, 'cancelTender', { tenderId: tender.id, expectedVersion: tender.version, reason: '  ' }, moe);
    expect(out.codes).toEqual(['VALIDATION']);
    expect(out.userErrors[0].field).toEqual(['input', 'reason']);
    expect(await readTender(srv, tender.id, moe)).toMatchObject({ status: 'PLANNED', version: 1 });
  });
});

describe('evaluation decisions other than EXIT', () => {
  it.each([
    ['CONTINUE', 'IN_OPERATION'],
    ['RETENDER_WITH_IMPROVEMENTS', 'IN_OPERATION'],
    ['CONTINUE', 'UNDER_EVALUATION'],
    ['RETENDER_WITH_IMPROVEMENTS', 'UNDER_EVALUATION'],
  ])('%s from %s sends the service back to GUIDELINES_DRAFTING for the next round', async (decision, from) => {
    const { project, tender } = await projectInOperation(srv, moe);
    let current = project;
    if (from === 'UNDER_EVALUATION') current = (await transitionProject(srv, moe, project, 'UNDER_EVALUATION')).value;
    const out = await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, decision, { seriousProblems: true }), moe);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({
      decision,
      seriousProblems: true,
      project: { status: 'GUIDELINES_DRAFTING', version: current.version + 1 },
    });
    // And round 2 follows the guidelines.
    await runToTendering(srv, moe, await readProject(srv, project.id, moe));
    expect((await createTender(srv, moe, { projectId: project.id })).round).toBe(2);
  });
});

describe('recordEvaluation refusals', () => {
  it.each(['SELECTED', 'GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING', 'EXITED', 'ABOLISHED'])(
    'refuses a service in %s (INVALID_STATE) and writes nothing',
    async (status) => {
      const { project, tender } = await projectInOperation(srv, moe);
      await forceState(srv, 'TargetProject', project.id, status, 9);
      const changes = await historyCount(srv);
      const out = await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moe);
      expect(out.codes).toEqual(['INVALID_STATE']);
      expect(out.value).toBeNull();
      expect(await readProject(srv, project.id, moe)).toMatchObject({ status, version: 9 });
      expect(await srv.sql('SELECT id FROM evaluation WHERE project_id = ?', [pk(project.id)])).toEqual([]);
      expect(await historyCount(srv)).toBe(changes);
    },
  );

  it('refuses a round that was not awarded (INVALID_STATE)', async () => {
    const project = await createTenderingProject(srv, moe);
    const first = await createTender(srv, moe, { projectId: project.id });
    await mutateOk(srv, 'cancelTender', { tenderId: first.id, expectedVersion: first.version, reason: '中止' }, moe);
    const open = await createOpenTender(srv, moe, project.id);
    const bid = await recordBidOk(srv, moe, open.id, (await createBidder(srv, moe)).id, 100_000_000);
    expectOkMutation(await award(srv, moe, await closeTender(srv, moe, open), bid.id, 100_000_000));

    const out = await mutate(srv, 'recordEvaluation', evaluationInput(project.id, first.id, 'EXIT'), moe);
    expect(out.codes).toEqual(['INVALID_STATE']);
    expect(await readProject(srv, project.id, moe)).toMatchObject({ status: 'IN_OPERATION' });
  });

  it("refuses another service's round (VALIDATION)", async () => {
    const a = await projectInOperation(srv, moe);
    const b = await projectInOperation(srv, moe);
    const out = await mutate(srv, 'recordEvaluation', evaluationInput(a.project.id, b.tender.id, 'EXIT'), moe);
    expect(out.codes).toEqual(['VALIDATION']);
    expect(await readProject(srv, a.project.id, moe)).toMatchObject({ status: 'IN_OPERATION' });
  });

  it("refuses another ministry's token (FORBIDDEN)", async () => {
    const { project, tender } = await projectInOperation(srv, moe);
    const out = await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moj);
    expect(out.codes).toEqual(['FORBIDDEN']);
    expect(await readProject(srv, project.id, moe)).toMatchObject({ status: 'IN_OPERATION', version: project.version });
  });
});

describe('a local pilot (地方公共団体の取組)', () => {
  it("goes PLANNED → POLICY_ADOPTED → TENDERING → tender → award → IN_OPERATION → ENDED with the municipality's token", async () => {
    const registered = await mutate(
      srv,
      'registerLocalPilot',
      {
        municipalityCode: '131016',
        title: '千代田区 住民票等交付窓口業務委託',
        scheme: 'SPECIFIC_PUBLIC_SERVICE',
        services: ['RESIDENT_RECORD_COPIES', 'SEAL_CERTIFICATES', 'TAX_CERTIFICATES'],
      },
      chiyoda,
    );
    expect(registered.userErrors).toEqual([]);
    const pilot = registered.value;
    expect(pilot).toMatchObject({
      status: 'PLANNED',
      version: 1,
      municipality: { code: '131016' },
      scheme: 'SPECIFIC_PUBLIC_SERVICE',
      services: ['RESIDENT_RECORD_COPIES', 'SEAL_CERTIFICATES', 'TAX_CERTIFICATES'],
      outcomes: [],
    });

    const adopted = (await transitionPilot(srv, chiyoda, pilot, 'POLICY_ADOPTED')).value;
    expect(adopted).toMatchObject({ status: 'POLICY_ADOPTED', version: 2 });
    const tendering = (await transitionPilot(srv, chiyoda, adopted, 'TENDERING')).value;
    expect(tendering).toMatchObject({ status: 'TENDERING', version: 3 });

    const planned = await mutate(
      srv,
      'createTender',
      tenderInput({ localPilotId: pilot.id }, { title: '窓口業務委託 一般競争入札', reservePriceYen: 50_000_000 }),
      chiyoda,
    );
    expect(planned.userErrors).toEqual([]);
    expect(planned.value).toMatchObject({ round: 1, status: 'PLANNED', project: null, localPilot: { id: pilot.id } });
    const open = await openTender(srv, chiyoda, planned.value);
    const a = await recordBidOk(srv, chiyoda, open.id, (await createBidder(srv, chiyoda)).id, 42_000_000);
    const b = await recordBidOk(srv, chiyoda, open.id, (await createBidder(srv, chiyoda)).id, 45_000_000);
    const closed = await closeTender(srv, chiyoda, open);
    const awarded = await award(srv, chiyoda, closed, a.id, 42_000_000);
    expect(awarded.userErrors).toEqual([]);
    expect(awarded.value).toMatchObject({
      status: 'AWARDED',
      contractAmountYen: 42_000_000,
      winningBid: { id: a.id },
      localPilot: { id: pilot.id, status: 'IN_OPERATION', version: 4 },
    });
    expect(Object.fromEntries(await bidsOf(open.id))).toEqual({ [a.id]: 'WON', [b.id]: 'LOST' });

    const ended = await transitionPilot(srv, chiyoda, await readPilot(srv, pilot.id), 'ENDED', '契約期間満了');
    expect(ended.userErrors).toEqual([]);
    expect(ended.value).toMatchObject({ status: 'ENDED', version: 5 });
    // With no end date recorded, ending stamps today's.
    expect([todayInJapan()]).toContain(ended.value.endedOn);
  });

  it('records outcomes with updateLocalPilot, each call replacing the list', async () => {
    const pilot = await registerPilot(srv, chiyoda, '131016');
    const first = await mutate(
      srv,
      'updateLocalPilot',
      {
        id: pilot.id,
        expectedVersion: pilot.version,
        startedOn: '2025-04-01',
        outcomes: [
          { indicator: '窓口待ち時間', unit: '分', before: 25, after: 12 },
          { indicator: '年間経費', unit: '円', before: 80_000_000, after: 64_000_000 },
        ],
      },
      chiyoda,
    );
    expect(first.userErrors).toEqual([]);
    expect(first.value).toMatchObject({
      version: pilot.version + 1,
      startedOn: '2025-04-01',
      outcomes: [
        { indicator: '窓口待ち時間', unit: '分', before: 25, after: 12 },
        { indicator: '年間経費', unit: '円', before: 80_000_000, after: 64_000_000 },
      ],
    });
    const second = await mutate(
      srv,
      'updateLocalPilot',
      {
        id: pilot.id,
        expectedVersion: first.value.version,
        outcomes: [{ indicator: '職員従事時間', unit: '時間', before: 5200, after: null }],
      },
      chiyoda,
    );
    expect(second.userErrors).toEqual([]);
    expect(second.value.outcomes).toEqual([{ indicator: '職員従事時間', unit: '時間', before: 5200, after: null }]);
    expect(await readPilot(srv, pilot.id)).toMatchObject({
      version: pilot.version + 2,
      startedOn: '2025-04-01',
      outcomes: [{ indicator: '職員従事時間', unit: '時間', before: 5200, after: null }],
    });
  });

  it('refuses an end date before the start (VALIDATION) and a stale version (STALE_VERSION)', async () => {
    const pilot = await registerPilot(srv, chiyoda, '131016');
    const started = await mutateOk(
      srv,
      'updateLocalPilot',
      { id: pilot.id, expectedVersion: pilot.version, startedOn: '2025-04-01' },
      chiyoda,
    );
    const backwards = await mutate(
      srv,
      'updateLocalPilot',
      { id: pilot.id, expectedVersion: started.version, endedOn: '2025-03-31' },
      chiyoda,
    );
    expect(backwards.codes).toEqual(['VALIDATION']);
    const stale = await mutate(srv, 'updateLocalPilot', { id: pilot.id, expectedVersion: pilot.version, title: '新しい件名' }, chiyoda);
    expect(stale.codes).toEqual(['STALE_VERSION']);
    expect(await readPilot(srv, pilot.id)).toMatchObject({ version: started.version, endedOn: null, title: pilot.title });
  });

  it('lets only the owning local government (or an admin) register, tender and bid', async () => {
    const foreign = await mutate(
      srv,
      'registerLocalPilot',
      { municipalityCode: '131016', title: '他団体の取組', scheme: 'OWN_SCHEME', services: ['OTHER_COUNTER_SERVICE'] },
      tomakomai,
    );
    expect(foreign.codes).toEqual(['FORBIDDEN']);
    const byMinistry = await mutate(
      srv,
      'registerLocalPilot',
      { municipalityCode: '131016', title: '府省による登録', scheme: 'OWN_SCHEME', services: ['OTHER_COUNTER_SERVICE'] },
      moe,
    );
    expect(byMinistry.codes).toEqual(['FORBIDDEN']);

    let pilot = await registerPilot(srv, admin, '131016');
    pilot = (await transitionPilot(srv, chiyoda, pilot, 'POLICY_ADOPTED')).value;
    pilot = (await transitionPilot(srv, chiyoda, pilot, 'TENDERING')).value;
    expect((await mutate(srv, 'createTender', tenderInput({ localPilotId: pilot.id }), tomakomai)).codes).toEqual(['FORBIDDEN']);
    expect((await mutate(srv, 'createTender', tenderInput({ localPilotId: pilot.id }), moe)).codes).toEqual(['FORBIDDEN']);
    const open = await openTender(srv, chiyoda, await createTender(srv, chiyoda, { localPilotId: pilot.id }));
    const firm = await createBidder(srv, tomakomai);
    expect((await recordBid(srv, tomakomai, open.id, firm.id, 1_000_000)).codes).toEqual(['FORBIDDEN']);
    expect((await recordBid(srv, chiyoda, open.id, firm.id, 1_000_000)).codes).toEqual([]);
  });

  it('sends the pilot back to POLICY_ADOPTED when its round fails', async () => {
    let pilot = await registerPilot(srv, chiyoda, '131016');
    pilot = (await transitionPilot(srv, chiyoda, pilot, 'POLICY_ADOPTED')).value;
    pilot = (await transitionPilot(srv, chiyoda, pilot, 'TENDERING')).value;
    const closed = await closeTender(
      srv,
      chiyoda,
      await openTender(srv, chiyoda, await createTender(srv, chiyoda, { localPilotId: pilot.id })),
    );
    const failed = await mutate(
      srv,
      'markTenderUnsuccessful',
      { tenderId: closed.id, expectedVersion: closed.version, reason: '入札者なし' },
      chiyoda,
    );
    expect(failed.userErrors).toEqual([]);
    expect(failed.value.localPilot).toMatchObject({ status: 'POLICY_ADOPTED', version: pilot.version + 1 });
  });
});

describe('basic policies and their entries (公共サービス改革基本方針)', () => {
  it('records an edition (ADMIN) with its fiscal year, and refuses a MINISTRY token', async () => {
    const out = await mutate(srv, 'createBasicPolicy', { title: '公共サービス改革基本方針（試験2081）', decidedOn: '2082-02-10' }, admin);
    expect(out.userErrors).toEqual([]);
    // 10 February 2082 falls in the fiscal year that began on 1 April 2081.
    expect(out.value).toMatchObject({ title: '公共サービス改革基本方針（試験2081）', decidedOn: '2082-02-10', fiscalYear: 2081 });
    const refused = await mutate(srv, 'createBasicPolicy', { title: '府省による登録', decidedOn: '2082-03-01' }, moe);
    expect(refused.codes).toEqual(['FORBIDDEN']);
    expect(await srv.sql(`SELECT id FROM basic_policy WHERE title = '府省による登録'`)).toEqual([]);
  });

  it('supersedes the latest edition decided before it by default', async () => {
    const older = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2090', decidedOn: '2090-07-01' }, admin);
    const newer = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2091', decidedOn: '2091-07-01' }, admin);
    expect(newer.supersedes).toEqual({ id: older.id });
  });

  it('dates the selection from a SELECT entry, keeps the earliest, and refuses a second entry for the same service in one edition (DUPLICATE)', async () => {
    const project = await createProject(srv, moe);
    const p2071 = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2071', decidedOn: '2071-06-20' }, admin);
    const p2069 = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2069', decidedOn: '2070-01-15' }, admin);

    const select = await mutate(
      srv,
      'addPolicyEntry',
      {
        policyId: p2071.id,
        projectId: project.id,
        action: 'SELECT',
        method: 'PRIVATE',
        plannedTenderFiscalYear: 2072,
        contractYears: 3,
        notes: '新規選定',
      },
      admin,
    );
    expect(select.userErrors).toEqual([]);
    expect(select.value).toMatchObject({
      action: 'SELECT',
      method: 'PRIVATE',
      plannedTenderFiscalYear: 2072,
      contractYears: 3,
      notes: '新規選定',
      policy: { id: p2071.id },
      project: { id: project.id, selectedInFiscalYear: 2071 },
    });

    const duplicate = await mutate(
      srv,
      'addPolicyEntry',
      { policyId: p2071.id, projectId: project.id, action: 'REVISE', method: 'PUBLIC_PRIVATE' },
      admin,
    );
    expect(duplicate.codes).toEqual(['DUPLICATE']);
    expect(await srv.sql('SELECT action FROM policy_entry WHERE project_id = ?', [pk(project.id)])).toEqual([{ action: 'SELECT' }]);

    // An earlier edition that also selected it moves the selection year back (decided Jan 2070: FY2069).
    await mutateOk(srv, 'addPolicyEntry', { policyId: p2069.id, projectId: project.id, action: 'SELECT', method: 'PRIVATE' }, admin);
    expect((await readProject(srv, project.id)).selectedInFiscalYear).toBe(2069);
    // A later CONTINUE does not.
    const p2075 = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2075', decidedOn: '2075-06-20' }, admin);
    await mutateOk(srv, 'addPolicyEntry', { policyId: p2075.id, projectId: project.id, action: 'CONTINUE', method: 'PRIVATE' }, admin);
    expect((await readProject(srv, project.id)).selectedInFiscalYear).toBe(2069);

    const filtered = await query(srv, `{ targetProjects(first: 100, filter: { selectedInFiscalYear: 2069 }) { nodes { id } } }`);
    expect(filtered.targetProjects.nodes).toEqual([{ id: project.id }]);
    const entries = await query(
      srv,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { policyEntries { nodes { action policy { id } } } } } }`,
      { id: project.id },
    );
    // Oldest decision first.
    expect(entries.node.policyEntries.nodes).toEqual([
      { action: 'SELECT', policy: { id: p2069.id } },
      { action: 'SELECT', policy: { id: p2071.id } },
      { action: 'CONTINUE', policy: { id: p2075.id } },
    ]);
  });

  it('refuses policy entries from a MINISTRY token (FORBIDDEN)', async () => {
    const project = await createProject(srv, moe);
    const policy = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針 2080', decidedOn: '2080-06-20' }, admin);
    const out = await mutate(
      srv,
      'addPolicyEntry',
      { policyId: policy.id, projectId: project.id, action: 'SELECT', method: 'PRIVATE' },
      moe,
    );
    expect(out.codes).toEqual(['FORBIDDEN']);
    expect((await readProject(srv, project.id)).selectedInFiscalYear).toBeNull();
  });
});
