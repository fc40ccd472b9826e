import type { Knex } from '@mikro-orm/knex';
import { bumpDataVersion } from '../../core/db/data-version.js';
import { inSlices } from '../../core/db/in-slices.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';
import { computeRedFlags, type ComputedFlag, type Population } from './red-flag-compute.service.js';
import { RedFlagSubject } from './red-flag.enum.js';
import { redFlagSettings, type RedFlagSettings } from './red-flag-settings.service.js';

const INSERT_ROWS = 500;

/** A row as the database returns it: PostgreSQL may give numbers as strings, hence the `Number(…)`s. */
type Cell = string | number | null;
type Row = Record<string, Cell>;
/** A stored flag's row. */
interface FlagRow extends Row {
  id: number | string;
  subject_type: string;
  subject_id: number | string;
  code: string;
  explanation: string;
}
const keyOf = (f: { subjectType: string; subjectId: number; code: string }) => `${f.subjectType}:${f.subjectId}:${f.code}`;

export interface RecomputeReport {
  rounds: number;
  flags: number;
  inserted: number;
  updated: number;
  deleted: number;
  ms: number;
}

/**
 * Makes the stored rows in scope equal to `flags`: unchanged rows are left alone, changed
 * ones updated in place (their ids, hence cursors, stay), gone ones deleted, new ones added;
 * new and changed rows get `computedAtMs`. Leaving unchanged rows alone, their time
 * included, means a recomputation that finds what was there changes nothing the API
 * serves, and so moves no data version (every cached answer stays valid). Call inside a
 * transaction.
 */
async function applyFlags(
  knex: Knex,
  existing: FlagRow[],
  flags: ComputedFlag[],
  computedAtMs: number,
): Promise<Pick<RecomputeReport, 'inserted' | 'updated' | 'deleted'>> {
  const wanted = new Map(flags.map((f) => [keyOf(f), f]));
  const deleted: number[] = [];
  let updated = 0;
  for (const row of existing) {
    const key = keyOf({ subjectType: row.subject_type, subjectId: Number(row.subject_id), code: row.code });
    const flag = wanted.get(key);
    if (!flag) {
      deleted.push(Number(row.id));
      continue;
    }
    wanted.delete(key);
    const same =
      Number(row.value) === flag.value &&
      row.explanation === flag.explanation &&
      (row.ministry_id == null ? null : Number(row.ministry_id)) === flag.ministryId &&
      (row.fiscal_year == null ? null : Number(row.fiscal_year)) === flag.fiscalYear;
    if (!same) {
      await knex('red_flag').where('id', row.id).update({
        value: flag.value,
        explanation: flag.explanation,
        ministry_id: flag.ministryId,
        fiscal_year: flag.fiscalYear,
        computed_at_ms: computedAtMs,
      });
      updated++;
    }
  }
  await inSlices(deleted, async (slice) => [await knex('red_flag').whereIn('id', slice).del()]);
  const rows = [...wanted.values()].map((f) => ({
    subject_type: f.subjectType,
    subject_id: f.subjectId,
    code: f.code,
    value: f.value,
    explanation: f.explanation,
    ministry_id: f.ministryId,
    fiscal_year: f.fiscalYear,
    computed_at_ms: computedAtMs,
  }));
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await knex('red_flag').insert(rows.slice(i, i + INSERT_ROWS));
  return { inserted: rows.length, updated, deleted: deleted.length };
}

/** The population statistics of the last bulk run. */
export async function storedPopulation(knex: Knex): Promise<Map<string, number>> {
  const rows = (await knex('red_flag_statistic').select('code', 'name', 'value')) as Row[];
  return new Map(rows.filter((r) => r.value != null).map((r) => [`${r.code}.${r.name}`, Number(r.value)]));
}

/**
 * The bulk run (issue 9, item 4): every round's flags, every bidder's and ministry's, and the
 * population statistics, from the OCDS export of the whole database, replaced in the
 * transaction `db.knex` must be. On PostgreSQL the flags table is locked first (SHARE ROW
 * EXCLUSIVE: reads go on, writes' own recomputations wait), so a write that commits while
 * this runs cannot have its fresher rows overwritten by this run's older reading.
 */
export async function recomputeAllRedFlagsIn(
  db: ListDb,
  settings: RedFlagSettings = redFlagSettings(),
  progress: (message: string) => void = () => {},
): Promise<RecomputeReport> {
  const started = Date.now();
  if (db.dialect === 'postgresql') await db.knex.raw('LOCK TABLE red_flag IN SHARE ROW EXCLUSIVE MODE');
  const run = await computeRedFlags(db, settings, {}, progress);
  const writing = Date.now();
  const existing = (await db.knex('red_flag').select('*')) as FlagRow[];
  const changes = await applyFlags(db.knex, existing, run.flags, Date.now());
  await db.knex('red_flag_statistic').del();
  const statistics = [...run.statistics].map(([key, value]) => {
    const dot = key.indexOf('.');
    return { code: key.slice(0, dot), name: key.slice(dot + 1), value: Number.isFinite(value) ? value : null };
  });
  statistics.push({ code: '*', name: 'computed_at_ms', value: Date.now() });
  await db.knex('red_flag_statistic').insert(statistics);
  progress(
    `stored ${run.flags.length.toLocaleString('en-US')} flags (${changes.inserted} new, ${changes.updated} changed, ${changes.deleted} gone) in ${Date.now() - writing} ms`,
  );
  return { rounds: run.tenderIds.length, flags: run.flags.length, ...changes, ms: Date.now() - started };
}

/** The bulk run in a transaction of its own (seed, `npm run flags:recompute`, start-up). */
export async function recomputeAllRedFlags(
  knex: Knex,
  dialect: ListDb['dialect'],
  settings?: RedFlagSettings,
  progress?: (message: string) => void,
): Promise<RecomputeReport> {
  return knex.transaction(async (trx) => {
    const report = await recomputeAllRedFlagsIn({ knex: trx, dialect }, settings, progress);
    // Flags are data the API serves: cached answers from before are no longer current.
    await bumpDataVersion(trx);
    return report;
  });
}

/** Whether a bulk run ever completed on this database (its statistics are there). */
export async function hasRedFlagPopulation(knex: Knex): Promise<boolean> {
  const row = await knex('red_flag_statistic').where({ code: '*', name: 'computed_at_ms' }).first();
  return row !== undefined;
}

/** The services and pilots whose rounds' flags are to be recomputed. */
export interface FlagScope {
  projectIds: ReadonlySet<number>;
  pilotIds: ReadonlySet<number>;
}

/**
 * Recomputes the flags of every round of each service (or pilot) in `scope`, against the
 * stored population statistics (see `settingsForSomeRounds`), in the transaction `db.knex`
 * is: the red-flag consumer of the write pipeline calls it after writes commit
 * (red-flag.consumer.ts). Bidders' and ministries' flags, and the fences, are the bulk
 * run's. Returns how many flags were added, changed or removed.
 */
export async function recomputeRedFlagsOf(db: ListDb, scope: FlagScope, settings: RedFlagSettings = redFlagSettings()): Promise<number> {
  const { knex } = db;
  const { projectIds, pilotIds } = scope;
  if (!projectIds.size && !pilotIds.size) return 0;
  // A bulk run (SHARE ROW EXCLUSIVE) and this one do not interleave.
  if (db.dialect === 'postgresql') await knex.raw('LOCK TABLE red_flag IN ROW EXCLUSIVE MODE');
  const rounds = (await knex('tender')
    .where((w: Knex.QueryBuilder) => {
      if (projectIds.size) w.orWhereIn('project_id', [...projectIds]);
      if (pilotIds.size) w.orWhereIn('local_pilot_id', [...pilotIds]);
    })
    .select('id')) as Row[];
  const tenderIds = rounds.map((r) => Number(r.id));
  if (!tenderIds.length) return 0;
  const population: Population = await storedPopulation(knex);
  const run = await computeRedFlags(db, settings, { tenderIds, population });
  const existing = (await inSlices(tenderIds, (slice) =>
    knex('red_flag').where('subject_type', RedFlagSubject.TENDER).whereIn('subject_id', slice).select('*'),
  )) as FlagRow[];
  const changes = await applyFlags(knex, existing, run.flags, Date.now());
  return changes.inserted + changes.updated + changes.deleted;
}

/**
 * At start-up (under the start-up lock): a database that never had a bulk run (migrated from
 * before red flags existed, or filled by db:copy, which copies data, not derived rows) gets one.
 * Asked again inside the run's transaction: SQLite has no start-up lock, but its transaction
 * holds the write lock from its start (README "SQLite: one file, several processes"), so of
 * several processes starting together on one file one computes and the others find it done.
 */
export async function recomputeIfNeverComputed(knex: Knex, dialect: ListDb['dialect'], log: (message: string) => void): Promise<void> {
  if (await hasRedFlagPopulation(knex)) return;
  const report = await knex.transaction(async (trx) => {
    if (await hasRedFlagPopulation(trx)) return null;
    const run = await recomputeAllRedFlagsIn({ knex: trx, dialect });
    await bumpDataVersion(trx);
    return run;
  });
  if (!report) return;
  log(`red flags computed for the first time: ${report.flags} flags over ${report.rounds} rounds in ${report.ms} ms`);
}
