import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  createBidder,
  createProject,
  createTender,
  createTenderingProject,
  forceState,
  historyCount,
  mutate,
  openTender,
  readPilot,
  readProject,
  readTender,
  recordBid,
  recordBidOk,
  registerPilot,
  rowOf,
  transitionTender,
  type Headers,
} from './support/factories.js';
import { pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Every move the lifecycles do not allow is refused, names what is allowed, and changes
 * nothing. States are set with SQL (quicker than driving there); every assertion goes
 * through HTTP, with SQL only to confirm nothing was written.
 */

/** docs/domain.md "TargetProject", the diagram restated edge by edge. */
const PROJECT_STATES = [
  'SELECTED',
  'GUIDELINES_DRAFTING',
  'PUBLIC_COMMENT',
  'GUIDELINES_FIXED',
  'TENDERING',
  'IN_OPERATION',
  'UNDER_EVALUATION',
  'EXITED',
  'ABOLISHED',
] as const;
const PROJECT_DIAGRAM: Record<string, string[]> = {
  SELECTED: ['GUIDELINES_DRAFTING', 'ABOLISHED'],
  GUIDELINES_DRAFTING: ['PUBLIC_COMMENT', 'ABOLISHED'],
  PUBLIC_COMMENT: ['GUIDELINES_FIXED', 'ABOLISHED'],
  GUIDELINES_FIXED: ['TENDERING', 'ABOLISHED'],
  TENDERING: ['IN_OPERATION', 'GUIDELINES_DRAFTING', 'ABOLISHED'],
  IN_OPERATION: ['UNDER_EVALUATION', 'ABOLISHED'],
  UNDER_EVALUATION: ['EXITED', 'GUIDELINES_DRAFTING', 'ABOLISHED'],
  EXITED: ['ABOLISHED'],
  ABOLISHED: [],
};
/** Edges that record an event (an award, an evaluation's decision): never set by hand. */
const PROJECT_EVENT_EDGES = [
  ['TENDERING', 'IN_OPERATION'],
  ['UNDER_EVALUATION', 'EXITED'],
  ['UNDER_EVALUATION', 'GUIDELINES_DRAFTING'],
] as const;

/** The round's lifecycle: PLANNED → OPEN → CLOSED → AWARDED | UNSUCCESSFUL, CANCELLED before award. */
const TENDER_STATES = ['PLANNED', 'OPEN', 'CLOSED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'] as const;
const TENDER_DIAGRAM: Record<string, string[]> = {
  PLANNED: ['OPEN', 'CANCELLED'],
  OPEN: ['CLOSED', 'CANCELLED'],
  CLOSED: ['AWARDED', 'UNSUCCESSFUL', 'CANCELLED'],
  AWARDED: [],
  UNSUCCESSFUL: [],
  CANCELLED: [],
};

/** The pilot's lifecycle (src/modules/pilot/local-pilot-lifecycle.service.ts), restated. */
const PILOT_STATES = ['PLANNED', 'POLICY_ADOPTED', 'TENDERING', 'IN_OPERATION', 'ENDED', 'SUSPENDED'] as const;
const PILOT_DIAGRAM: Record<string, string[]> = {
  PLANNED: ['POLICY_ADOPTED', 'SUSPENDED'],
  POLICY_ADOPTED: ['TENDERING', 'SUSPENDED'],
  TENDERING: ['IN_OPERATION', 'POLICY_ADOPTED', 'SUSPENDED'],
  IN_OPERATION: ['ENDED', 'SUSPENDED'],
  SUSPENDED: ['PLANNED', 'POLICY_ADOPTED'],
  ENDED: [],
};

function refusedPairs(states: readonly string[], diagram: Record<string, string[]>): [string, string][] {
  return states.flatMap((from) => states.filter((to) => !diagram[from].includes(to)).map((to) => [from, to] as [string, string]));
}

function allowedPairs(diagram: Record<string, string[]>, except: readonly (readonly [string, string])[] = []): [string, string][] {
  return Object.entries(diagram).flatMap(([from, tos]) =>
    tos.filter((to) => !except.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as [string, string]),
  );
}

/** The state names a message mentions (whole words). */
function statesNamed(message: string, states: readonly string[]): string[] {
  return states.filter((s) => new RegExp(`(^|[^A-Z_])${s}([^A-Z_]|$)`).test(message));
}

/** The message names every allowed next state and no other state than the two of the move. */
function expectNamesAllowed(message: string, states: readonly string[], from: string, to: string, allowed: string[]): void {
  const named = statesNamed(message, states);
  for (const s of allowed) expect(named, `"${message}" should name ${s}`).toContain(s);
  for (const s of named) expect([...allowed, from, to], `"${message}" names ${s}, which is not allowed after ${from}`).toContain(s);
}

let srv: TestServer;
let admin: Headers;
let moe: Headers;
let chiyoda: Headers;

beforeAll(async () => {
  srv = await startTestServer();
  admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
  chiyoda = (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '131016' })).headers;
});
afterAll(() => srv?.stop());

describe('the test diagrams (preconditions)', () => {
  it('cover 9 project states with 17 edges, 6 round states with 7 edges and 6 pilot states with 11 edges', () => {
    expect(allowedPairs(PROJECT_DIAGRAM)).toHaveLength(17);
    expect(refusedPairs(PROJECT_STATES, PROJECT_DIAGRAM)).toHaveLength(81 - 17);
    expect(allowedPairs(TENDER_DIAGRAM)).toHaveLength(7);
    expect(allowedPairs(PILOT_DIAGRAM)).toHaveLength(11);
  });
});

// ---------------------------------------------------------------------------------------
// Target services

async function projectIn(status: string, version = 7): Promise<any> {
  const project = await createProject(srv, moe);
  await forceState(srv, 'TargetProject', project.id, status, version);
  return { ...project, status, version };
}

async function expectProjectUnchanged(project: { id: string }, status: string, version: number, changes: number): Promise<void> {
  expect(await readProject(srv, project.id, moe)).toMatchObject({ status, version });
  expect(await rowOf(srv, 'TargetProject', project.id)).toMatchObject({ status, version });
  expect(await historyCount(srv, 'TargetProject', project.id)).toBe(changes);
}

describe('transitionTargetProject refuses every move outside the diagram', () => {
  it.each(refusedPairs(PROJECT_STATES, PROJECT_DIAGRAM))(
    '%s → %s is INVALID_TRANSITION naming the allowed next states; nothing changes',
    async (from, to) => {
      const project = await projectIn(from);
      const changes = await historyCount(srv, 'TargetProject', project.id);
      const out = await mutate(srv, 'transitionTargetProject', { id: project.id, to, expectedVersion: 7, note: 'test' }, moe);
      expect(out.value).toBeNull();
      expect(out.codes).toEqual(['INVALID_TRANSITION']);
      expect(out.userErrors[0].field).toEqual(['input', 'to']);
      expectNamesAllowed(out.userErrors[0].message, PROJECT_STATES, from, to, PROJECT_DIAGRAM[from]);
      await expectProjectUnchanged(project, from, 7, changes);
    },
  );

  it.each(PROJECT_EVENT_EDGES.map(([f, t]) => [f, t]))(
    '%s → %s is an event edge: refused by hand (INVALID_TRANSITION); nothing changes',
    async (from, to) => {
      const project = await projectIn(from);
      const changes = await historyCount(srv, 'TargetProject', project.id);
      const out = await mutate(srv, 'transitionTargetProject', { id: project.id, to, expectedVersion: 7 }, admin);
      expect(out.codes).toEqual(['INVALID_TRANSITION']);
      await expectProjectUnchanged(project, from, 7, changes);
    },
  );

  it.each(allowedPairs(PROJECT_DIAGRAM, PROJECT_EVENT_EDGES))(
    'allows %s → %s by hand, bumping the version and recording it',
    async (from, to) => {
      const project = await projectIn(from);
      const changes = await historyCount(srv, 'TargetProject', project.id);
      const out = await mutate(srv, 'transitionTargetProject', { id: project.id, to, expectedVersion: 7 }, moe);
      expect(out.userErrors).toEqual([]);
      expect(out.value).toMatchObject({ status: to, version: 8 });
      expect(await historyCount(srv, 'TargetProject', project.id)).toBe(changes + 1);
    },
  );

  it('refuses a stale expectedVersion (STALE_VERSION) and writes nothing', async () => {
    const project = await projectIn('SELECTED', 3);
    const changes = await historyCount(srv, 'TargetProject', project.id);
    const out = await mutate(srv, 'transitionTargetProject', { id: project.id, to: 'GUIDELINES_DRAFTING', expectedVersion: 2 }, moe);
    expect(out.codes).toEqual(['STALE_VERSION']);
    await expectProjectUnchanged(project, 'SELECTED', 3, changes);
  });

  it('refuses to leave TENDERING by hand while a round is still under way (INVALID_STATE)', async () => {
    const project = await createTenderingProject(srv, moe);
    await createTender(srv, moe, { projectId: project.id });
    const changes = await historyCount(srv, 'TargetProject', project.id);
    const out = await mutate(
      srv,
      'transitionTargetProject',
      { id: project.id, to: 'GUIDELINES_DRAFTING', expectedVersion: project.version },
      moe,
    );
    expect(out.codes).toEqual(['INVALID_STATE']);
    await expectProjectUnchanged(project, 'TENDERING', project.version, changes);
  });

  it('names the round under way in the refusal, and lets the service go once the round is cancelled', async () => {
    const project = await createTenderingProject(srv, moe);
    const round = await createTender(srv, moe, { projectId: project.id });
    const refused = await mutate(
      srv,
      'transitionTargetProject',
      { id: project.id, to: 'ABOLISHED', expectedVersion: project.version },
      moe,
    );
    expect(refused.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        field: ['input', 'to'],
        message:
          'この事業の入札がまだ終わっていません（予定・公告中・締切）。取り消すか、結果を記録してからにしてください（a tender round of this service is still planned, open or closed: cancel it or record its outcome first）',
      },
    ]);
    expect((await transitionTender(srv, moe, round, 'CANCELLED', 'withdrawn')).userErrors).toEqual([]);
    const moved = await mutate(srv, 'transitionTargetProject', { id: project.id, to: 'ABOLISHED', expectedVersion: project.version }, moe);
    expect(moved.userErrors).toEqual([]);
    expect(moved.value).toMatchObject({ status: 'ABOLISHED', version: project.version + 1 });
  });
});

// ---------------------------------------------------------------------------------------
// Tender rounds

/** A round of a TENDERING service with one VALID bid, then put in `status` by SQL. */
async function tenderIn(status: string, version = 5): Promise<{ tender: any; bid: any; project: any }> {
  const project = await createTenderingProject(srv, moe);
  const open = await openTender(srv, moe, await createTender(srv, moe, { projectId: project.id }));
  const bid = await recordBidOk(srv, moe, open.id, (await createBidder(srv, moe)).id, 200_000_000);
  await forceState(srv, 'Tender', open.id, status, version);
  return { tender: { ...open, status, version }, bid, project };
}

async function expectTenderUnchanged(
  tender: { id: string },
  status: string,
  version: number,
  changes: number,
  projectId: string,
  projectStatus = 'TENDERING',
): Promise<void> {
  expect(await readTender(srv, tender.id, moe)).toMatchObject({ status, version });
  expect(await historyCount(srv, 'Tender', tender.id)).toBe(changes);
  expect(await readProject(srv, projectId, moe)).toMatchObject({ status: projectStatus });
}

describe('transitionTender follows PLANNED → OPEN → CLOSED → AWARDED | UNSUCCESSFUL, CANCELLED before award', () => {
  const refusedByHand = [...refusedPairs(TENDER_STATES, TENDER_DIAGRAM), ['CLOSED', 'AWARDED'] as [string, string]];

  it.each(refusedByHand)('%s → %s is INVALID_TRANSITION; nothing changes', async (from, to) => {
    const { tender, project } = await tenderIn(from);
    const changes = await historyCount(srv, 'Tender', tender.id);
    const out = await mutate(srv, 'transitionTender', { id: tender.id, to, expectedVersion: 5, note: '理由' }, moe);
    expect(out.value).toBeNull();
    expect(out.codes).toEqual(['INVALID_TRANSITION']);
    if (to !== 'AWARDED') expectNamesAllowed(out.userErrors[0].message, TENDER_STATES, from, to, TENDER_DIAGRAM[from]);
    await expectTenderUnchanged(tender, from, 5, changes, project.id);
  });

  it.each(allowedPairs(TENDER_DIAGRAM, [['CLOSED', 'AWARDED']]))('allows %s → %s, bumping the version', async (from, to) => {
    const { tender } = await tenderIn(from);
    const out = await mutate(srv, 'transitionTender', { id: tender.id, to, expectedVersion: 5, note: '理由' }, moe);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ status: to, version: 6 });
  });

  it.each(['CANCELLED', 'UNSUCCESSFUL'])('needs the reason in note to move a round to %s (VALIDATION)', async (to) => {
    const { tender, project } = await tenderIn('CLOSED');
    const out = await mutate(srv, 'transitionTender', { id: tender.id, to, expectedVersion: 5 }, moe);
    expect(out.codes).toEqual(['VALIDATION']);
    expect(out.userErrors[0].field).toEqual(['input', 'note']);
    await expectTenderUnchanged(tender, 'CLOSED', 5, await historyCount(srv, 'Tender', tender.id), project.id);
  });

  it('refuses a stale expectedVersion (STALE_VERSION)', async () => {
    const { tender, project } = await tenderIn('PLANNED');
    const changes = await historyCount(srv, 'Tender', tender.id);
    const out = await mutate(srv, 'transitionTender', { id: tender.id, to: 'OPEN', expectedVersion: 4 }, moe);
    expect(out.codes).toEqual(['STALE_VERSION']);
    await expectTenderUnchanged(tender, 'PLANNED', 5, changes, project.id);
  });
});

describe('the outcome mutations follow the same lifecycle', () => {
  it.each(TENDER_STATES.filter((s) => s !== 'CLOSED'))(
    'awardTender refuses a %s round (INVALID_TRANSITION); nothing changes',
    async (from) => {
      const { tender, bid, project } = await tenderIn(from);
      const changes = await historyCount(srv);
      const out = await mutate(
        srv,
        'awardTender',
        { tenderId: tender.id, winningBidId: bid.id, contractAmountYen: 200_000_000, expectedVersion: 5 },
        moe,
      );
      expect(out.codes).toEqual(['INVALID_TRANSITION']);
      await expectTenderUnchanged(tender, from, 5, await historyCount(srv, 'Tender', tender.id), project.id);
      expect(await historyCount(srv)).toBe(changes);
      expect(await rowOf(srv, 'Bid', bid.id)).toMatchObject({ status: 'VALID' });
    },
  );

  it.each(TENDER_STATES.filter((s) => s !== 'CLOSED'))(
    'markTenderUnsuccessful refuses a %s round (INVALID_TRANSITION); the service stays TENDERING',
    async (from) => {
      const { tender, project } = await tenderIn(from);
      const changes = await historyCount(srv);
      const out = await mutate(srv, 'markTenderUnsuccessful', { tenderId: tender.id, expectedVersion: 5, reason: '不調' }, moe);
      expect(out.codes).toEqual(['INVALID_TRANSITION']);
      await expectTenderUnchanged(tender, from, 5, await historyCount(srv, 'Tender', tender.id), project.id);
      expect(await historyCount(srv)).toBe(changes);
    },
  );

  it.each(['AWARDED', 'UNSUCCESSFUL', 'CANCELLED'])('cancelTender refuses a %s round: nothing follows a final state', async (from) => {
    const { tender, project } = await tenderIn(from);
    const changes = await historyCount(srv);
    const out = await mutate(srv, 'cancelTender', { tenderId: tender.id, expectedVersion: 5, reason: '中止' }, moe);
    expect(out.codes).toEqual(['INVALID_TRANSITION']);
    expect(out.userErrors[0].message).toMatch(/none|final/i);
    await expectTenderUnchanged(tender, from, 5, await historyCount(srv, 'Tender', tender.id), project.id);
    expect(await historyCount(srv)).toBe(changes);
  });

  it('updateTender refuses a round that has closed (INVALID_STATE)', async () => {
    const { tender, project } = await tenderIn('CLOSED');
    const out = await mutate(srv, 'updateTender', { id: tender.id, expectedVersion: 5, title: '変更' }, moe);
    expect(out.codes).toEqual(['INVALID_STATE']);
    await expectTenderUnchanged(tender, 'CLOSED', 5, await historyCount(srv, 'Tender', tender.id), project.id);
  });

  it('refuses a new round while the previous one is still under way (INVALID_STATE)', async () => {
    const { project } = await tenderIn('OPEN');
    const out = await mutate(
      srv,
      'createTender',
      {
        projectId: project.id,
        title: '二重',
        awardCriteria: 'LOWEST_PRICE',
        announcedOn: '2026-04-01',
        bidDeadline: '2026-05-01',
        contractStart: '2026-06-01',
        contractEnd: '2027-05-31',
      },
      moe,
    );
    expect(out.codes).toEqual(['INVALID_STATE']);
    expect(await countRows(srv, 'tender WHERE project_id = ?', [pk(project.id)])).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------
// Bids

describe('bids are recorded only while a round is OPEN or CLOSED', () => {
  it.each(['PLANNED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'])(
    'refuses a bid in a %s round (INVALID_STATE) and writes no bid',
    async (status) => {
      const { tender } = await tenderIn(status);
      const before = await rowOf(srv, 'Tender', tender.id);
      const firm = await createBidder(srv, moe);
      const changes = await historyCount(srv);
      const out = await recordBid(srv, moe, tender.id, firm.id, 150_000_000);
      expect(out.codes).toEqual(['INVALID_STATE']);
      expect(out.value).toBeNull();
      expect(await countRows(srv, 'bid WHERE tender_id = ?', [pk(tender.id)])).toBe(1);
      expect((await rowOf(srv, 'Tender', tender.id)).bid_count).toBe(before.bid_count);
      expect(await historyCount(srv)).toBe(changes);
    },
  );

  it.each(['OPEN', 'CLOSED'])('accepts a bid in a %s round', async (status) => {
    const { tender } = await tenderIn(status);
    const firm = await createBidder(srv, moe);
    const out = await recordBid(srv, moe, tender.id, firm.id, 150_000_000);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ status: 'VALID', amountYen: 150_000_000 });
    expect(await readTender(srv, tender.id, moe)).toMatchObject({ numberOfBidders: 2 });
  });

  it('takes one bid per bidder per round (DUPLICATE), and the same bidder again in another round', async () => {
    const { tender, project } = await tenderIn('OPEN', 2);
    const firm = await createBidder(srv, moe);
    await recordBidOk(srv, moe, tender.id, firm.id, 180_000_000);
    const changes = await historyCount(srv);
    const again = await recordBid(srv, moe, tender.id, firm.id, 170_000_000);
    expect(again.codes).toEqual(['DUPLICATE']);
    expect(again.userErrors[0].field).toEqual(['input', 'bidderId']);
    const stored = await srv.sql('SELECT amount_yen FROM bid WHERE tender_id = ? AND bidder_id = ?', [pk(tender.id), pk(firm.id)]);
    expect(stored.map((r) => Number(r.amount_yen))).toEqual([180_000_000]);
    expect(await historyCount(srv)).toBe(changes);
    expect(await readTender(srv, tender.id, moe)).toMatchObject({ numberOfBidders: 2 });

    await mutate(srv, 'cancelTender', { tenderId: tender.id, expectedVersion: 2, reason: '再公告' }, moe);
    const next = await openTender(srv, moe, await createTender(srv, moe, { projectId: project.id }));
    expect((await recordBid(srv, moe, next.id, firm.id, 170_000_000)).userErrors).toEqual([]);
  });

  it('refuses a bid without totalScore in a RATED round (VALIDATION), and takes one with it', async () => {
    const project = await createTenderingProject(srv, moe);
    const open = await openTender(srv, moe, await createTender(srv, moe, { projectId: project.id }, { awardCriteria: 'RATED' }));
    const firm = await createBidder(srv, moe);
    const missing = await recordBid(srv, moe, open.id, firm.id, 200_000_000, { technicalScore: 60 });
    expect(missing.codes).toEqual(['VALIDATION']);
    expect(missing.userErrors[0].field).toEqual(['input', 'totalScore']);
    expect(await countRows(srv, 'bid WHERE tender_id = ?', [pk(open.id)])).toBe(0);
    const scored = await recordBid(srv, moe, open.id, firm.id, 200_000_000, { technicalScore: 60, totalScore: 1001.81 });
    expect(scored.userErrors).toEqual([]);
    expect(scored.value).toMatchObject({ totalScore: 1001.81, technicalScore: 60 });
  });

  it('takes a bid without scores in a LOWEST_PRICE round', async () => {
    const { tender } = await tenderIn('OPEN');
    const out = await recordBid(srv, moe, tender.id, (await createBidder(srv, moe)).id, 100_000_000);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ totalScore: null, technicalScore: null });
  });

  it.each([0, -1])('refuses an amount of %s yen', async (amount) => {
    const { tender } = await tenderIn('OPEN');
    const out = await recordBid(srv, moe, tender.id, (await createBidder(srv, moe)).id, amount);
    expect(out.codes.length).toBe(1);
    expect(['VALIDATION', 'BAD_USER_INPUT']).toContain(out.codes[0]);
    expect(await countRows(srv, 'bid WHERE tender_id = ?', [pk(tender.id)])).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------
// Local pilots

async function pilotIn(status: string, version = 4): Promise<any> {
  const pilot = await registerPilot(srv, chiyoda, '131016');
  await forceState(srv, 'LocalPilot', pilot.id, status, version);
  return { ...pilot, status, version };
}

describe('transitionLocalPilot follows the pilot lifecycle', () => {
  it.each(refusedPairs(PILOT_STATES, PILOT_DIAGRAM))(
    '%s → %s is INVALID_TRANSITION naming the allowed next states; nothing changes',
    async (from, to) => {
      const pilot = await pilotIn(from);
      const changes = await historyCount(srv, 'LocalPilot', pilot.id);
      const out = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to, expectedVersion: 4 }, chiyoda);
      expect(out.codes).toEqual(['INVALID_TRANSITION']);
      expectNamesAllowed(out.userErrors[0].message, PILOT_STATES, from, to, PILOT_DIAGRAM[from]);
      expect(await readPilot(srv, pilot.id)).toMatchObject({ status: from, version: 4 });
      expect(await historyCount(srv, 'LocalPilot', pilot.id)).toBe(changes);
    },
  );

  it('refuses TENDERING → IN_OPERATION by hand: only an award makes it', async () => {
    const pilot = await pilotIn('TENDERING');
    const out = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to: 'IN_OPERATION', expectedVersion: 4 }, admin);
    expect(out.codes).toEqual(['INVALID_TRANSITION']);
    expect(await readPilot(srv, pilot.id)).toMatchObject({ status: 'TENDERING', version: 4 });
  });

  it.each(allowedPairs(PILOT_DIAGRAM, [['TENDERING', 'IN_OPERATION']]))('allows %s → %s, bumping the version', async (from, to) => {
    const pilot = await pilotIn(from);
    const out = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to, expectedVersion: 4 }, chiyoda);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ status: to, version: 5 });
  });

  it('refuses to leave TENDERING while a round of the pilot is under way (INVALID_STATE), and lets it go once the round is cancelled', async () => {
    const pilot = await pilotIn('TENDERING');
    const round = await createTender(srv, chiyoda, { localPilotId: pilot.id });
    const changes = await historyCount(srv, 'LocalPilot', pilot.id);
    const refused = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to: 'SUSPENDED', expectedVersion: 4 }, chiyoda);
    expect(refused.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        field: ['input', 'to'],
        message:
          'この取組の入札がまだ終わっていません（予定・公告中・締切）。取り消すか、結果を記録してからにしてください（a tender round of this pilot is still planned, open or closed: cancel it or record its outcome first）',
      },
    ]);
    expect(await readPilot(srv, pilot.id)).toMatchObject({ status: 'TENDERING', version: 4 });
    expect(await historyCount(srv, 'LocalPilot', pilot.id)).toBe(changes);
    expect((await transitionTender(srv, chiyoda, round, 'CANCELLED', 'postponed')).userErrors).toEqual([]);
    const moved = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to: 'SUSPENDED', expectedVersion: 4 }, chiyoda);
    expect(moved.userErrors).toEqual([]);
    expect(moved.value).toMatchObject({ status: 'SUSPENDED', version: 5 });
  });

  it('refuses a stale expectedVersion (STALE_VERSION)', async () => {
    const pilot = await pilotIn('PLANNED');
    const out = await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to: 'POLICY_ADOPTED', expectedVersion: 3 }, chiyoda);
    expect(out.codes).toEqual(['STALE_VERSION']);
    expect(await readPilot(srv, pilot.id)).toMatchObject({ status: 'PLANNED', version: 4 });
  });

  it.each(['PLANNED', 'POLICY_ADOPTED', 'IN_OPERATION', 'ENDED', 'SUSPENDED'])(
    'refuses a round for a pilot in %s (INVALID_STATE)',
    async (status) => {
      const pilot = await pilotIn(status);
      const out = await mutate(
        srv,
        'createTender',
        {
          localPilotId: pilot.id,
          title: '窓口業務',
          awardCriteria: 'LOWEST_PRICE',
          announcedOn: '2026-04-01',
          bidDeadline: '2026-05-01',
          contractStart: '2026-06-01',
          contractEnd: '2027-05-31',
        },
        chiyoda,
      );
      expect(out.codes).toEqual(['INVALID_STATE']);
      expect(await countRows(srv, 'tender WHERE local_pilot_id = ?', [pk(pilot.id)])).toBe(0);
    },
  );
});
