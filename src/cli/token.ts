import 'reflect-metadata';
import { isEntryPoint, type CliOutput } from '../core/cli/command-line.js';
import { loadConfigOrReport, redact } from '../core/config/config.js';
import { openDatabase } from '../core/db/orm.js';
import { ENTITIES } from '../entities.js';
import { runTokenCommand, type TokenDatabase } from '../modules/access/token.command.js';

/** `npm run token -- <argv…>` on the database DATABASE_URL (in `env`) names; returns the exit code. */
export function runTokenCli(argv: string[], out: CliOutput = console, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runTokenCommand(argv, () => open(env, out), out);
}

async function open(env: NodeJS.ProcessEnv, out: CliOutput): Promise<TokenDatabase | null> {
  const config = loadConfigOrReport(env, (m) => out.error(m));
  if (!config) return null;
  const where = config.database.dialect === 'sqlite' ? config.database.file : redact(config.database.url);
  return { orm: await openDatabase(config.database, { entities: ENTITIES }), where };
}

if (isEntryPoint(import.meta.url)) process.exitCode = await runTokenCli(process.argv.slice(2));
