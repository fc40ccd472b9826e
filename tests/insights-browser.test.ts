import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectOk, startTestServer, type TestServer } from './support/test-server.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';

/**
 * The insights page (docs/insights.md) in a real browser: Debian's headless Chromium opens
 * each view of /insights on the sample, with every host but 127.0.0.1 blocked, and the test
 * checks that the figures the page shows are the API's (each number cell carries its exact
 * value in `data-value`), that the filter lives in the address, that the rounds behind a point
 * open from the keyboard, that the printed page drops the controls, and that axe-core finds
 * no serious or critical accessibility violation. Screenshots go to test-output/ (and, with
 * UPDATE_SCREENSHOTS=1, to docs/images/, which the README shows).
 *
 * The browser is Debian's (`apt-get install chromium`; .ci/run installs it): without it the
 * test is skipped, unless REQUIRE_BROWSER=1 (set by CI), which turns its absence into a failure.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const half = process.env.TEST_DIALECT === 'postgresql' ? 'postgresql' : 'sqlite';

describe.runIf(chromiumAvailable)(`the insights page in headless Chromium (${half})`, () => {
  let srv: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const elsewhere: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    mkdirSync('test-output', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function open(query: string, view: string): Promise<void> {
    await page.goto(`${srv.base}/insights?${query}`);
    await page.waitForSelector(`#main[data-ready="${view}"]`, { timeout: 30_000 });
  }

  /** The `data-value`s of a table's rows (header cell text first), as the page shows them. */
  async function tableValues(caption: string): Promise<string[][]> {
    return page.evaluate((wanted) => {
      const tables = Array.from<any>((globalThis as any).document.querySelectorAll('table.data'));
      const table = tables.find((t) => t.querySelectorAll('caption')[0]?.textContent === wanted);
      if (!table) return [];
      return Array.from<any>(table.querySelectorAll('tbody tr')).map((row) => [
        Array.from<any>(row.querySelectorAll('th'))[0]?.textContent ?? '',
        ...Array.from<any>(row.querySelectorAll('[data-value]')).map((cell) => cell.getAttribute('data-value') ?? ''),
      ]);
    }, caption);
  }

  /** Every category: the statistics count target services' rounds, which every category selects (not local pilots'). */
  const CATEGORIES = 'CALL_CENTER COLLECTION COUNTER_SERVICE FACILITY_MANAGEMENT IT_OPERATIONS OTHER RESEARCH STATISTICAL_SURVEY TRAINING';
  const value = (v: number | string | null) => (v == null ? 'null' : String(v));
  /** A row of the competition view's table of years, as the API's figures say it should read. */
  const competitionRow = (y: any) => [
    `${y.fiscalYearLabel}（${y.fiscalYear}）`,
    value(y.awardedTenderCount),
    value(y.averageBidders),
    value(y.singleBidRate),
  ];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: `test-output/insights-${name}-${half}.png`, fullPage: true });
    // The README's pictures: the top of the view, where its first charts are.
    if (process.env.UPDATE_SCREENSHOTS === '1' && half === 'sqlite') {
      mkdirSync('docs/images', { recursive: true });
      const size = page.viewportSize()!;
      await page.screenshot({
        path: `docs/images/insights-${name}.png`,
        clip: { x: 0, y: 0, width: size.width, height: Math.min(1400, size.height * 2) },
        fullPage: true,
      });
    }
  }

  async function seriousViolations(): Promise<string[]> {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} elements): ${v.help}`);
  }

  it("事業の推移: the counts by state, year and category are the API's", async () => {
    await open('view=programme', 'programme');
    const api: any = expectOk(
      await srv.gql(`{ marketTestingStats { projectCount tenderCount projectsByStatus { status statusLabel count }
        byFiscalYear { fiscalYear fiscalYearLabel selectedProjectCount inOperationProjectCount exitedProjectCount tenderCount awardedTenderCount }
        byCategory { categoryLabel projectCount } } }`),
    ).marketTestingStats;
    const kpis = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.kpis [data-value]')).map((e) => e.getAttribute('data-value')),
    );
    const count = (status: string) => api.projectsByStatus.find((c: any) => c.status === status)?.count ?? 0;
    expect(kpis).toEqual([api.projectCount, count('IN_OPERATION'), count('EXITED'), api.tenderCount].map(String));
    expect(api.projectCount).toBe(400);

    expect(await tableValues('年度別の対象事業と入札')).toEqual(
      api.byFiscalYear.map((y: any) => [
        `${y.fiscalYearLabel}（${y.fiscalYear}）`,
        value(y.selectedProjectCount),
        value(y.inOperationProjectCount),
        value(y.exitedProjectCount),
        value(y.tenderCount),
        value(y.awardedTenderCount),
      ]),
    );
    expect(await tableValues('状態別の対象事業数')).toEqual(api.projectsByStatus.map((c: any) => [c.statusLabel, value(c.count)]));
    expect(await tableValues('分野別の対象事業数')).toEqual(api.byCategory.map((c: any) => [c.categoryLabel, value(c.projectCount)]));
    // Charts are drawn (SVG) with an aria description a screen reader reads.
    expect(await page.locator('.chart svg').count()).toBe(3);
    expect(await page.locator('.chart[aria-label]').count()).toBe(3);
    expect((await page.locator('.chart').first().getAttribute('aria-label')) ?? '').toContain('新規選定');
    await screenshot('programme');
    expect(await seriousViolations()).toEqual([]);
  });

  it("競争の状況: bidders and single-bid rates are the API's, and a year's rounds open from the keyboard", async () => {
    await open('view=competition', 'competition');
    const api: any = expectOk(
      await srv.gql(`{ marketTestingStats { averageBidders singleBidRate
        byFiscalYear { fiscalYear fiscalYearLabel awardedTenderCount averageBidders singleBidRate }
        byMinistry { ministry { name } awardedTenderCount averageBidders singleBidRate } } }`),
    ).marketTestingStats;
    const years = api.byFiscalYear.filter((y: any) => y.awardedTenderCount > 0);
    expect(await tableValues('年度別の平均応札者数と一者応札率')).toEqual(years.map(competitionRow));
    expect(await tableValues('府省別の平均応札者数と一者応札率')).toEqual(
      api.byMinistry
        .filter((m: any) => m.awardedTenderCount > 0)
        .map((m: any) => [m.ministry.name, value(m.awardedTenderCount), value(m.averageBidders), value(m.singleBidRate)]),
    );
    const summary = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.summary [data-value]')).map((e) => e.getAttribute('data-value')),
    );
    expect(summary).toEqual([value(api.averageBidders), value(api.singleBidRate)]);

    // The rounds behind 令和5年度 (2023), reached by Tab and Enter, are the API's awarded rounds of that year.
    const button = page.getByRole('button', { name: '令和5年度（2023）の入札を見る' });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.rounds table.data', { timeout: 30_000 });
    const rounds: any = expectOk(
      await srv.gql(`{ tenders(first: 50, filter: { statuses: [AWARDED], year: 2023 }, orderBy: { field: ANNOUNCED_ON, direction: DESC }) {
        totalCount nodes { title numberOfBidders contractAmountYen } } }`),
    ).tenders;
    const shown = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.rounds tbody tr')).map(
        (r) => Array.from<any>(r.querySelectorAll('th'))[0]?.textContent,
      ),
    );
    expect(shown).toEqual(rounds.nodes.map((t: any) => t.title));
    expect((await page.textContent('.rounds .count')) ?? '').toContain(`${rounds.totalCount.toLocaleString('ja-JP')}件のうち`);
    expect(rounds.totalCount).toBe(years.find((y: any) => y.fiscalYear === 2023).awardedTenderCount);
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('rounds-heading');
    await screenshot('competition');
    expect(await seriousViolations()).toEqual([]);
  });

  it("経費の削減: baseline, contracted and reduction yen are the API's, in 億円 / 万円 for reading", async () => {
    await open('view=money', 'money');
    const api: any = expectOk(
      await srv.gql(`{ marketTestingStats { baselineYen contractedYen reductionYen reductionRate
        byFiscalYear { fiscalYear fiscalYearLabel awardedTenderCount baselineYen contractedYen reductionYen reductionRate } } }`),
    ).marketTestingStats;
    const summary = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.summary [data-value]')).map((e) => e.getAttribute('data-value')),
    );
    expect(summary).toEqual([api.baselineYen, api.contractedYen, api.reductionYen, api.reductionRate].map(value));
    expect(await tableValues('年度別の従来経費、契約金額、削減額と削減率')).toEqual(
      api.byFiscalYear
        .filter((y: any) => y.awardedTenderCount > 0)
        .map((y: any) => [
          `${y.fiscalYearLabel}（${y.fiscalYear}）`,
          ...[y.baselineYen, y.contractedYen, y.reductionYen, y.reductionRate].map(value),
        ]),
    );
    // Read as people read yen: 億円 above a hundred million.
    expect((await page.textContent('.summary')) ?? '').toMatch(/従来経費 [\d,]+\.\d億円/);
    await screenshot('money');
    expect(await seriousViolations()).toEqual([]);
  });

  it("赤信号: flags by code and by ministry are the API's, and a flag's rounds open with the reason for each", async () => {
    await open('view=integrity', 'integrity');
    const api: any = expectOk(
      await srv.gql(
        `{ marketTestingStats { redFlagCounts { code titleLabel count } byMinistry { ministry { name } redFlagCounts { count } } } }`,
      ),
    ).marketTestingStats;
    expect(api.redFlagCounts.length).toBeGreaterThan(5);
    expect(await tableValues('赤信号別の件数')).toEqual(api.redFlagCounts.map((c: any) => [`${c.code} ${c.titleLabel}`, value(c.count)]));
    expect(await tableValues('府省別の赤信号の件数')).toEqual(
      api.byMinistry
        .map((m: any) => [m.ministry.name, m.redFlagCounts.reduce((s: number, c: any) => s + c.count, 0)])
        .filter(([, total]: [string, number]) => total > 0)
        .map(([name, total]: [string, number]) => [name, value(total)]),
    );

    await page.getByRole('button', { name: 'R018 一者応札の入札を見る' }).click();
    await page.waitForSelector('.rounds table.data', { timeout: 30_000 });
    const flagged: any = expectOk(
      await srv.gql(
        `{ redFlags(first: 50, filter: { codes: [R018], subjects: [TENDER], categories: [${CATEGORIES}] }) { totalCount nodes { explanation tender { title } } } }`,
      ),
    ).redFlags;
    const shown = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.rounds tbody tr')).map((r) => [
        Array.from<any>(r.querySelectorAll('th'))[0]?.textContent,
        Array.from<any>(r.querySelectorAll('td')).at(-1)?.textContent,
      ]),
    );
    expect(shown).toEqual(flagged.nodes.map((f: any) => [f.tender.title, f.explanation]));
    expect((await page.textContent('.rounds .count')) ?? '').toContain(`${flagged.totalCount.toLocaleString('ja-JP')}件のうち`);
    expect(flagged.totalCount).toBe(api.redFlagCounts.find((c: any) => c.code === 'R018').count);
    await screenshot('integrity');
    expect(await seriousViolations()).toEqual([]);
  });

  it("地方の取組: a tile for each of the 47 prefectures with the API's counts, and a prefecture's pilots from the keyboard", async () => {
    await open('view=pilots', 'pilots');
    const api: any = expectOk(
      await srv.gql(
        `{ localPilotStats { pilotCount municipalityCount byPrefecture { prefecture { name } pilotCount municipalityCount } } }`,
      ),
    ).localPilotStats;
    expect(await page.locator('.tiles button.tile').count()).toBe(47);
    expect(await tableValues('都道府県別の取組数')).toEqual(
      api.byPrefecture.map((p: any) => [p.prefecture.name, value(p.pilotCount), value(p.municipalityCount)]),
    );
    const kpis = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.kpis [data-value]')).map((e) => e.getAttribute('data-value')),
    );
    expect(kpis.slice(0, 2)).toEqual([value(api.pilotCount), value(api.municipalityCount)]);

    const tokyo = api.byPrefecture.find((p: any) => p.prefecture.name === '東京都');
    expect(tokyo.pilotCount).toBeGreaterThan(0);
    await page.getByRole('button', { name: `東京都 取組${tokyo.pilotCount}件` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.rounds table.data', { timeout: 30_000 });
    const listed: any = expectOk(
      await srv.gql(`{ localPilots(first: 100, filter: { prefectureCode: "13" }) { nodes { title municipality { name } } } }`),
    ).localPilots.nodes;
    const shown = await page.evaluate(() =>
      Array.from<any>((globalThis as any).document.querySelectorAll('.rounds tbody tr')).map((r) => [
        Array.from<any>(r.querySelectorAll('th'))[0]?.textContent,
        Array.from<any>(r.querySelectorAll('td'))[0]?.textContent,
      ]),
    );
    expect(shown).toEqual(listed.map((p: any) => [p.municipality.name, p.title]));
    await screenshot('pilots');
    expect(await seriousViolations()).toEqual([]);
  });

  it("事業の経過: a service found by its words, its life as a timeline and its rounds' bids as the API has them; a sealed round shows none", async () => {
    await open(`view=service&q=${encodeURIComponent('登記 三重')}`, 'service');
    const found: any = expectOk(await srv.gql(`{ targetProjects(first: 20, filter: { query: "登記 三重" }) { nodes { id name } } }`))
      .targetProjects.nodes;
    expect(found.length).toBeGreaterThan(0);
    expect(await page.locator('.found a').allTextContents()).toEqual(found.map((p: any) => p.name));
    await page.locator('.found a').first().click();
    await page.waitForSelector('#main[data-ready="service"] .timeline');
    expect(new URL(page.url()).searchParams.get('service')).toBe(found[0].id);

    const api: any = expectOk(
      await srv.gql(
        `query($id: ID!) { node(id: $id) { ... on TargetProject { name policyEntries(first: 20) { totalCount } guidelineMilestones(first: 50) { totalCount }
          evaluations(first: 20) { totalCount }
          tenders(first: 50, orderBy: { field: ANNOUNCED_ON, direction: ASC }) { nodes { round openedOn winningBid { id } bids(first: 30) { nodes { amountYen bidder { name } } } } } } } }`,
        { id: found[0].id },
      ),
    ).node;
    expect(await page.textContent('.service h3')).toBe(api.name);
    const rounds = api.tenders.nodes;
    const expectedSteps =
      api.policyEntries.totalCount +
      api.guidelineMilestones.totalCount +
      api.evaluations.totalCount +
      rounds.length +
      rounds.filter((t: any) => t.openedOn).length +
      rounds.filter((t: any) => t.winningBid).length;
    expect(await page.locator('.timeline li').count()).toBe(expectedSteps);
    expect(await page.locator('.service .round-bids').count()).toBe(rounds.length);
    for (const t of rounds.filter((r: any) => r.bids.nodes.length > 0))
      expect(await tableValues(`第${t.round}回の応札`)).toEqual(t.bids.nodes.map((b: any) => [b.bidder.name, value(b.amountYen)]));
    await screenshot('service');
    expect(await seriousViolations()).toEqual([]);

    // A round still sealed: the page, anonymous like any caller without a token, shows no bid of it.
    const sealed: any = expectOk(
      await srv.gql(
        `{ tenders(first: 1, filter: { statuses: [CLOSED], categories: [${CATEGORIES}] }) { nodes { round project { id } bidsSealed } } }`,
      ),
    ).tenders.nodes[0];
    expect(sealed.bidsSealed).toBe(true);
    await open(`view=service&service=${encodeURIComponent(sealed.project.id)}`, 'service');
    const [closedRound] = await page
      .locator('.service .round-bids')
      .filter({ hasText: `第${sealed.round}回` })
      .all();
    expect(await closedRound.locator('.sealed').textContent()).toContain('封緘中');
    expect(await closedRound.locator('table').count()).toBe(0);
  });

  it('keeps the filter in the address: era years and a ministry narrow every figure as the API does, and the form shows them', async () => {
    await open(`view=competition&from=${encodeURIComponent('令和2年度')}&to=R5&ministry=MOJ&category=COUNTER_SERVICE`, 'competition');
    const api: any = expectOk(
      await srv.gql(
        `{ marketTestingStats(filter: { fromYear: 2020, toYear: 2023, ministryCodes: ["MOJ"], categories: [COUNTER_SERVICE] }) {
          byFiscalYear { fiscalYear fiscalYearLabel awardedTenderCount averageBidders singleBidRate } } }`,
      ),
    ).marketTestingStats;
    const years = api.byFiscalYear.filter((y: any) => y.awardedTenderCount > 0);
    expect(years.length).toBeGreaterThan(0);
    expect(await tableValues('年度別の平均応札者数と一者応札率')).toEqual(years.map(competitionRow));
    expect(await page.inputValue('input[name=from]')).toBe('令和2年度');
    expect(await page.inputValue('select[name=ministry]')).toBe('MOJ');
    expect(await page.inputValue('select[name=category]')).toBe('COUNTER_SERVICE');

    // Changing the filter in the form changes the address, so the view can be shared as shown.
    await page.fill('input[name=to]', 'R4');
    await page.click('button[type=submit]');
    await page.waitForSelector('#main[data-ready="competition"]');
    expect(new URL(page.url()).searchParams.get('to')).toBe('R4');
    // Another view keeps the filter.
    await page.getByRole('link', { name: '経費の削減' }).click();
    await page.waitForSelector('#main[data-ready="money"]');
    // Charts are drawn on a view reached without a reload, as on one loaded afresh.
    expect(await page.locator('.chart svg').count()).toBe(2);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      view: 'money',
      from: '令和2年度',
      to: 'R4',
      ministry: 'MOJ',
      category: 'COUNTER_SERVICE',
    });
  });

  it("says what is wrong with a year it cannot read, in the API's words, instead of showing nothing", async () => {
    await open('view=programme&from=R99X', 'programme');
    const alert = (await page.textContent('[role=alert]')) ?? '';
    expect(alert.length).toBeGreaterThan(5);
    expect(alert).toContain('R99X');
    // The browser logs the refused request (400): expected here, and the only error allowed.
    const refused = problems.filter((p) => p.includes('status of 400'));
    expect(refused).toHaveLength(1);
    problems.splice(0, problems.length, ...problems.filter((p) => !refused.includes(p)));
  });

  it('prints on A4 without the controls', async () => {
    await open('view=money', 'money');
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['nav', 'footer', '.filter button'].map(
        (s) => (globalThis as any).getComputedStyle((globalThis as any).document.querySelector(s)).display,
      ),
    );
    expect(hidden).toEqual(['none', 'none', 'none']);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.setViewportSize({ width: 794, height: 1123 });
    await screenshot('money-print');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("serves the page's own files under the Content-Security-Policy, and nothing else of the build", async () => {
    const html = await fetch(`${srv.base}/insights`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await fetch(`${srv.base}/insights/insights.js`);
    expect([script.status, script.headers.get('x-content-type-options')]).toEqual([200, 'nosniff']);
    for (const path of ['/insights/.build-stamp', '/insights/..%2Fpackage.json', '/insights/index.js', '/insights/chunk-x.json'])
      expect((await fetch(`${srv.base}${path}`)).status, path).toBe(404);
  });

  it('asked nothing of any other host and raised no error in the page', () => {
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
