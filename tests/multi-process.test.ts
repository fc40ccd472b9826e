import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase, knexOf } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { createScratchDatabase } from '../src/core/db/scratch-postgres.js';
import { Role } from '../src/core/auth/viewer.js';
import { issueToken } from '../src/modules/access/token.service.js';
import { gid, pk } from './support/global-ids.js';
import { post, startServerProcess, type ServerProcess } from './support/processes.js';

/**
 * Many API processes, one PostgreSQL database (the PostgreSQL issue): two server processes
 * started at once on an empty database (one migrates and seeds, the other waits), then
 * conflicting writes fired at both at the same moment. Exactly one wins each race, the
 * others are refused with STALE_VERSION or INVALID_TRANSITION, and no update is lost.
 * SQLite serves one process by design, so this runs in the PostgreSQL half only.
 */
const RACES = 5;

describe.runIf(process.env.TEST_DIALECT === 'postgresql')('two server processes on one PostgreSQL database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let orm: MikroORM;
  let drop: () => Promise<void>;
  let admin: Record<string, string>;

  const sql = async <R>(query: string, bindings: unknown[] = []): Promise<R[]> =>
    ((await knexOf(orm).raw(query, bindings as never[])) as { rows: R[] }).rows;
  const codes = (body: { data?: any; errors?: { extensions?: { code?: string } }[] }) => [
    ...(body.errors ?? []).map((e) => e.extensions?.code ?? 'ERROR'),
    ...Object.values(body.data ?? {}).flatMap((p: any) => (p?.userErrors ?? []).map((u: { code: string }) => u.code)),
  ];

  beforeAll(async () => {
    const scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL!, 'multiproc');
    drop = scratch.drop;
    const env = { DATABASE_URL: scratch.url, SEED_ON_START: '1' };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    orm = await openDatabase({ dialect: 'postgresql', url: scratch.url }, { entities: ENTITIES });
    const { token } = await issueToken(orm.em.fork(), { role: Role.ADMIN, name: 'race admin' });
    admin = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await orm?.close(true);
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
  });

  it('starts both processes on an empty database: the sample is loaded exactly once', async () => {
    const [projects] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
    const [ministries] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM ministry');
    const [migrations] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migration');
    expect(ministries.n).toBe(25);
    expect(projects.n).toBeGreaterThan(300);
    expect(projects.n).toBeLessThan(500);
    expect(migrations.n).toBe((await sql('SELECT DISTINCT name FROM schema_migration')).length);
    for (const server of [a, b]) {
      const r = await post(server.url, '{ targetProjects { totalCount } }');
      expect(r.body.data.targetProjects.totalCount).toBe(projects.n);
    }
  });

  const createProject = async (name: string) => {
    const r = await post(
      a.url,
      `mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id version } userErrors { code } } }`,
      {
        i: {
          ministryCode: 'MOJ',
          name,
          summary: '競合試験',
          category: 'COUNTER_SERVICE',
          method: 'PRIVATE',
          baselineAnnualCostYen: 1_200_000_000,
        },
      },
      admin,
    );
    return r.body.data.createTargetProject.targetProject as { id: string; version: number };
  };
  const transition = (server: ServerProcess, id: string, to: string, expectedVersion: number) =>
    post(
      server.url,
      `mutation($i: TransitionTargetProjectInput!) { transitionTargetProject(input: $i) { targetProject { status version } userErrors { code } } }`,
      { i: { id, to, expectedVersion } },
      admin,
    );

  it('lets exactly one of two processes move a service with the same expected version', async () => {
    for (let race = 0; race < RACES; race++) {
      const project = await createProject(`二重遷移 ${race}`);
      const results = await Promise.all([
        transition(a, project.id, 'GUIDELINES_DRAFTING', 1),
        transition(b, project.id, 'GUIDELINES_DRAFTING', 1),
      ]);
      const wins = results.filter((r) => codes(r.body).length === 0);
      const losses = results.flatMap((r) => codes(r.body));
      expect(wins, `race ${race}`).toHaveLength(1);
      expect(
        losses.every((c) => c === 'STALE_VERSION' || c === 'INVALID_TRANSITION'),
        losses.join(),
      ).toBe(true);
      const [row] = await sql<{ status: string; version: number }>('SELECT status, version FROM target_project WHERE id = ?', [
        pk(project.id),
      ]);
      expect(row).toEqual({ status: 'GUIDELINES_DRAFTING', version: 2 });
      const history = await sql('SELECT id FROM change WHERE object_type = ? AND object_id = ? AND action = ?', [
        'TargetProject',
        pk(project.id),
        'transitionTargetProject',
      ]);
      expect(history).toHaveLength(1);
    }
  });

  it('keeps exactly one of two updates made with the same expected version, and its history', async () => {
    for (let race = 0; race < RACES; race++) {
      const project = await createProject(`二重更新 ${race}`);
      const update = (server: ServerProcess, name: string) =>
        post(
          server.url,
          `mutation($i: UpdateTargetProjectInput!) { updateTargetProject(input: $i) { targetProject { name version } userErrors { code } } }`,
          { i: { id: project.id, expectedVersion: 1, name } },
          admin,
        );
      const results = await Promise.all([update(a, `A案 ${race}`), update(b, `B案 ${race}`)]);
      const winners = results.filter((r) => codes(r.body).length === 0);
      expect(winners).toHaveLength(1);
      expect(results.flatMap((r) => codes(r.body))).toEqual(['STALE_VERSION']);
      const winningName = winners[0].body.data.updateTargetProject.targetProject.name;
      const [row] = await sql<{ name: string; version: number }>('SELECT name, version FROM target_project WHERE id = ?', [pk(project.id)]);
      expect(row).toEqual({ name: winningName, version: 2 });
      const history = await sql<{ after: { name: string } }>(
        'SELECT after FROM change WHERE object_type = ? AND object_id = ? AND action = ?',
        ['TargetProject', pk(project.id), 'updateTargetProject'],
      );
      expect(history.map((h) => h.after.name)).toEqual([winningName]);
    }
  });

  it('awards a round exactly once when four awards arrive at two processes together', async () => {
    for (let race = 0; race < RACES; race++) {
      const project = await createProject(`二重落札 ${race}`);
      let version = project.version;
      for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
        version = (await transition(a, project.id, to, version)).body.data.transitionTargetProject.targetProject.version;
      }
      const created = await post(
        a.url,
        `mutation($i: CreateTenderInput!) { createTender(input: $i) { tender { id version } } }`,
        {
          i: {
            projectId: project.id,
            title: '競合検査',
            awardCriteria: 'LOWEST_PRICE',
            announcedOn: '2027-04-01',
            bidDeadline: '2027-05-01',
            reservePriceYen: 3_000_000_000,
            contractStart: '2027-07-01',
            contractEnd: '2030-06-30',
          },
        },
        admin,
      );
      const tender = created.body.data.createTender.tender as { id: string; version: number };
      const moveTender = async (to: string, expectedVersion: number) =>
        (
          await post(
            a.url,
            `mutation($i: TransitionTenderInput!) { transitionTender(input: $i) { tender { version } } }`,
            { i: { id: tender.id, to, expectedVersion } },
            admin,
          )
        ).body.data.transitionTender.tender.version as number;
      const opened = await moveTender('OPEN', tender.version);
      const bidders = await sql<{ id: number }>('SELECT id FROM bidder ORDER BY id LIMIT 3');
      // Bids from both processes at once: the bid count must not lose an increment.
      const bids = await Promise.all(
        bidders.map((bidder, i) =>
          post(
            (i % 2 ? b : a).url,
            `mutation($i: RecordBidInput!) { recordBid(input: $i) { bid { id amountYen } userErrors { code } } }`,
            { i: { tenderId: tender.id, bidderId: gid('Bidder', bidder.id), amountYen: 2_000_000_000 + i * 100_000_000 } },
            admin,
          ),
        ),
      );
      expect(bids.flatMap((r) => codes(r.body))).toEqual([]);
      const closed = await moveTender('CLOSED', opened);
      const lowest = bids[0].body.data.recordBid.bid.id as string;
      const award = (server: ServerProcess) =>
        post(
          server.url,
          `mutation($i: AwardTenderInput!) { awardTender(input: $i) { tender { status } userErrors { code } } }`,
          { i: { tenderId: tender.id, winningBidId: lowest, contractAmountYen: 2_000_000_000, expectedVersion: closed } },
          admin,
        );
      const results = await Promise.all([award(a), award(b), award(a), award(b)]);
      const wins = results.filter((r) => codes(r.body).length === 0);
      const refusals = results.flatMap((r) => codes(r.body));
      expect(wins, `race ${race}: ${refusals.join()}`).toHaveLength(1);
      expect(
        refusals.every((c) => c === 'STALE_VERSION' || c === 'INVALID_TRANSITION'),
        refusals.join(),
      ).toBe(true);

      const rows = await sql<{ id: number; status: string }>('SELECT id, status FROM bid WHERE tender_id = ? ORDER BY id', [pk(tender.id)]);
      expect(rows.filter((r) => r.status === 'WON').map((r) => r.id)).toEqual([pk(lowest)]);
      expect(rows.filter((r) => r.status === 'LOST')).toHaveLength(2);
      const [t] = await sql<{ status: string; bid_count: number; contract_amount_yen: number }>(
        'SELECT status, bid_count, contract_amount_yen FROM tender WHERE id = ?',
        [pk(tender.id)],
      );
      expect(t).toEqual({ status: 'AWARDED', bid_count: 3, contract_amount_yen: 2_000_000_000 });
      const [p] = await sql<{ status: string }>('SELECT status FROM target_project WHERE id = ?', [pk(project.id)]);
      expect(p.status).toBe('IN_OPERATION');
      const awards = await sql('SELECT id FROM change WHERE object_type = ? AND object_id = ? AND action = ?', [
        'Tender',
        pk(tender.id),
        'awardTender',
      ]);
      expect(awards).toHaveLength(1);
    }
  });

  it('stops both processes cleanly on SIGTERM', async () => {
    const codesOnExit = await Promise.all([a.stop(), b.stop()]);
    expect(codesOnExit).toEqual([0, 0]);
  });
});
