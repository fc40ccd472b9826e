import { readFileSync } from 'node:fs';
import { parse as parseIni } from 'ini';
import { allIndicatorsSettings, type IndicatorSettings, parseIndicatorSettings } from '../indicators/indicator-settings.service.js';
import { IndicatorsError, IndicatorsErrorCode } from '../indicators/indicators.errors.js';
import { DEFAULT_MARKET_TESTING_SETTINGS, type MarketTestingSettings } from './market-testing-flags.service.js';

/** Everything that tunes the stored red flags. */
export interface RedFlagSettings {
  /** Cardinal's settings: which indicators run and their thresholds. */
  cardinal: IndicatorSettings;
  marketTesting: MarketTestingSettings;
}

/** Cardinal's defaults for all eleven indicators, and 95% for MT01. */
export function defaultRedFlagSettings(): RedFlagSettings {
  return { cardinal: allIndicatorsSettings(), marketTesting: { ...DEFAULT_MARKET_TESTING_SETTINGS } };
}

/**
 * Reads a settings file: Cardinal's INI format (src/modules/indicators/README.md "Settings")
 * plus an optional `[MT01]` section with `threshold` (落札率, 0–1). As in Cardinal, a file
 * that names indicator sections runs only those; a file with none runs all of them with
 * the file's top-level settings.
 */
export function parseRedFlagSettingsIni(text: string): RedFlagSettings {
  const raw = parseIni(text) as Record<string, unknown>;
  const marketTesting = { ...DEFAULT_MARKET_TESTING_SETTINGS };
  const mt01 = raw.MT01 as Record<string, unknown> | undefined;
  delete raw.MT01;
  if (mt01 !== undefined) {
    for (const [key, value] of Object.entries(mt01)) {
      const number = Number(value);
      if (key !== 'threshold' || typeof value !== 'string' || !(number > 0 && number <= 10)) {
        throw new IndicatorsError(IndicatorsErrorCode.SETTINGS_INVALID, `MT01.${key}: only "threshold", a ratio such as 0.95, is allowed`);
      }
      marketTesting.highAwardRatio = number;
    }
  }
  const cardinal = parseIndicatorSettings(raw);
  const named = Object.keys(cardinal).some((k) => /^R\d{3}$/.test(k));
  return { cardinal: named ? cardinal : { ...allIndicatorsSettings(), ...cardinal }, marketTesting };
}

let cached: { path: string | undefined; settings: RedFlagSettings } | undefined;

/**
 * The settings in force: the file `RED_FLAGS_SETTINGS` names, else the defaults. Read once
 * per process (a change takes effect at the next start, then `npm run flags:recompute`).
 */
export function redFlagSettings(env: NodeJS.ProcessEnv = process.env): RedFlagSettings {
  const path = env.RED_FLAGS_SETTINGS?.trim() || undefined;
  if (cached && cached.path === path) return cached.settings;
  const settings = path ? parseRedFlagSettingsIni(readFileSync(path, 'utf8')) : defaultRedFlagSettings();
  cached = { path, settings };
  return settings;
}
