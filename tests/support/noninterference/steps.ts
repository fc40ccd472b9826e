/**
 * Steps of the scripts, written against the public API (and, for the spreadsheet import,
 * the import service in-process as the owner's token). Every input is fixed (no random
 * names or corporate numbers) so the two worlds receive identical requests; anything a
 * step needs from an earlier one (global ids, versions) is read from that world's own
 * answers, as a client would.
 */
import { createHash } from 'node:crypto';
import { knexOf } from '../../../src/core/db/orm.js';
import { authenticate } from '../../../src/modules/access/token.service.js';
import { runImport } from '../../../src/modules/import/import.service.js';
import { corporateNumber, mutateOk, query, readTender } from '../factories.js';
import { common, observeStep, OTHER_MINISTRY, OWNER_MINISTRY, sealedOnly, type Step, type World } from './worlds.js';

/** A valid 法人番号 that the sample does not use (its numbers are random 13-digit ones). */
export const fixedCorporateNumber = (n: number) => corporateNumber(`88${String(n).padStart(10, '0')}`);

const ROUND_TERMS = {
  awardCriteria: 'LOWEST_PRICE',
  announcedOn: '2026-11-10',
  bidDeadline: '2026-12-10',
  contractStart: '2027-04-01',
  contractEnd: '2030-03-31',
};

/** A service of `ministry` driven to TENDERING (`refs[key]`). */
export function projectInTendering(key: string, ministry: 'owner' | 'other', name: string): Step {
  return common(`${ministry} creates service ${key} and drives it to TENDERING`, async (w) => {
    const headers = ministry === 'owner' ? w.headers.owner : w.headers.otherMinistry;
    let p = await mutateOk(
      w.srv,
      'createTargetProject',
      {
        ministryCode: ministry === 'owner' ? OWNER_MINISTRY : OTHER_MINISTRY,
        name,
        summary: '施設の管理・運営業務（非干渉の検証用）',
        category: 'FACILITY_MANAGEMENT',
        method: 'PRIVATE',
        baselineAnnualCostYen: 120_000_000,
      },
      headers,
    );
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
      p = await mutateOk(w.srv, 'transitionTargetProject', { id: p.id, to, expectedVersion: p.version }, headers);
    }
    w.refs[key] = p;
  });
}

/** A new service (SELECTED): a public creation with public history. */
export function createProjectStep(key: string, name: string): Step {
  return common(`owner creates service ${key}`, async (w) => {
    w.refs[key] = await mutateOk(
      w.srv,
      'createTargetProject',
      {
        ministryCode: OWNER_MINISTRY,
        name,
        summary: '施設の管理・運営業務（非干渉の検証用）',
        category: 'FACILITY_MANAGEMENT',
        method: 'PRIVATE',
        baselineAnnualCostYen: 90_000_000,
      },
      w.headers.owner,
    );
  });
}

/** A round of the service `projectKey`, opened (`refs[key]`). */
export function openRound(key: string, projectKey: string, ministry: 'owner' | 'other', reservePriceYen: number): Step {
  return common(`${ministry} creates and opens round ${key}`, async (w) => {
    const headers = ministry === 'owner' ? w.headers.owner : w.headers.otherMinistry;
    const t = await mutateOk(
      w.srv,
      'createTender',
      { projectId: w.refs[projectKey].id, title: `${key} の入札`, reservePriceYen, ...ROUND_TERMS },
      headers,
    );
    w.refs[key] = await mutateOk(w.srv, 'transitionTender', { id: t.id, to: 'OPEN', expectedVersion: t.version }, headers);
  });
}

const headersOf = (w: World, who: 'owner' | 'other') => (who === 'owner' ? w.headers.owner : w.headers.otherMinistry);

export function closeRound(key: string, ministry: 'owner' | 'other'): Step {
  return common(`${ministry} closes round ${key}`, async (w) => {
    const current = await readTender(w.srv, w.refs[key].id, headersOf(w, ministry));
    w.refs[key] = await mutateOk(
      w.srv,
      'transitionTender',
      { id: current.id, to: 'CLOSED', expectedVersion: current.version },
      headersOf(w, ministry),
    );
  });
}

export function createBidderStep(key: string, n: number, who: 'owner' | 'other' = 'owner'): Step {
  return common(`${who} registers bidder ${key}`, async (w) => {
    w.refs[key] = await mutateOk(
      w.srv,
      'createBidder',
      { name: `非干渉検証事業者${n}株式会社`, corporateNumber: fixedCorporateNumber(n), kind: 'PRIVATE' },
      headersOf(w, who),
    );
  });
}

async function bid(w: World, roundKey: string, bidderKey: string, amountYen: number, who: 'owner' | 'other'): Promise<void> {
  const b = await mutateOk(
    w.srv,
    'recordBid',
    { tenderId: w.refs[roundKey].id, bidderId: w.refs[bidderKey].id, amountYen },
    headersOf(w, who),
  );
  w.refs[`${roundKey}/${bidderKey}`] = b;
}

/** A bid into a round that is awarded later in both worlds (public in the end). */
export const commonBid = (roundKey: string, bidderKey: string, amountYen: number, who: 'owner' | 'other' = 'owner') =>
  common(`${who} records ${bidderKey}'s bid in ${roundKey}`, (w) => bid(w, roundKey, bidderKey, amountYen, who));

/** A bid into an OPEN round of the owner that stays sealed to the end. */
export const sealedBid = (roundKey: string, bidderKey: string, amountYen: number) =>
  sealedOnly(`owner records ${bidderKey}'s bid in sealed ${roundKey}`, (w) => bid(w, roundKey, bidderKey, amountYen, 'owner'));

/** The owner corrects the amount of a bid it recorded in its sealed round (correctBid): recorded under the seal. */
export const sealedCorrection = (roundKey: string, bidderKey: string, amountYen: number) =>
  sealedOnly(`owner corrects ${bidderKey}'s bid in sealed ${roundKey}`, async (w) => {
    const key = `${roundKey}/${bidderKey}`;
    const { version } = await mutateOk(
      w.srv,
      'correctBid',
      { id: w.refs[key].id, expectedVersion: 1, amountYen, note: '桁の誤りを訂正' },
      headersOf(w, 'owner'),
      'version',
    );
    w.refs[key] = { ...w.refs[key], version };
  });

/** A bid in the owner's sealed round withdrawn (withdrawBid, 辞退): recorded under the seal. */
export const sealedWithdrawal = (roundKey: string, bidderKey: string) =>
  sealedOnly(`owner records that ${bidderKey} withdrew its bid in sealed ${roundKey}`, async (w) => {
    const key = `${roundKey}/${bidderKey}`;
    await mutateOk(
      w.srv,
      'withdrawBid',
      { id: w.refs[key].id, expectedVersion: w.refs[key].version ?? 1, note: '辞退届' },
      headersOf(w, 'owner'),
      'status',
    );
  });

/**
 * A bid into the owner's sealed round sent with an Idempotency-Key, then sent again with the
 * key as a client whose answer was lost would: the retry replays the first bid. The key rows
 * must leave no trace for outsiders either (docs/seal.md, "Idempotency keys").
 */
export const sealedBidWithKey = (roundKey: string, bidderKey: string, amountYen: number, key: string) =>
  sealedOnly(`owner records ${bidderKey}'s bid in sealed ${roundKey} under Idempotency-Key ${key}, and retries it`, async (w) => {
    const send = () =>
      w.srv.gql(
        'mutation($input: RecordBidInput!) { recordBid(input: $input) { bid { id amountYen } userErrors { code } } }',
        { input: { tenderId: w.refs[roundKey].id, bidderId: w.refs[bidderKey].id, amountYen } },
        { ...w.headers.owner, 'idempotency-key': key },
      );
    const first = await send();
    const retry = await send();
    if (
      first.errors ||
      first.data.recordBid.userErrors.length ||
      retry.extensions?.idempotencyReplayed !== true ||
      JSON.stringify(retry.data) !== JSON.stringify(first.data)
    ) {
      throw new Error(`expected a bid and its replay, got ${JSON.stringify({ first, retry })}`);
    }
    w.refs[`${roundKey}/${bidderKey}`] = first.data.recordBid.bid;
  });

/** updateTender changing only the reserve price of an OPEN round of the owner. */
export const sealedReservePrice = (roundKey: string, reservePriceYen: number) =>
  sealedOnly(`owner revises the reserve price of sealed ${roundKey}`, async (w) => {
    const current = await readTender(w.srv, w.refs[roundKey].id, w.headers.owner);
    w.refs[roundKey] = await mutateOk(
      w.srv,
      'updateTender',
      { id: current.id, expectedVersion: current.version, reservePriceYen },
      w.headers.owner,
    );
  });

/**
 * The owner imports the bids table for a sealed round, naming a bidder the tracker does not
 * know. Registering it would tell everyone that it bid, so the import refuses the row (and
 * writes nothing); either way the attempt must leave no trace for outsiders.
 */
export const sealedImport = (roundKey: string, projectName: string, newBidderName: string, n: number, amountYen: number) =>
  sealedOnly(`owner tries to import a bid of new bidder ${newBidderName} into sealed ${roundKey}`, async (w) => {
    const outcome = await importBids(w, projectName, newBidderName, n, amountYen);
    if (outcome.ok || !outcome.problems.every((p) => p.reason.startsWith('NOT_FOUND: no bidder'))) {
      throw new Error(`expected the unknown bidder to be refused, got ${JSON.stringify(outcome)}`);
    }
  });

/** The owner imports the bids table for a sealed round, naming a registered bidder: written. */
export const sealedImportKnown = (roundKey: string, projectName: string, bidderName: string, n: number, amountYen: number) =>
  sealedOnly(`owner imports a bid of registered bidder ${bidderName} into sealed ${roundKey}`, async (w) => {
    const outcome = await importBids(w, projectName, bidderName, n, amountYen);
    if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems)}`);
  });

async function importBids(w: World, projectName: string, bidderName: string, n: number, amountYen: number) {
  const viewer = await authenticate(knexOf(w.srv.orm), `Bearer ${w.tokens.owner}`);
  const csv =
    [
      '府省,事業名,回次,事業者名,法人番号,入札金額(円)',
      `${OWNER_MINISTRY},${projectName},1,${bidderName},${fixedCorporateNumber(n)},${amountYen}`,
    ].join('\n') + '\n';
  return runImport(w.srv.orm, { fileName: 'bids.csv', bytes: Buffer.from(csv, 'utf8'), kind: 'bids', dryRun: false, actor: viewer });
}

/** A query of the owner that names an amount, sent with Apollo's automatic persisted-query hash. */
export function persistedQueryText(roundId: string, amountYen: number): string {
  return `query ReserveCheck { node(id: "${roundId}") { ... on Tender { id reserve${amountYen}: reservePriceYen } } }`;
}
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const sealedPersistedQuery = (roundKey: string, amountYen: number) =>
  sealedOnly(`owner sends a persisted query naming ${amountYen} yen`, async (w) => {
    const text = persistedQueryText(w.refs[roundKey].id, amountYen);
    const response = await fetch(w.srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...w.headers.owner },
      body: JSON.stringify({ query: text, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (response.status !== 200 || body.errors) throw new Error(`persisted query failed: ${response.status} ${JSON.stringify(body)}`);
    w.refs.persistedHashes = [...(w.refs.persistedHashes ?? []), sha256(text)];
  });

/** Awards a CLOSED round of the owner to its lowest bid (each world reads its own ids). */
export const awardLowest = (roundKey: string) =>
  common(`owner awards ${roundKey} to its lowest bid`, async (w) => {
    const data = await query(
      w.srv,
      `query($id: ID!) { node(id: $id) { ... on Tender { id version bids(first: 100) { nodes { id amountYen } } } } }`,
      { id: w.refs[roundKey].id },
      w.headers.owner,
    );
    const lowest = [...data.node.bids.nodes].sort((a: any, b: any) => a.amountYen - b.amountYen)[0];
    w.refs[roundKey] = await mutateOk(
      w.srv,
      'awardTender',
      { tenderId: data.node.id, winningBidId: lowest.id, contractAmountYen: lowest.amountYen, expectedVersion: data.node.version },
      w.headers.owner,
    );
  });

/** A public edit with public history: the service's summary. */
export const updateProjectSummary = (projectKey: string, summary: string) =>
  common(`owner edits the summary of ${projectKey}`, async (w) => {
    const p = await query(
      w.srv,
      `query($id: ID!) { node(id: $id) { ... on TargetProject { id version } } }`,
      { id: w.refs[projectKey].id },
      w.headers.owner,
    );
    w.refs[projectKey] = await mutateOk(
      w.srv,
      'updateTargetProject',
      { id: p.node.id, expectedVersion: p.node.version, summary },
      w.headers.owner,
    );
  });

/** updateTender of a public field (the title) of a round: reads the round's version first. */
export const updateRoundTitle = (roundKey: string, title: string) =>
  common(`owner retitles ${roundKey}`, async (w) => {
    const current = await readTender(w.srv, w.refs[roundKey].id, w.headers.owner);
    w.refs[roundKey] = await mutateOk(w.srv, 'updateTender', { id: current.id, expectedVersion: current.version, title }, w.headers.owner);
  });

/** Anonymous-visible reads repeated during the script (the response cache is observable). */
export const probe = (label: string) =>
  observeStep(label, () => [
    {
      label: 'changes',
      principal: 'anonymous',
      method: 'POST',
      path: '/graphql',
      body: { query: '{ changes(first: 5) { totalCount nodes { id at action objectType objectId } } }' },
    },
    {
      label: 'tenders',
      principal: 'anonymous',
      method: 'POST',
      path: '/graphql',
      body: {
        query:
          '{ tenders(first: 5, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount edges { cursor node { id version title status } } } }',
      },
    },
    {
      label: 'bidders',
      principal: 'anonymous',
      method: 'POST',
      path: '/graphql',
      body: { query: '{ bidders(first: 5, orderBy: { field: NAME, direction: DESC }) { totalCount nodes { id name } } }' },
    },
  ]);

export const NAMES = {
  sealedService: '非干渉検証・封印される入札の対象事業',
  publicService: '非干渉検証・落札まで進む対象事業',
  otherService: '非干渉検証・他府省の対象事業',
  laterService: '非干渉検証・封印後に登録する対象事業',
};

/**
 * The full script: sealed rounds of the owner (T1) with sealed-only bids, a reserve-price
 * revision, an import that registers a bidder and a persisted query; public work before and
 * after them (R2 bids recorded after the sealed ones and awarded, bidders and a service
 * registered afterwards, a public edit with history), and the other ministry's CLOSED round.
 */
export function fullScript(): Step[] {
  return [
    projectInTendering('P1', 'owner', NAMES.sealedService),
    openRound('T1', 'P1', 'owner', 300_000_000),
    projectInTendering('P2', 'owner', NAMES.publicService),
    openRound('R2', 'P2', 'owner', 200_000_000),
    createBidderStep('B1', 1),
    createBidderStep('B2', 2),
    createBidderStep('B3', 3),
    projectInTendering('P3', 'other', NAMES.otherService),
    openRound('T3', 'P3', 'other', 150_000_000),
    createBidderStep('B4', 4, 'other'),
    commonBid('T3', 'B4', 140_000_000, 'other'),
    closeRound('T3', 'other'),
    probe('before the sealed operations'),
    sealedBid('T1', 'B1', 280_000_000),
    sealedReservePrice('T1', 310_000_000),
    sealedImport('T1', NAMES.sealedService, '封印中に取り込まれた新規事業者株式会社', 90, 295_000_000),
    sealedImportKnown('T1', NAMES.sealedService, '非干渉検証事業者3株式会社', 3, 296_000_000),
    sealedPersistedQuery('T1', 298_000_000),
    sealedCorrection('T1', 'B1', 281_000_000),
    sealedBid('T1', 'B2', 283_000_000),
    sealedWithdrawal('T1', 'B2'),
    probe('after the sealed operations'),
    commonBid('R2', 'B2', 190_000_000),
    commonBid('R2', 'B3', 185_000_000),
    closeRound('R2', 'owner'),
    awardLowest('R2'),
    createBidderStep('B5', 5),
    createProjectStep('P4', NAMES.laterService),
    updateProjectSummary('P2', '落札後に更新した概要（非干渉の検証用）'),
    updateRoundTitle('T1', 'T1 の入札（件名を更新）'),
    probe('at the end'),
  ];
}
