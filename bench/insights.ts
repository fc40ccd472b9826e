/**
 * How fast the insights page (docs/insights.md) shows each view in a real browser: Debian's
 * headless Chromium opens /insights?view=… on a running server, in a fresh browser context
 * each time (nothing cached, as a reader's first visit), and times navigation start to the
 * view drawn (its charts and tables in the page: `#main[data-ready]`). Prints the median and
 * the slowest of the runs per view. A benchmark, run by hand, never a test with a time limit:
 *
 *   npm run seed -- --reset --scale 10 && npm start            # in one terminal
 *   npm run bench:insights -- --runs 7                         # in another
 *
 * Options: --url (default http://127.0.0.1:4000), --runs (default 5), --chromium (default
 * $CHROMIUM_PATH or /usr/bin/chromium).
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000' },
    runs: { type: 'string', default: '5' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
const runs = Math.max(1, Number(values.runs));
const VIEWS = ['programme', 'competition', 'money', 'integrity', 'pilots', 'service'];

const browser = await chromium.launch({
  executablePath: values.chromium,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`first view of each /insights view on ${values.url}, ${runs} runs each, a fresh browser context per run`);
console.log('view          figures shown: median / slowest ms   view whole (charts drawn): median / slowest ms');
try {
  for (const view of VIEWS) {
    const times: number[] = [];
    const shown: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${values.url}/insights?view=${view}`);
      await page.waitForSelector(`#main[data-ready="${view}"]`, { timeout: 60_000 });
      // Navigation start to now, as the page's own clock measures it.
      const [content, whole] = await page.evaluate(() => [
        Math.round(performance.getEntriesByName('insights:content')[0]?.startTime ?? NaN),
        Math.round(performance.now()),
      ]);
      shown.push(content);
      times.push(whole);
      await context.close();
    }
    const pair = (xs: number[]) => `${String(median(xs)).padStart(6)} / ${String(Math.max(...xs)).padStart(5)}`;
    console.log(`${view.padEnd(13)} ${pair(shown).padStart(34)}   ${pair(times).padStart(44)}`);
  }
} finally {
  await browser.close();
}
