import { randomBytes } from 'node:crypto';
import { knex as knexFactory } from '@mikro-orm/knex';

/** A PostgreSQL URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Scratch databases created in this process and not yet dropped (the tests' setup checks none is left behind). */
const undropped = new Set<string>();

export function undroppedScratchDatabases(): string[] {
  return [...undropped];
}

/**
 * Creates an empty database on the server of `adminUrl`, for the caller to drop with `drop`.
 * Used by tests and tools, never by the server.
 */
export async function createScratchDatabase(adminUrl: string, purpose: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tracker_${purpose}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
    undropped.add(name);
  } finally {
    await admin.destroy();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const dropper = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      try {
        await dropper.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        undropped.delete(name);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** Runs `work` with the URL of a new scratch database, and drops it afterwards (also when `work` fails). */
export async function withScratchPostgres<T>(adminUrl: string, purpose: string, work: (url: string) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase(adminUrl, purpose);
  try {
    return await work(scratch.url);
  } finally {
    await scratch.drop();
  }
}
