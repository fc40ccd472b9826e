import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { STATS_SUMMARY_TABLES, summarizeStats } from '../src/modules/stats/stats-summary.service.js';
import { TargetProjectCategory } from '../src/modules/project/project.enum.js';
import {
  createOpenTender,
  createTenderingProject,
  mutateOk,
  projectInOperation,
  readProject,
  recordBidOk,
  createBidder,
  evaluationInput,
} from './support/factories.js';
import { expectOk, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The statistics read summaries the write pipeline keeps (src/modules/stats/stats-summary.service.ts).
 * tests/stats.test.ts checks every figure against raw rows on the sample; here the summaries
 * follow writes through the API, and after each step a summary computed from scratch finds
 * nothing to change: what the consumer keeps equals what a full recomputation gives.
 */

const STATS = `query ($f: MarketTestingStatsFilter) { marketTestingStats(filter: $f) {
  projectCount tenderCount awardedTenderCount unsuccessfulTenderCount averageBidders singleBidRate
  baselineYen contractedYen reductionYen projectsByStatus { status count }
  byFiscalYear { fiscalYear selectedProjectCount inOperationProjectCount exitedProjectCount tenderCount awardedTenderCount contractedYen }
  byMinistry { ministry { code } projectCount tenderCount awardedTenderCount contractedYen baselineYen projectsByStatus { status count } }
} }`;

let srv: TestServer;
let moe: Record<string, string>;

beforeAll(async () => {
  srv = await startTestServer();
  moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
});
afterAll(() => srv?.stop());

async function stats(f: Record<string, unknown> | null): Promise<any> {
  return expectOk(await srv.gql<any>(STATS, { f })).marketTestingStats;
}

/** Every summary row, in key order: what the statistics are read from. */
async function summaryRows(): Promise<string> {
  const knex = knexOf(srv.orm);
  const out: unknown[] = [];
  for (const table of STATS_SUMMARY_TABLES) out.push(await knex(table).select('*').orderByRaw('1, 2, 3, 4, 5'));
  return JSON.stringify(out);
}

const count = (list: { status: string; count: number }[], status: string) => list.find((c) => c.status === status)?.count ?? 0;

describe('statistics summaries', () => {
  it('the sample is summarized: the summaries hold rows, and one computed from scratch changes nothing', async () => {
    expect(JSON.parse(await summaryRows()).every((rows: unknown[]) => rows.length > 0)).toBe(true);
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);
  });

  it('follow a new service and its awarded round', async () => {
    const before = await stats({ ministryCodes: ['MOE'] });
    const { project } = await projectInOperation(srv, moe, { category: 'RESEARCH', method: 'PUBLIC_PRIVATE' });
    await srv.settle();
    const after = await stats({ ministryCodes: ['MOE'] });
    expect(after.projectCount).toBe(before.projectCount + 1);
    expect(count(after.projectsByStatus, 'IN_OPERATION')).toBe(count(before.projectsByStatus, 'IN_OPERATION') + 1);
    expect(after.tenderCount).toBe(before.tenderCount + 1);
    expect(after.awardedTenderCount).toBe(before.awardedTenderCount + 1);
    expect(BigInt(after.contractedYen)).toBe(BigInt(before.contractedYen) + 250_000_000n);
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);

    // A filter on the service's own keys finds it, and only it changed there.
    const narrow = await stats({ ministryCodes: ['MOE'], categories: ['RESEARCH'], methods: ['PUBLIC_PRIVATE'] });
    expect(narrow.projectCount).toBeGreaterThan(0);
    expect(narrow.projectsByStatus.some((c: { status: string }) => c.status === 'IN_OPERATION')).toBe(true);

    // Its category changed: it leaves RESEARCH for CALL_CENTER, with its round.
    const current = await readProject(srv, project.id, moe);
    const research = await stats({ ministryCodes: ['MOE'], categories: ['RESEARCH'] });
    const callCentre = await stats({ ministryCodes: ['MOE'], categories: ['CALL_CENTER'] });
    await mutateOk(srv, 'updateTargetProject', { id: project.id, expectedVersion: current.version, category: 'CALL_CENTER' }, moe);
    await srv.settle();
    const researchAfter = await stats({ ministryCodes: ['MOE'], categories: ['RESEARCH'] });
    const callCentreAfter = await stats({ ministryCodes: ['MOE'], categories: ['CALL_CENTER'] });
    expect([researchAfter.projectCount, researchAfter.tenderCount]).toEqual([research.projectCount - 1, research.tenderCount - 1]);
    expect([callCentreAfter.projectCount, callCentreAfter.tenderCount]).toEqual([callCentre.projectCount + 1, callCentre.tenderCount + 1]);
    expect(BigInt(callCentreAfter.contractedYen)).toBe(BigInt(callCentre.contractedYen) + 250_000_000n);
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);
  });

  it('follow the years a contract runs (in operation) and the year an exit is decided', async () => {
    const year = (s: any, fy: number) => s.byFiscalYear.find((y: { fiscalYear: number }) => y.fiscalYear === fy) ?? {};
    const before = await stats({ ministryCodes: ['MOE'] });
    // The factories' contract runs 2026-07-01 to 2029-06-30: fiscal years 2026 to 2029.
    const { project, tender } = await projectInOperation(srv, moe, { category: 'TRAINING' });
    await srv.settle();
    const running = await stats({ ministryCodes: ['MOE'] });
    for (const fy of [2025, 2026, 2027, 2028, 2029, 2030])
      expect(year(running, fy).inOperationProjectCount ?? 0, `FY${fy}`).toBe(
        (year(before, fy).inOperationProjectCount ?? 0) + (fy >= 2026 && fy <= 2029 ? 1 : 0),
      );
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);

    // An EXIT decided on 2028-03-15 is an exit of fiscal year 2027.
    await mutateOk(srv, 'recordEvaluation', evaluationInput(project.id, tender.id, 'EXIT'), moe);
    await srv.settle();
    const exited = await stats({ ministryCodes: ['MOE'] });
    expect(year(exited, 2027).exitedProjectCount).toBe((year(running, 2027).exitedProjectCount ?? 0) + 1);
    expect(year(exited, 2028).exitedProjectCount ?? 0).toBe(year(running, 2028).exitedProjectCount ?? 0);
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);
  });

  it('answer without a filter from the stored rollups as a filter every service meets answers from the summaries', async () => {
    // A write in each summary: a service with an awarded round (rounds, services, years in operation).
    await projectInOperation(srv, moe, { category: 'CALL_CENTER' });
    await srv.settle();
    const everyCategory = { categories: Object.values(TargetProjectCategory) };
    expect(await stats(null)).toEqual(await stats(everyCategory));
    // The stored rollups are what the summaries give: computed again, nothing changes.
    expect(await summarizeStats({ knex: knexOf(srv.orm), dialect: srv.dialect }, 'all')).toBe(false);
  });

  it('a sealed bid changes no summary and no figure', async () => {
    const project = await createTenderingProject(srv, moe);
    const open = await createOpenTender(srv, moe, project.id);
    await srv.settle();
    const rows = await summaryRows();
    const figures = await stats(null);
    await recordBidOk(srv, moe, open.id, (await createBidder(srv, moe)).id, 123_000_000);
    await srv.settle();
    expect(await summaryRows()).toBe(rows);
    expect(await stats(null)).toEqual(figures);
  });

  it('a write rewrites only the summary rows it moved, not every row of its ministry', async () => {
    const knex = knexOf(srv.orm);
    const project = await createTenderingProject(srv, moe, { category: 'TRAINING' });
    await srv.settle();
    const before = await summaryRows();
    // Rows the consumer writes into each summary, from the statements it sends.
    const written: Record<string, number> = {};
    const listen = (q: { sql: string; bindings?: unknown[] }) => {
      const insert = /^insert into [`"](stats_\w+)[`"] \(([^)]*)\)/i.exec(q.sql);
      if (insert) written[insert[1]] = (written[insert[1]] ?? 0) + (q.bindings?.length ?? 0) / insert[2].split(',').length;
    };
    knex.on('query', listen);
    try {
      // A new round moves one group of rounds (its year, method and category), nothing else:
      // the service's state and the years in operation stay.
      await createOpenTender(srv, moe, project.id);
      await srv.settle();
    } finally {
      knex.off('query', listen);
    }
    expect(await summaryRows()).not.toBe(before);
    // And the unfiltered rollups of rounds it counts in: its year's, its ministry's, its category's.
    expect(written).toEqual({ stats_round_summary: 1, stats_rollup: 3 });
    expect(await summarizeStats({ knex, dialect: srv.dialect }, 'all')).toBe(false);
  });

  it('the migration fills the summaries from the rows a database already holds', async () => {
    const knex = knexOf(srv.orm);
    const kept = await summaryRows();
    for (const table of STATS_SUMMARY_TABLES) await knex.schema.dropTable(table);
    await knex('schema_migration')
      .where('name', 'like', '%_StatsSummaries')
      .orWhere('name', 'like', '%_StatsYearSummary')
      .orWhere('name', 'like', '%_StatsRollup')
      .del();
    await srv.orm.getMigrator().up();
    expect(await summaryRows()).toBe(kept);
    expect(await summarizeStats({ knex, dialect: srv.dialect }, 'all')).toBe(false);
  });
});
