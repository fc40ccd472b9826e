import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { readCommandLine } from '../core/cli/command-line.js';
import { buildTrackerSchema } from '../schema.js';
import { printSortedSchema, SCHEMA_FILE } from '../core/schema/print-schema.js';

const USAGE = `usage: npm run schema:print [-- --check]

Writes ${SCHEMA_FILE} from the code; with --check (npm run schema:check), writes nothing and
fails if the committed file differs.`;

async function main(argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, { usage: USAGE, options: { check: { type: 'boolean', default: false } } });
  if (typeof parsed === 'number') return parsed;
  const printed = printSortedSchema(await buildTrackerSchema());
  if (!parsed.values.check) {
    writeFileSync(SCHEMA_FILE, printed);
    console.log(`wrote ${SCHEMA_FILE}`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // A missing file differs like any other.
  }
  if (committed !== printed) {
    console.error(`${SCHEMA_FILE} is out of date: run \`npm run schema:print\` and commit the result`);
    return 1;
  }
  console.log(`${SCHEMA_FILE} matches the code`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
