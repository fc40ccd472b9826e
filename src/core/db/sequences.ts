import type { Knex } from '@mikro-orm/knex';

/**
 * Rows written with explicit ids (sample data, copies) are not seen by PostgreSQL's serial
 * sequences: move each past the highest id, or the next insert would collide.
 */
export async function resetSequences(trx: Knex.Transaction | Knex, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await trx.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM ??), 0) + 1, false)`, [table, table]);
  }
}
