import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from './orm.js';

/**
 * `npm run migration:create -- <Name>`: writes the SQL that takes the schema of the last
 * migration to the current entities as a new migration in src/core/db/migrations/sqlite,
 * and lists it in that folder's index. The migrator diffs the entities against the
 * committed schema snapshot (.snapshot-sqlite.json), not against an introspected database:
 * introspecting SQLite makes MikroORM 6 see differences that are not there.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:create -- <PascalCaseName>');
    process.exit(2);
  }
  const dir = resolve('src/core/db/migrations/sqlite');
  const file = join(mkdtempSync(join(tmpdir(), 'migration-')), 'db.sqlite');
  const base = ormOptions({ dialect: 'sqlite', file });
  const orm = await MikroORM.init({
    ...base,
    migrations: { ...base.migrations, path: dir, pathTs: dir, snapshot: true, snapshotName: '.snapshot-sqlite', emit: 'ts', fileName: (ts, n) => `Migration${ts}_${n ?? 'Change'}` },
  });
  try {
    const result = await orm.getMigrator().createMigration(dir, false, false, name);
    if (!result.fileName) {
      console.log('the entities match the last migration: nothing to create');
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
    console.log(`created ${join(dir, result.fileName)} (${result.diff.up.length} statements); read it before committing`);
  } finally {
    await orm.close();
  }
}

await main();
