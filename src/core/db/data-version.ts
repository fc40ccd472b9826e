import type { Knex } from '@mikro-orm/knex';

/**
 * The data version: one row counting committed writes. Every write path bumps it inside its
 * own transaction (mutations, imports, seeding, red-flag recomputation), so the row lock
 * orders the bumps as the commits are ordered, on SQLite and on PostgreSQL, across every API
 * process. A response computed after reading version v reflects at least every commit up to
 * v; a cache entry is valid only while the version is still v.
 */
export const BUMP_DATA_VERSION_SQL = 'UPDATE data_version SET version = version + 1 WHERE id = 1';

export async function bumpDataVersion(knex: Knex | Knex.Transaction): Promise<void> {
  await knex.raw(BUMP_DATA_VERSION_SQL);
}

/** The current data version, as text (PostgreSQL's bigint arrives as a string). */
export async function readDataVersion(knex: Knex): Promise<string> {
  // Raw and constant: this runs on every anonymous request, so no query builder in between.
  const result = (await knex.raw('SELECT version FROM data_version WHERE id = 1')) as Row[] | { rows: Row[] };
  const rows = Array.isArray(result) ? result : result.rows;
  return String(rows[0]?.version ?? 0);
}

type Row = { version: number | string };

/**
 * `readDataVersion` for many concurrent callers, sharing reads: a caller joins the next read
 * to *start*, never one already under way, so the version it gets was read after it asked and
 * reflects every commit before that, exactly as a read of its own would. While one read runs,
 * everyone who asks meanwhile waits for a single next one. Under load a few reads serve many
 * lookups of the response cache (PERFORMANCE.md "Cache hits").
 */
export function sharedDataVersionReader(read: () => Promise<string>): () => Promise<string> {
  let next: { promise: Promise<string>; resolve(version: string): void; reject(error: unknown): void } | null = null;
  let running = false;
  const start = () => {
    const batch = next!;
    next = null;
    running = true;
    read()
      .then(batch.resolve, batch.reject)
      .finally(() => {
        running = false;
        if (next) start();
      });
  };
  return () => {
    if (!next) {
      let resolve!: (version: string) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      next = { promise, resolve, reject };
    }
    const mine = next.promise;
    if (!running) start();
    return mine;
  };
}

/**
 * Whether a write changed anything that callers without access to sealed data can see.
 * A write that only touched sealed data (a bid, a reserve price) must leave no trace for
 * them (docs/seal.md): not even a new data version, which would show as a cache miss.
 * Writers note a public change on their transaction's EntityManager; the mutation then
 * bumps the version only if one was noted.
 */
const publicWrites = new WeakSet<object>();

export function notePublicWrite(transaction: object): void {
  publicWrites.add(transaction);
}

export function wrotePublicly(transaction: object): boolean {
  return publicWrites.has(transaction);
}
