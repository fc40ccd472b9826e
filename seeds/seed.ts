import type { MikroORM } from '@mikro-orm/core';
import { bumpDataVersion } from '../src/core/db/data-version.js';
import type { Knex } from '@mikro-orm/knex';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { knexOf } from '../src/core/db/orm.js';
import { resetSequences } from '../src/core/db/sequences.js';
import type { Logger } from '../src/core/logger.js';
import { recomputeAllRedFlagsIn } from '../src/modules/redflags/red-flag-store.service.js';
import { buildSampleData, DEFAULT_SAMPLE, type SampleOptions } from './generate/build.js';
import { TABLES, type SampleData, type Table } from './sample-data.js';

/**
 * Rows per INSERT: statements bind at most 32,766 values on SQLite (65,535 on PostgreSQL),
 * and knex writes a multi-row SQLite insert as a compound SELECT, limited to 500 terms.
 */
const MAX_BINDINGS = 30_000;
const MAX_ROWS = 500;

export type SeedCounts = Record<Table, number>;

/** True when the database holds no ministries, i.e. nothing has been loaded yet. */
export async function isEmpty(knex: Knex): Promise<boolean> {
  const [row] = (await knex('ministry').count({ n: '*' })) as { n: number | string }[];
  return Number(row.n) === 0;
}

/**
 * Generates the sample and writes it in one transaction: a failure leaves the database
 * as it was. Progress goes to `onProgress`, one call per table.
 */
export async function seedDatabase(
  orm: MikroORM,
  options: Partial<SampleOptions> = {},
  onProgress: (message: string) => void = () => {},
): Promise<SeedCounts> {
  const settings = { ...DEFAULT_SAMPLE, ...options };
  const started = Date.now();
  const data = buildSampleData(settings);
  onProgress(`generated scale ${settings.scale} (seed ${settings.seed}, as of ${settings.asOf}) in ${Date.now() - started} ms`);
  const knex = knexOf(orm);
  await knex.transaction(async (trx) => {
    if (!(await isEmpty(trx))) throw new Error('the database already holds data: seed only an empty database (npm run seed -- --reset empties it first)');
    for (const table of TABLES) {
      await insertAll(trx, table, data[table]);
      onProgress(`  ${table.padEnd(20)} ${String(data[table].length).padStart(8)} rows`);
    }
    if (orm.config.get('driver') === PostgreSqlDriver) await resetSequences(trx, TABLES);
    // Derived data, in the same transaction: a seeded database is never without its flags.
    const flags = await recomputeAllRedFlagsIn({ knex: trx, dialect: orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite' });
    onProgress(`  red flags            ${String(flags.flags).padStart(8)} rows in ${flags.ms} ms`);
    await bumpDataVersion(trx);
  });
  onProgress(`seeded in ${Date.now() - started} ms`);
  return Object.fromEntries(TABLES.map((t) => [t, data[t].length])) as SeedCounts;
}

async function insertAll(trx: Knex.Transaction, table: Table, rows: SampleData[Table]): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0]).length;
  const chunk = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_BINDINGS / perRow)));
  for (let i = 0; i < rows.length; i += chunk) {
    await trx(table).insert(rows.slice(i, i + chunk));
  }
}

/**
 * Deletes every row, children first: the programme's data, its history and the tokens
 * (they point at ministries and local governments, which the sample loads again).
 * Used by `npm run seed -- --reset`.
 */
export async function emptyDatabase(orm: MikroORM): Promise<void> {
  const knex = knexOf(orm);
  await knex.transaction(async (trx) => {
    await trx('change').del();
    await trx('red_flag').del();
    await trx('red_flag_statistic').del();
    await trx('api_token').del();
    for (const table of [...TABLES].reverse()) await trx(table).del();
    await bumpDataVersion(trx);
  });
}

/** On first start: an empty database gets the scale-1 sample, so there is something to explore. */
export async function seedIfEmpty(orm: MikroORM, options: { logger: Logger }): Promise<void> {
  if (!(await isEmpty(knexOf(orm)))) return;
  options.logger.info('empty database: loading the sample data (scale 1; generated, not real, except rows marked PUBLIC_RECORD)');
  const counts = await seedDatabase(orm, {}, (message) => options.logger.debug(message));
  options.logger.info({ counts }, 'sample data loaded');
}
