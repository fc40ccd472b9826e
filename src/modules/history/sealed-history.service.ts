import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { notePublicWrite } from '../../core/db/data-version.js';
import { knexIn } from '../../core/db/find.js';

/**
 * History under a seal (docs/seal.md, "Sequences"). An entry that reveals a sealed round's
 * data (a bid, a reserve price) must not take an id from the sequence everyone sees: the
 * gap it left would count the sealed operations. So such an entry is stored with a negative
 * id from a sequence of its own, seen only by those who may see the round, and when the
 * round opens its entries are renumbered into the public sequence, in the order they were
 * made, keeping their times.
 */

type Dialect = 'sqlite' | 'postgresql';

/** The smallest sealed id handed out per transaction (SQLite: entries not inserted yet). */
const lowestTaken = new WeakMap<object, number>();

/** `n` fresh negative ids for sealed entries, in the order the entries were made. */
export async function takeSealedChangeIds(
  knex: Knex | Knex.Transaction,
  dialect: Dialect,
  n: number,
  owner: object = knex,
): Promise<number[]> {
  if (n === 0) return [];
  if (dialect === 'postgresql') {
    const result = (await knex.raw(`SELECT nextval('sealed_change_id_seq') AS n FROM generate_series(1, ?)`, [n])) as {
      rows: { n: string }[];
    };
    return result.rows.map((r) => -Number(r.n)).sort((a, b) => b - a);
  }
  // SQLite has one writer at a time: the smallest id so far (or taken in this transaction) less one.
  const rows = (await knex.raw('SELECT coalesce(min(id), 0) AS low FROM change')) as { low: number }[];
  const start = Math.min(0, Number(rows[0]?.low ?? 0), lowestTaken.get(owner) ?? 0);
  const ids = Array.from({ length: n }, (_, i) => start - 1 - i);
  lowestTaken.set(owner, ids[ids.length - 1]);
  return ids;
}

const COLUMNS =
  'created_at, updated_at, at, actor_token_id, actor_name, actor_role, action, object_type, object_id, before, after, note, sealed_tender_id';

/**
 * The round opened: its sealed entries join the public history, renumbered in the order
 * they were made. Runs in the transaction that opens the round.
 */
export async function releaseSealedHistory(knex: Knex | Knex.Transaction, tenderIds: readonly number[]): Promise<number> {
  if (!tenderIds.length) return 0;
  const marks = tenderIds.map(() => '?').join(', ');
  const sealed = `sealed_tender_id IN (${marks}) AND id < 0`;
  const rows = (await knex.raw(`SELECT count(*) AS n FROM change WHERE ${sealed}`, [...tenderIds])) as
    { n: number | string }[] | { rows: { n: string }[] };
  const count = Number((Array.isArray(rows) ? rows : rows.rows)[0]?.n ?? 0);
  if (!count) return 0;
  await knex.raw(`INSERT INTO change (${COLUMNS}) SELECT ${COLUMNS} FROM change WHERE ${sealed} ORDER BY id DESC`, [...tenderIds]);
  await knex.raw(`DELETE FROM change WHERE ${sealed}`, [...tenderIds]);
  return count;
}

/** In a mutation: flushes what it recorded, then releases the round's sealed entries. */
export async function releaseSealedHistoryOf(em: EntityManager, tenderId: number): Promise<void> {
  await em.flush();
  if (await releaseSealedHistory(knexIn(em), [tenderId])) notePublicWrite(em);
}
