import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { readCommandLine } from '../core/cli/command-line.js';
import type { DatabaseTarget } from '../core/config/config.js';
import { ormOptions } from '../core/db/orm.js';
import { withScratchPostgres } from '../core/db/scratch-postgres.js';
import { ENTITIES } from '../entities.js';

/**
 * `npm run migration:create -- <Name>`: for each dialect, writes the SQL that takes the
 * schema of the last migration to the current entities as a new migration in
 * src/core/db/migrations/<dialect>, and lists it in that folder's index. SQLite and
 * PostgreSQL differ in SQL, so each keeps its own folder (docs/stack.md "Migrations").
 *
 * The migrator diffs the entities against the committed schema snapshot of each folder,
 * not against an introspected database (introspecting SQLite makes MikroORM 6 see changes
 * that are not there). PostgreSQL needs a server to build the first migration: a scratch
 * database on MIGRATION_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
async function createFor(target: DatabaseTarget, dialect: 'sqlite' | 'postgresql', name: string): Promise<void> {
  const dir = resolve(`src/core/db/migrations/${dialect}`);
  const base = ormOptions(target, ENTITIES);
  const orm = await MikroORM.init({
    ...base,
    migrations: {
      ...base.migrations,
      path: dir,
      pathTs: dir,
      snapshot: true,
      snapshotName: `.snapshot-${dialect}`,
      emit: 'ts',
      fileName: (ts, n) => `Migration${ts}_${n ?? 'Change'}`,
    },
  });
  try {
    const result = await orm.getMigrator().createMigration(dir, false, false, name);
    if (!result.fileName) {
      console.log(`${dialect}: the entities match the last migration, nothing to create`);
      return;
    }
    const fileBase = basename(result.fileName, '.ts');
    const className = /export class (\w+)/.exec(readFileSync(join(dir, result.fileName), 'utf8'))![1];
    const indexPath = join(dir, 'index.ts');
    let index = readFileSync(indexPath, 'utf8');
    index = index.replace(
      "import type { MigrationObject } from '@mikro-orm/core';\n",
      `import type { MigrationObject } from '@mikro-orm/core';\nimport { ${className} } from './${fileBase}.js';\n`,
    );
    index = index.replace(/\n\];\s*$/, `\n  { name: '${className}', class: ${className} },\n];\n`);
    writeFileSync(indexPath, index);
    console.log(`${dialect}: created ${join(dir, result.fileName)} (${result.diff.up.length} statements); read it before committing`);
  } finally {
    await orm.close();
  }
}

const USAGE = 'usage: npm run migration:create -- <PascalCaseName>';

async function main(): Promise<void> {
  const parsed = readCommandLine(process.argv.slice(2), { usage: USAGE, positionals: true, options: {} });
  if (typeof parsed === 'number') process.exit(parsed);
  const [name] = parsed.positionals;
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error(USAGE);
    process.exit(2);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'migration-')), 'db.sqlite');
  await createFor({ dialect: 'sqlite', file }, 'sqlite', name);
  const admin = process.env.MIGRATION_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await withScratchPostgres(admin, 'migration', (url) => createFor({ dialect: 'postgresql', url }, 'postgresql', name));
}

await main();
