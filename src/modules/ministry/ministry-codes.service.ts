import type { Knex } from '@mikro-orm/knex';
import { closest } from '../../core/text/closest.js';

/** A ministry as a filter may name it: its code (MOJ) or its Japanese name (法務省). */
export interface MinistryName {
  code: string;
  name: string;
}

/** What a list of ministry values comes to: the ministries named (each once, in the order given), and a sentence per value none answers to. */
export interface ResolvedMinistries {
  ministries: MinistryName[];
  problems: string[];
}

/** Every ministry's code and name, in code order (a few dozen rows: read whole). */
export async function readMinistryNames(knex: Knex | Knex.Transaction): Promise<MinistryName[]> {
  return (await knex('ministry').select('code', 'name').orderBy('code')) as MinistryName[];
}

/** The refusal of a value no ministry answers to, naming the closest known ones with their Japanese names. */
export function unknownMinistry(value: string, known: readonly MinistryName[]): string {
  const near = closest(value, known, (m) => [m.code, m.name]).map((m) => `${m.code} ${m.name}`);
  return (
    `府省「${value}」はありません` +
    (near.length ? `。近いもの: ${near.join('、')}` : '') +
    `（no such ministry${near.length ? `; the closest: ${near.join(', ')}` : ''}）`
  );
}

/**
 * The one rule for a ministry named in a filter, a download's query or a command line: its
 * code in any case or width (moj, ＭＯＪ → MOJ) or its Japanese name (法務省 → MOJ), spaces around ignored.
 * Anything else is a problem naming the closest known ministries, never an empty answer.
 */
export function resolveMinistries(values: readonly string[], known: readonly MinistryName[]): ResolvedMinistries {
  const ministries: MinistryName[] = [];
  const problems: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    // Widths folded as the import folds them (ＭＯＪ is MOJ).
    const folded = value.normalize('NFKC');
    const found = known.find((m) => m.code === folded.toUpperCase() || m.name.normalize('NFKC') === folded);
    if (!found) problems.push(unknownMinistry(value, known));
    else if (!ministries.includes(found)) ministries.push(found);
  }
  return { ministries, problems };
}
