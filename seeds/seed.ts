import { ReferenceKind, type MikroORM } from '@mikro-orm/core';
import { bumpDataVersion } from '../src/core/db/data-version.js';
import type { Knex } from '@mikro-orm/knex';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { knexOf } from '../src/core/db/orm.js';
import { resetSequences } from '../src/core/db/sequences.js';
import type { Logger } from '../src/core/logger.js';
import { recomputeAllRedFlagsIn } from '../src/modules/red-flags/red-flag-store.service.js';
import { STATS_SUMMARY_TABLES, summarizeStats } from '../src/modules/stats/stats-summary.service.js';
import { recordSampleHistory } from '../src/modules/notifications/sample-history.service.js';
import { buildSampleData, DEFAULT_SAMPLE, type SampleOptions } from './generate/build.js';
import { TABLES, type SampleData, type Table } from './sample-data.js';

/**
 * Rows per INSERT: statements bind at most 32,766 values on SQLite (65,535 on PostgreSQL),
 * and knex writes a multi-row SQLite insert as a compound SELECT, limited to 500 terms.
 */
const MAX_BINDINGS = 30_000;
const MAX_ROWS = 500;
/** Rows per INSERT on PostgreSQL, which takes them as one JSON parameter (`insertAll`). */
const JSON_ROWS = 5_000;

/**
 * Indexes the load never reads, built once after it instead of entry by entry: the search
 * index's name order (migration SearchNameOrder) takes 3.2 million entries at scale 100, in no
 * order; inserted one by one they made each PostgreSQL INSERT of 5,000 services outrun the
 * statement timeout, and built after the load they take about 10 s. Each is dropped and made
 * again from its own definition, read from the database, in the seed's transaction.
 */
const BUILT_AFTER_LOAD = ['search_gram_name_order_index'];

export type SeedCounts = Record<Table, number>;

/** True when the database holds no ministries, i.e. nothing has been loaded yet. */
export async function isEmpty(knex: Knex): Promise<boolean> {
  const [row] = (await knex('ministry').count({ n: '*' })) as { n: number | string }[];
  return Number(row.n) === 0;
}

/**
 * Generates the sample and writes it in one transaction: a failure leaves the database
 * as it was. With `reset`, every existing row is deleted first in the same transaction
 * (`npm run seed -- --reset`), so a failed load does not leave an empty database either.
 * Progress goes to `onProgress`, one call per table.
 *
 * The emptiness check runs inside the transaction, which holds the write lock from its start
 * (SQLite's `BEGIN IMMEDIATE`, README "SQLite: one file, several processes"; PostgreSQL's
 * start-up lock): of several processes seeding one database at once, one loads the sample.
 * The others find data and throw, or with `onlyIfEmpty` write nothing and answer null.
 */
export async function seedDatabase(
  orm: MikroORM,
  options?: Partial<SampleOptions> & { reset?: boolean; onlyIfEmpty?: false },
  onProgress?: (message: string) => void,
): Promise<SeedCounts>;
export async function seedDatabase(
  orm: MikroORM,
  options: Partial<SampleOptions> & { reset?: boolean; onlyIfEmpty: boolean },
  onProgress?: (message: string) => void,
): Promise<SeedCounts | null>;
export async function seedDatabase(
  orm: MikroORM,
  options: Partial<SampleOptions> & { reset?: boolean; onlyIfEmpty?: boolean } = {},
  onProgress: (message: string) => void = () => {},
): Promise<SeedCounts | null> {
  const { reset = false, onlyIfEmpty = false, ...sample } = options;
  const settings = { ...DEFAULT_SAMPLE, ...sample };
  const started = Date.now();
  const data = buildSampleData(settings);
  onProgress(`generated scale ${settings.scale} (seed ${settings.seed}, as of ${settings.asOf}) in ${Date.now() - started} ms`);
  const knex = knexOf(orm);
  const loaded = await knex.transaction(async (trx) => {
    if (reset) {
      await deleteEveryRow(orm, trx);
      onProgress('  deleted every existing row');
    }
    const empty = await isEmpty(trx);
    if (!empty && onlyIfEmpty) return false;
    if (!empty) throw new Error('the database already holds data: seed only an empty database (npm run seed -- --reset empties it first)');
    const dialect = orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
    // A bulk load of any scale: the API's statement timeout (orm.ts) is for requests.
    if (dialect === 'postgresql') await trx.raw('SET LOCAL statement_timeout = 0');
    const deferred = await dropIndexes(trx, dialect, BUILT_AFTER_LOAD);
    for (const table of TABLES) {
      await insertAll(trx, dialect, table, data[table]);
      onProgress(`  ${table.padEnd(20)} ${String(data[table].length).padStart(8)} rows`);
    }
    const indexed = Date.now();
    for (const definition of deferred) await trx.raw(definition);
    if (deferred.length) onProgress(`  ${BUILT_AFTER_LOAD.join(', ')} built in ${Date.now() - indexed} ms`);
    if (dialect === 'postgresql') await resetSequences(trx, TABLES);
    // Derived data, in the same transaction: a seeded database is never without its flags.
    const flags = await recomputeAllRedFlagsIn({ knex: trx, dialect });
    onProgress(`  red flags            ${String(flags.flags).padStart(8)} rows in ${flags.ms} ms`);
    const summarized = Date.now();
    await summarizeStats({ knex: trx, dialect }, 'all');
    onProgress(`  statistics summaries          in ${Date.now() - summarized} ms`);
    // The sample's recent history as the events a subscriber would have heard (docs/notifications.md).
    const told = await recordSampleHistory(trx, settings.asOf);
    onProgress(`  public events        ${String(told).padStart(8)} rows`);
    await bumpDataVersion(trx);
    return true;
  });
  if (!loaded) return null;
  onProgress(`seeded in ${Date.now() - started} ms`);
  return Object.fromEntries(TABLES.map((t) => [t, data[t].length])) as SeedCounts;
}

/** Drops each of `names` that exists and answers the statements that make them again. */
async function dropIndexes(trx: Knex.Transaction, dialect: 'sqlite' | 'postgresql', names: readonly string[]): Promise<string[]> {
  const rows = (
    dialect === 'postgresql'
      ? await trx('pg_indexes')
          .select({ name: 'indexname', definition: 'indexdef' })
          .where('schemaname', trx.raw('current_schema()'))
          .whereIn('indexname', names)
      : await trx('sqlite_master').select({ name: 'name', definition: 'sql' }).where('type', 'index').whereIn('name', names)
  ) as { name: string; definition: string }[];
  for (const { name } of rows) await trx.raw('DROP INDEX ??', [name]);
  return rows.map((row) => row.definition);
}

/**
 * Writes a table's sample rows. On PostgreSQL each statement takes thousands of rows as one
 * JSON parameter, spread into the table's own row type by `json_populate_recordset`, instead
 * of knex's INSERT of 500 rows with a placeholder per value: at scale 100 the inserts took
 * 142 s instead of 185 (PERFORMANCE.md "Seeding scale 100"; what is left is mostly services
 * and rounds, with their search index's triggers). The sample's rows all have the same
 * columns; a JSON column's value, kept as text in the sample, goes in as the JSON it holds.
 */
async function insertAll(trx: Knex.Transaction, dialect: 'sqlite' | 'postgresql', table: Table, rows: SampleData[Table]): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'postgresql') {
    const columns = Object.keys(rows[0]);
    const json = new Set(
      (
        (await trx('information_schema.columns')
          .where({ table_schema: trx.raw('current_schema()'), table_name: table })
          .whereIn('data_type', ['json', 'jsonb'])
          .select('column_name')) as { column_name: string }[]
      ).map((c) => c.column_name),
    );
    const list = columns.map((c) => `"${c}"`).join(', ');
    const asJson = (row: Record<string, unknown>) =>
      json.size
        ? Object.fromEntries(Object.entries(row).map(([c, v]) => [c, json.has(c) && typeof v === 'string' ? JSON.parse(v) : v]))
        : row;
    for (let i = 0; i < rows.length; i += JSON_ROWS) {
      const slice = (rows.slice(i, i + JSON_ROWS) as Record<string, unknown>[]).map(asJson);
      await trx.raw(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", ?)`, [
        JSON.stringify(slice),
      ]);
    }
    return;
  }
  const perRow = Object.keys(rows[0]).length;
  const chunk = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_BINDINGS / perRow)));
  for (let i = 0; i < rows.length; i += chunk) {
    await trx(table).insert(rows.slice(i, i + chunk));
  }
}

/**
 * Deletes every row, children first: the programme's data, its history and the tokens
 * (they point at ministries and local governments, which the sample loads again).
 *
 * Rows that point at rows of their own table (a basic policy at the edition it supersedes,
 * an agency at its ministry, a ward at its city and prefecture) are unlinked first: those
 * foreign keys are ON DELETE RESTRICT, which SQLite checks row by row as one DELETE goes
 * through the table (PostgreSQL once the statement is done), so on SQLite a plain DELETE
 * fails as soon as it reaches a row that another row still points at.
 */
async function deleteEveryRow(orm: MikroORM, trx: Knex.Transaction): Promise<void> {
  // Notifications: deliveries, saved searches (they belong to tokens) and the events told.
  for (const table of ['webhook_attempt', 'webhook_delivery', 'saved_search', 'public_event']) await trx(table).del();
  await trx('change').del();
  await trx('red_flag').del();
  await trx('red_flag_statistic').del();
  for (const table of STATS_SUMMARY_TABLES) await trx(table).del();
  await trx('api_token').del();
  const selfReferences = selfReferencingColumns(orm);
  for (const table of [...TABLES].reverse()) {
    for (const column of selfReferences.get(table) ?? [])
      await trx(table)
        .whereNotNull(column)
        .update({ [column]: null });
    await trx(table).del();
  }
  // Ids start again from 1, so the sample loaded next is row for row what a fresh database
  // gets (the red flags, written without explicit ids, included).
  const counted = ['change', 'red_flag', 'api_token', 'public_event', 'saved_search', 'webhook_delivery', 'webhook_attempt', ...TABLES];
  if (orm.config.get('driver') === PostgreSqlDriver) await resetSequences(trx, counted);
  else await trx('sqlite_sequence').whereIn('name', counted).del();
  await bumpDataVersion(trx);
}

/** Per table, the columns of its many-to-one relations to itself, from the entities' metadata. */
function selfReferencingColumns(orm: MikroORM): Map<string, string[]> {
  const columns = new Map<string, string[]>();
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    if (meta.abstract || !meta.tableName) continue;
    const own = meta.props
      .filter((prop) => prop.kind === ReferenceKind.MANY_TO_ONE && prop.targetMeta?.tableName === meta.tableName)
      .flatMap((prop) => prop.fieldNames);
    if (own.length) columns.set(meta.tableName, own);
  }
  return columns;
}

/** On first start: an empty database gets the scale-1 sample, so there is something to explore. */
export async function seedIfEmpty(orm: MikroORM, options: { logger: Logger }): Promise<void> {
  if (!(await isEmpty(knexOf(orm)))) return;
  options.logger.info('empty database: loading the sample data (scale 1; generated, not real, except rows marked PUBLIC_RECORD)');
  const counts = await seedDatabase(orm, { onlyIfEmpty: true }, (message) => options.logger.debug(message));
  if (counts) options.logger.info({ counts }, 'sample data loaded');
  else options.logger.info('another process loaded the sample data first');
}
