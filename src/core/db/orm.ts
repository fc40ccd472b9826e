import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { SqliteKnexDialect, type Knex } from '@mikro-orm/knex';
import pg from 'pg';
import type { DatabaseTarget } from '../config/config.js';
import { BaseEntity } from './base.entity.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { AnchoredEntity, SourcedEntity, VersionedEntity } from './recorded.entity.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

/**
 * SQLite connection settings, applied to every pooled connection (a pragma set once on the
 * first connection would be lost when the pool replaces it): a busy timeout so a second
 * process waits instead of failing with SQLITE_BUSY (first: switching a fresh file to WAL
 * takes a lock another process starting at the same moment may hold), foreign keys
 * enforced, and WAL so readers never wait for the writer.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * How long background work (the write pipeline's consumers, the webhook sender's claims) waits
 * for SQLite's write lock. A process has one SQLite connection, so a background transaction
 * waiting for a lock another process holds (a long `npm run import`) would hold up every
 * request of its own process behind it; background work gives its turn back instead and tries
 * again at its next poll. Pass {@link BACKGROUND_TRANSACTION} as the transaction's config.
 */
export const BACKGROUND_LOCK_WAIT_MS = 200;

/** knex transaction config for background work: see {@link BACKGROUND_LOCK_WAIT_MS}. No effect on PostgreSQL. */
export const BACKGROUND_TRANSACTION = { lockWaitMs: BACKGROUND_LOCK_WAIT_MS } as Knex.TransactionConfig;
const SQLITE_PRAGMAS = [
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  'PRAGMA foreign_keys = ON',
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
];

/**
 * knex's SQLite dialect with every read-write transaction begun `BEGIN IMMEDIATE` (README
 * "SQLite: one file, several processes"; docs/stack.md "SQLite transactions begin deferred"). knex begins with a plain `BEGIN` (deferred): the
 * transaction reads first and asks for the write lock at its first write, and when another
 * process wrote in between SQLite cannot let it wait (its snapshot is stale), so it fails at
 * once with SQLITE_BUSY whatever the busy timeout. `BEGIN IMMEDIATE` takes the write lock
 * first, waiting up to the busy timeout, so writers from several processes queue instead.
 * It is the dialect MikroORM uses for `sqlite3` (`driverOptions.client`), so it covers every
 * transaction: `em.transactional` (mutations), flushes, the import, the seed, the migrator.
 * Savepoints (nested transactions) are unchanged; a transaction asked for `readOnly` keeps
 * the deferred `BEGIN`.
 */
export class ImmediateSqliteDialect extends SqliteKnexDialect {
  transaction(...args: unknown[]): unknown {
    const trx = (super.transaction as (...a: unknown[]) => KnexTransactor).apply(this, args);
    // knex keeps only the settings it knows: the lock wait is read from the config passed in.
    const lockWaitMs = (args[1] as { lockWaitMs?: number } | undefined)?.lockWaitMs ?? SQLITE_BUSY_TIMEOUT_MS;
    if (!trx.readOnly) trx.begin = (conn: unknown) => beginImmediate(trx, conn as SqliteRawConnection, lockWaitMs);
    return trx;
  }
}

/** How long one try at the write lock may wait inside SQLite before `beginImmediate` tries again. */
const BEGIN_TRY_MS = 100;

/**
 * `BEGIN IMMEDIATE`, waiting for the write lock up to the busy timeout (or the transaction's
 * own `lockWaitMs`) in slices: SQLite waits for a lock inside the driver's thread, where
 * nothing can cut the wait short, and a process
 * exiting waits for that thread (README "Running in production", shutdown), so the wait is
 * taken in tries of at most {@link BEGIN_TRY_MS} each. It goes through the client, not
 * `trx.query`, which swallows a failed BEGIN and hands the caller a transaction already over
 * ("Transaction query already complete"): past the busy timeout the transaction fails with the
 * driver's own error (code SQLITE_BUSY), which is answered as a retryable fault.
 */
async function beginImmediate(trx: KnexTransactor, conn: SqliteRawConnection, lockWaitMs: number): Promise<unknown> {
  const giveUpAt = Date.now() + lockWaitMs;
  conn.configure('busyTimeout', BEGIN_TRY_MS);
  try {
    for (;;) {
      try {
        return await trx.trxClient.query(conn, 'BEGIN IMMEDIATE;');
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= giveUpAt) throw err;
      }
    }
  } finally {
    conn.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
  }
}

/** The part of knex's (untyped) transaction object the dialect above replaces. */
interface KnexTransactor {
  readOnly?: boolean;
  trxClient: { query(conn: unknown, sql: string): Promise<unknown> };
  begin(conn: unknown): Promise<unknown>;
}

/**
 * node-pg types as MikroORM sets them (dates and timestamps as strings) plus one change:
 * int8 (bigint: yen, counts) as a JS number, exact because yen never pass 2^53 − 1 (the Yen
 * scalar), so raw rows read the same on PostgreSQL as on SQLite.
 */
function postgresTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  for (const oid of [1082, 1114, 1184, 1186]) types.setTypeParser(oid, (value: string) => value);
  types.setTypeParser(20, (value: string) => Number(value));
  return types;
}

/** Where the migrator records the migrations applied. */
const MIGRATION_TABLE = 'schema_migration';

export interface PoolSettings {
  /** PostgreSQL connections per process; SQLite always has one writer connection. */
  poolSize?: number;
  /** PostgreSQL `statement_timeout` in milliseconds (0: none). */
  statementTimeoutMs?: number;
  /** How long a query waits for a free pooled connection (knex's default is 60 s). */
  acquireTimeoutMs?: number;
}

/** knex's own logger: its connection errors and warnings (routed into the JSON log by the caller). */
export interface DriverLog {
  warn(message: unknown): void;
  error(message: unknown): void;
  deprecate(message: unknown): void;
  debug(message: unknown): void;
}

/**
 * The entities of the modules, listed by the root (src/entities.ts): core knows no module
 * (ARCHITECTURE.md "Dependencies"), so whoever opens the database hands it the list.
 */
export type EntityList = NonNullable<Options['entities']>;

/** Core's own entities (the base classes of every entity, idempotency keys), added to every caller's list. */
const CORE_ENTITIES = [BaseEntity, SourcedEntity, AnchoredEntity, VersionedEntity, IdempotencyKey];

/** MikroORM options for a database target. Schema changes only ever come from migrations. */
export function ormOptions(
  target: DatabaseTarget,
  entities: EntityList,
  overrides: Partial<Options> = {},
  log: (message: string) => void = () => {},
  pool: PoolSettings = {},
  driverLog?: DriverLog,
): Options {
  const common: Partial<Options> = {
    entities: [...CORE_ENTITIES, ...entities],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    // The request's own fork is the only identity map; the global one must never be used.
    allowGlobalContext: false,
    // Migration progress goes to the caller's log, uncoloured.
    colors: false,
    logger: log,
  };
  const migrations = { tableName: MIGRATION_TABLE, transactional: true, allOrNothing: true, snapshot: false };
  if (target.dialect === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      migrations: { ...migrations, migrationsList: POSTGRESQL_MIGRATIONS },
      pool: { min: 0, max: pool.poolSize ?? 10 },
      driverOptions: {
        connection: {
          statement_timeout: pool.statementTimeoutMs ?? 15_000,
          application_name: 'market-testing-tracker',
          types: postgresTypes(),
        },
        ...(driverLog ? { log: driverLog } : {}),
        ...(pool.acquireTimeoutMs ? { acquireConnectionTimeout: pool.acquireTimeoutMs } : {}),
      },
      ...overrides,
    } as Options;
  }
  return {
    ...common,
    driver: SqliteDriver,
    dbName: target.file,
    migrations: { ...migrations, migrationsList: SQLITE_MIGRATIONS },
    driverOptions: {
      client: ImmediateSqliteDialect,
      ...(driverLog ? { log: driverLog } : {}),
      ...(pool.acquireTimeoutMs ? { acquireConnectionTimeout: pool.acquireTimeoutMs } : {}),
    },
    // One connection: SQLite has one writer anyway, and one connection serialises this
    // process's transactions instead of failing them with SQLITE_BUSY.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteRawConnection, done: (err: Error | null, conn: unknown) => void) => {
        conn.exec(SQLITE_PRAGMAS.map((p) => `${p};`).join(' '), (err) => done(err, conn));
      },
    } as Options['pool'],
    ...overrides,
  } as Options;
}

/** The `sqlite3` driver's connection, as far as it is used here. */
interface SqliteRawConnection {
  exec(sql: string, callback: (err: Error | null) => void): void;
  /** Sets the busy timeout without a statement (the same setting as `PRAGMA busy_timeout`). */
  configure(option: 'busyTimeout', ms: number): void;
}

/**
 * Opens the database, applies pending migrations (never `schema:update`) and runs `prepare`
 * (e.g. loading the sample into an empty database). On PostgreSQL several processes may
 * start at once against one database: they take turns under an advisory lock, so one
 * migrates and seeds while the others wait and then find the work done. On SQLite each step
 * is a transaction that holds the write lock from its start (`ImmediateSqliteDialect`) and
 * asks whether it is still needed inside it, to the same effect.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: {
    entities: EntityList;
    overrides?: Partial<Options>;
    log?: (message: string) => void;
    driverLog?: DriverLog;
    pool?: PoolSettings;
    prepare?: (orm: MikroORM) => Promise<void>;
  },
): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(target, options.entities, options.overrides, options.log, options.pool, options.driverLog));
  try {
    await withStartupLock(orm, target, async () => {
      if (target.dialect === 'sqlite') await createMigrationTable(knexOf(orm));
      await orm.getMigrator().up();
      await options.prepare?.(orm);
    });
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/**
 * MikroORM's migrator creates its table before its transaction, by looking for it and then
 * `CREATE TABLE`: two processes starting together on one fresh SQLite file both look, and one
 * fails with "table already exists". Created here first, as the migrator would (MikroORM's
 * `MigrationStorage.ensureTable`) but `IF NOT EXISTS`; the migrator then finds it, and reads
 * the applied migrations inside its transaction, which holds the write lock from its start
 * (`ImmediateSqliteDialect`): the second process waits, then finds nothing left to apply.
 */
async function createMigrationTable(knex: Knex): Promise<void> {
  const create = knex.schema
    .createTable(MIGRATION_TABLE, (table) => {
      table.increments();
      table.string('name');
      table.dateTime('executed_at').defaultTo(knex.fn.now());
    })
    .toString();
  await knex.raw(create.replace(/^create table /i, 'create table if not exists '));
}

/** An arbitrary, fixed advisory-lock key for start-up work ("mtt" + 1). */
const STARTUP_LOCK_KEY = 0x6d747431;

async function withStartupLock(orm: MikroORM, target: DatabaseTarget, work: () => Promise<void>): Promise<void> {
  if (target.dialect !== 'postgresql') return work();
  // A session lock needs one connection held for its whole life, outside the pool's rotation.
  const client = new pg.Client({ connectionString: target.url, application_name: 'market-testing-tracker (start-up lock)' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** The knex instance behind the ORM, for the hand-written read queries. */
export function knexOf(orm: MikroORM): Knex {
  return (orm.em as unknown as { getKnex(): Knex }).getKnex();
}
