import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../src/modules/access/token.service.js';
import { gid, pk } from './support/global-ids.js';
import { evaluationInput } from './support/factories.js';
import { tableNames } from './support/portable.js';
import { errorCodes, issueTestToken, startTestServer, type GqlResult, type TestServer } from './support/test-server.js';

/**
 * docs/api.md "Who may do what", mutation by mutation and caller by caller:
 *   - no token → top-level UNAUTHENTICATED; a revoked or malformed token → UNAUTHENTICATED;
 *   - MINISTRY: its own ministry's services, milestones, tenders, bids, evaluations; bidders
 *     (shared); never basic policies or entries (admin-only), never pilots;
 *   - MUNICIPALITY: its own pilots and their tenders and bids; bidders; nothing of a ministry;
 *   - ADMIN: everything.
 *   - saved searches (docs/notifications.md) are a token's own settings, not records: any
 *     token keeps its own; another token's is NOT_FOUND, exactly as for an id that is none
 *     (an admin's: allowed), and they leave no history.
 * A refused write writes nothing: every table's row count (the `change` history included)
 * and the row of the object aimed at are the same before and after.
 *
 * The matrix is data: a list of mutations (with the fixture each needs, fresh per case) ×
 * a list of (caller, owner of the data) pairs, and one rule restating docs/api.md decides the
 * expected outcome of each pair.
 */

// ---------------------------------------------------------------------------------------
// Who and whose

const MINISTRY_CODE = { A: 'MOJ', B: 'MHLW' } as const;
/** 千代田区 and 苫小牧市 (docs/domain.md examples; valid check digits). */
const MUNICIPALITY_CODE = { M: '131016', N: '012131' } as const;

type CallerKey = 'anonymous' | 'ministryA' | 'municipality' | 'admin' | 'revoked' | 'malformed';
/** A and B are ministries (the caller "ministry A" holds A's token); M and N local governments (the caller "municipality M" holds M's). */
type Owner = 'A' | 'B' | 'M' | 'N';
type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';
/** What kind of data a mutation writes, which decides who may write it. */
type Scope = 'policy' | 'bidder' | 'ministry' | 'round' | 'sealedBid' | 'pilot' | 'ownSettings' | 'personal';

const CALLER_LABEL: Record<CallerKey, string> = {
  anonymous: 'an anonymous caller',
  ministryA: 'ministry A',
  municipality: 'municipality M',
  admin: 'an admin',
  revoked: 'a revoked token',
  malformed: 'a malformed token',
};

/** The rule of docs/api.md "Who may do what", restated independently of src/. */
function expectedOutcome(caller: CallerKey, scope: Scope, owner: Owner | null): Outcome {
  if (caller === 'anonymous' || caller === 'revoked' || caller === 'malformed') return 'UNAUTHENTICATED';
  if (caller === 'admin') return 'ALLOWED';
  switch (scope) {
    case 'policy': // "only admins write those"
      return 'FORBIDDEN';
    case 'bidder': // "create bidders (shared by all)"
      return 'ALLOWED';
    case 'ministry':
      return caller === 'ministryA' && owner === 'A' ? 'ALLOWED' : 'FORBIDDEN';
    case 'round': // a ministry's service's rounds, or a municipality's pilot's rounds
      return (caller === 'ministryA' && owner === 'A') || (caller === 'municipality' && owner === 'M') ? 'ALLOWED' : 'FORBIDDEN';
    case 'sealedBid': // a bid of a round still sealed: the owner's to correct, and not there for anyone else (docs/seal.md "Refusals")
      return (caller === 'ministryA' && owner === 'A') || (caller === 'municipality' && owner === 'M') ? 'ALLOWED' : 'NOT_FOUND';
    case 'pilot':
      return caller === 'municipality' && owner === 'M' ? 'ALLOWED' : 'FORBIDDEN';
    case 'ownSettings': // any token saves searches of its own
      return 'ALLOWED';
    case 'personal': // a saved search is its token's: "ministry A's" is the one ministry A's token saved
      return caller === 'ministryA' && owner === 'A' ? 'ALLOWED' : 'NOT_FOUND';
  }
}

type Combo = readonly [CallerKey, Owner | null];

/** Callers tried on each kind of data; an admin also writes every owner's data, which proves each refused fixture was writable. */
const COMBOS = {
  none: [
    ['anonymous', null],
    ['ministryA', null],
    ['municipality', null],
    ['admin', null],
    ['revoked', null],
    ['malformed', null],
  ],
  ministryData: [
    ['anonymous', 'A'],
    ['ministryA', 'A'],
    ['ministryA', 'B'],
    ['municipality', 'A'],
    ['admin', 'A'],
    ['admin', 'B'],
    ['revoked', 'A'],
    ['malformed', 'A'],
  ],
  roundData: [
    ['anonymous', 'A'],
    ['ministryA', 'A'],
    ['ministryA', 'B'],
    ['ministryA', 'M'],
    ['municipality', 'A'],
    ['municipality', 'M'],
    ['municipality', 'N'],
    ['admin', 'A'],
    ['admin', 'B'],
    ['admin', 'M'],
    ['admin', 'N'],
    ['revoked', 'A'],
    ['malformed', 'A'],
  ],
  personal: [
    ['anonymous', 'A'],
    ['ministryA', 'A'],
    ['ministryA', 'B'],
    ['municipality', 'A'],
    ['admin', 'A'],
    ['revoked', 'A'],
    ['malformed', 'A'],
  ],
  pilotData: [
    ['anonymous', 'M'],
    ['ministryA', 'M'],
    ['municipality', 'M'],
    ['municipality', 'N'],
    ['admin', 'M'],
    ['admin', 'N'],
    ['revoked', 'M'],
    ['malformed', 'M'],
  ],
} satisfies Record<string, readonly Combo[]>;

/** "its own", "ministry B's", "municipality N's", as the caller would say it. */
function whose(caller: CallerKey, owner: Owner): string {
  if (owner === 'A') return caller === 'ministryA' ? 'its own' : "ministry A's";
  if (owner === 'M') return caller === 'municipality' ? 'its own' : "municipality M's";
  return owner === 'B' ? "ministry B's" : "municipality N's";
}
const isMinistry = (owner: Owner): owner is 'A' | 'B' => owner === 'A' || owner === 'B';
/** A round: "its own tender", "ministry B's tender", "municipality N's pilot's tender". */
const round = (w: string, owner: Owner) => (isMinistry(owner) ? `${w} tender` : `${w} pilot's tender`);

// ---------------------------------------------------------------------------------------
// Server, tokens, small helpers

let srv: TestServer;
const callers = {} as Record<CallerKey, Record<string, string>>;
let adminHeaders: Record<string, string>;
let ministryBHeaders: Record<string, string>;
let tables: string[] = [];
let seq = 0;
const next = () => ++seq;

const upperFirst = (s: string) => s[0].toUpperCase() + s.slice(1);

async function callMutation(
  name: string,
  field: string,
  input: Record<string, unknown>,
  headers: Record<string, string>,
  selection = 'id',
): Promise<GqlResult<any>> {
  return srv.gql(
    `mutation M($input: ${upperFirst(name)}Input!) { ${name}(input: $input) { userErrors { code message field } ${field} { ${selection} } } }`,
    { input },
    headers,
  );
}

/** A fixture write as admin; fails the test with the server's answer if it does not succeed. */
async function admin(name: string, field: string, input: Record<string, unknown>, selection = 'id version'): Promise<any> {
  const result = await callMutation(name, field, input, adminHeaders, selection);
  const payload = result.data?.[name];
  if (result.errors?.length || !payload || payload.userErrors.length || !payload[field]) {
    throw new Error(`fixture ${name}(${JSON.stringify(input)}) failed: ${JSON.stringify(result.errors ?? payload?.userErrors)}`);
  }
  return payload[field];
}

/** The current version of a mutable object, read as admin right before a case. */
async function versionOf(id: string): Promise<number> {
  const result = await srv.gql(
    `query V($id: ID!) { node(id: $id) { ... on TargetProject { version } ... on Tender { version } ... on LocalPilot { version } } }`,
    { id },
    adminHeaders,
  );
  const version = result.data?.node?.version;
  if (typeof version !== 'number') throw new Error(`no version for ${id}: ${JSON.stringify(result)}`);
  return version;
}

/**
 * Row counts of every table (history and derived rows included) and, optionally, one row:
 * what a refused call must leave as it was. Taken once what follows earlier writes (the red
 * flags, ARCHITECTURE.md "The write pipeline") is done, so only the call itself can differ.
 */
async function snapshot(watch?: Watch): Promise<{ counts: Record<string, number>; row: unknown }> {
  await srv.settle();
  const rows = await srv.sql<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM "${t}"`).join(' UNION ALL '),
  );
  const counts = Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  const row = watch ? (await srv.sql(`SELECT * FROM "${watch.table}" WHERE id = ?`, [watch.id]))[0] : null;
  return { counts, row };
}

// ---------------------------------------------------------------------------------------
// Fixtures, built through admin mutations

const PROJECT_PATH = ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING'] as const;
const PILOT_PATH = ['POLICY_ADOPTED', 'TENDERING'] as const;

async function newProject(owner: 'A' | 'B', tendering = false): Promise<{ id: string }> {
  const project = await admin('createTargetProject', 'targetProject', {
    ministryCode: MINISTRY_CODE[owner],
    name: `認可テスト対象事業 ${next()}`,
    summary: '権限の確認のための事業',
    category: 'COUNTER_SERVICE',
    method: 'PRIVATE',
    baselineAnnualCostYen: 120_000_000,
  });
  if (tendering) {
    for (const to of PROJECT_PATH)
      await admin('transitionTargetProject', 'targetProject', { id: project.id, to, expectedVersion: await versionOf(project.id) });
  }
  return project;
}

async function newPilot(owner: 'M' | 'N', tendering = false): Promise<{ id: string }> {
  const pilot = await admin('registerLocalPilot', 'localPilot', {
    municipalityCode: MUNICIPALITY_CODE[owner],
    title: `窓口業務の民間委託（認可テスト ${next()}）`,
    scheme: 'SPECIFIC_PUBLIC_SERVICE',
    services: ['RESIDENT_RECORD_COPIES', 'SEAL_CERTIFICATES'],
  });
  if (tendering) {
    for (const to of PILOT_PATH)
      await admin('transitionLocalPilot', 'localPilot', { id: pilot.id, to, expectedVersion: await versionOf(pilot.id) });
  }
  return pilot;
}

const newBidder = () => admin('createBidder', 'bidder', { name: `認可テスト株式会社 ${next()}`, kind: 'PRIVATE' }, 'id');

function tenderTerms(): Record<string, unknown> {
  return {
    title: `認可テスト入札 ${next()}`,
    awardCriteria: 'LOWEST_PRICE',
    announcedOn: '2026-11-02',
    bidDeadline: '2026-11-30',
    reservePriceYen: 50_000_000,
    contractStart: '2027-04-01',
    contractEnd: '2030-03-31',
  };
}

/** A parent in TENDERING, as the input field createTender takes. */
async function tenderingParent(owner: Owner): Promise<{ projectId: string } | { localPilotId: string }> {
  return isMinistry(owner) ? { projectId: (await newProject(owner, true)).id } : { localPilotId: (await newPilot(owner, true)).id };
}

interface RoundFixture {
  id: string;
  parent: { projectId: string } | { localPilotId: string };
  bidId?: string;
}

/** A fresh round of `owner` in `status`, with one valid bid when asked. */
async function newRound(owner: Owner, status: 'PLANNED' | 'OPEN' | 'CLOSED', withBid = false): Promise<RoundFixture> {
  const parent = await tenderingParent(owner);
  const tender = await admin('createTender', 'tender', { ...parent, ...tenderTerms() });
  const fixture: RoundFixture = { id: tender.id, parent };
  if (status === 'PLANNED') return fixture;
  await admin('transitionTender', 'tender', { id: tender.id, to: 'OPEN', expectedVersion: await versionOf(tender.id) });
  if (withBid) {
    const bidder = await newBidder();
    fixture.bidId = (await admin('recordBid', 'bid', { tenderId: tender.id, bidderId: bidder.id, amountYen: 40_000_000 }, 'id')).id;
  }
  if (status === 'CLOSED')
    await admin('transitionTender', 'tender', { id: tender.id, to: 'CLOSED', expectedVersion: await versionOf(tender.id) });
  return fixture;
}

/** Fixtures that a successful call does not spoil (only a version moves), built once per owner. */
const shared = new Map<string, Promise<any>>();
function once<T>(key: string, build: () => Promise<T>): Promise<T> {
  if (!shared.has(key)) shared.set(key, build());
  return shared.get(key)!;
}
/** A CLOSED round of `owner`'s service awarded to its one bid, with the service's id. */
async function awardedRound(owner: Owner): Promise<{ tender: RoundFixture; projectId: string }> {
  const tender = await newRound(owner, 'CLOSED', true);
  await admin('awardTender', 'tender', {
    tenderId: tender.id,
    winningBidId: tender.bidId,
    contractAmountYen: 40_000_000,
    expectedVersion: await versionOf(tender.id),
  });
  return { tender, projectId: (tender.parent as { projectId: string }).projectId };
}

const sharedProject = (owner: 'A' | 'B') => once(`project:${owner}`, () => newProject(owner));
const sharedPilot = (owner: 'M' | 'N') => once(`pilot:${owner}`, () => newPilot(owner));
const sharedPlannedRound = (owner: Owner) => once(`planned:${owner}`, () => newRound(owner, 'PLANNED'));
const sharedOpenRound = (owner: Owner) => once(`open:${owner}`, () => newRound(owner, 'OPEN'));

// ---------------------------------------------------------------------------------------
// The mutations

interface Watch {
  table: string;
  id: number;
}
interface Prepared {
  input: Record<string, unknown>;
  /** The row the call aims at, which a refused call must leave untouched. */
  watch?: Watch;
}
interface MutationSpec {
  name: string;
  /** The payload's object field. */
  field: string;
  scope: Scope;
  combos: readonly Combo[];
  /** What the caller tries to do, given whose data it is ("its own", "ministry B's"…). */
  does: (w: string, owner: Owner) => string;
  prepare: (owner: Owner) => Promise<Prepared>;
  /** Undoes what the case started that would go on after it (a redelivery the sender would try). */
  cleanup?: (prepared: Prepared) => Promise<void>;
}

const ministryOwner = (owner: Owner) => owner as 'A' | 'B';
const pilotOwner = (owner: Owner) => owner as 'M' | 'N';

/** A saved search of the token of ministry `owner` (A: the caller "ministry A"'s own). */
async function savedSearchOf(owner: 'A' | 'B'): Promise<{ id: string; version: number }> {
  const result = await srv.gql(
    'mutation($input: CreateSavedSearchInput!) { createSavedSearch(input: $input) { savedSearch { id version } userErrors { code } } }',
    // A filter no event matches (a basic policy has no ministry): a webhook set on it later is never
    // sent to while other cases count rows.
    { input: { name: `認可テストの検索 ${next()}`, filter: { types: ['POLICY_ADOPTED'], ministryCodes: [MINISTRY_CODE[owner]] } } },
    owner === 'A' ? callers.ministryA : ministryBHeaders,
  );
  if (!result.data?.createSavedSearch?.savedSearch) throw new Error(`fixture saved search: ${JSON.stringify(result)}`);
  return result.data.createSavedSearch.savedSearch;
}

const MUTATIONS: MutationSpec[] = [
  {
    name: 'createSavedSearch',
    field: 'savedSearch',
    scope: 'ownSettings',
    combos: COMBOS.none,
    does: () => 'save a search of its own',
    prepare: async () => ({ input: { name: `認可テストの検索 ${next()}`, filter: { types: ['TENDER_AWARDED'] } } }),
  },
  {
    name: 'updateSavedSearch',
    field: 'savedSearch',
    scope: 'personal',
    combos: COMBOS.personal,
    does: (w) => `change ${w} saved search`,
    prepare: async (owner) => {
      const search = await savedSearchOf(ministryOwner(owner));
      return {
        input: { id: search.id, expectedVersion: search.version, name: `改名 ${next()}` },
        watch: { table: 'saved_search', id: pk(search.id) },
      };
    },
  },
  {
    name: 'rotateWebhookSecret',
    field: 'savedSearch',
    scope: 'personal',
    combos: COMBOS.personal,
    does: (w) => `make a new webhook secret for ${w} saved search`,
    prepare: async (owner) => {
      const search = await savedSearchOf(ministryOwner(owner));
      // A webhook to a host the test server allows, so the secret is there to rotate.
      const hooked = await srv.gql(
        'mutation($input: UpdateSavedSearchInput!) { updateSavedSearch(input: $input) { userErrors { code } } }',
        { input: { id: search.id, expectedVersion: search.version, webhookUrl: 'http://127.0.0.1:9/matrix' } },
        adminHeaders,
      );
      expect(hooked.data.updateSavedSearch.userErrors).toEqual([]);
      return { input: { id: search.id }, watch: { table: 'saved_search', id: pk(search.id) } };
    },
  },
  {
    name: 'redeliverWebhook',
    field: 'delivery',
    scope: 'personal',
    combos: COMBOS.personal,
    does: (w) => `redeliver a dead webhook delivery of ${w} saved search`,
    prepare: async (owner) => {
      const search = await savedSearchOf(ministryOwner(owner));
      // A webhook set directly and a DEAD delivery of a seeded public event: no sender touches it.
      await srv.sql('UPDATE saved_search SET webhook_url = ?, webhook_secret = ? WHERE id = ?', [
        'https://receiver.invalid/hook',
        'whsec_matrix',
        pk(search.id),
      ]);
      const [event] = await srv.sql<{ id: number }>('SELECT MAX(id) AS id FROM public_event');
      const now = Date.now();
      await srv.sql(
        `INSERT INTO webhook_delivery (created_at, updated_at, saved_search_id, event_id, status, attempts, next_attempt_at_ms, last_status_code, last_error)
         VALUES (?, ?, ?, ?, 'DEAD', 3, ?, 500, 'HTTP 500')`,
        [new Date(now), new Date(now), pk(search.id), Number(event.id), now],
      );
      const [row] = await srv.sql<{ id: number }>('SELECT id FROM webhook_delivery WHERE saved_search_id = ?', [pk(search.id)]);
      return { input: { id: gid('WebhookDelivery', Number(row.id)) }, watch: { table: 'webhook_delivery', id: Number(row.id) } };
    },
    // A redelivered delivery is pending: removed before the sender's try could touch a later case's tables.
    cleanup: async ({ watch }) => {
      await srv.sql('DELETE FROM webhook_attempt WHERE delivery_id = ?', [watch!.id]);
      await srv.sql('DELETE FROM webhook_delivery WHERE id = ?', [watch!.id]);
    },
  },
  {
    name: 'deleteSavedSearch',
    field: 'savedSearch',
    scope: 'personal',
    combos: COMBOS.personal,
    does: (w) => `delete ${w} saved search`,
    prepare: async (owner) => {
      const search = await savedSearchOf(ministryOwner(owner));
      return { input: { id: search.id }, watch: { table: 'saved_search', id: pk(search.id) } };
    },
  },
  {
    name: 'createBasicPolicy',
    field: 'basicPolicy',
    scope: 'policy',
    combos: COMBOS.none,
    does: () => 'record a basic policy (閣議決定)',
    prepare: async () => ({ input: { title: `公共サービス改革基本方針（認可テスト ${next()}）`, decidedOn: '2026-06-12' } }),
  },
  {
    name: 'addPolicyEntry',
    field: 'policyEntry',
    scope: 'policy',
    combos: COMBOS.ministryData,
    does: (w) => `add a basic-policy entry about ${w} target service`,
    prepare: async (owner) => {
      const policy = await admin(
        'createBasicPolicy',
        'basicPolicy',
        { title: `公共サービス改革基本方針（認可テスト ${next()}）`, decidedOn: '2026-06-12' },
        'id',
      );
      const project = await sharedProject(ministryOwner(owner));
      return {
        input: { policyId: policy.id, projectId: project.id, action: 'CONTINUE', method: 'PRIVATE', plannedTenderFiscalYear: 2027 },
        watch: { table: 'target_project', id: pk(project.id) },
      };
    },
  },
  {
    name: 'createTargetProject',
    field: 'targetProject',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `create ${w} target service`,
    prepare: async (owner) => ({
      input: {
        ministryCode: MINISTRY_CODE[ministryOwner(owner)],
        name: `認可テスト新規事業 ${next()}`,
        summary: '新たに選定された事業',
        category: 'CALL_CENTER',
        method: 'PUBLIC_PRIVATE',
        baselineAnnualCostYen: 80_000_000,
      },
    }),
  },
  {
    name: 'updateTargetProject',
    field: 'targetProject',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `update ${w} target service`,
    prepare: async (owner) => {
      const project = await sharedProject(ministryOwner(owner));
      return {
        input: {
          id: project.id,
          expectedVersion: await versionOf(project.id),
          name: `認可テスト改称事業 ${next()}`,
          baselineAnnualCostYen: 90_000_000 + next(),
        },
        watch: { table: 'target_project', id: pk(project.id) },
      };
    },
  },
  {
    name: 'transitionTargetProject',
    field: 'targetProject',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `move ${w} target service along its lifecycle`,
    prepare: async (owner) => {
      const project = await newProject(ministryOwner(owner));
      return {
        input: { id: project.id, to: 'GUIDELINES_DRAFTING', expectedVersion: await versionOf(project.id), note: '実施要項の作成を開始' },
        watch: { table: 'target_project', id: pk(project.id) },
      };
    },
  },
  {
    name: 'recordGuidelineMilestone',
    field: 'guidelineMilestone',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `record a guideline milestone of ${w} target service`,
    prepare: async (owner) => {
      const project = await sharedProject(ministryOwner(owner));
      return {
        input: { projectId: project.id, kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2026-11-01', endsOn: '2026-11-20' },
        watch: { table: 'target_project', id: pk(project.id) },
      };
    },
  },
  {
    name: 'createTender',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `create a tender round for ${w} ${isMinistry(owner) ? 'target service' : 'pilot'}`,
    prepare: async (owner) => {
      const parent = await tenderingParent(owner);
      const [table, id] = 'projectId' in parent ? ['target_project', parent.projectId] : ['local_pilot', parent.localPilotId];
      return { input: { ...parent, ...tenderTerms() }, watch: { table, id: pk(id) } };
    },
  },
  {
    name: 'updateTender',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `change the terms of ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await sharedPlannedRound(owner);
      return {
        input: {
          id: tender.id,
          expectedVersion: await versionOf(tender.id),
          title: `認可テスト入札（改訂 ${next()}）`,
          reservePriceYen: 60_000_000 + next(),
        },
        watch: { table: 'tender', id: pk(tender.id) },
      };
    },
  },
  {
    name: 'transitionTender',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `open ${round(w, owner)} (PLANNED → OPEN)`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'PLANNED');
      return {
        input: { id: tender.id, to: 'OPEN', expectedVersion: await versionOf(tender.id) },
        watch: { table: 'tender', id: pk(tender.id) },
      };
    },
  },
  {
    name: 'recordBid',
    field: 'bid',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `record a bid in ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await sharedOpenRound(owner);
      const bidder = await newBidder();
      return { input: { tenderId: tender.id, bidderId: bidder.id, amountYen: 45_000_000 }, watch: { table: 'tender', id: pk(tender.id) } };
    },
  },
  {
    name: 'withdrawBid',
    field: 'bid',
    scope: 'sealedBid',
    combos: COMBOS.roundData,
    does: (w, owner) => `withdraw a bid in ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'OPEN', true);
      return { input: { id: tender.bidId, expectedVersion: 1 }, watch: { table: 'bid', id: pk(tender.bidId!) } };
    },
  },
  {
    name: 'correctBid',
    field: 'bid',
    scope: 'sealedBid',
    combos: COMBOS.roundData,
    does: (w, owner) => `correct a bid in ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'OPEN', true);
      return {
        input: { id: tender.bidId, expectedVersion: 1, amountYen: 41_000_000, note: '認可テストの訂正' },
        watch: { table: 'bid', id: pk(tender.bidId!) },
      };
    },
  },
  {
    name: 'awardTender',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `award ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'CLOSED', true);
      return {
        input: {
          tenderId: tender.id,
          winningBidId: tender.bidId,
          contractAmountYen: 40_000_000,
          expectedVersion: await versionOf(tender.id),
        },
        watch: { table: 'tender', id: pk(tender.id) },
      };
    },
  },
  {
    name: 'markTenderUnsuccessful',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `mark ${round(w, owner)} unsuccessful (不調)`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'CLOSED');
      return {
        input: { tenderId: tender.id, expectedVersion: await versionOf(tender.id), reason: '応札者なし' },
        watch: { table: 'tender', id: pk(tender.id) },
      };
    },
  },
  {
    name: 'cancelTender',
    field: 'tender',
    scope: 'round',
    combos: COMBOS.roundData,
    does: (w, owner) => `cancel ${round(w, owner)}`,
    prepare: async (owner) => {
      const tender = await newRound(owner, 'PLANNED');
      return {
        input: { tenderId: tender.id, expectedVersion: await versionOf(tender.id), reason: '仕様の見直し' },
        watch: { table: 'tender', id: pk(tender.id) },
      };
    },
  },
  {
    name: 'recordEvaluation',
    field: 'evaluation',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `record an evaluation of ${w} target service`,
    prepare: async (owner) => {
      const { tender, projectId } = await awardedRound(owner);
      return { input: evaluationInput(projectId, tender.id, 'CONTINUE'), watch: { table: 'target_project', id: pk(projectId) } };
    },
  },
  {
    name: 'correctEvaluation',
    field: 'evaluation',
    scope: 'ministry',
    combos: COMBOS.ministryData,
    does: (w) => `correct an evaluation of ${w} target service`,
    prepare: async (owner) => {
      const { tender, projectId } = await awardedRound(owner);
      const evaluation = await admin('recordEvaluation', 'evaluation', evaluationInput(projectId, tender.id, 'CONTINUE'));
      return {
        input: { id: evaluation.id, expectedVersion: evaluation.version, costReductionYen: 6_000_000, note: '認可テストの訂正' },
        watch: { table: 'evaluation', id: pk(evaluation.id) },
      };
    },
  },
  {
    name: 'createBidder',
    field: 'bidder',
    scope: 'bidder',
    combos: COMBOS.none,
    does: () => 'register a bidder',
    prepare: async () => ({ input: { name: `認可テスト登録事業者 ${next()}`, kind: 'PRIVATE' } }),
  },
  {
    name: 'renameBidder',
    field: 'bidder',
    scope: 'policy',
    combos: COMBOS.none,
    does: () => "correct a bidder's registered name",
    prepare: async () => {
      const bidder = await newBidder();
      return {
        input: { id: bidder.id, expectedVersion: 1, name: `認可テスト改名株式会社 ${next()}` },
        watch: { table: 'bidder', id: pk(bidder.id) },
      };
    },
  },
  {
    name: 'mergeBidders',
    field: 'bidder',
    scope: 'policy',
    combos: COMBOS.none,
    does: () => 'merge two bidder rows of one company',
    prepare: async () => {
      const [keep, merged] = [await newBidder(), await newBidder()];
      return { input: { keepId: keep.id, expectedVersion: 1, mergeId: merged.id }, watch: { table: 'bidder', id: pk(merged.id) } };
    },
  },
  {
    name: 'registerLocalPilot',
    field: 'localPilot',
    scope: 'pilot',
    combos: COMBOS.pilotData,
    does: (w) => `register ${w} local pilot`,
    prepare: async (owner) => ({
      input: {
        municipalityCode: MUNICIPALITY_CODE[pilotOwner(owner)],
        title: `証明書交付業務（認可テスト ${next()}）`,
        scheme: 'OWN_SCHEME',
        services: ['TAX_CERTIFICATES'],
      },
    }),
  },
  {
    name: 'updateLocalPilot',
    field: 'localPilot',
    scope: 'pilot',
    combos: COMBOS.pilotData,
    does: (w) => `update ${w} local pilot`,
    prepare: async (owner) => {
      const pilot = await sharedPilot(pilotOwner(owner));
      return {
        input: { id: pilot.id, expectedVersion: await versionOf(pilot.id), title: `窓口業務（改称 ${next()}）` },
        watch: { table: 'local_pilot', id: pk(pilot.id) },
      };
    },
  },
  {
    name: 'transitionLocalPilot',
    field: 'localPilot',
    scope: 'pilot',
    combos: COMBOS.pilotData,
    does: (w) => `move ${w} local pilot along its lifecycle`,
    prepare: async (owner) => {
      const pilot = await newPilot(pilotOwner(owner));
      return {
        input: { id: pilot.id, to: 'POLICY_ADOPTED', expectedVersion: await versionOf(pilot.id) },
        watch: { table: 'local_pilot', id: pk(pilot.id) },
      };
    },
  },
];

interface Case {
  title: string;
  spec: MutationSpec;
  caller: CallerKey;
  owner: Owner | null;
  outcome: Outcome;
}

const CASES: Case[] = MUTATIONS.flatMap((spec) =>
  spec.combos.map(([caller, owner]): Case => {
    const outcome = expectedOutcome(caller, spec.scope, owner);
    const action = spec.does(owner ? whose(caller, owner) : '', owner ?? 'A');
    const verdict = outcome === 'ALLOWED' ? 'may' : 'may not';
    const suffix = outcome === 'ALLOWED' ? '' : ` (${outcome})`;
    return { title: `${CALLER_LABEL[caller]} ${verdict} ${action}${suffix}`, spec, caller, owner, outcome };
  }),
);

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  srv = await startTestServer({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:9' } });
  tables = await tableNames((sql) => srv.sql<{ name: string }>(sql), srv.dialect);
  expect(tables).toContain('change');
  const adminToken = await issueTestToken(srv, { role: 'ADMIN', name: 'matrix admin' });
  adminHeaders = adminToken.headers;
  const revoked = await issueTestToken(srv, { role: 'ADMIN', name: 'matrix admin, revoked' });
  await revokeToken(srv.orm.em.fork(), revoked.id);
  callers.anonymous = {};
  callers.admin = adminToken.headers;
  callers.ministryA = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: MINISTRY_CODE.A, name: 'matrix ministry A' })).headers;
  callers.municipality = (
    await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: MUNICIPALITY_CODE.M, name: 'matrix municipality M' })
  ).headers;
  callers.revoked = revoked.headers;
  ministryBHeaders = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: MINISTRY_CODE.B, name: 'matrix ministry B' })).headers;
  callers.malformed = { authorization: 'Bearer not-a-token-at-all' };
});
afterAll(() => srv?.stop());

describe('the matrix itself', () => {
  it('covers every mutation of the schema, each with allowed and refused callers', async () => {
    const result = await srv.gql(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = (result.data.__type.fields as { name: string }[]).map((f) => f.name).sort();
    expect(MUTATIONS.map((m) => m.name).sort()).toEqual(inSchema);
    for (const spec of MUTATIONS) {
      const outcomes = new Set(CASES.filter((c) => c.spec === spec).map((c) => c.outcome));
      // Bidders are shared by every token and anyone saves searches of its own: no FORBIDDEN
      // case; another token's saved search is not found rather than forbidden.
      const expected =
        spec.scope === 'bidder' || spec.scope === 'ownSettings'
          ? ['ALLOWED', 'UNAUTHENTICATED']
          : spec.scope === 'personal' || spec.scope === 'sealedBid'
            ? ['ALLOWED', 'NOT_FOUND', 'UNAUTHENTICATED']
            : ['ALLOWED', 'FORBIDDEN', 'UNAUTHENTICATED'];
      expect([...outcomes].sort(), spec.name).toEqual(expected);
    }
    expect(CASES.length).toBe(255);
  });

  it('the revoked and malformed tokens are refused and the others are who they say', async () => {
    const viewer = async (headers: Record<string, string>) =>
      srv.gql(`{ viewer { role ministry { code } municipality { code } } }`, {}, headers);
    expect((await viewer(callers.anonymous)).data.viewer).toEqual({ role: 'ANONYMOUS', ministry: null, municipality: null });
    expect((await viewer(callers.admin)).data.viewer).toEqual({ role: 'ADMIN', ministry: null, municipality: null });
    expect((await viewer(callers.ministryA)).data.viewer).toEqual({
      role: 'MINISTRY',
      ministry: { code: MINISTRY_CODE.A },
      municipality: null,
    });
    expect((await viewer(callers.municipality)).data.viewer).toEqual({
      role: 'MUNICIPALITY',
      ministry: null,
      municipality: { code: MUNICIPALITY_CODE.M },
    });
    expect(errorCodes(await viewer(callers.revoked))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await viewer(callers.malformed))).toEqual(['UNAUTHENTICATED']);
  });
});

describe.each(MUTATIONS.map((m) => [m.name, m] as const))('%s', (_name, spec) => {
  for (const c of CASES.filter((x) => x.spec === spec)) {
    it(c.title, async () => {
      const prepared = await spec.prepare(c.owner ?? 'A');
      const before = await snapshot(prepared.watch);
      if (prepared.watch) expect(before.row, `fixture row ${prepared.watch.table} ${prepared.watch.id}`).toBeTruthy();
      const result = await callMutation(spec.name, spec.field, prepared.input, callers[c.caller]);
      const after = await snapshot(prepared.watch);
      await spec.cleanup?.(prepared);
      const payload = result.data?.[spec.name] ?? null;

      if (c.outcome === 'ALLOWED') {
        expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
        expect(result.status).toBe(200);
        expect(payload?.userErrors, JSON.stringify(payload?.userErrors)).toEqual([]);
        expect(payload?.[spec.field]?.id).toEqual(expect.any(String));
        // docs/domain.md "Change history": every write of a record leaves one; a token's own
        // settings are no record and leave none.
        if (spec.scope === 'ownSettings' || spec.scope === 'personal') expect(after.counts.change).toBe(before.counts.change);
        else expect(after.counts.change).toBeGreaterThan(before.counts.change);
        return;
      }

      expect(errorCodes(result)).toEqual([c.outcome]);
      if (c.outcome === 'UNAUTHENTICATED') {
        // Authentication is a top-level error, not a user error of a payload.
        expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        expect(payload).toBeNull();
      } else {
        expect(payload?.[spec.field] ?? null).toBeNull();
      }
      // Nothing written: no row in any table (history included), and the object aimed at is unchanged.
      expect(after.counts).toEqual(before.counts);
      expect(after.row).toEqual(before.row);
    });
  }
});
