import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  closedTenderWithBids,
  closeTender,
  createBidder,
  createOpenTender,
  createProject,
  createTender,
  createTenderingProject,
  evaluationInput,
  historyCount,
  mutate,
  mutateOk,
  openTender,
  parseJson,
  projectInOperation,
  query,
  readProject,
  recordBidOk,
  registerPilot,
  transitionPilot,
  transitionProject,
  type Headers,
} from './support/factories.js';
import { pk, typeOfId } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * docs/domain.md "Change history" and docs/api.md: every write leaves a record (who, when, what,
 * before and after of the changed fields), readable through `history` on the object and the
 * root `changes`, newest first; refusals leave none; entries about a sealed round's bids and
 * reserve price are hidden like the bids themselves until the round is opened.
 */

interface Token {
  headers: Headers;
  id: number;
  name: string;
  role: string;
}

let srv: TestServer;
let admin: Token;
let moe: Token;
let moj: Token;
let chiyoda: Token;
let tomakomai: Token;
const anonymous: Headers = {};

async function token(
  role: 'ADMIN' | 'MINISTRY' | 'MUNICIPALITY',
  name: string,
  scope: { ministryCode?: string; municipalityCode?: string } = {},
): Promise<Token> {
  const t = await issueTestToken(srv, { role, name, ...scope });
  return { headers: t.headers, id: t.id, name, role };
}

beforeAll(async () => {
  srv = await startTestServer();
  admin = await token('ADMIN', '監理委員会事務局 テスト');
  moe = await token('MINISTRY', '環境省 会計課 テスト', { ministryCode: 'MOE' });
  moj = await token('MINISTRY', '法務省 テスト', { ministryCode: 'MOJ' });
  chiyoda = await token('MUNICIPALITY', '千代田区 区民課 テスト', { municipalityCode: '131016' });
  tomakomai = await token('MUNICIPALITY', '苫小牧市 テスト', { municipalityCode: '012131' });
});
afterAll(() => srv?.stop());

const CHANGE_FIELDS = 'id at action objectType objectId actor { id name role } before after note';

interface ChangeView {
  id: string;
  at: string;
  action: string;
  objectType: string;
  objectId: string;
  actor: { id: string | null; name: string; role: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}

/** `history` of one object, newest first, as a caller sees it. */
async function historyOf(objectType: string, id: string, headers: Headers = admin.headers): Promise<ChangeView[] | null> {
  const data = await query(
    srv,
    `query($id: ID!) { node(id: $id) { ... on ${objectType} { history(first: 100) { nodes { ${CHANGE_FIELDS} } } } } }`,
    { id },
    headers,
  );
  return data.node ? data.node.history.nodes : null;
}

/** Root `changes` with a filter, every page, as a caller sees it. */
async function changes(filter: Record<string, unknown>, headers: Headers = admin.headers): Promise<ChangeView[]> {
  const out: ChangeView[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: any = await query(
      srv,
      `query($filter: ChangeFilter, $after: String) { changes(first: 100, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } nodes { ${CHANGE_FIELDS} } } }`,
      { filter, after },
      headers,
    );
    out.push(...data.changes.nodes);
    if (!data.changes.pageInfo.hasNextPage) return out;
    after = data.changes.pageInfo.endCursor;
  }
  throw new Error('changes: paging does not end');
}

/**
 * Runs a write and checks the entry it left on `objectType`/`objectId` with `action`:
 * the same entry through the object's `history` (newest first) and the root `changes`
 * filtered by since, actor, type and action; who (name, role, id), when, and what.
 */
/** The row id behind a Change's global id (entries under a seal are stored with negative ids). */
function changeRowId(globalId: string): number {
  return typeOfId(globalId) === 'SealedChange' ? -pk(globalId) : pk(globalId);
}

async function expectRecorded(
  who: Token,
  write: () => Promise<unknown>,
  expected: {
    objectType: string;
    objectId: () => string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
    exact?: boolean;
    note?: string | null;
  },
): Promise<ChangeView> {
  const since = new Date();
  await sleep(2);
  await write();
  const until = new Date();

  const history = (await historyOf(expected.objectType, expected.objectId()))!;
  const mine = history.filter((c) => c.action === expected.action);
  expect(mine.length, `${expected.action} entries on ${expected.objectType}`).toBeGreaterThan(0);
  const entry = mine[0];

  expect(entry.objectType).toBe(expected.objectType);
  expect(entry.objectId).toBe(expected.objectId());
  expect(entry.actor.name).toBe(who.name);
  expect(entry.actor.role).toBe(who.role);
  expect(entry.actor.id).toEqual(expect.any(String));
  const at = Date.parse(entry.at);
  expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  expect(at).toBeGreaterThanOrEqual(since.getTime() - 1);
  expect(at).toBeLessThanOrEqual(until.getTime() + 1);
  if (expected.before === null) expect(entry.before).toBeNull();
  else if (expected.exact) expect(entry.before).toEqual(expected.before);
  else expect(entry.before).toMatchObject(expected.before);
  if (expected.exact) expect(entry.after).toEqual(expected.after);
  else expect(entry.after).toMatchObject(expected.after);
  if (expected.note !== undefined) expect(entry.note).toBe(expected.note);

  // The token made it: the stored row and the actorId filter agree.
  const [row] = await srv.sql('SELECT actor_token_id FROM change WHERE id = ?', [pk(entry.id)]);
  expect(Number(row.actor_token_id)).toBe(who.id);
  const listed = await changes({
    since: since.toISOString(),
    actorId: entry.actor.id,
    objectType: expected.objectType,
    action: expected.action,
  });
  expect(listed.map((c) => c.id)).toContain(entry.id);
  expect(listed.find((c) => c.id === entry.id)).toEqual(entry);
  for (const c of listed)
    expect(c).toMatchObject({ objectType: expected.objectType, action: expected.action, actor: { id: entry.actor.id } });
  return entry;
}

describe('every successful mutation leaves a history entry', () => {
  it("createTargetProject: the new service's fields, no before", async () => {
    let id = '';
    await expectRecorded(
      moe,
      async () =>
        (id = (
          await createProject(srv, moe.headers, {
            name: '履歴テスト事業',
            summary: '概要',
            category: 'CALL_CENTER',
            method: 'PUBLIC_PRIVATE',
            baselineAnnualCostYen: 90_000_000,
          })
        ).id),
      {
        objectType: 'TargetProject',
        objectId: () => id,
        action: 'createTargetProject',
        before: null,
        after: {
          ministryCode: 'MOE',
          name: '履歴テスト事業',
          summary: '概要',
          category: 'CALL_CENTER',
          method: 'PUBLIC_PRIVATE',
          baselineAnnualCostYen: 90_000_000,
          status: 'SELECTED',
          kana: null,
        },
      },
    );
  });

  it('updateTargetProject: only the fields that changed, with the note', async () => {
    const project = await createProject(srv, moe.headers, { name: '旧名称', summary: '同じ概要', baselineAnnualCostYen: 100_000_000 });
    await expectRecorded(
      moe,
      () =>
        mutateOk(
          srv,
          'updateTargetProject',
          {
            id: project.id,
            expectedVersion: project.version,
            name: '新名称',
            summary: '同じ概要',
            baselineAnnualCostYen: 110_000_000,
            note: '名称変更',
          },
          moe.headers,
        ),
      {
        objectType: 'TargetProject',
        objectId: () => project.id,
        action: 'updateTargetProject',
        before: { name: '旧名称', baselineAnnualCostYen: 100_000_000 },
        after: { name: '新名称', baselineAnnualCostYen: 110_000_000 },
        exact: true,
        note: '名称変更',
      },
    );
  });

  it('transitionTargetProject: the status before and after, with the note', async () => {
    const project = await createProject(srv, moe.headers);
    await expectRecorded(moe, () => transitionProject(srv, moe.headers, project, 'GUIDELINES_DRAFTING', '実施要項の検討開始'), {
      objectType: 'TargetProject',
      objectId: () => project.id,
      action: 'transitionTargetProject',
      before: { status: 'SELECTED' },
      after: { status: 'GUIDELINES_DRAFTING' },
      exact: true,
      note: '実施要項の検討開始',
    });
  });

  it('recordGuidelineMilestone: the milestone', async () => {
    const project = await createProject(srv, moe.headers);
    let id = '';
    await expectRecorded(
      moe,
      async () =>
        (id = (
          await mutateOk(
            srv,
            'recordGuidelineMilestone',
            { projectId: project.id, kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2013-11-01', endsOn: '2013-11-20', note: '意見募集' },
            moe.headers,
          )
        ).id),
      {
        objectType: 'GuidelineMilestone',
        objectId: () => id,
        action: 'recordGuidelineMilestone',
        before: null,
        after: { projectId: project.id, kind: 'PUBLIC_COMMENT_OPENED', occurredOn: '2013-11-01', endsOn: '2013-11-20', note: '意見募集' },
      },
    );
  });

  it('createTender, updateTender (changed fields only) and transitionTender', async () => {
    const project = await createTenderingProject(srv, moe.headers);
    let tender: any;
    await expectRecorded(
      moe,
      async () =>
        (tender = await createTender(srv, moe.headers, { projectId: project.id }, { title: '第1回', reservePriceYen: 300_000_000 })),
      {
        objectType: 'Tender',
        objectId: () => tender.id,
        action: 'createTender',
        before: null,
        after: {
          projectId: project.id,
          round: 1,
          title: '第1回',
          awardCriteria: 'LOWEST_PRICE',
          status: 'PLANNED',
          negotiatedAfterFailure: false,
          announcedOn: '2026-04-01',
          bidDeadline: '2026-05-15',
          contractStart: '2026-07-01',
          contractEnd: '2029-06-30',
        },
      },
    );
    // The reserve price is sealed: recorded apart, in an entry under the round's seal.
    const sealedEntries = async (action: string) =>
      (await historyOf('Tender', tender.id))!.filter((c) => c.action === action && JSON.stringify(c.after).includes('reservePriceYen'));
    expect((await sealedEntries('createTender')).map((c) => [c.before, c.after])).toEqual([[null, { reservePriceYen: 300_000_000 }]]);
    await expectRecorded(
      moe,
      async () =>
        (tender = await mutateOk(
          srv,
          'updateTender',
          {
            id: tender.id,
            expectedVersion: tender.version,
            title: '第1回（訂正）',
            reservePriceYen: 310_000_000,
            awardCriteria: 'LOWEST_PRICE',
          },
          moe.headers,
        )),
      {
        objectType: 'Tender',
        objectId: () => tender.id,
        action: 'updateTender',
        before: { title: '第1回' },
        after: { title: '第1回（訂正）' },
        exact: true,
      },
    );
    expect((await sealedEntries('updateTender')).map((c) => [c.before, c.after])).toEqual([
      [{ reservePriceYen: 300_000_000 }, { reservePriceYen: 310_000_000 }],
    ]);
    await expectRecorded(moe, () => openTender(srv, moe.headers, tender), {
      objectType: 'Tender',
      objectId: () => tender.id,
      action: 'transitionTender',
      before: { status: 'PLANNED' },
      after: { status: 'OPEN' },
      exact: true,
    });
  });

  it('createBidder and recordBid', async () => {
    const project = await createTenderingProject(srv, moe.headers);
    const open = await createOpenTender(srv, moe.headers, project.id);
    let bidder: any;
    await expectRecorded(moe, async () => (bidder = await createBidder(srv, moe.headers, { name: '株式会社履歴', kind: 'PRIVATE' })), {
      objectType: 'Bidder',
      objectId: () => bidder.id,
      action: 'createBidder',
      before: null,
      after: { name: '株式会社履歴', kind: 'PRIVATE' },
    });
    expect((await historyOf('Bidder', bidder.id))![0].after).toMatchObject({ corporateNumber: bidder.corporateNumber });
    let bid: any;
    await expectRecorded(moe, async () => (bid = await recordBidOk(srv, moe.headers, open.id, bidder.id, 250_000_000)), {
      objectType: 'Bid',
      objectId: () => bid.id,
      action: 'recordBid',
      before: null,
      after: { tenderId: open.id, bidderId: bidder.id, amountYen: 250_000_000, status: 'VALID' },
    });
  });

  it("awardTender: the round, each bid's status and the service's move", async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe.headers, [
      { amountYen: 240_000_000 },
      { amountYen: 250_000_000 },
    ]);
    await expectRecorded(moe, () => award(srv, moe.headers, tender, bids[0].id, 240_000_000), {
      objectType: 'Tender',
      objectId: () => tender.id,
      action: 'awardTender',
      before: { status: 'CLOSED' },
      after: { status: 'AWARDED', winningBidId: bids[0].id, contractAmountYen: 240_000_000 },
    });
    expect((await historyOf('Bid', bids[0].id))![0]).toMatchObject({
      action: 'awardTender',
      before: { status: 'VALID' },
      after: { status: 'WON' },
    });
    expect((await historyOf('Bid', bids[1].id))![0]).toMatchObject({
      action: 'awardTender',
      before: { status: 'VALID' },
      after: { status: 'LOST' },
    });
    expect((await historyOf('TargetProject', project.id))![0]).toMatchObject({
      action: 'awardTender',
      before: { status: 'TENDERING' },
      after: { status: 'IN_OPERATION' },
      actor: { name: moe.name },
    });
  });

  it('markTenderUnsuccessful: the round with its reason, and the service back to drafting', async () => {
    const project = await createTenderingProject(srv, moe.headers);
    const closed = await closeTender(srv, moe.headers, await createOpenTender(srv, moe.headers, project.id));
    const entry = await expectRecorded(
      moe,
      () =>
        mutateOk(
          srv,
          'markTenderUnsuccessful',
          { tenderId: closed.id, expectedVersion: closed.version, reason: '入札者なし' },
          moe.headers,
        ),
      {
        objectType: 'Tender',
        objectId: () => closed.id,
        action: 'markTenderUnsuccessful',
        before: { status: 'CLOSED' },
        after: { status: 'UNSUCCESSFUL' },
      },
    );
    expect(`${entry.note ?? ''} ${JSON.stringify(entry.after)}`).toContain('入札者なし');
    expect((await historyOf('TargetProject', project.id))![0]).toMatchObject({
      action: 'markTenderUnsuccessful',
      before: { status: 'TENDERING' },
      after: { status: 'GUIDELINES_DRAFTING' },
    });
  });

  it('cancelTender: the status and the reason', async () => {
    const project = await createTenderingProject(srv, moe.headers);
    const open = await createOpenTender(srv, moe.headers, project.id);
    const entry = await expectRecorded(
      moe,
      () => mutateOk(srv, 'cancelTender', { tenderId: open.id, expectedVersion: open.version, reason: '仕様の見直し' }, moe.headers),
      {
        objectType: 'Tender',
        objectId: () => open.id,
        action: 'cancelTender',
        before: { status: 'OPEN' },
        after: { status: 'CANCELLED' },
      },
    );
    expect(`${entry.note ?? ''} ${JSON.stringify(entry.after)}`).toContain('仕様の見直し');
  });

  it('recordEvaluation: the evaluation and both moves of the service', async () => {
    const { project, tender } = await projectInOperation(srv, moe.headers);
    let evaluation: any;
    await expectRecorded(
      moe,
      async () => (evaluation = await mutateOk(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moe.headers)),
      {
        objectType: 'Evaluation',
        objectId: () => evaluation.id,
        action: 'recordEvaluation',
        before: null,
        after: {
          projectId: project.id,
          tenderId: tender.id,
          fiscalYear: 2027,
          decision: 'EXIT',
          seriousProblems: false,
          costReductionYen: 15_000_000,
          decidedOn: '2028-03-15',
        },
      },
    );
    const moves = (await historyOf('TargetProject', project.id))!.filter((c) => c.action === 'recordEvaluation');
    expect(moves.map((c) => [c.before, c.after])).toEqual([
      [{ status: 'UNDER_EVALUATION' }, { status: 'EXITED' }],
      [{ status: 'IN_OPERATION' }, { status: 'UNDER_EVALUATION' }],
    ]);
  });

  it("createBasicPolicy and addPolicyEntry (the entry, and the service's selection year)", async () => {
    let policy: any;
    await expectRecorded(
      admin,
      async () =>
        (policy = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針（履歴テスト）', decidedOn: '2095-07-10' }, admin.headers)),
      {
        objectType: 'BasicPolicy',
        objectId: () => policy.id,
        action: 'createBasicPolicy',
        before: null,
        after: { title: '基本方針（履歴テスト）', decidedOn: '2095-07-10' },
      },
    );
    const project = await createProject(srv, moe.headers);
    let entry: any;
    await expectRecorded(
      admin,
      async () =>
        (entry = await mutateOk(
          srv,
          'addPolicyEntry',
          { policyId: policy.id, projectId: project.id, action: 'SELECT', method: 'PRIVATE', contractYears: 3 },
          admin.headers,
        )),
      {
        objectType: 'PolicyEntry',
        objectId: () => entry.id,
        action: 'addPolicyEntry',
        before: null,
        after: { policyId: policy.id, projectId: project.id, action: 'SELECT', method: 'PRIVATE', contractYears: 3 },
      },
    );
    expect((await historyOf('TargetProject', project.id))![0]).toMatchObject({
      action: 'addPolicyEntry',
      before: { selectedInFiscalYear: null },
      after: { selectedInFiscalYear: 2095 },
      actor: { name: admin.name, role: 'ADMIN' },
    });
  });

  it('registerLocalPilot, updateLocalPilot (changed fields only) and transitionLocalPilot', async () => {
    let pilot: any;
    await expectRecorded(
      chiyoda,
      async () =>
        (pilot = await registerPilot(srv, chiyoda.headers, '131016', {
          title: '窓口委託',
          scheme: 'OWN_SCHEME',
          services: ['TAX_CERTIFICATES'],
        })),
      {
        objectType: 'LocalPilot',
        objectId: () => pilot.id,
        action: 'registerLocalPilot',
        before: null,
        after: { municipalityCode: '131016', title: '窓口委託', scheme: 'OWN_SCHEME', services: ['TAX_CERTIFICATES'], status: 'PLANNED' },
      },
    );
    const outcomes = [{ indicator: '窓口待ち時間', unit: '分', before: 25, after: 12 }];
    await expectRecorded(
      chiyoda,
      async () =>
        (pilot = await mutateOk(
          srv,
          'updateLocalPilot',
          { id: pilot.id, expectedVersion: pilot.version, title: '窓口委託', outcomes },
          chiyoda.headers,
        )),
      {
        objectType: 'LocalPilot',
        objectId: () => pilot.id,
        action: 'updateLocalPilot',
        before: { outcomes: [] },
        after: { outcomes },
        exact: true,
      },
    );
    await expectRecorded(chiyoda, () => transitionPilot(srv, chiyoda.headers, pilot, 'POLICY_ADOPTED', '実施方針策定'), {
      objectType: 'LocalPilot',
      objectId: () => pilot.id,
      action: 'transitionLocalPilot',
      before: { status: 'PLANNED' },
      after: { status: 'POLICY_ADOPTED' },
      exact: true,
      note: '実施方針策定',
    });
  });
});

describe('what history records and what it does not', () => {
  it('records nothing for an update that changes nothing, and leaves the version alone', async () => {
    const project = await createProject(srv, moe.headers, { name: '変更なし', summary: '概要' });
    const count = await historyCount(srv, 'TargetProject', project.id);
    const out = await mutateOk(
      srv,
      'updateTargetProject',
      { id: project.id, expectedVersion: project.version, name: '変更なし', summary: '概要' },
      moe.headers,
    );
    expect(out.version).toBe(project.version);
    expect(await historyCount(srv, 'TargetProject', project.id)).toBe(count);
  });

  it('names the same fields in before and after of every entry that changes an existing object', async () => {
    // Everything this file has written so far, plus a full life to be sure every kind is there.
    const { project, tender } = await projectInOperation(srv, moe.headers);
    await mutateOk(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'CONTINUE'), moe.headers);
    const rows = (
      await srv.sql<{ id: number; action: string; object_type: string; before: unknown; after: unknown }>(
        'SELECT id, action, object_type, before, after FROM change ORDER BY id',
      )
    )
      .map((r) => ({
        ...r,
        before: parseJson(r.before) as Record<string, unknown> | null,
        after: parseJson(r.after) as Record<string, unknown> | null,
      }))
      .filter((r) => r.before != null);
    expect(rows.length).toBeGreaterThan(10);
    const mismatched = rows
      .map((r) => ({
        what: `${r.action} on ${r.object_type}`,
        before: Object.keys(r.before!).sort(),
        after: Object.keys(r.after ?? {}).sort(),
      }))
      .filter((r) => JSON.stringify(r.before) !== JSON.stringify(r.after));
    const kinds = [
      ...new Map(
        mismatched.map((m) => [m.what, `${m.what}: before ${JSON.stringify(m.before)} vs after ${JSON.stringify(m.after)}`]),
      ).values(),
    ];
    expect(kinds).toEqual([]);
  });

  it('leaves no entry for a refused mutation', async () => {
    const project = await createTenderingProject(srv, moe.headers);
    const { tender, bids } = await closedTenderWithBids(srv, moe.headers, [{ amountYen: 240_000_000 }, { amountYen: 250_000_000 }]);
    const pilot = await registerPilot(srv, chiyoda.headers, '131016');
    const policy = await mutateOk(srv, 'createBasicPolicy', { title: '基本方針（拒否テスト）', decidedOn: '2096-07-10' }, admin.headers);
    await mutateOk(
      srv,
      'addPolicyEntry',
      { policyId: policy.id, projectId: project.id, action: 'SELECT', method: 'PRIVATE' },
      admin.headers,
    );
    const current = await readProject(srv, project.id, moe.headers);
    const existing = await createBidder(srv, moe.headers);

    const before = await historyCount(srv);
    const refusals = [
      await mutate(srv, 'updateTargetProject', { id: project.id, expectedVersion: current.version - 1, name: '古い版' }, moe.headers),
      await mutate(srv, 'updateTargetProject', { id: project.id, expectedVersion: current.version, name: '' }, moe.headers),
      await mutate(srv, 'updateTargetProject', { id: project.id, expectedVersion: current.version, name: '他省' }, moj.headers),
      await mutate(srv, 'transitionTargetProject', { id: project.id, to: 'EXITED', expectedVersion: current.version }, moe.headers),
      await mutate(
        srv,
        'createTargetProject',
        { ministryCode: 'MOE', name: '他省による作成', summary: 's', category: 'OTHER', method: 'PRIVATE', baselineAnnualCostYen: 1 },
        moj.headers,
      ),
      await mutate(
        srv,
        'createTargetProject',
        { ministryCode: 'NOPE', name: '存在しない府省', summary: 's', category: 'OTHER', method: 'PRIVATE', baselineAnnualCostYen: 1 },
        admin.headers,
      ),
      await award(srv, moe.headers, tender, bids[1].id, 250_000_000),
      await mutate(srv, 'recordBid', { tenderId: tender.id, bidderId: bids[0].bidder.id, amountYen: 1 }, moe.headers),
      await mutate(srv, 'cancelTender', { tenderId: tender.id, expectedVersion: tender.version + 5, reason: '古い版' }, moe.headers),
      await mutate(srv, 'createBidder', { name: '重複', corporateNumber: existing.corporateNumber, kind: 'PRIVATE' }, moe.headers),
      await mutate(srv, 'transitionLocalPilot', { id: pilot.id, to: 'ENDED', expectedVersion: pilot.version }, chiyoda.headers),
      await mutate(srv, 'updateLocalPilot', { id: pilot.id, expectedVersion: pilot.version, title: '他団体' }, tomakomai.headers),
      await mutate(
        srv,
        'addPolicyEntry',
        { policyId: policy.id, projectId: project.id, action: 'REVISE', method: 'PRIVATE' },
        admin.headers,
      ),
      await mutate(srv, 'createBasicPolicy', { title: '府省', decidedOn: '2096-08-01' }, moe.headers),
      await mutate(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moe.headers),
    ];
    for (const r of refusals) {
      expect(r.codes.length, JSON.stringify(r.userErrors)).toBeGreaterThan(0);
      expect(r.value).toBeNull();
    }
    expect(await historyCount(srv)).toBe(before);
  });

  it('refuses anonymous writes before anything runs (UNAUTHENTICATED) and records nothing', async () => {
    const before = await historyCount(srv);
    const out = await mutate(srv, 'createBidder', { name: '匿名', kind: 'PUBLIC_SECTOR' }, anonymous);
    expect(out.codes).toEqual(['UNAUTHENTICATED']);
    expect(await historyCount(srv)).toBe(before);
  });
});

describe('reading the history', () => {
  it("lists an object's history newest first", async () => {
    const project = await createProject(srv, moe.headers);
    let current = project;
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED'])
      current = (await transitionProject(srv, moe.headers, current, to)).value;
    const history = (await historyOf('TargetProject', project.id))!;
    expect(history.map((c) => [c.action, c.after?.status])).toEqual([
      ['transitionTargetProject', 'GUIDELINES_FIXED'],
      ['transitionTargetProject', 'PUBLIC_COMMENT'],
      ['transitionTargetProject', 'GUIDELINES_DRAFTING'],
      ['createTargetProject', 'SELECTED'],
    ]);
    const times = history.map((c) => Date.parse(c.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('lists root changes newest first, with every entry in the database', async () => {
    await createProject(srv, moe.headers);
    const all = await changes({});
    // Published entries first, most recently published first; an admin also sees the entries
    // still under a seal (negative ids, SealedChange global ids), after them.
    const ids = (await srv.sql<{ id: number }>('SELECT id FROM change ORDER BY id DESC')).map((r) => Number(r.id));
    expect(all.map((c) => changeRowId(c.id))).toEqual(ids);
    expect(ids.some((id) => id < 0)).toBe(true);
    // Entries that were never sealed are in time order too (released ones keep their own time).
    const times = all.filter((c) => c.objectType === 'TargetProject').map((c) => Date.parse(c.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by since (at or after the instant)', async () => {
    const a = await createProject(srv, moe.headers);
    await sleep(25);
    const cut = new Date();
    await sleep(25);
    const b = await createProject(srv, moe.headers);
    const after = await changes({ since: cut.toISOString(), objectType: 'TargetProject' });
    expect(after.map((c) => c.objectId)).toEqual([b.id]);
    const entryOfB = after[0];
    // Exactly at the entry's instant is still "at or after".
    expect((await changes({ since: entryOfB.at, objectType: 'TargetProject' })).map((c) => c.objectId)).toContain(b.id);
    expect(
      (await changes({ since: new Date(Date.parse(entryOfB.at) + 1).toISOString(), objectType: 'TargetProject' })).map((c) => c.objectId),
    ).not.toContain(b.id);
    expect(
      (await changes({ since: new Date(cut.getTime() - 60_000).toISOString(), objectType: 'TargetProject' })).map((c) => c.objectId),
    ).toEqual(expect.arrayContaining([a.id, b.id]));
    // Written with another offset, the same instant.
    const jst = new Date(cut.getTime() + 9 * 3600_000).toISOString().replace('Z', '+09:00');
    expect((await changes({ since: jst, objectType: 'TargetProject' })).map((c) => c.objectId)).toEqual([b.id]);
  });

  it('filters by actor, object type and action, together', async () => {
    const since = new Date().toISOString();
    const p1 = await createProject(srv, moe.headers);
    const p2 = await createProject(srv, admin.headers, { ministryCode: 'MOE' });
    await transitionProject(srv, admin.headers, p1, 'GUIDELINES_DRAFTING');
    await createBidder(srv, moe.headers);

    const all = await changes({ since });
    expect(all).toHaveLength(4);
    const moeActor = all.find((c) => c.actor.name === moe.name)!.actor.id;
    const adminActor = all.find((c) => c.actor.name === admin.name)!.actor.id;
    expect(moeActor).not.toBe(adminActor);

    const byMoe = await changes({ since, actorId: moeActor });
    expect(byMoe.map((c) => [c.action, c.objectType])).toEqual([
      ['createBidder', 'Bidder'],
      ['createTargetProject', 'TargetProject'],
    ]);
    const sqlByMoe = await srv.sql<{ id: number }>('SELECT id FROM change WHERE actor_token_id = ? ORDER BY id DESC', [moe.id]);
    expect((await changes({ actorId: moeActor })).map((c) => changeRowId(c.id))).toEqual(sqlByMoe.map((r) => Number(r.id)));

    expect((await changes({ since, objectType: 'TargetProject' })).map((c) => c.objectId)).toEqual([p1.id, p2.id, p1.id]);
    expect((await changes({ since, action: 'createTargetProject' })).map((c) => c.objectId)).toEqual([p2.id, p1.id]);
    expect(
      (await changes({ since, actorId: adminActor, objectType: 'TargetProject', action: 'transitionTargetProject' })).map(
        (c) => c.objectId,
      ),
    ).toEqual([p1.id]);
    expect(await changes({ since, actorId: adminActor, action: 'createBidder' })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The seal

/** What of one round's sealed history a caller can reach, by every path. */
async function sealedView(headers: Headers, ids: { tenderId: string; bidIds: string[]; changeIds: string[] }) {
  const bidEntries = (await changes({ objectType: 'Bid' }, headers)).filter((c) => ids.bidIds.includes(c.objectId));
  const tenderEntries = (await changes({ objectType: 'Tender' }, headers)).filter((c) => c.objectId === ids.tenderId);
  const byAction = (await changes({ action: 'recordBid' }, headers)).filter((c) => ids.bidIds.includes(c.objectId));
  const tenderHistory = (await historyOf('Tender', ids.tenderId, headers)) ?? [];
  const bidHistories = await Promise.all(ids.bidIds.map((id) => historyOf('Bid', id, headers)));
  const nodes = await query(srv, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.changeIds }, headers);
  const node = await Promise.all(
    ids.changeIds.map(
      async (id) => (await query(srv, `query($id: ID!) { node(id: $id) { id ... on Change { action } } }`, { id }, headers)).node,
    ),
  );
  return {
    bidEntries,
    byAction,
    tenderEntries,
    tenderHistory,
    bidHistories,
    nodes: nodes.nodes as ({ id: string } | null)[],
    node,
    /** Anything shown that carries a bid amount, a bidder or the reserve price. */
    revealing: [...bidEntries, ...byAction, ...tenderEntries, ...tenderHistory].filter((c) => {
      const text = JSON.stringify([c.before, c.after]);
      return /reservePriceYen|amountYen|bidderId|totalScore/.test(text);
    }),
  };
}

async function sealedRound(owner: Token, options: { pilot?: boolean } = {}) {
  let tender: any;
  if (options.pilot) {
    let pilot = await registerPilot(srv, owner.headers, '131016');
    pilot = (await transitionPilot(srv, owner.headers, pilot, 'POLICY_ADOPTED')).value;
    pilot = (await transitionPilot(srv, owner.headers, pilot, 'TENDERING')).value;
    tender = await openTender(
      srv,
      owner.headers,
      await createTender(srv, owner.headers, { localPilotId: pilot.id }, { reservePriceYen: 50_000_000 }),
    );
  } else {
    const project = await createTenderingProject(srv, owner.headers);
    tender = await createOpenTender(srv, owner.headers, project.id, { reservePriceYen: 300_000_000 });
  }
  const amounts = options.pilot ? [40_000_000, 45_000_000] : [240_000_000, 260_000_000];
  const bids = [];
  for (const amount of amounts)
    bids.push(await recordBidOk(srv, owner.headers, tender.id, (await createBidder(srv, owner.headers)).id, amount));
  const bidIds = bids.map((b) => b.id);
  const changeIds = await sealedEntryIds(tender.id, bidIds);
  return { tender, bids, ids: { tenderId: tender.id, bidIds, changeIds } };
}

/**
 * The ids of the entries about a round's bids and its reserve price (the createTender entry
 * that carries it: the round's public terms have an entry of their own), as an admin sees
 * them. Under the seal they are SealedChange ids; once the round opens they are renumbered.
 */
async function sealedEntryIds(tenderId: string, bidIds: string[]): Promise<string[]> {
  const entries = [
    ...(await changes({ objectType: 'Bid', action: 'recordBid' })).filter((c) => bidIds.includes(c.objectId)),
    ...(await changes({ objectType: 'Tender' })).filter(
      (c) => c.objectId === tenderId && c.action === 'createTender' && c.after && 'reservePriceYen' in c.after,
    ),
  ];
  expect(entries.map((c) => c.action).sort()).toEqual(['createTender', 'recordBid', 'recordBid']);
  return entries.map((c) => c.id);
}

/** After the round opened: the old ids are gone for everyone, and the entries have new ones. */
async function renumbered(ids: { tenderId: string; bidIds: string[]; changeIds: string[] }) {
  for (const headers of [anonymous, admin.headers]) {
    const old = await query(srv, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.changeIds }, headers);
    expect(old.nodes).toEqual(ids.changeIds.map(() => null));
  }
  const changeIds = await sealedEntryIds(ids.tenderId, ids.bidIds);
  expect(changeIds.filter((id) => ids.changeIds.includes(id))).toEqual([]);
  return { ...ids, changeIds };
}

function expectHidden(view: Awaited<ReturnType<typeof sealedView>>): void {
  expect(view.bidEntries).toEqual([]);
  expect(view.byAction).toEqual([]);
  expect(view.revealing).toEqual([]);
  expect(view.bidHistories.every((h) => h === null || h.length === 0)).toBe(true);
  expect(view.nodes).toEqual(view.nodes.map(() => null));
  expect(view.node).toEqual(view.node.map(() => null));
}

function expectVisible(view: Awaited<ReturnType<typeof sealedView>>, bidCount: number): void {
  expect(view.byAction).toHaveLength(bidCount);
  expect(view.bidEntries.filter((c) => c.action === 'recordBid')).toHaveLength(bidCount);
  expect(view.tenderEntries.map((c) => c.action)).toContain('createTender');
  expect(view.tenderHistory.map((c) => c.action)).toContain('createTender');
  for (const h of view.bidHistories) expect(h?.map((c) => c.action)).toContain('recordBid');
  expect(view.nodes.every((n) => n !== null)).toBe(true);
  expect(view.node.every((n) => n !== null)).toBe(true);
}

describe('history of a sealed round', () => {
  it('hides the bid and reserve-price entries of an OPEN round from anonymous callers and other ministries', async () => {
    const { ids } = await sealedRound(moe);
    expectHidden(await sealedView(anonymous, ids));
    expectHidden(await sealedView(moj.headers, ids));
    expectHidden(await sealedView(chiyoda.headers, ids));
  });

  it('shows them to the owning ministry and to admins', async () => {
    const { ids } = await sealedRound(moe);
    expectVisible(await sealedView(moe.headers, ids), 2);
    expectVisible(await sealedView(admin.headers, ids), 2);
  });

  it('does not let the hidden entries show through totalCount', async () => {
    const count = async (headers: Headers) =>
      (await query(srv, `{ changes(filter: { objectType: "Bid" }) { totalCount } }`, {}, headers)).changes.totalCount as number;
    const anonBefore = await count(anonymous);
    const mojBefore = await count(moj.headers);
    const adminBefore = await count(admin.headers);
    await sealedRound(moe);
    expect(await count(anonymous)).toBe(anonBefore);
    expect(await count(moj.headers)).toBe(mojBefore);
    expect(await count(admin.headers)).toBe(adminBefore + 2);
  });

  it('keeps them hidden in a CLOSED round and after a cancellation', async () => {
    const { tender, ids } = await sealedRound(moe);
    const closed = await closeTender(srv, moe.headers, tender);
    expectHidden(await sealedView(anonymous, ids));
    await mutateOk(srv, 'cancelTender', { tenderId: closed.id, expectedVersion: closed.version, reason: '中止' }, moe.headers);
    expectHidden(await sealedView(anonymous, ids));
    expectHidden(await sealedView(moj.headers, ids));
  });

  it('makes them public once the round is awarded', async () => {
    const { tender, bids, ids } = await sealedRound(moe);
    const closed = await closeTender(srv, moe.headers, tender);
    expect((await award(srv, moe.headers, closed, bids[0].id, 240_000_000)).userErrors).toEqual([]);
    const released = await renumbered(ids);
    for (const headers of [anonymous, moj.headers]) {
      const view = await sealedView(headers, released);
      expectVisible(view, 2);
      // The award's bid entries too.
      expect(
        view.bidEntries
          .filter((c) => c.action === 'awardTender')
          .map((c) => c.after?.status)
          .sort(),
      ).toEqual(['LOST', 'WON']);
      expect(view.tenderEntries.filter((c) => c.action === 'createTender').map((c) => c.after)).toContainEqual({
        reservePriceYen: 300_000_000,
      });
    }
  });

  it('makes them public once the round is marked unsuccessful', async () => {
    const { tender, ids } = await sealedRound(moe);
    const closed = await closeTender(srv, moe.headers, tender);
    await mutateOk(srv, 'markTenderUnsuccessful', { tenderId: closed.id, expectedVersion: closed.version, reason: '不調' }, moe.headers);
    expectVisible(await sealedView(anonymous, await renumbered(ids)), 2);
  });

  it("hides a local pilot's sealed entries from other local governments and ministries, and shows them to the owner", async () => {
    const { ids } = await sealedRound(chiyoda, { pilot: true });
    expectHidden(await sealedView(anonymous, ids));
    expectHidden(await sealedView(tomakomai.headers, ids));
    expectHidden(await sealedView(moe.headers, ids));
    expectVisible(await sealedView(chiyoda.headers, ids), 2);
  });
});
