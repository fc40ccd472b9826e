import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { Knex } from '@mikro-orm/knex';
import type { DatabaseTarget } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

/**
 * SQLite connection settings, applied to every pooled connection (a pragma set once on the
 * first connection would be lost when the pool replaces it): foreign keys enforced, WAL so
 * readers never wait for the writer, and a busy timeout so a second process waits instead
 * of failing with SQLITE_BUSY.
 */
const SQLITE_PRAGMAS = [
  'PRAGMA foreign_keys = ON',
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 10000',
  'PRAGMA synchronous = NORMAL',
];

/** MikroORM options for a database target. Schema changes only ever come from migrations. */
export function ormOptions(target: DatabaseTarget, overrides: Partial<Options> = {}, log: (message: string) => void = () => {}): Options {
  if (target.dialect !== 'sqlite') {
    throw new Error('PostgreSQL is not supported yet: set DATABASE_URL to a sqlite: path');
  }
  return {
    driver: SqliteDriver,
    dbName: target.file,
    entities: ENTITIES,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: SQLITE_MIGRATIONS,
      tableName: 'schema_migration',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteRawConnection, done: (err: Error | null, conn: unknown) => void) => {
        conn.exec(SQLITE_PRAGMAS.map((p) => `${p};`).join(' '), (err) => done(err, conn));
      },
    } as Options['pool'],
    // The request's own fork is the only identity map; the global one must never be used.
    allowGlobalContext: false,
    // Migration progress goes to the caller's log, uncoloured.
    colors: false,
    logger: log,
    ...overrides,
  };
}

interface SqliteRawConnection {
  exec(sql: string, callback: (err: Error | null) => void): void;
}

/** Opens the database and applies pending migrations (never `schema:update`). */
export async function openDatabase(target: DatabaseTarget, options: { overrides?: Partial<Options>; log?: (message: string) => void } = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(target, options.overrides, options.log));
  await orm.getMigrator().up();
  return orm;
}

/** The knex instance behind the ORM, for the hand-written read queries. */
export function knexOf(orm: MikroORM): Knex {
  return (orm.em as unknown as { getKnex(): Knex }).getKnex();
}
