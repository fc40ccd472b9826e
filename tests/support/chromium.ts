import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's headless Chromium for the browser tests (GraphiQL, the insights page): installed by
 * `apt-get install chromium` (.ci/run does), never a browser a tool downloads. Without it the
 * browser tests are skipped, unless REQUIRE_BROWSER=1 (set by CI), which makes its absence a
 * failure.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.REQUIRE_BROWSER === '1')
  throw new Error(`REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}: apt-get install chromium`);

/** Started as on a closed network: without background connections, which the machine refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
