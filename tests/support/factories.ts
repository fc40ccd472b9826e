/**
 * Small factories for the write-side tests: each test builds the rows it needs through the
 * public API (HTTP), so nothing depends on another test's data. Expectations in the tests
 * are computed from the contract (docs/domain.md, docs/api.md), never from these helpers' results.
 */
import { randomInt } from 'node:crypto';
import { pk } from './global-ids.js';
import type { GqlResult, TestServer } from './test-server.js';

export type Headers = Record<string, string>;

export interface UserErrorView {
  code: string;
  field: string[] | null;
  message: string;
}

// ---------------------------------------------------------------------------------------
// Codes

/**
 * 法人番号 check digit (docs/domain.md "Bidder"): 9 − (Σ Pn·Qn mod 9) over the 12 base digits,
 * n counted from the right, Qn = 1 for odd n and 2 for even n.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new Error(`not 12 digits: ${base12}`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function corporateNumber(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

let corporateCounter = 0;
/** A fresh valid 法人番号 (random high digits, a per-process counter low). */
export function freshCorporateNumber(): string {
  corporateCounter += 1;
  const base = `${randomInt(100_000, 999_999)}${String(corporateCounter).padStart(6, '0')}`;
  return corporateNumber(base);
}

// ---------------------------------------------------------------------------------------
// Mutations

const PAYLOAD_FIELD: Record<string, string> = {
  createBasicPolicy: 'basicPolicy',
  addPolicyEntry: 'policyEntry',
  createTargetProject: 'targetProject',
  updateTargetProject: 'targetProject',
  transitionTargetProject: 'targetProject',
  recordGuidelineMilestone: 'guidelineMilestone',
  createTender: 'tender',
  updateTender: 'tender',
  transitionTender: 'tender',
  recordBid: 'bid',
  awardTender: 'tender',
  markTenderUnsuccessful: 'tender',
  cancelTender: 'tender',
  recordEvaluation: 'evaluation',
  createBidder: 'bidder',
  withdrawBid: 'bid',
  correctBid: 'bid',
  renameBidder: 'bidder',
  mergeBidders: 'bidder',
  correctEvaluation: 'evaluation',
  registerLocalPilot: 'localPilot',
  updateLocalPilot: 'localPilot',
  transitionLocalPilot: 'localPilot',
};

export const PROJECT_FIELDS = 'id status version name summary category method baselineAnnualCostYen selectedInFiscalYear ministry { code }';
export const TENDER_FIELDS =
  'id round status version title awardCriteria announcedOn bidDeadline openedOn contractStart contractEnd reservePriceYen contractAmountYen negotiatedAfterFailure outcomeNote numberOfBidders winningBid { id } project { id status version } localPilot { id status version }';
export const BID_FIELDS = 'id status amountYen technicalScore totalScore tender { id } bidder { id name }';
export const PILOT_FIELDS =
  'id status version title summary scheme services startedOn endedOn outcomes { indicator unit before after } municipality { code }';

export const DEFAULT_SELECTION: Record<string, string> = {
  basicPolicy: 'id title decidedOn fiscalYear supersedes { id }',
  policyEntry: 'id action method plannedTenderFiscalYear contractYears notes policy { id } project { id selectedInFiscalYear }',
  targetProject: PROJECT_FIELDS,
  guidelineMilestone: 'id kind occurredOn endsOn note',
  tender: TENDER_FIELDS,
  bid: BID_FIELDS,
  evaluation: 'id decision fiscalYear seriousProblems costReductionYen project { id status version } tender { id }',
  bidder: 'id name corporateNumber kind',
  localPilot: PILOT_FIELDS,
};

export interface MutationResult<T = any> {
  result: GqlResult<any>;
  /** The payload's object (null when refused). */
  value: T | null;
  userErrors: UserErrorView[];
  /** Codes of user errors and top-level errors together. */
  codes: string[];
}

/** Runs `name(input: $input) { <object> { selection } userErrors { code field message } }`. */
export async function mutate<T = any>(
  srv: TestServer,
  name: string,
  input: Record<string, unknown>,
  headers: Headers,
  selection?: string,
): Promise<MutationResult<T>> {
  const field = PAYLOAD_FIELD[name];
  if (!field) throw new Error(`unknown mutation ${name}`);
  const inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`;
  const result = await srv.gql(
    `mutation M($input: ${inputType}!) { ${name}(input: $input) { ${field} { ${selection ?? DEFAULT_SELECTION[field]} } userErrors { code field message } } }`,
    { input },
    headers,
  );
  const payload = (result.data as Record<string, any> | null)?.[name] ?? null;
  const userErrors: UserErrorView[] = payload?.userErrors ?? [];
  const top = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'ERROR'));
  return { result, value: payload?.[field] ?? null, userErrors, codes: [...top, ...userErrors.map((u) => u.code)] };
}

/** Runs a mutation that must succeed and returns its object. */
export async function mutateOk<T = any>(
  srv: TestServer,
  name: string,
  input: Record<string, unknown>,
  headers: Headers,
  selection?: string,
): Promise<T> {
  const out = await mutate<T>(srv, name, input, headers, selection);
  if (out.result.errors?.length || out.userErrors.length || out.value == null) {
    throw new Error(`${name} failed: ${JSON.stringify({ errors: out.result.errors, userErrors: out.userErrors })}`);
  }
  return out.value;
}

/** A query that must succeed. */
export async function query<T = any>(
  srv: TestServer,
  text: string,
  variables: Record<string, unknown> = {},
  headers: Headers = {},
): Promise<T> {
  const result = await srv.gql(text, variables, headers);
  if (result.errors?.length || result.status !== 200) throw new Error(`query failed: ${result.status} ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

// ---------------------------------------------------------------------------------------
// Target services

let projectCounter = 0;

export function projectInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  projectCounter += 1;
  return {
    ministryCode: 'MOE',
    name: `テスト対象事業 ${projectCounter} ${randomInt(1_000_000)}`,
    summary: '環境省所管施設の管理・運営業務（テスト）',
    category: 'FACILITY_MANAGEMENT',
    method: 'PRIVATE',
    baselineAnnualCostYen: 120_000_000,
    ...overrides,
  };
}

export async function createProject(srv: TestServer, headers: Headers, overrides: Record<string, unknown> = {}): Promise<any> {
  return mutateOk(srv, 'createTargetProject', projectInput(overrides), headers);
}

export async function readProject(srv: TestServer, id: string, headers: Headers = {}, selection = PROJECT_FIELDS): Promise<any> {
  const data = await query(srv, `query($id: ID!) { node(id: $id) { ... on TargetProject { ${selection} } } }`, { id }, headers);
  return data.node;
}

export async function transitionProject(
  srv: TestServer,
  headers: Headers,
  project: { id: string; version: number },
  to: string,
  note?: string,
): Promise<MutationResult> {
  return mutate(
    srv,
    'transitionTargetProject',
    { id: project.id, to, expectedVersion: project.version, ...(note ? { note } : {}) },
    headers,
  );
}

/** SELECTED → GUIDELINES_DRAFTING → PUBLIC_COMMENT → GUIDELINES_FIXED → TENDERING, by hand. */
export async function runToTendering(
  srv: TestServer,
  headers: Headers,
  project: { id: string; version: number; status?: string },
): Promise<any> {
  const path = ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING'];
  let current: any = project;
  const start = current.status ? path.indexOf(current.status) + 1 : 0;
  for (const to of path.slice(start)) {
    current = await mutateOk(srv, 'transitionTargetProject', { id: current.id, to, expectedVersion: current.version }, headers);
  }
  return current;
}

/** A new service already in TENDERING. */
export async function createTenderingProject(srv: TestServer, headers: Headers, overrides: Record<string, unknown> = {}): Promise<any> {
  return runToTendering(srv, headers, await createProject(srv, headers, overrides));
}

// ---------------------------------------------------------------------------------------
// Tenders

export function tenderInput(
  owner: { projectId?: string; localPilotId?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...owner,
    title: '施設管理・運営業務の民間競争入札',
    awardCriteria: 'LOWEST_PRICE',
    announcedOn: '2026-04-01',
    bidDeadline: '2026-05-15',
    reservePriceYen: 300_000_000,
    contractStart: '2026-07-01',
    contractEnd: '2029-06-30',
    ...overrides,
  };
}

export async function createTender(
  srv: TestServer,
  headers: Headers,
  owner: { projectId?: string; localPilotId?: string },
  overrides: Record<string, unknown> = {},
): Promise<any> {
  return mutateOk(srv, 'createTender', tenderInput(owner, overrides), headers);
}

export async function readTender(srv: TestServer, id: string, headers: Headers = {}, selection = TENDER_FIELDS): Promise<any> {
  const data = await query(srv, `query($id: ID!) { node(id: $id) { ... on Tender { ${selection} } } }`, { id }, headers);
  return data.node;
}

export async function transitionTender(
  srv: TestServer,
  headers: Headers,
  tender: { id: string; version: number },
  to: string,
  note?: string,
): Promise<MutationResult> {
  return mutate(srv, 'transitionTender', { id: tender.id, to, expectedVersion: tender.version, ...(note ? { note } : {}) }, headers);
}

/** PLANNED → OPEN. */
export async function openTender(srv: TestServer, headers: Headers, tender: { id: string; version: number }): Promise<any> {
  return mutateOk(srv, 'transitionTender', { id: tender.id, to: 'OPEN', expectedVersion: tender.version }, headers);
}

/** OPEN → CLOSED. */
export async function closeTender(srv: TestServer, headers: Headers, tender: { id: string; version: number }): Promise<any> {
  return mutateOk(srv, 'transitionTender', { id: tender.id, to: 'CLOSED', expectedVersion: tender.version }, headers);
}

/** A new round of a TENDERING service, opened. */
export async function createOpenTender(
  srv: TestServer,
  headers: Headers,
  projectId: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  return openTender(srv, headers, await createTender(srv, headers, { projectId }, overrides));
}

// ---------------------------------------------------------------------------------------
// Bidders and bids

let bidderCounter = 0;

export async function createBidder(srv: TestServer, headers: Headers, overrides: Record<string, unknown> = {}): Promise<any> {
  bidderCounter += 1;
  for (let attempt = 0; attempt < 5; attempt++) {
    const input = { name: `テスト事業者${bidderCounter}株式会社`, corporateNumber: freshCorporateNumber(), kind: 'PRIVATE', ...overrides };
    const out = await mutate(srv, 'createBidder', input, headers);
    // A random number may clash with a seeded bidder: try another unless the caller fixed it.
    if (out.codes.includes('DUPLICATE') && !('corporateNumber' in overrides)) continue;
    if (out.value == null) throw new Error(`createBidder failed: ${JSON.stringify(out.result.errors ?? out.userErrors)}`);
    return out.value;
  }
  throw new Error('createBidder: no free corporate number after 5 attempts');
}

export async function recordBid(
  srv: TestServer,
  headers: Headers,
  tenderId: string,
  bidderId: string,
  amountYen: number,
  extra: Record<string, unknown> = {},
): Promise<MutationResult> {
  return mutate(srv, 'recordBid', { tenderId, bidderId, amountYen, ...extra }, headers);
}

export async function recordBidOk(
  srv: TestServer,
  headers: Headers,
  tenderId: string,
  bidderId: string,
  amountYen: number,
  extra: Record<string, unknown> = {},
): Promise<any> {
  return mutateOk(srv, 'recordBid', { tenderId, bidderId, amountYen, ...extra }, headers);
}

/**
 * A CLOSED round of a fresh TENDERING service with one bid per amount (and score, for
 * RATED rounds). Returns the round (as closed), its bids in the order given, and the service.
 */
export async function closedTenderWithBids(
  srv: TestServer,
  headers: Headers,
  bids: { amountYen: number; totalScore?: number; technicalScore?: number }[],
  tenderOverrides: Record<string, unknown> = {},
  projectOverrides: Record<string, unknown> = {},
): Promise<{ project: any; tender: any; bids: any[] }> {
  const project = await createTenderingProject(srv, headers, projectOverrides);
  const open = await createOpenTender(srv, headers, project.id, tenderOverrides);
  const recorded: any[] = [];
  for (const b of bids) {
    const bidder = await createBidder(srv, headers);
    const extra: Record<string, unknown> = {};
    if (b.totalScore !== undefined) extra.totalScore = b.totalScore;
    if (b.technicalScore !== undefined) extra.technicalScore = b.technicalScore;
    recorded.push(await recordBidOk(srv, headers, open.id, bidder.id, b.amountYen, extra));
  }
  const tender = await closeTender(srv, headers, open);
  return { project: await readProject(srv, project.id, headers), tender, bids: recorded };
}

export async function award(
  srv: TestServer,
  headers: Headers,
  tender: { id: string; version: number },
  winningBidId: string,
  contractAmountYen: number,
  overrideReason?: string,
): Promise<MutationResult> {
  return mutate(
    srv,
    'awardTender',
    {
      tenderId: tender.id,
      winningBidId,
      contractAmountYen,
      expectedVersion: tender.version,
      ...(overrideReason ? { overrideReason } : {}),
    },
    headers,
  );
}

// ---------------------------------------------------------------------------------------
// Evaluations

export function evaluationInput(
  projectId: string,
  tenderId: string,
  decision: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    projectId,
    tenderId,
    fiscalYear: 2027,
    qualityTargets: [{ indicator: '利用者満足度', target: '80%以上', actual: '86%', achieved: true }],
    seriousProblems: false,
    costReductionYen: 15_000_000,
    decision,
    decidedOn: '2028-03-15',
    summary: '質の確保と経費削減が確認された。',
    ...overrides,
  };
}

/** A service IN_OPERATION after an awarded round with two bids. */
export async function projectInOperation(
  srv: TestServer,
  headers: Headers,
  projectOverrides: Record<string, unknown> = {},
): Promise<{ project: any; tender: any }> {
  const { tender, bids } = await closedTenderWithBids(
    srv,
    headers,
    [{ amountYen: 250_000_000 }, { amountYen: 280_000_000 }],
    {},
    projectOverrides,
  );
  const awarded = await award(srv, headers, tender, bids[0].id, 250_000_000);
  if (!awarded.value) throw new Error(`award failed: ${JSON.stringify(awarded.userErrors)}`);
  return { project: awarded.value.project, tender: awarded.value };
}

// ---------------------------------------------------------------------------------------
// Local pilots

export async function registerPilot(
  srv: TestServer,
  headers: Headers,
  municipalityCode: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  return mutateOk(
    srv,
    'registerLocalPilot',
    {
      municipalityCode,
      title: '窓口業務の民間委託（テスト）',
      scheme: 'SPECIFIC_PUBLIC_SERVICE',
      services: ['RESIDENT_RECORD_COPIES', 'SEAL_CERTIFICATES'],
      ...overrides,
    },
    headers,
  );
}

export async function transitionPilot(
  srv: TestServer,
  headers: Headers,
  pilot: { id: string; version: number },
  to: string,
  note?: string,
): Promise<MutationResult> {
  return mutate(srv, 'transitionLocalPilot', { id: pilot.id, to, expectedVersion: pilot.version, ...(note ? { note } : {}) }, headers);
}

export async function readPilot(srv: TestServer, id: string, headers: Headers = {}): Promise<any> {
  const data = await query(srv, `query($id: ID!) { node(id: $id) { ... on LocalPilot { ${PILOT_FIELDS} } } }`, { id }, headers);
  return data.node;
}

// ---------------------------------------------------------------------------------------
// Direct SQL (set-up shortcuts and checks)

const TABLE: Record<string, string> = { TargetProject: 'target_project', Tender: 'tender', LocalPilot: 'local_pilot', Bid: 'bid' };

/** Puts a row in a state directly (quicker than driving it there), with a chosen version. */
export async function forceState(
  srv: TestServer,
  type: 'TargetProject' | 'Tender' | 'LocalPilot',
  globalId: string,
  status: string,
  version?: number,
): Promise<void> {
  if (version === undefined) await srv.sql(`UPDATE ${TABLE[type]} SET status = ? WHERE id = ?`, [status, pk(globalId)]);
  else await srv.sql(`UPDATE ${TABLE[type]} SET status = ?, version = ? WHERE id = ?`, [status, version, pk(globalId)]);
}

export async function rowOf(srv: TestServer, type: keyof typeof TABLE, globalId: string): Promise<Record<string, any>> {
  const rows = await srv.sql(`SELECT * FROM ${TABLE[type]} WHERE id = ?`, [pk(globalId)]);
  return rows[0];
}

/** `SELECT COUNT(*)` as a number (PostgreSQL answers counts as text). */
export async function countRows(srv: TestServer, sql: string, bindings: unknown[] = []): Promise<number> {
  const rows = await srv.sql(`SELECT COUNT(*) AS n FROM ${sql}`, bindings);
  return Number(rows[0].n);
}

export async function historyCount(srv: TestServer, type?: string, globalId?: string): Promise<number> {
  const rows =
    type && globalId
      ? await srv.sql(`SELECT COUNT(*) AS n FROM change WHERE object_type = ? AND object_id = ?`, [type, pk(globalId)])
      : await srv.sql(`SELECT COUNT(*) AS n FROM change`);
  return Number(rows[0].n);
}

export async function changeRows(srv: TestServer, type: string, globalId: string): Promise<Record<string, any>[]> {
  const rows = await srv.sql(`SELECT * FROM change WHERE object_type = ? AND object_id = ? ORDER BY id`, [type, pk(globalId)]);
  return rows.map((r) => ({ ...r, before: parseJson(r.before), after: parseJson(r.after) }));
}

/** A JSON column's value (SQLite answers text, PostgreSQL the parsed value). */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
