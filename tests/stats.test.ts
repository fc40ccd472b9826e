import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOfDate, monthsCountingBothEnds } from './support/calendar.js';
import { expectOk, startTestServer, type TestServer } from './support/test-server.js';

/**
 * marketTestingStats against an independent computation: raw rows read with SQL, the
 * figures worked out here in JavaScript from the rules in the field descriptions
 * (src/modules/stats/stats.type.ts). Derived columns (fiscal_year, contract_months,
 * bid_count, selected_in_fiscal_year) are recomputed from their sources, not trusted.
 */

interface ProjectRow {
  id: number;
  ministry_id: number;
  ministry_code: string;
  category: string;
  method: string;
  status: string;
  baseline: number;
  /** Fiscal year of the first basic policy that SELECTed it, from the policy's date. */
  selectedFy: number | null;
}

interface TenderRow {
  id: number;
  project_id: number;
  status: string;
  fy: number;
  months: number;
  amount: number | null;
  bidders: number;
  /** Fiscal years of the contract's first and last day. */
  contractFy: [number, number];
}

interface Filter {
  ministryCodes?: string[];
  methods?: string[];
  categories?: string[];
  fromFiscalYear?: number;
  toFiscalYear?: number;
}

let srv: TestServer;
let projects: ProjectRow[];
let tenders: TenderRow[];
let ministryCodeById: Map<number, string>;
/** EXIT decisions: the service and the fiscal year of the decision's date. */
let exits: { project_id: number; fy: number }[];

beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
  const ministries = await srv.sql<{ id: number; code: string }>('SELECT id, code FROM ministry');
  ministryCodeById = new Map(ministries.map((m) => [Number(m.id), m.code]));
  const selections = await srv.sql<{ project_id: number; decided_on: string }>(
    `SELECT e.project_id, bp.decided_on FROM policy_entry e JOIN basic_policy bp ON bp.id = e.policy_id WHERE e.action = 'SELECT'`,
  );
  const firstSelection = new Map<number, string>();
  for (const s of selections) {
    const prev = firstSelection.get(Number(s.project_id));
    if (!prev || s.decided_on < prev) firstSelection.set(Number(s.project_id), s.decided_on);
  }
  const rawProjects = await srv.sql<{
    id: number;
    ministry_id: number;
    category: string;
    method: string;
    status: string;
    baseline_annual_cost_yen: number;
  }>('SELECT id, ministry_id, category, method, status, baseline_annual_cost_yen FROM target_project');
  projects = rawProjects.map((p) => ({
    id: Number(p.id),
    ministry_id: Number(p.ministry_id),
    ministry_code: ministryCodeById.get(Number(p.ministry_id))!,
    category: p.category,
    method: p.method,
    status: p.status,
    baseline: Number(p.baseline_annual_cost_yen),
    selectedFy: firstSelection.has(Number(p.id)) ? fiscalYearOfDate(firstSelection.get(Number(p.id))!) : null,
  }));
  const rawTenders = await srv.sql<{
    id: number;
    project_id: number;
    status: string;
    announced_on: string;
    contract_start: string;
    contract_end: string;
    contract_amount_yen: number | null;
  }>(
    'SELECT id, project_id, status, announced_on, contract_start, contract_end, contract_amount_yen FROM tender WHERE project_id IS NOT NULL',
  );
  const bids = await srv.sql<{ tender_id: number; status: string }>('SELECT tender_id, status FROM bid');
  const bidders = new Map<number, number>();
  for (const b of bids) if (b.status !== 'WITHDRAWN') bidders.set(Number(b.tender_id), (bidders.get(Number(b.tender_id)) ?? 0) + 1);
  tenders = rawTenders.map((t) => ({
    id: Number(t.id),
    project_id: Number(t.project_id),
    status: t.status,
    fy: fiscalYearOfDate(t.announced_on),
    months: monthsCountingBothEnds(t.contract_start, t.contract_end),
    amount: t.contract_amount_yen === null ? null : Number(t.contract_amount_yen),
    bidders: bidders.get(Number(t.id)) ?? 0,
    contractFy: [fiscalYearOfDate(t.contract_start), fiscalYearOfDate(t.contract_end)],
  }));
  const rawExits = await srv.sql<{ project_id: number; decided_on: string }>(
    `SELECT project_id, decided_on FROM evaluation WHERE decision = 'EXIT'`,
  );
  exits = rawExits.map((e) => ({ project_id: Number(e.project_id), fy: fiscalYearOfDate(e.decided_on) }));
});
afterAll(() => srv?.stop());

// ---- the independent computation ----

function tenderFigures(rounds: TenderRow[], projectById: Map<number, ProjectRow>) {
  const awarded = rounds.filter((t) => t.status === 'AWARDED');
  const unsuccessful = rounds.filter((t) => t.status === 'UNSUCCESSFUL');
  const contracts = awarded.filter((t) => t.amount !== null);
  const baselineYen = contracts.reduce((s, t) => s + Math.floor((projectById.get(t.project_id)!.baseline * t.months) / 12), 0);
  const contractedYen = contracts.reduce((s, t) => s + t.amount!, 0);
  const opened = awarded.length + unsuccessful.length;
  return {
    tenderCount: rounds.length,
    awardedTenderCount: awarded.length,
    unsuccessfulTenderCount: unsuccessful.length,
    averageBidders: awarded.length ? awarded.reduce((s, t) => s + t.bidders, 0) / awarded.length : null,
    singleBidRate: awarded.length ? awarded.filter((t) => t.bidders === 1).length / awarded.length : null,
    unsuccessfulRate: opened ? unsuccessful.length / opened : null,
    baselineYen,
    contractedYen,
    reductionYen: baselineYen - contractedYen,
    reductionRate: baselineYen ? (baselineYen - contractedYen) / baselineYen : null,
  };
}

function byStatus(list: ProjectRow[]) {
  const counts = new Map<string, number>();
  for (const p of list) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => ({ status, count })).sort((a, b) => (a.status < b.status ? -1 : 1));
}

function inYears(fy: number | null, f: Filter): boolean {
  if (f.fromFiscalYear == null && f.toFiscalYear == null) return true;
  if (fy === null) return false;
  return (f.fromFiscalYear == null || fy >= f.fromFiscalYear) && (f.toFiscalYear == null || fy <= f.toFiscalYear);
}

function expectedStats(f: Filter) {
  const matching = projects.filter(
    (p) =>
      (!f.ministryCodes || f.ministryCodes.includes(p.ministry_code)) &&
      (!f.methods || f.methods.includes(p.method)) &&
      (!f.categories || f.categories.includes(p.category)),
  );
  const projectById = new Map(matching.map((p) => [p.id, p]));
  const rounds = tenders.filter((t) => projectById.has(t.project_id) && inYears(t.fy, f));
  const services = matching.filter((p) => inYears(p.selectedFy, f));

  // Each service once a year: the years its awarded contracts run, and the year of an EXIT decision.
  const inOperation = new Map<number, Set<number>>();
  for (const t of tenders.filter((t) => t.status === 'AWARDED' && projectById.has(t.project_id)))
    for (let fy = t.contractFy[0]; fy <= t.contractFy[1]; fy++) {
      if (!inYears(fy, f)) continue;
      if (!inOperation.has(fy)) inOperation.set(fy, new Set());
      inOperation.get(fy)!.add(t.project_id);
    }
  const exitsByYear = new Map<number, Set<number>>();
  for (const e of exits.filter((e) => projectById.has(e.project_id) && inYears(e.fy, f))) {
    if (!exitsByYear.has(e.fy)) exitsByYear.set(e.fy, new Set());
    exitsByYear.get(e.fy)!.add(e.project_id);
  }
  const years = [
    ...new Set([
      ...rounds.map((t) => t.fy),
      ...services.filter((p) => p.selectedFy !== null).map((p) => p.selectedFy!),
      ...inOperation.keys(),
      ...exitsByYear.keys(),
    ]),
  ].sort((a, b) => a - b);
  const ministryIds = [
    ...new Set([...rounds.map((t) => projectById.get(t.project_id)!.ministry_id), ...services.map((p) => p.ministry_id)]),
  ];
  const byMinistry = ministryIds
    .map((id) => ({ id, code: ministryCodeById.get(id)! }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(({ id, code }) => {
      const own = services.filter((p) => p.ministry_id === id);
      return {
        ministry: { code },
        projectCount: own.length,
        projectsByStatus: byStatus(own),
        ...tenderFigures(
          rounds.filter((t) => projectById.get(t.project_id)!.ministry_id === id),
          projectById,
        ),
      };
    });
  return {
    projectCount: services.length,
    projectsByStatus: byStatus(services),
    ...tenderFigures(rounds, projectById),
    byFiscalYear: years.map((fy) => ({
      fiscalYear: fy,
      selectedProjectCount: services.filter((p) => p.selectedFy === fy).length,
      inOperationProjectCount: inOperation.get(fy)?.size ?? 0,
      exitedProjectCount: exitsByYear.get(fy)?.size ?? 0,
      ...tenderFigures(
        rounds.filter((t) => t.fy === fy),
        projectById,
      ),
    })),
    byMinistry,
    byCategory: [...new Set([...rounds.map((t) => projectById.get(t.project_id)!.category), ...services.map((p) => p.category)])]
      .sort()
      .map((category) => ({
        category,
        projectCount: services.filter((p) => p.category === category).length,
        ...tenderFigures(
          rounds.filter((t) => projectById.get(t.project_id)!.category === category),
          projectById,
        ),
      })),
  };
}

// ---- the server's answer ----

const FIGURES = `tenderCount awardedTenderCount unsuccessfulTenderCount averageBidders singleBidRate unsuccessfulRate
  baselineYen contractedYen reductionYen reductionRate`;
const STATS_QUERY = `query($f: MarketTestingStatsFilter) { marketTestingStats(filter: $f) {
  projectCount projectsByStatus { status count } ${FIGURES}
  byFiscalYear { fiscalYear selectedProjectCount inOperationProjectCount exitedProjectCount ${FIGURES} }
  byMinistry { ministry { code } projectCount projectsByStatus { status count } ${FIGURES} }
  byCategory { category projectCount ${FIGURES} }
} }`;

async function actualStats(f: Filter | null) {
  const data: any = expectOk(await srv.gql(STATS_QUERY, { f }));
  const s = data.marketTestingStats;
  const sortStatus = (list: { status: string; count: number }[]) => [...list].sort((a, b) => (a.status < b.status ? -1 : 1));
  s.projectsByStatus = sortStatus(s.projectsByStatus);
  for (const m of s.byMinistry) m.projectsByStatus = sortStatus(m.projectsByStatus);
  return s;
}

const RATIOS = ['averageBidders', 'singleBidRate', 'unsuccessfulRate', 'reductionRate'] as const;

/** Exact for counts and yen; ratios to 10 decimals (null must be null). */
function expectFigures(actual: Record<string, unknown>, expected: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'byFiscalYear' || key === 'byMinistry' || key === 'byCategory') continue;
    if ((RATIOS as readonly string[]).includes(key) && value !== null) {
      expect(actual[key], `${where}.${key}`).toBeTypeOf('number');
      expect(actual[key] as number, `${where}.${key}`).toBeCloseTo(value as number, 10);
    } else {
      expect(actual[key], `${where}.${key}`).toEqual(value);
    }
  }
}

function expectStats(actual: any, expected: ReturnType<typeof expectedStats>): void {
  expectFigures(actual, expected, 'overall');
  expect(
    actual.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear),
    'byFiscalYear years',
  ).toEqual(expected.byFiscalYear.map((y) => y.fiscalYear));
  expected.byFiscalYear.forEach((y, i) => expectFigures(actual.byFiscalYear[i], y, `FY${y.fiscalYear}`));
  expect(
    actual.byMinistry.map((m: { ministry: { code: string } }) => m.ministry.code),
    'byMinistry codes',
  ).toEqual(expected.byMinistry.map((m) => m.ministry.code));
  expected.byMinistry.forEach((m, i) => expectFigures(actual.byMinistry[i], m, m.ministry.code));
  expect(
    actual.byCategory.map((c: { category: string }) => c.category),
    'byCategory categories',
  ).toEqual(expected.byCategory.map((c) => c.category));
  expected.byCategory.forEach((c, i) => expectFigures(actual.byCategory[i], c, c.category));
}

describe('marketTestingStats without a filter', () => {
  it('the sample has what makes the figures interesting (preconditions)', () => {
    const statuses = new Set(tenders.map((t) => t.status));
    for (const s of ['AWARDED', 'UNSUCCESSFUL', 'OPEN', 'CLOSED', 'CANCELLED']) expect(statuses.has(s), s).toBe(true);
    expect(tenders.some((t) => t.status === 'AWARDED' && t.bidders === 1)).toBe(true);
    expect(tenders.some((t) => t.amount !== null && t.amount > 2 ** 31)).toBe(true);
    // The derived columns are not what this test trusts, but they are what the server reads.
    expect(projects.every((p) => p.selectedFy !== null)).toBe(true);
  });

  it('overall figures equal the computation from raw rows', async () => {
    const actual = await actualStats(null);
    const expected = expectedStats({});
    expect(actual.projectCount).toBe(projects.length);
    expectFigures(actual, expected, 'overall');
  });

  it('byFiscalYear equals the computation, oldest year first, with every field', async () => {
    const actual = await actualStats(null);
    const expected = expectedStats({});
    expect(expected.byFiscalYear.length).toBeGreaterThan(10);
    expect(expected.byFiscalYear.filter((y) => y.exitedProjectCount > 0).length).toBeGreaterThan(3);
    expect(expected.byFiscalYear.filter((y) => y.inOperationProjectCount > 0).length).toBeGreaterThan(10);
    expect(actual.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual(expected.byFiscalYear.map((y) => y.fiscalYear));
    expected.byFiscalYear.forEach((y, i) => expectFigures(actual.byFiscalYear[i], y, `FY${y.fiscalYear}`));
  });

  it('byMinistry equals the computation, in code order, with every field', async () => {
    const actual = await actualStats(null);
    const expected = expectedStats({});
    expect(expected.byMinistry.length).toBe(ministryCodeById.size);
    expect(actual.byMinistry.map((m: { ministry: { code: string } }) => m.ministry.code)).toEqual(
      expected.byMinistry.map((m) => m.ministry.code),
    );
    expected.byMinistry.forEach((m, i) => expectFigures(actual.byMinistry[i], m, m.ministry.code));
  });

  it('byCategory equals the computation, in code order, with every field and its Japanese label', async () => {
    const actual = await actualStats(null);
    const expected = expectedStats({});
    expect(expected.byCategory.length).toBeGreaterThan(5);
    expect(actual.byCategory.map((c: { category: string }) => c.category)).toEqual(expected.byCategory.map((c) => c.category));
    expected.byCategory.forEach((c, i) => expectFigures(actual.byCategory[i], c, c.category));
    const labels: any = expectOk(
      await srv.gql('{ marketTestingStats { byCategory { category categoryLabel } projectsByStatus { status statusLabel } } }'),
    );
    expect(labels.marketTestingStats.byCategory).toContainEqual({ category: 'COUNTER_SERVICE', categoryLabel: '窓口業務' });
    expect(labels.marketTestingStats.projectsByStatus).toContainEqual({ status: 'IN_OPERATION', statusLabel: '事業実施中' });
  });

  it('the parts add up to the whole (counts and yen)', async () => {
    const s = await actualStats(null);
    for (const key of ['tenderCount', 'awardedTenderCount', 'unsuccessfulTenderCount', 'baselineYen', 'contractedYen', 'reductionYen']) {
      expect(
        s.byFiscalYear.reduce((sum: number, y: Record<string, number>) => sum + y[key], 0),
        `byFiscalYear ${key}`,
      ).toBe(s[key]);
      expect(
        s.byMinistry.reduce((sum: number, m: Record<string, number>) => sum + m[key], 0),
        `byMinistry ${key}`,
      ).toBe(s[key]);
    }
    expect(s.byMinistry.reduce((sum: number, m: { projectCount: number }) => sum + m.projectCount, 0)).toBe(s.projectCount);
    expect(s.byCategory.reduce((sum: number, c: { projectCount: number }) => sum + c.projectCount, 0)).toBe(s.projectCount);
    expect(s.byCategory.reduce((sum: number, c: { tenderCount: number }) => sum + c.tenderCount, 0)).toBe(s.tenderCount);
    expect(s.projectsByStatus.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBe(s.projectCount);
  });

  it('is computed by the database in a handful of statements, not row by row', async () => {
    const result = await srv.gql(STATS_QUERY, { f: null });
    expect(result.extensions?.diagnostics?.sqlStatements).toBeLessThanOrEqual(5);
  });
});

describe('marketTestingStats filters', () => {
  it('ministryCodes narrows to those ministries', async () => {
    const f = { ministryCodes: ['MOJ', 'JPS'] };
    const actual = await actualStats(f);
    const expected = expectedStats(f);
    expect(expected.projectCount).toBeLessThan(projects.length);
    expect(actual.byMinistry.map((m: { ministry: { code: string } }) => m.ministry.code)).toEqual(['JPS', 'MOJ']);
    expectStats(actual, expected);
  });

  it('methods narrows to services tendered that way', async () => {
    for (const method of ['PUBLIC_PRIVATE', 'PRIVATE']) {
      const f = { methods: [method] };
      const expected = expectedStats(f);
      expect(expected.projectCount, method).toBeGreaterThan(0);
      expectStats(await actualStats(f), expected);
    }
  });

  it('categories narrows to those kinds of service', async () => {
    const f = { categories: ['COUNTER_SERVICE', 'COLLECTION'] };
    const expected = expectedStats(f);
    expect(expected.unsuccessfulTenderCount).toBeGreaterThan(0);
    expectStats(await actualStats(f), expected);
  });

  it('filters combine: every condition must hold', async () => {
    const f = { ministryCodes: ['MOJ', 'MHLW', 'JPS'], methods: ['PRIVATE'], categories: ['COUNTER_SERVICE'] };
    const expected = expectedStats(f);
    expect(expected.tenderCount).toBeGreaterThan(0);
    expectStats(await actualStats(f), expected);
  });

  it('fromFiscalYear/toFiscalYear narrow the tender figures to rounds announced in those years', async () => {
    const f = { fromFiscalYear: 2012, toFiscalYear: 2015 };
    const actual = await actualStats(f);
    const expected = expectedStats(f);
    expect(actual.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2012, 2013, 2014, 2015]);
    const { projectCount: _p, projectsByStatus: _s, byMinistry: _m, byFiscalYear, ...figures } = expected;
    expectFigures(actual, figures, 'overall');
    byFiscalYear.forEach((y, i) => expectFigures(actual.byFiscalYear[i], y, `FY${y.fiscalYear}`));
    for (const m of expected.byMinistry) {
      const got = actual.byMinistry.find((x: { ministry: { code: string } }) => x.ministry.code === m.ministry.code);
      expect(got, m.ministry.code).toBeDefined();
      const { projectCount: _pc, projectsByStatus: _ps, ...tenderOnly } = m;
      expectFigures(got, tenderOnly, m.ministry.code);
    }
  });

  it('fromFiscalYear alone and toFiscalYear alone are open-ended', async () => {
    for (const f of [{ fromFiscalYear: 2020 }, { toFiscalYear: 2009 }]) {
      const actual = await actualStats(f);
      const expected = expectedStats(f);
      expect(actual.tenderCount, JSON.stringify(f)).toBe(expected.tenderCount);
      expect(actual.contractedYen, JSON.stringify(f)).toBe(expected.contractedYen);
      expect(actual.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual(expected.byFiscalYear.map((y) => y.fiscalYear));
    }
  });

  it('fromFiscalYear/toFiscalYear narrow the services counted to those selected in those years ("Only rounds announced (and services selected)")', async () => {
    const f = { fromFiscalYear: 2012, toFiscalYear: 2015 };
    const actual = await actualStats(f);
    const expected = expectedStats(f);
    expect(expected.projectCount).toBeLessThan(projects.length);
    expect(actual.byFiscalYear.map((y: { selectedProjectCount: number }) => y.selectedProjectCount)).toEqual(
      expected.byFiscalYear.map((y) => y.selectedProjectCount),
    );
    expect(actual.projectCount).toBe(expected.projectCount);
    expect(actual.projectsByStatus).toEqual(expected.projectsByStatus);
  });

  it('a year range and a ministry together', async () => {
    const f = { ministryCodes: ['MOJ'], fromFiscalYear: 2012, toFiscalYear: 2012 };
    const actual = await actualStats(f);
    const expected = expectedStats(f);
    // FY2012 乙号事務: many first rounds failed (public record, docs/domain.md "Tender").
    expect(expected.unsuccessfulTenderCount).toBeGreaterThanOrEqual(42);
    expect(actual.tenderCount).toBe(expected.tenderCount);
    expect(actual.unsuccessfulTenderCount).toBe(expected.unsuccessfulTenderCount);
    expect(actual.unsuccessfulRate).toBeCloseTo(expected.unsuccessfulRate!, 10);
    expect(actual.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2012]);
  });
});

describe('ratios are null when there is nothing to divide', () => {
  it('a filter that matches nothing gives zeros, null ratios and empty groups', async () => {
    // An empty list of ministries names none (an unknown ministry is refused instead: tests/unknown-codes.test.ts).
    const data: any = expectOk(await srv.gql(STATS_QUERY, { f: { ministryCodes: [] } }));
    expect(data.marketTestingStats).toEqual({
      projectCount: 0,
      projectsByStatus: [],
      tenderCount: 0,
      awardedTenderCount: 0,
      unsuccessfulTenderCount: 0,
      averageBidders: null,
      singleBidRate: null,
      unsuccessfulRate: null,
      baselineYen: 0,
      contractedYen: 0,
      reductionYen: 0,
      reductionRate: null,
      byFiscalYear: [],
      byMinistry: [],
      byCategory: [],
    });
  });

  it('rounds that are all still sealed or planned give null bid ratios but count the rounds', async () => {
    // A ministry and fiscal year whose rounds are all in progress, planned or cancelled.
    const projectById = new Map(projects.map((p) => [p.id, p]));
    const groups = new Map<string, TenderRow[]>();
    for (const t of tenders) {
      const key = `${projectById.get(t.project_id)!.ministry_code}/${t.fy}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    const found = [...groups.entries()].find(([, list]) => list.every((t) => t.status !== 'AWARDED' && t.status !== 'UNSUCCESSFUL'));
    expect(found, 'a ministry-year with no opened round').toBeDefined();
    const [code, fy] = found![0].split('/');
    const f = { ministryCodes: [code], fromFiscalYear: Number(fy), toFiscalYear: Number(fy) };
    const actual = await actualStats(f);
    expect(actual.tenderCount).toBe(found![1].length);
    expect(actual.tenderCount).toBeGreaterThan(0);
    expect(actual).toMatchObject({
      awardedTenderCount: 0,
      unsuccessfulTenderCount: 0,
      averageBidders: null,
      singleBidRate: null,
      unsuccessfulRate: null,
      reductionRate: null,
      baselineYen: 0,
      contractedYen: 0,
    });
  });

  it('groups without awarded or opened rounds report null ratios, not 0 or NaN', async () => {
    // In the last fiscal year of the sample some ministries have only rounds in progress.
    const lastFy = Math.max(...tenders.map((t) => t.fy));
    const f = { fromFiscalYear: lastFy };
    const actual = await actualStats(f);
    const expected = expectedStats(f);
    expect(
      (expected.byMinistry as Record<string, unknown>[]).some((g) => g.averageBidders === null),
      'a ministry without awarded rounds that year',
    ).toBe(true);
    for (const g of expected.byMinistry) {
      const got = actual.byMinistry.find((m: { ministry: { code: string } }) => m.ministry.code === g.ministry.code);
      expect(got, g.ministry.code).toBeDefined();
      for (const ratio of RATIOS) {
        if (g[ratio] === null) expect(got[ratio], `${g.ministry.code} ${ratio}`).toBeNull();
        else expect(got[ratio], `${g.ministry.code} ${ratio}`).toBeCloseTo(g[ratio]!, 10);
      }
    }
  });

  it('a database without services gives zeros and null ratios', async () => {
    const empty = await startTestServer({ seed: false });
    try {
      const data: any = expectOk(await empty.gql(STATS_QUERY, { f: null }));
      expect(data.marketTestingStats).toMatchObject({
        projectCount: 0,
        tenderCount: 0,
        averageBidders: null,
        singleBidRate: null,
        unsuccessfulRate: null,
        reductionRate: null,
        baselineYen: 0,
        contractedYen: 0,
        reductionYen: 0,
        byFiscalYear: [],
        byMinistry: [],
      });
    } finally {
      await empty.stop();
    }
  });
});

describe('localPilotStats.byPrefecture', () => {
  it('lists all 47 prefectures in code order with their pilots and local governments, as raw rows count them', async () => {
    const data: any = expectOk(
      await srv.gql(
        `{ localPilotStats { pilotCount municipalityCount byPrefecture { prefecture { code name kind } pilotCount municipalityCount } } }`,
      ),
    );
    const s = data.localPilotStats;
    expect(s.byPrefecture).toHaveLength(47);
    expect(s.byPrefecture[0].prefecture).toEqual({ code: '010006', name: '北海道', kind: 'PREFECTURE' });
    expect(s.byPrefecture[46].prefecture.name).toBe('沖縄県');
    const rows = await srv.sql<{ pref: string; n: number; towns: number }>(
      `SELECT m.prefecture_number AS pref, COUNT(*) AS n, COUNT(DISTINCT lp.municipality_id) AS towns
       FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id GROUP BY m.prefecture_number`,
    );
    const expected = new Map(rows.map((r) => [r.pref, [Number(r.n), Number(r.towns)]]));
    expect(expected.size).toBeGreaterThan(5);
    for (const p of s.byPrefecture)
      expect([p.pilotCount, p.municipalityCount], p.prefecture.name).toEqual(expected.get(p.prefecture.code.slice(0, 2)) ?? [0, 0]);
    expect(s.byPrefecture.reduce((sum: number, p: any) => sum + p.pilotCount, 0)).toBe(s.pilotCount);
    expect(s.byPrefecture.reduce((sum: number, p: any) => sum + p.municipalityCount, 0)).toBe(s.municipalityCount);
  });

  it('holds the one prefecture a filter names', async () => {
    const data: any = expectOk(
      await srv.gql(`{ localPilotStats(filter: { prefectureCode: "13" }) { pilotCount byPrefecture { prefecture { name } pilotCount } } }`),
    );
    expect(data.localPilotStats.byPrefecture).toEqual([{ prefecture: { name: '東京都' }, pilotCount: data.localPilotStats.pilotCount }]);
  });
});
