import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  closeTender,
  createBidder,
  createOpenTender,
  createTenderingProject,
  evaluationInput,
  mutate,
  mutateOk,
  query,
  recordBidOk,
} from './support/factories.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Corrections with a trail (docs/domain.md "Corrections"): a bid withdrawn (辞退) or recorded
 * wrongly, while its round is still sealed; a bidder's registered name; two bidder rows of one
 * company merged. Each checks the version read, is scoped, and leaves history.
 */
describe('corrections through the API', () => {
  let srv: TestServer;
  let moe: Record<string, string>;
  let mhlw: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    srv = await startTestServer();
    moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
    mhlw = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MHLW' })).headers;
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  });
  afterAll(() => srv?.stop());

  const BID = 'id version status amountYen technicalScore totalScore bidder { id }';

  /** An OPEN round of a new MOE service with one bid per amount; reserve price 300,000,000. */
  async function openRoundWithBids(...amounts: number[]) {
    const project = await createTenderingProject(srv, moe);
    const tender = await createOpenTender(srv, moe, project.id);
    const bids = [];
    for (const amount of amounts) bids.push(await recordBidOk(srv, moe, tender.id, (await createBidder(srv, moe)).id, amount, {}));
    return { project, tender, bids: await Promise.all(bids.map((b) => readBid(b.id))) };
  }

  async function readBid(id: string, headers = moe) {
    return (await query(srv, `query($id: ID!) { node(id: $id) { ... on Bid { ${BID} } } }`, { id }, headers)).node;
  }

  const bidCountOf = async (tenderId: string, headers = moe): Promise<number | null> =>
    (await query(srv, 'query($id: ID!) { node(id: $id) { ... on Tender { numberOfBidders } } }', { id: tenderId }, headers)).node
      .numberOfBidders;

  /** A bid's or bidder's history as `headers` may read it (sealed entries only for who may see the round); [] when it is hidden. */
  const historyOf = async (id: string, headers = moe) => {
    const history = 'history(first: 50) { nodes { action before after note } }';
    const { node } = await query(
      srv,
      `query($id: ID!) { node(id: $id) { ... on Bid { ${history} } ... on Bidder { ${history} } } }`,
      { id },
      headers,
    );
    return (node?.history.nodes ?? []) as { action: string; before: unknown; after: unknown; note: string | null }[];
  };

  describe('withdrawBid (辞退)', () => {
    it('withdraws a bid before the opening: WITHDRAWN, no longer counted, a new version, history under the seal', async () => {
      const { tender, bids } = await openRoundWithBids(250_000_000, 260_000_000);
      expect(await bidCountOf(tender.id)).toBe(2);
      const out = await mutateOk(srv, 'withdrawBid', { id: bids[0].id, expectedVersion: 1, note: '辞退届の提出' }, moe, BID);
      expect(out).toMatchObject({ status: 'WITHDRAWN', version: 2, amountYen: 250_000_000 });
      expect(await bidCountOf(tender.id)).toBe(1);
      expect(await historyOf(bids[0].id)).toContainEqual({
        action: 'withdrawBid',
        before: { status: 'VALID' },
        after: { status: 'WITHDRAWN' },
        note: '辞退届の提出',
      });
      // Nobody outside sees the entry while the round is sealed.
      expect(await historyOf(bids[0].id, {})).toEqual([]);

      const again = await mutate(srv, 'withdrawBid', { id: bids[0].id, expectedVersion: 2 }, moe);
      expect(again.userErrors).toEqual([
        { code: 'INVALID_STATE', field: ['input', 'id'], message: expect.stringMatching(/^この入札はすでに辞退されています/) },
      ]);
      const stale = await mutate(srv, 'withdrawBid', { id: bids[1].id, expectedVersion: 7 }, moe);
      expect(stale.codes).toEqual(['STALE_VERSION']);
      expect((await readBid(bids[1].id)).status).toBe('VALID');
    });

    it('is refused once the round is opened, saying why (入札心得), and changes nothing', async () => {
      const { tender, bids } = await openRoundWithBids(250_000_000, 260_000_000);
      const closed = await closeTender(srv, moe, tender);
      const awarded = await award(srv, moe, closed, bids[0].id, 250_000_000);
      expect(awarded.userErrors).toEqual([]);
      // The award moved the bid (VALID → LOST), and so its version.
      const lost = await readBid(bids[1].id);
      expect(lost).toMatchObject({ status: 'LOST', version: 2 });
      const refused = await mutate(srv, 'withdrawBid', { id: bids[1].id, expectedVersion: lost.version }, moe);
      expect(refused.userErrors).toEqual([
        {
          code: 'INVALID_STATE',
          field: ['input', 'id'],
          message: expect.stringMatching(/^入札が「開札済み」のため、入札の辞退・訂正はできません。.*入札心得/),
        },
      ]);
      expect((await readBid(bids[1].id)).status).toBe('LOST');
    });

    it("another ministry cannot tell another's sealed bid from one that does not exist", async () => {
      const { bids } = await openRoundWithBids(250_000_000);
      const missing = bids[0].id.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
      const sealed = await mutate(srv, 'withdrawBid', { id: bids[0].id, expectedVersion: 1 }, mhlw);
      const none = await mutate(srv, 'withdrawBid', { id: missing, expectedVersion: 1 }, mhlw);
      expect(sealed.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'id'], message: `見つかりません（no Bid has the id ${bids[0].id}）` },
      ]);
      expect(none.codes).toEqual(['NOT_FOUND']);
      expect((await readBid(bids[0].id)).status).toBe('VALID');
    });
  });

  describe('correctBid', () => {
    it('corrects a mistyped amount while sealed: validity follows the reserve price, history keeps both, the note is required', async () => {
      const { bids } = await openRoundWithBids(250_000_000);
      const noNote = await mutate(srv, 'correctBid', { id: bids[0].id, expectedVersion: 1, amountYen: 25_000_000, note: ' ' }, moe);
      expect(noNote.userErrors.map((e) => [e.code, e.field])).toEqual([['VALIDATION', ['input', 'note']]]);

      // Above the reserve price (300,000,000) the bid cannot win: INVALID (予決令第79条).
      const above = await mutateOk(
        srv,
        'correctBid',
        { id: bids[0].id, expectedVersion: 1, amountYen: 350_000_000, note: '桁の誤り' },
        moe,
        BID,
      );
      expect(above).toMatchObject({ amountYen: 350_000_000, status: 'INVALID', version: 2 });
      const back = await mutateOk(
        srv,
        'correctBid',
        { id: bids[0].id, expectedVersion: 2, amountYen: 255_000_000, note: '再訂正' },
        moe,
        BID,
      );
      expect(back).toMatchObject({ amountYen: 255_000_000, status: 'VALID', version: 3 });
      expect((await historyOf(bids[0].id)).filter((h) => h.action === 'correctBid').map((h) => [h.before, h.after])).toEqual(
        expect.arrayContaining([
          [
            { amountYen: 250_000_000, status: 'VALID' },
            { amountYen: 350_000_000, status: 'INVALID' },
          ],
          [
            { amountYen: 350_000_000, status: 'INVALID' },
            { amountYen: 255_000_000, status: 'VALID' },
          ],
        ]),
      );
      // The same values again change nothing: no version, no entry.
      const same = await mutateOk(
        srv,
        'correctBid',
        { id: bids[0].id, expectedVersion: 3, amountYen: 255_000_000, note: '確認' },
        moe,
        BID,
      );
      expect(same.version).toBe(3);
      expect((await historyOf(bids[0].id)).filter((h) => h.action === 'correctBid')).toHaveLength(2);
    });

    it('is refused to a ministry that does not own the round', async () => {
      const { bids } = await openRoundWithBids(250_000_000);
      const refused = await mutate(srv, 'correctBid', { id: bids[0].id, expectedVersion: 1, amountYen: 1, note: 'x' }, mhlw);
      expect(refused.codes).toEqual(['NOT_FOUND']);
      expect((await readBid(bids[0].id)).amountYen).toBe(250_000_000);
    });
  });

  describe('renameBidder', () => {
    it('corrects a name and gives a missing 法人番号, admin only; search follows; a number of another bidder is DUPLICATE', async () => {
      const bidder = await mutateOk(srv, 'createBidder', { name: '誤記商事株式会杜', kind: 'PRIVATE' }, moe, 'id version');
      const forbidden = await mutate(srv, 'renameBidder', { id: bidder.id, expectedVersion: 1, name: '正記商事株式会社' }, moe);
      expect(forbidden.codes).toEqual(['FORBIDDEN']);

      const other = await createBidder(srv, moe);
      const [{ corporate_number: taken }] = await srv.sql<{ corporate_number: string }>(
        'SELECT corporate_number FROM bidder WHERE name = ?',
        [other.name],
      );
      const duplicate = await mutate(
        srv,
        'renameBidder',
        { id: bidder.id, expectedVersion: 1, name: '正記商事株式会社', corporateNumber: taken },
        admin,
      );
      expect(duplicate.userErrors).toEqual([
        { code: 'DUPLICATE', field: ['input', 'corporateNumber'], message: expect.stringContaining('mergeBidders') },
      ]);

      const renamed = await mutateOk(
        srv,
        'renameBidder',
        { id: bidder.id, expectedVersion: 1, name: '正記商事株式会社', note: '登記簿で確認' },
        admin,
        'id version name',
      );
      expect(renamed).toMatchObject({ name: '正記商事株式会社', version: 2 });
      const found = await query(srv, '{ bidders(filter: { query: "正記商事" }) { nodes { id } } }');
      expect(found.bidders.nodes).toEqual([{ id: bidder.id }]);
      expect(await historyOf(bidder.id, {})).toContainEqual({
        action: 'renameBidder',
        before: { name: '誤記商事株式会杜' },
        after: { name: '正記商事株式会社' },
        note: '登記簿で確認',
      });
    });
  });

  describe('mergeBidders', () => {
    it('moves every bid to the bidder that stays, keeps the history of both, and takes the 法人番号 it lacked', async () => {
      // One company entered twice: with its 法人番号 (A) and without it (B).
      const a = await createBidder(srv, moe);
      const b = await mutateOk(srv, 'createBidder', { name: '統合試験株式会社（番号なし）', kind: 'PRIVATE' }, moe, 'id name');
      // B won an opened round, and bid in one still sealed; A bid in a third.
      const opened = await openRoundWithBids();
      const bBid = await recordBidOk(srv, moe, opened.tender.id, b.id, 200_000_000, {});
      const awarded = await award(srv, moe, await closeTender(srv, moe, opened.tender), bBid.id, 200_000_000);
      expect(awarded.userErrors).toEqual([]);
      const sealed = await openRoundWithBids();
      const bSealed = await recordBidOk(srv, moe, sealed.tender.id, b.id, 210_000_000, {});
      const third = await openRoundWithBids();
      await recordBidOk(srv, moe, third.tender.id, a.id, 220_000_000, {});

      const forbidden = await mutate(srv, 'mergeBidders', { keepId: a.id, expectedVersion: 1, mergeId: b.id }, moe);
      expect(forbidden.codes).toEqual(['FORBIDDEN']);
      const kept = await mutateOk(
        srv,
        'mergeBidders',
        { keepId: a.id, expectedVersion: 1, mergeId: b.id, note: '同一法人の重複登録' },
        admin,
        'id version name corporateNumber bids(first: 10) { totalCount }',
      );
      expect(kept.version).toBe(2);
      expect(kept.bids.totalCount).toBe(3);
      expect((await query(srv, 'query($id: ID!) { node(id: $id) { id } }', { id: b.id })).node).toBeNull();
      expect((await readBid(bBid.id)).bidder.id).toBe(a.id);
      expect((await readBid(bSealed.id)).bidder.id).toBe(a.id);

      // The public sees the opened bid move and the merge; the sealed bid's move stays sealed.
      expect(await historyOf(bBid.id, {})).toContainEqual(
        expect.objectContaining({ action: 'mergeBidders', before: { bidderId: b.id }, after: { bidderId: a.id } }),
      );
      expect((await historyOf(bSealed.id, {})).filter((h) => h.action === 'mergeBidders')).toEqual([]);
      expect((await historyOf(bSealed.id)).filter((h) => h.action === 'mergeBidders')).toHaveLength(1);
      // The merged row is gone; its history stays, read from the list of changes.
      const merges = await query(
        srv,
        '{ changes(first: 100, filter: { action: "mergeBidders", objectType: "Bidder" }) { nodes { before after note } } }',
      );
      expect(merges.changes.nodes).toContainEqual({
        before: { name: '統合試験株式会社（番号なし）', corporateNumber: null, kind: 'PRIVATE' },
        after: { mergedInto: a.id },
        note: '同一法人の重複登録',
      });
      expect(await historyOf(a.id, {})).toContainEqual(
        expect.objectContaining({ action: 'mergeBidders', after: expect.objectContaining({ merged: b.id }), note: '同一法人の重複登録' }),
      );
    });

    it('refuses a merge that would put one company twice in a round, or two 法人番号, changing nothing', async () => {
      const { tender } = await openRoundWithBids();
      const a = await createBidder(srv, moe);
      const b = await mutateOk(srv, 'createBidder', { name: '二重入札試験株式会社', kind: 'PRIVATE' }, moe, 'id');
      await recordBidOk(srv, moe, tender.id, a.id, 200_000_000, {});
      await recordBidOk(srv, moe, tender.id, b.id, 201_000_000, {});
      const twice = await mutate(srv, 'mergeBidders', { keepId: a.id, expectedVersion: 1, mergeId: b.id }, admin);
      expect(twice.userErrors).toEqual([
        { code: 'DUPLICATE', field: ['input', 'mergeId'], message: expect.stringMatching(/^両方が入札した入札があります: 「.+」第1回。/) },
      ]);
      const c = await createBidder(srv, moe);
      const numbers = await mutate(srv, 'mergeBidders', { keepId: a.id, expectedVersion: 1, mergeId: c.id }, admin);
      expect(numbers.userErrors.map((e) => e.code)).toEqual(['VALIDATION']);
      const self = await mutate(srv, 'mergeBidders', { keepId: a.id, expectedVersion: 1, mergeId: a.id }, admin);
      expect(self.userErrors.map((e) => e.code)).toEqual(['VALIDATION']);
      for (const id of [a.id, b.id, c.id]) {
        expect((await query(srv, 'query($id: ID!) { node(id: $id) { ... on Bidder { version } } }', { id }, admin)).node).toEqual({
          version: 1,
        });
      }
    });
  });

  describe('correctEvaluation', () => {
    it("corrects an evaluation's facts with a note, recomputing the rate; not its decision; owner only", async () => {
      const project = await createTenderingProject(srv, moe, { baselineAnnualCostYen: 100_000_000 });
      const open = await createOpenTender(srv, moe, project.id);
      const bid = await recordBidOk(srv, moe, open.id, (await createBidder(srv, moe)).id, 250_000_000, {});
      const awarded = await award(srv, moe, await closeTender(srv, moe, open), bid.id, 250_000_000);
      expect(awarded.userErrors).toEqual([]);
      const recorded = await mutateOk(
        srv,
        'recordEvaluation',
        evaluationInput(project.id, open.id, 'CONTINUE', {
          costReductionYen: 5_000_000,
          qualityTargets: [{ indicator: '平均待ち時間', target: '15分以内', actual: '12分', achieved: true }],
        }),
        moe,
        'id version decision costReductionRate',
      );
      const EVALUATION = 'id version decision costReductionYen costReductionRate qualityTargets { actual achieved } project { status }';
      const forbidden = await mutate(
        srv,
        'correctEvaluation',
        { id: recorded.id, expectedVersion: 1, costReductionYen: 1, note: 'x' },
        mhlw,
      );
      expect(forbidden.codes).toEqual(['FORBIDDEN']);
      const noNote = await mutate(srv, 'correctEvaluation', { id: recorded.id, expectedVersion: 1, costReductionYen: 1, note: '' }, moe);
      expect(noNote.userErrors.map((e) => e.field)).toEqual([['input', 'note']]);

      const corrected = await mutateOk(
        srv,
        'correctEvaluation',
        {
          id: recorded.id,
          expectedVersion: 1,
          costReductionYen: 15_000_000,
          qualityTargets: [{ indicator: '平均待ち時間', target: '15分以内', actual: '17分', achieved: false }],
          note: '削減額と待ち時間の転記誤り',
        },
        moe,
        EVALUATION,
      );
      expect(corrected).toMatchObject({
        version: 2,
        decision: 'CONTINUE',
        costReductionYen: 15_000_000,
        costReductionRate: 0.15,
        qualityTargets: [{ actual: '17分', achieved: false }],
        project: { status: 'GUIDELINES_DRAFTING' },
      });
      const stale = await mutate(srv, 'correctEvaluation', { id: recorded.id, expectedVersion: 1, summary: '古い版', note: 'x' }, moe);
      expect(stale.codes).toEqual(['STALE_VERSION']);
      const history = await query(
        srv,
        'query($id: ID!) { node(id: $id) { ... on Evaluation { history(first: 10) { nodes { action before after note } } } } }',
        { id: recorded.id },
      );
      expect(history.node.history.nodes).toContainEqual({
        action: 'correctEvaluation',
        before: {
          costReductionYen: 5_000_000,
          qualityTargets: [{ indicator: '平均待ち時間', target: '15分以内', actual: '12分', achieved: true }],
        },
        after: {
          costReductionYen: 15_000_000,
          qualityTargets: [{ indicator: '平均待ち時間', target: '15分以内', actual: '17分', achieved: false }],
        },
        note: '削減額と待ち時間の転記誤り',
      });
    });
  });
});
