import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildTrackerSchema } from '../schema.js';
import { printSortedSchema, SCHEMA_FILE } from '../core/schema/print-schema.js';

/**
 * `npm run schema:print` writes schema/schema.graphql from the code;
 * `npm run schema:print -- --check` fails if the committed file differs.
 */
const printed = printSortedSchema(await buildTrackerSchema());
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // A missing file differs like any other.
  }
  if (committed !== printed) {
    console.error(`${SCHEMA_FILE} is out of date: run \`npm run schema:print\` and commit the result`);
    process.exit(1);
  }
  console.log(`${SCHEMA_FILE} matches the code`);
} else {
  writeFileSync(SCHEMA_FILE, printed);
  console.log(`wrote ${SCHEMA_FILE}`);
}
