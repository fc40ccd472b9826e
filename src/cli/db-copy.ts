import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/core';
import { readCommandLine } from '../core/cli/command-line.js';
import { parseDatabaseUrl, redact, type DatabaseTarget } from '../core/config/config.js';
import { checkSourceSchema, checkTargetEmpty, copyDatabase } from '../core/db/copy.service.js';
import { knexOf, ormOptions } from '../core/db/orm.js';
import { ENTITIES } from '../entities.js';
import { summarizeStats } from '../modules/stats/stats-summary.service.js';

const USAGE = `usage: npm run db:copy -- --from <database url> --to <postgres url>

Moves a whole tracker database (every table, history and tokens included) into an EMPTY
PostgreSQL database, e.g. from the embedded SQLite file to a production server:

  npm run db:copy -- --from sqlite:./data/tracker.sqlite --to postgres://tracker@db.example/tracker

It creates the schema (the PostgreSQL migrations), copies every row, then verifies row
counts and a checksum per table before it commits. On any failure the target is left empty
and the source untouched (it is only read). Stop the servers writing to the source first.`;

async function main(): Promise<number> {
  const parsed = readCommandLine(process.argv.slice(2), { usage: USAGE, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
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
  const source = await MikroORM.init(ormOptions(from, ENTITIES));
  const target = await MikroORM.init(ormOptions(to, ENTITIES));
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
      // The statistics' summaries are derived from the rows copied: computed again, not copied.
      await summarizeStats({ knex: trx, dialect: 'postgresql' }, 'all');
      console.log('statistics summaries computed from the copied rows');
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
