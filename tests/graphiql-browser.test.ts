import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createOpenTender, createTenderingProject } from './support/factories.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';

/**
 * GraphiQL in a real browser (the typed-clients issue): Debian's headless Chromium opens
 * /graphql with every host but 127.0.0.1 blocked, runs the default query by clicking Run,
 * shows the result, opens the docs explorer, and never asks for anything from elsewhere
 * (ministry networks and LGWAN are closed). Screenshots go to test-output/.
 *
 * The browser is Debian's (`apt-get install chromium`; .ci/run installs it): no tool may
 * download one. Without it the test cannot run, so it is skipped, unless REQUIRE_BROWSER=1
 * (set by CI), which turns a missing browser into a failure.
 */

/** Runs in the page (a function, not a string: the page's CSP forbids eval). */
type PageGlobals = { document: { querySelector(selector: string): { textContent: string | null } | null } };
const contains = ([selector, text]: [string, string]) =>
  (globalThis as unknown as PageGlobals).document.querySelector(selector)?.textContent?.includes(text) ?? false;

describe.runIf(chromiumAvailable && process.env.TEST_DIALECT !== 'postgresql')('GraphiQL in headless Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    srv = await startTestServer();
    browser = await launchChromium();
    mkdirSync('test-output', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('runs the default query by clicking Run, shows the result and the docs, and contacts no other host', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const elsewhere: string[] = [];
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${srv.base}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // The default query is the analyst's first question.
    await page.waitForFunction(contains, ['.graphiql-query-editor', 'marketTestingStats'] as [string, string], { timeout: 30_000 });

    await page.click('.graphiql-execute-button');
    await page.waitForFunction(contains, ['.graphiql-response', '"projectCount"'] as [string, string], { timeout: 30_000 });
    const response = (await page.textContent('.graphiql-response')) ?? '';
    expect(response).toContain('"projectCount": 400');
    expect(response).not.toContain('"errors"');
    await page.screenshot({ path: 'test-output/graphiql.png', fullPage: true });

    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30_000 });
    await page.getByText('Query', { exact: true }).first().click();
    await page.waitForFunction(contains, ['.graphiql-doc-explorer', 'targetProjects'] as [string, string], { timeout: 30_000 });
    await page.screenshot({ path: 'test-output/graphiql-docs.png', fullPage: true });

    expect(elsewhere).toEqual([]);
    expect(requested.length).toBeGreaterThan(4);
    expect(requested.every((url) => url.startsWith(`${srv.base}/`) || url.startsWith('data:') || url.startsWith('blob:'))).toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });
  it('runs a subscription over WebSocket and shows each event as it comes', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    // GraphiQL opens with the query it kept last (its local storage): here, a subscription.
    await context.addInitScript(() => {
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'graphiql:query',
        'subscription { publicEvents(filter: { ministryCodes: ["MOE"], types: [TENDER_ANNOUNCED] }) { typeLabel title } }',
      );
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${srv.base}/graphql`);
    await page.waitForFunction(contains, ['.graphiql-query-editor', 'publicEvents'] as [string, string], { timeout: 30_000 });
    await page.click('.graphiql-execute-button');
    // The subscription is live once the server counts it; then a round is announced.
    const active = async () => /tracker_subscriptions_active (\d+)/.exec(await (await fetch(`${srv.base}/metrics`)).text())?.[1];
    for (let i = 0; i < 100 && (await active()) !== '1'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await active()).toBe('1');
    const moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
    const project = await createTenderingProject(srv, moe, { name: 'ブラウザで見る購読の確認業務' });
    await createOpenTender(srv, moe, project.id, { title: '購読確認の入札' });
    await page.waitForFunction(contains, ['.graphiql-response', '購読確認の入札'] as [string, string], { timeout: 30_000 });
    expect((await page.textContent('.graphiql-response')) ?? '').toContain('"typeLabel": "入札公告"');
    await page.screenshot({ path: 'test-output/graphiql-subscription.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
