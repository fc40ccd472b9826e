import 'reflect-metadata';
import { readCommandLine } from '../core/cli/command-line.js';
import { ConfigError, loadConfig, redact } from '../core/config/config.js';
import { knexOf, openDatabase } from '../core/db/orm.js';
import { ENTITIES } from '../entities.js';
import { recomputeAllRedFlags } from '../modules/red-flags/red-flag-store.service.js';
import { redFlagSettings } from '../modules/red-flags/red-flag-settings.service.js';

const USAGE = `usage: npm run flags:recompute

Recomputes every stored red flag (rounds, bidders, ministries) and the population
statistics (quartiles and fences) from the OCDS export of the database DATABASE_URL names
(default sqlite:./data/tracker.sqlite), in one transaction. Writes keep the flags of the
rounds they touch current by themselves; run this (e.g. nightly) to move the fences and
refresh bidders' and ministries' flags, and after changing RED_FLAGS_SETTINGS (a settings
file: Cardinal's INI format plus [MT01] threshold = 0.95; see README.md "Red flags").`;

async function main(argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, { usage: USAGE, options: {} });
  if (typeof parsed === 'number') return parsed;
  let config;
  let settings;
  try {
    config = loadConfig();
    settings = redFlagSettings();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `error: ${(e as Error).message}`);
    return 2;
  }
  const where = config.database.dialect === 'sqlite' ? config.database.file : redact(config.database.url);
  const orm = await openDatabase(config.database, { entities: ENTITIES });
  try {
    console.error(`recomputing red flags in ${where}`);
    const report = await recomputeAllRedFlags(knexOf(orm), config.database.dialect, settings, (m) => console.error(`· ${m}`));
    console.log(
      `${report.flags.toLocaleString('en-US')} flags over ${report.rounds.toLocaleString('en-US')} rounds ` +
        `(${report.inserted} new, ${report.updated} changed, ${report.deleted} gone) in ${(report.ms / 1000).toFixed(2)} s`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

process.exitCode = await main(process.argv.slice(2));
