import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { parseDatabaseUrl, redact, type DatabaseTarget } from '../core/config/config.js';
import { copyDatabase } from '../core/db/copy.service.js';
import { POSTGRESQL_MIGRATIONS } from '../core/db/migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../core/db/migrations/sqlite/index.js';
import { knexOf, ormOptions } from '../core/db/orm.js';

const USAGE = `usage: npm run db:copy -- --from <database url> --to <postgres url>

Moves a whole tracker database (every table, history and tokens included) into an EMPTY
PostgreSQL database, e.g. from the embedded SQLite file to a production server:

  npm run db:copy -- --from sqlite:./data/tracker.sqlite --to postgres://tracker@db.example/tracker

It creates the schema (the PostgreSQL migrations), copies every row, then verifies row
counts and a checksum per table before it commits. On any failure the target is left empty
and the source untouched (it is only read). Stop the servers writing to the source first.`;

const MIGRATIONS = { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS };

/** The source must be fully migrated: copying an older schema would drop what it lacks. */
async function checkSourceSchema(knex: Knex, target: DatabaseTarget): Promise<void> {
  const expected = MIGRATIONS[target.dialect].map((m) => m.name);
  let applied: string[];
  try {
    applied = ((await knex('schema_migration').select('name').orderBy('id')) as { name: string }[]).map((r) => r.name);
  } catch {
    throw new Error('the source has no tracker schema (no schema_migration table): is it a tracker database?');
  }
  const missing = expected.filter((name) => !applied.includes(name));
  if (missing.length) throw new Error(`the source lacks migrations ${missing.join(', ')}: start the server on it once (it migrates at start), then copy`);
}

/** The target must hold no tables at all, so nothing of the user's is overwritten or mixed in. */
async function checkTargetEmpty(knex: Knex): Promise<void> {
  const result = (await knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) as {
    rows: { table_name: string }[];
  };
  if (result.rows.length) {
    throw new Error(`the target is not empty (it has ${result.rows.map((r) => r.table_name).slice(0, 5).join(', ')}${result.rows.length > 5 ? ', …' : ''}): copy only into an empty database`);
  }
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  let from: DatabaseTarget;
  let to: DatabaseTarget;
  try {
    from = parseDatabaseUrl(values.from);
    to = parseDatabaseUrl(values.to);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  if (to.dialect !== 'postgresql') {
    console.error('error: --to must be a postgres:// URL (the copy moves a database to PostgreSQL)');
    return 2;
  }
  if (from.dialect === 'sqlite' && (from.file === ':memory:' || !existsSync(from.file))) {
    console.error(`error: --from must name an existing database file or a server (${from.file} does not exist)`);
    return 2;
  }
  const describe = (t: DatabaseTarget) => (t.dialect === 'sqlite' ? `sqlite:${t.file}` : redact(t.url));
  console.log(`copying ${describe(from)} → ${describe(to)}`);

  const started = Date.now();
  const source = await MikroORM.init(ormOptions(from));
  const target = await MikroORM.init(ormOptions(to));
  const targetKnex = knexOf(target);
  let createdMigrationTable = false;
  try {
    await checkSourceSchema(knexOf(source), from);
    await checkTargetEmpty(targetKnex);
    createdMigrationTable = true;
    await targetKnex.transaction(async (trx) => {
      console.log('creating the schema (PostgreSQL migrations)');
      await target.getMigrator().up({ transaction: trx as never });
      console.log('copying rows');
      const reports = await copyDatabase(source, target, trx, (m) => console.log(m));
      const rows = reports.reduce((sum, r) => sum + r.rows, 0);
      console.log(`done: ${rows} rows in ${reports.length} tables copied and verified in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
    return 0;
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    console.error('nothing was written to the target, and the source was only read');
    // The migrator makes its bookkeeping table before the transaction; leave no trace.
    if (createdMigrationTable) await targetKnex.raw('DROP TABLE IF EXISTS schema_migration').catch(() => undefined);
    return 1;
  } finally {
    await source.close(true);
    await target.close(true);
  }
}

process.exitCode = await main();
