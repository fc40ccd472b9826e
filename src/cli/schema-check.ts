import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { readCommandLine } from '../core/cli/command-line.js';
import { SCHEMA_FILE } from '../core/schema/print-schema.js';
import { reviewSchemaChange } from '../core/schema/schema-diff.js';
import { lintSchema } from '../core/schema/schema-lint.js';

/**
 * `npm run schema:lint`: naming, descriptions and Relay shapes of schema/schema.graphql.
 * `npm run schema:diff [-- --base REV]`: breaking changes against the schema of an earlier
 * commit (default the parent, HEAD~1) are refused unless deprecated there first.
 */
const USAGE = 'usage: schema-check lint | diff [--base REV]';

async function main(argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, { usage: USAGE, positionals: true, options: { base: { type: 'string', default: 'HEAD~1' } } });
  if (typeof parsed === 'number') return parsed;
  const [command] = parsed.positionals;
  const current = readFileSync(SCHEMA_FILE, 'utf8');
  if (command === 'lint') {
    const problems = lintSchema(buildSchema(current));
    for (const p of problems) console.error(`  ${p}`);
    console.log(
      problems.length
        ? `${problems.length} schema lint problems`
        : `${SCHEMA_FILE}: names, descriptions and connection shapes are in order`,
    );
    return problems.length ? 1 : 0;
  }
  if (command === 'diff') {
    const base = parsed.values.base;
    let before: string;
    try {
      before = execFileSync('git', ['show', `${base}:${SCHEMA_FILE}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      console.log(`no ${SCHEMA_FILE} at ${base}: nothing to compare`);
      return 0;
    }
    const review = await reviewSchemaChange(before, current);
    const list = (title: string, changes: { message: string; path?: string }[]) => {
      if (!changes.length) return;
      console.log(`${title}:`);
      for (const c of changes) console.log(`  ${c.message}${c.path ? `  [${c.path}]` : ''}`);
    };
    list('BREAKING (not deprecated first: refused)', review.refused);
    list('breaking, but deprecated in the earlier schema (allowed)', review.deprecatedThenRemoved);
    list('dangerous', review.dangerous);
    console.log(
      `compared with ${base}: ${review.safe.length} safe, ${review.dangerous.length} dangerous, ${review.deprecatedThenRemoved.length} removals after deprecation, ${review.refused.length} refused`,
    );
    if (review.refused.length) console.error('mark the element @deprecated(reason: …) in one release and remove it in a later one');
    return review.refused.length ? 1 : 0;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
