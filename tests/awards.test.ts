import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  award,
  changeRows,
  closedTenderWithBids,
  closeTender,
  countRows,
  createBidder,
  createOpenTender,
  createTenderingProject,
  forceState,
  historyCount,
  mutate,
  mutateOk,
  readProject,
  readTender,
  recordBid,
  recordBidOk,
  type Headers,
} from './support/factories.js';
import { gid, pk } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The award rules (docs/domain.md "Tender", docs/api.md `awardTender`): LOWEST_PRICE awards the
 * lowest valid amount, RATED the highest total score; another valid bid only with an
 * override reason, which the history keeps; invalid and withdrawn bids never win; the
 * award is one transaction guarded by the round's version.
 */

let srv: TestServer;
let moe: Headers;
let moj: Headers;

beforeAll(async () => {
  srv = await startTestServer();
  moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
  moj = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).headers;
});
afterAll(() => srv?.stop());

/** Bid statuses of a round as stored, by bid id. */
async function storedBidStatuses(tenderId: string): Promise<Record<number, string>> {
  const rows = await srv.sql<{ id: number; status: string }>('SELECT id, status FROM bid WHERE tender_id = ? ORDER BY id', [pk(tenderId)]);
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

/** Everything an award writes, to show that a refusal wrote none of it. */
async function snapshot(tender: { id: string }, project: { id: string }) {
  return {
    tender: await srv.sql('SELECT status, version, contract_amount_yen, opened_on FROM tender WHERE id = ?', [pk(tender.id)]),
    bids: await storedBidStatuses(tender.id),
    project: await srv.sql('SELECT status, version FROM target_project WHERE id = ?', [pk(project.id)]),
    changes: await historyCount(srv),
  };
}

/** The awardTender history entry of a round. */
async function awardEntry(tenderId: string) {
  const rows = (await changeRows(srv, 'Tender', tenderId)).filter((r) => r.action === 'awardTender');
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('LOWEST_PRICE (最低価格落札方式)', () => {
  it('awards the lowest valid amount: WON, the other valid bids LOST, the invalid one untouched, the contract amount set', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [
      { amountYen: 280_000_000 },
      { amountYen: 240_000_000 },
      { amountYen: 260_000_000 },
      { amountYen: 305_000_000 },
    ]);
    expect(bids.map((b) => b.status)).toEqual(['VALID', 'VALID', 'VALID', 'INVALID']);
    const out = await award(srv, moe, tender, bids[1].id, 245_000_000);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({
      status: 'AWARDED',
      version: tender.version + 1,
      winningBid: { id: bids[1].id },
      contractAmountYen: 245_000_000,
      project: { status: 'IN_OPERATION', version: project.version + 1 },
    });
    expect(await storedBidStatuses(tender.id)).toEqual({
      [pk(bids[0].id)]: 'LOST',
      [pk(bids[1].id)]: 'WON',
      [pk(bids[2].id)]: 'LOST',
      [pk(bids[3].id)]: 'INVALID',
    });
    expect((await awardEntry(tender.id)).note).toBeNull();
  });

  it('refuses another valid bid without overrideReason (AWARD_RULE) and writes nothing', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }, { amountYen: 260_000_000 }]);
    const before = await snapshot(tender, project);
    const out = await award(srv, moe, tender, bids[1].id, 260_000_000);
    expect(out.codes).toEqual(['AWARD_RULE']);
    expect(out.userErrors[0].field).toEqual(['input', 'winningBidId']);
    expect(out.value).toBeNull();
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('awards another valid bid with overrideReason and keeps the reason in the history note', async () => {
    const { tender, bids } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }, { amountYen: 260_000_000 }]);
    const reason = '最低価格入札者が契約締結を辞退したため次順位者と契約';
    const out = await award(srv, moe, tender, bids[1].id, 260_000_000, reason);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ status: 'AWARDED', winningBid: { id: bids[1].id } });
    expect(await storedBidStatuses(tender.id)).toEqual({ [pk(bids[0].id)]: 'LOST', [pk(bids[1].id)]: 'WON' });
    expect((await awardEntry(tender.id)).note).toContain(reason);
    // Through the API too.
    const history = await srv.gql(
      `query($id: ID!) { node(id: $id) { ... on Tender { history(first: 10) { nodes { action note } } } } }`,
      { id: tender.id },
      moe,
    );
    const entries = (history.data as any).node.history.nodes.filter((n: any) => n.action === 'awardTender');
    expect(entries).toHaveLength(1);
    expect(entries[0].note).toContain(reason);
  });

  it('accepts either of two bids tied at the lowest amount without an override', async () => {
    const first = await closedTenderWithBids(srv, moe, [
      { amountYen: 250_000_000 },
      { amountYen: 250_000_000 },
      { amountYen: 270_000_000 },
    ]);
    expect((await award(srv, moe, first.tender, first.bids[1].id, 250_000_000)).userErrors).toEqual([]);
    const second = await closedTenderWithBids(srv, moe, [{ amountYen: 250_000_000 }, { amountYen: 250_000_000 }]);
    expect((await award(srv, moe, second.tender, second.bids[0].id, 250_000_000)).userErrors).toEqual([]);
  });

  it('does not let a withdrawn lower bid block the lowest remaining valid bid', async () => {
    const { tender, bids } = await closedTenderWithBids(srv, moe, [
      { amountYen: 200_000_000 },
      { amountYen: 230_000_000 },
      { amountYen: 240_000_000 },
    ]);
    await srv.sql(`UPDATE bid SET status = 'WITHDRAWN' WHERE id = ?`, [pk(bids[0].id)]);
    const out = await award(srv, moe, tender, bids[1].id, 230_000_000);
    expect(out.userErrors).toEqual([]);
    expect(await storedBidStatuses(tender.id)).toEqual({
      [pk(bids[0].id)]: 'WITHDRAWN',
      [pk(bids[1].id)]: 'WON',
      [pk(bids[2].id)]: 'LOST',
    });
  });
});

describe('RATED (総合評価落札方式)', () => {
  const rated = { awardCriteria: 'RATED' };

  it('awards the highest total score even when it is not the lowest price', async () => {
    const { tender, bids } = await closedTenderWithBids(
      srv,
      moe,
      [
        { amountYen: 230_000_000, technicalScore: 40, totalScore: 950.25 },
        { amountYen: 270_000_000, technicalScore: 70, totalScore: 1001.81 },
        { amountYen: 250_000_000, technicalScore: 55, totalScore: 990 },
      ],
      rated,
    );
    const lowest = await award(srv, moe, tender, bids[0].id, 230_000_000);
    expect(lowest.codes).toEqual(['AWARD_RULE']);
    const out = await award(srv, moe, tender, bids[1].id, 270_000_000);
    expect(out.userErrors).toEqual([]);
    expect(out.value).toMatchObject({ status: 'AWARDED', winningBid: { id: bids[1].id }, contractAmountYen: 270_000_000 });
    expect(await storedBidStatuses(tender.id)).toEqual({ [pk(bids[0].id)]: 'LOST', [pk(bids[1].id)]: 'WON', [pk(bids[2].id)]: 'LOST' });
  });

  it('refuses a lower score without overrideReason (AWARD_RULE), writing nothing, and accepts it with one', async () => {
    const { tender, bids, project } = await closedTenderWithBids(
      srv,
      moe,
      [
        { amountYen: 230_000_000, totalScore: 800 },
        { amountYen: 270_000_000, totalScore: 900 },
      ],
      rated,
    );
    const before = await snapshot(tender, project);
    expect((await award(srv, moe, tender, bids[0].id, 230_000_000)).codes).toEqual(['AWARD_RULE']);
    expect(await snapshot(tender, project)).toEqual(before);
    const reason = '技術審査の再評価による';
    const out = await award(srv, moe, tender, bids[0].id, 230_000_000, reason);
    expect(out.userErrors).toEqual([]);
    expect((await awardEntry(tender.id)).note).toContain(reason);
  });

  it('accepts either of two bids tied at the highest score', async () => {
    const { tender, bids } = await closedTenderWithBids(
      srv,
      moe,
      [
        { amountYen: 230_000_000, totalScore: 900 },
        { amountYen: 270_000_000, totalScore: 900 },
        { amountYen: 200_000_000, totalScore: 850 },
      ],
      rated,
    );
    expect((await award(srv, moe, tender, bids[1].id, 270_000_000)).userErrors).toEqual([]);
  });
});

describe('bids that cannot win', () => {
  it('refuses an INVALID bid (above the reserve price) even with an override reason (AWARD_RULE)', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }, { amountYen: 320_000_000 }]);
    expect(bids[1].status).toBe('INVALID');
    const before = await snapshot(tender, project);
    expect((await award(srv, moe, tender, bids[1].id, 320_000_000)).codes).toEqual(['AWARD_RULE']);
    expect((await award(srv, moe, tender, bids[1].id, 320_000_000, '特例')).codes).toEqual(['AWARD_RULE']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('refuses a WITHDRAWN bid, even the lowest, even with an override reason (AWARD_RULE)', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 200_000_000 }, { amountYen: 240_000_000 }]);
    await srv.sql(`UPDATE bid SET status = 'WITHDRAWN' WHERE id = ?`, [pk(bids[0].id)]);
    const before = await snapshot(tender, project);
    expect((await award(srv, moe, tender, bids[0].id, 200_000_000)).codes).toEqual(['AWARD_RULE']);
    expect((await award(srv, moe, tender, bids[0].id, 200_000_000, '辞退の撤回')).codes).toEqual(['AWARD_RULE']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('refuses a bid above the reserve price even when the reserve was lowered after the bid was recorded (AWARD_RULE)', async () => {
    // 予決令79条: the contract price may not exceed the 予定価格; VALID means "within the reserve price".
    const project = await createTenderingProject(srv, moe);
    const open = await createOpenTender(srv, moe, project.id, { reservePriceYen: 300_000_000 });
    const bid = await recordBidOk(srv, moe, open.id, (await createBidder(srv, moe)).id, 240_000_000);
    const lowered = await mutateOk(srv, 'updateTender', { id: open.id, expectedVersion: open.version, reservePriceYen: 200_000_000 }, moe);
    expect(lowered.reservePriceYen).toBe(200_000_000);
    const closed = await closeTender(srv, moe, lowered);
    const before = await snapshot(closed, project);
    const out = await award(srv, moe, closed, bid.id, 240_000_000, '予定価格の変更後に落札');
    expect(out.value).toBeNull();
    expect(out.codes).toEqual(['AWARD_RULE']);
    expect(await snapshot(closed, project)).toEqual(before);
  });

  it('refuses a bid of another round exactly like an id that is no bid at all (NOT_FOUND)', async () => {
    const a = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const b = await closedTenderWithBids(srv, moe, [{ amountYen: 100_000_000 }]);
    const before = await snapshot(a.tender, a.project);
    const out = await award(srv, moe, a.tender, b.bids[0].id, 100_000_000);
    expect(out.codes).toEqual(['NOT_FOUND']);
    expect(out.userErrors[0].field).toEqual(['input', 'winningBidId']);
    // The same words as for a bid id that does not exist: the refusal tells nothing about
    // bids of other rounds, which may be sealed (the seal's noninterference).
    const missing = gid('Bid', 999_999_999);
    const none = await award(srv, moe, a.tender, missing, 100_000_000);
    expect(out.userErrors[0].message.replace(b.bids[0].id, '<id>')).toBe(none.userErrors[0].message.replace(missing, '<id>'));
    expect(await snapshot(a.tender, a.project)).toEqual(before);
    expect(await storedBidStatuses(b.tender.id)).toEqual({ [pk(b.bids[0].id)]: 'VALID' });
  });

  it('refuses an id that is not a bid (NOT_FOUND)', async () => {
    const { tender, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const before = await snapshot(tender, project);
    expect((await award(srv, moe, tender, tender.id, 240_000_000)).codes).toEqual(['NOT_FOUND']);
    expect(await snapshot(tender, project)).toEqual(before);
  });
});

describe('the award input and its guards', () => {
  it('refuses a contract amount of 0 (VALIDATION on contractAmountYen)', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const before = await snapshot(tender, project);
    const out = await award(srv, moe, tender, bids[0].id, 0);
    expect(out.codes).toEqual(['VALIDATION']);
    expect(out.userErrors[0].field).toEqual(['input', 'contractAmountYen']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it.each([-1, 1.5])('refuses a contract amount of %s as malformed Yen (BAD_USER_INPUT)', async (amount) => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const before = await snapshot(tender, project);
    const out = await award(srv, moe, tender, bids[0].id, amount);
    expect(out.codes).toEqual(['BAD_USER_INPUT']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('refuses a stale expectedVersion (STALE_VERSION) and writes nothing', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const before = await snapshot(tender, project);
    const out = await award(srv, moe, { id: tender.id, version: tender.version - 1 }, bids[0].id, 240_000_000);
    expect(out.codes).toEqual(['STALE_VERSION']);
    expect(out.userErrors[0].field).toEqual(['input', 'expectedVersion']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it("refuses another ministry's token (FORBIDDEN) and writes nothing", async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    const before = await snapshot(tender, project);
    const out = await award(srv, moj, tender, bids[0].id, 240_000_000);
    expect(out.codes).toEqual(['FORBIDDEN']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('refuses an award while the service is not TENDERING (INVALID_STATE)', async () => {
    const { tender, bids, project } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }]);
    await forceState(srv, 'TargetProject', project.id, 'ABOLISHED');
    const before = await snapshot(tender, project);
    expect((await award(srv, moe, tender, bids[0].id, 240_000_000)).codes).toEqual(['INVALID_STATE']);
    expect(await snapshot(tender, project)).toEqual(before);
  });

  it('refuses awarding twice: with the new version (INVALID_TRANSITION) and with the old one (STALE_VERSION)', async () => {
    const { tender, bids } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }, { amountYen: 250_000_000 }]);
    const first = await award(srv, moe, tender, bids[0].id, 240_000_000);
    expect(first.userErrors).toEqual([]);
    const after = first.value;
    const changes = await historyCount(srv);
    const again = await award(srv, moe, after, bids[1].id, 250_000_000, '再度の落札決定');
    expect(again.codes).toEqual(['INVALID_TRANSITION']);
    const stale = await award(srv, moe, tender, bids[1].id, 250_000_000, '再度の落札決定');
    expect(stale.codes).toEqual(['STALE_VERSION']);
    expect(await historyCount(srv)).toBe(changes);
    expect(await readTender(srv, tender.id, moe)).toMatchObject({
      status: 'AWARDED',
      version: after.version,
      contractAmountYen: 240_000_000,
      winningBid: { id: bids[0].id },
    });
    expect(await storedBidStatuses(tender.id)).toEqual({ [pk(bids[0].id)]: 'WON', [pk(bids[1].id)]: 'LOST' });
  });
});

describe('concurrent awards of one round over HTTP', () => {
  /** Races are repeated: on a database with real concurrency the interleavings vary from run to run. */
  const RACES = 5;

  it.each([2, 4])(
    'lets exactly one of %i simultaneous awardTender calls win; the others get STALE_VERSION or INVALID_TRANSITION',
    async (n) => {
      for (let race = 0; race < RACES; race++) {
        const amounts = Array.from({ length: n }, (_, i) => 240_000_000 + i * 1_000_000);
        const { tender, bids, project } = await closedTenderWithBids(
          srv,
          moe,
          amounts.map((amountYen) => ({ amountYen })),
        );
        // Each call names a different winner (all but the lowest with an override), all from the same read version.
        const outcomes = await Promise.all(
          bids.map((b, i) => award(srv, moe, tender, b.id, amounts[i], i === 0 ? undefined : `同時実行 ${i}`)),
        );

        const winners = outcomes.filter((o) => o.userErrors.length === 0 && !o.result.errors);
        expect(winners, `race ${race}`).toHaveLength(1);
        const winningId = winners[0].value.winningBid.id;
        const won = await srv.sql<{ id: number }>(`SELECT id FROM bid WHERE tender_id = ? AND status = 'WON'`, [pk(tender.id)]);
        expect(
          won.map((r) => r.id),
          `race ${race}`,
        ).toEqual([pk(winningId)]);
        expect(await countRows(srv, `bid WHERE tender_id = ? AND status = 'LOST'`, [pk(tender.id)])).toBe(n - 1);

        const winnerIndex = bids.findIndex((b) => b.id === winningId);
        expect(await readTender(srv, tender.id, moe)).toMatchObject({
          status: 'AWARDED',
          version: tender.version + 1,
          contractAmountYen: amounts[winnerIndex],
        });
        expect(await readProject(srv, project.id, moe)).toMatchObject({ status: 'IN_OPERATION', version: project.version + 1 });
        // One award in the history: one Tender entry, one project move, one status change per bid.
        expect((await changeRows(srv, 'Tender', tender.id)).filter((r) => r.action === 'awardTender')).toHaveLength(1);
        expect((await changeRows(srv, 'TargetProject', project.id)).filter((r) => r.action === 'awardTender')).toHaveLength(1);
        for (const b of bids)
          expect(
            (await changeRows(srv, 'Bid', b.id)).filter((r) => r.action === 'awardTender'),
            b.id,
          ).toHaveLength(1);

        // The losers are told that someone else got there first, not that their award broke a rule.
        for (const loser of outcomes.filter((o) => o !== winners[0])) {
          expect(loser.value).toBeNull();
          expect(loser.userErrors.map((u) => `${u.code}: ${u.message}`)).toHaveLength(1);
          expect(['STALE_VERSION', 'INVALID_TRANSITION'], `race ${race}: ${loser.userErrors[0]?.message}`).toContain(loser.codes[0]);
        }
      }
    },
  );

  it('never leaves a valid bid in an awarded round when a bid arrives during the award', async () => {
    for (let race = 0; race < RACES; race++) {
      const { tender, bids } = await closedTenderWithBids(srv, moe, [{ amountYen: 240_000_000 }, { amountYen: 250_000_000 }]);
      const late = await createBidder(srv, moe);
      const [awarded, bid] = await Promise.all([
        award(srv, moe, tender, bids[0].id, 240_000_000),
        recordBid(srv, moe, tender.id, late.id, 230_000_000),
      ]);
      const rows = await srv.sql<{ status: string }>('SELECT status FROM bid WHERE tender_id = ? ORDER BY id', [pk(tender.id)]);
      const statuses = rows.map((r) => r.status);
      const [{ status }] = await srv.sql<{ status: string }>('SELECT status FROM tender WHERE id = ?', [pk(tender.id)]);
      const what = `race ${race}: award ${awarded.codes.join(',') || 'ok'}, bid ${bid.codes.join(',') || 'ok'}, round ${status}, bids ${statuses.join(',')}`;
      // Either the bid came first (and the award saw it) or the award did (and the bid was refused).
      if (status === 'AWARDED')
        expect(
          statuses.filter((s) => s === 'VALID' || s === 'SUBMITTED'),
          what,
        ).toEqual([]);
      expect(awarded.codes.length === 0 || bid.codes.length === 0, what).toBe(true);
    }
  });

  it('never leaves a valid bid in a round marked unsuccessful when a bid arrives meanwhile', async () => {
    for (let race = 0; race < RACES; race++) {
      const { tender } = await closedTenderWithBids(srv, moe, [{ amountYen: 350_000_000 }]);
      const late = await createBidder(srv, moe);
      const [failed, bid] = await Promise.all([
        mutate(srv, 'markTenderUnsuccessful', { tenderId: tender.id, expectedVersion: tender.version, reason: '予定価格超過' }, moe),
        recordBid(srv, moe, tender.id, late.id, 230_000_000),
      ]);
      const statuses = (await srv.sql<{ status: string }>('SELECT status FROM bid WHERE tender_id = ? ORDER BY id', [pk(tender.id)])).map(
        (r) => r.status,
      );
      const [{ status }] = await srv.sql<{ status: string }>('SELECT status FROM tender WHERE id = ?', [pk(tender.id)]);
      const what = `race ${race}: unsuccessful ${failed.codes.join(',') || 'ok'}, bid ${bid.codes.join(',') || 'ok'}, round ${status}, bids ${statuses.join(',')}`;
      // 不調・不落 means no valid bid: a round with one cannot end UNSUCCESSFUL.
      if (status === 'UNSUCCESSFUL')
        expect(
          statuses.filter((s) => s === 'VALID' || s === 'SUBMITTED'),
          what,
        ).toEqual([]);
    }
  });

  it('lets exactly one of two simultaneous bids of the same bidder in; the other is DUPLICATE', async () => {
    const project = await createTenderingProject(srv, moe);
    const open = await createOpenTender(srv, moe, project.id);
    const firm = await createBidder(srv, moe);
    const outcomes = await Promise.all([
      recordBid(srv, moe, open.id, firm.id, 100_000_000),
      recordBid(srv, moe, open.id, firm.id, 110_000_000),
    ]);
    expect(outcomes.map((o) => o.codes.join(',')).sort()).toEqual(['', 'DUPLICATE']);
    expect(await countRows(srv, 'bid WHERE tender_id = ?', [pk(open.id)])).toBe(1);
    expect((await readTender(srv, open.id, moe)).numberOfBidders).toBe(1);
  });
});
