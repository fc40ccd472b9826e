import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { DatabaseTarget } from '../config/config.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { knexOf } from './orm.js';
import { resetSequences } from './sequences.js';
import { TABLES_IN_ORDER, type TableName } from './tables.js';

/** How a column's values must be read to compare them across databases. */
type ColumnKind = 'boolean' | 'instant' | 'json' | 'plain';

export interface TableReport {
  table: TableName;
  rows: number;
  checksum: string;
}

const BATCH = 500;

const MIGRATIONS = { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS };

/**
 * Checked before `npm run db:copy` writes anything: the source must be fully migrated, since
 * copying an older schema would drop what it lacks.
 */
export async function checkSourceSchema(knex: Knex, target: DatabaseTarget): Promise<void> {
  const expected = MIGRATIONS[target.dialect].map((m) => m.name);
  let applied: string[];
  try {
    applied = ((await knex('schema_migration').select('name').orderBy('id')) as { name: string }[]).map((r) => r.name);
  } catch {
    throw new Error('the source has no tracker schema (no schema_migration table): is it a tracker database?');
  }
  const missing = expected.filter((name) => !applied.includes(name));
  if (missing.length)
    throw new Error(`the source lacks migrations ${missing.join(', ')}: start the server on it once (it migrates at start), then copy`);
}

/**
 * Checked before `npm run db:copy` writes anything: the target must hold no tables at all, so
 * nothing of the user's is overwritten or mixed in.
 */
export async function checkTargetEmpty(knex: Knex): Promise<void> {
  const result = (await knex.raw(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  )) as {
    rows: { table_name: string }[];
  };
  if (result.rows.length) {
    throw new Error(
      `the target is not empty (it has ${result.rows
        .map((r) => r.table_name)
        .slice(0, 5)
        .join(', ')}${result.rows.length > 5 ? ', …' : ''}): copy only into an empty database`,
    );
  }
}

/**
 * Column kinds from the ORM's metadata: SQLite stores booleans as 0/1, instants as epoch
 * milliseconds and JSON as text; PostgreSQL has boolean, timestamptz and jsonb.
 */
export function columnKinds(orm: MikroORM): Map<string, Map<string, ColumnKind>> {
  const kinds = new Map<string, Map<string, ColumnKind>>();
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    if (meta.abstract || !meta.tableName) continue;
    const columns = new Map<string, ColumnKind>();
    for (const prop of meta.props) {
      const type = String(prop.type).toLowerCase();
      const kind: ColumnKind =
        prop.runtimeType === 'boolean' || type === 'boolean'
          ? 'boolean'
          : prop.runtimeType === 'Date' || type === 'datetime' || type === 'datetimetype'
            ? 'instant'
            : type === 'json' || type === 'jsontype'
              ? 'json'
              : 'plain';
      for (const column of prop.fieldNames ?? []) columns.set(column, kind);
    }
    kinds.set(meta.tableName, columns);
  }
  return kinds;
}

/** One value in a form that is the same whichever database it was read from. */
function canonical(kind: ColumnKind | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'instant':
      return value instanceof Date
        ? value.getTime()
        : typeof value === 'number'
          ? value
          : Date.parse(
              String(value)
                .replace(' ', 'T')
                .replace(/([+-]\d\d)$/, '$1:00'),
            );
    case 'json':
      // jsonb keeps its own key order: compare with keys sorted.
      return stableJson(typeof value === 'string' ? JSON.parse(value) : value);
    default:
      return typeof value === 'bigint' ? Number(value) : value;
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reads a whole table in id order, a batch at a time. */
async function* readTable(knex: Knex, table: string): AsyncGenerator<Record<string, unknown>[]> {
  let after = 0;
  for (;;) {
    const rows = (await knex(table).select('*').where('id', '>', after).orderBy('id').limit(BATCH)) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1].id);
  }
}

/** Row count and SHA-256 over every row's canonical values, in id order and column order. */
export async function tableChecksum(knex: Knex, table: TableName, kinds: Map<string, ColumnKind>, columns: string[]): Promise<TableReport> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const batch of readTable(knex, table)) {
    for (const row of batch) {
      hash.update(JSON.stringify(columns.map((c) => canonical(kinds.get(c), row[c]))));
      hash.update('\n');
      rows++;
    }
  }
  return { table, rows, checksum: hash.digest('hex') };
}

/**
 * Copies every row of `source` into `target` inside one transaction of the target, then
 * reads both back and compares row counts and checksums table by table before committing.
 * Any difference or error rolls the whole copy back; the source is only ever read.
 */
export async function copyDatabase(
  source: MikroORM,
  target: MikroORM,
  targetTransaction: Knex.Transaction,
  progress: (message: string) => void,
): Promise<TableReport[]> {
  const from = knexOf(source);
  const kinds = columnKinds(target);
  const reports: TableReport[] = [];
  for (const table of TABLES_IN_ORDER) {
    const columns = [...(kinds.get(table)?.keys() ?? [])];
    const tableKinds = kinds.get(table) ?? new Map<string, ColumnKind>();
    const [{ n }] = (await from(table).count({ n: '*' })) as { n: number | string }[];
    const total = Number(n);
    let copied = 0;
    for await (const batch of readTable(from, table)) {
      const rows = batch.map((row) => {
        const out: Record<string, unknown> = {};
        for (const column of columns) {
          const kind = tableKinds.get(column);
          const value = row[column];
          out[column] =
            value == null
              ? null
              : kind === 'boolean'
                ? canonical(kind, value)
                : kind === 'instant'
                  ? new Date(canonical(kind, value) as number)
                  : kind === 'json'
                    ? typeof value === 'string'
                      ? value
                      : JSON.stringify(value)
                    : value;
        }
        return out;
      });
      await targetTransaction(table).insert(rows);
      copied += rows.length;
      if (copied === total || copied % 5000 < BATCH) progress(`  ${table.padEnd(20)} ${String(copied).padStart(9)} / ${total} rows`);
    }
    if (total === 0) progress(`  ${table.padEnd(20)} ${'0'.padStart(9)} / 0 rows`);
  }
  await resetSequences(targetTransaction, TABLES_IN_ORDER);

  progress('verifying: row counts and checksums, table by table');
  for (const table of TABLES_IN_ORDER) {
    const tableKinds = kinds.get(table) ?? new Map<string, ColumnKind>();
    const columns = [...tableKinds.keys()];
    const [a, b] = await Promise.all([
      tableChecksum(from, table, tableKinds, columns),
      tableChecksum(targetTransaction, table, tableKinds, columns),
    ]);
    if (a.rows !== b.rows || a.checksum !== b.checksum) {
      throw new Error(
        `verification failed for ${table}: source ${a.rows} rows (${a.checksum.slice(0, 12)}…), target ${b.rows} rows (${b.checksum.slice(0, 12)}…)`,
      );
    }
    progress(`  ${table.padEnd(20)} ${String(a.rows).padStart(9)} rows  sha256 ${a.checksum.slice(0, 16)}…  identical`);
    reports.push(a);
  }
  return reports;
}
