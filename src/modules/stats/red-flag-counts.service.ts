import type { Knex } from '@mikro-orm/knex';
import { RED_FLAGS, RedFlagSubject, type RedFlagCode } from '../red-flags/red-flag.enum.js';
import { applyProjectFilter, applyYearRange } from './stats-rollups.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import type { RedFlagCount } from './stats.type.js';

/**
 * Rounds flagged, by code, for the services the statistics' filter selects: one grouped
 * statement over the stored flags. Only opened rounds carry flags, so the counts are the
 * same for every caller, like the rest of the statistics.
 */
export async function redFlagCounts(knex: Knex, filter?: MarketTestingStatsFilter | null): Promise<RedFlagCount[]> {
  return [...(await countFlags(knex, filter, false)).values()][0] ?? [];
}

/** The same counts per ministry owning the rounds (ministry id → its counts), in one grouped statement. */
export function redFlagCountsByMinistry(knex: Knex, filter?: MarketTestingStatsFilter | null): Promise<Map<number, RedFlagCount[]>> {
  return countFlags(knex, filter, true);
}

async function countFlags(
  knex: Knex,
  filter: MarketTestingStatsFilter | null | undefined,
  byMinistry: boolean,
): Promise<Map<number, RedFlagCount[]>> {
  const qb = knex('red_flag as rf')
    .join('tender as t', 't.id', 'rf.subject_id')
    .join('target_project as p', 'p.id', 't.project_id')
    .where('rf.subject_type', RedFlagSubject.TENDER)
    .select('rf.code as code')
    .count({ n: '*' })
    .groupBy('rf.code');
  if (byMinistry) qb.select('p.ministry_id as ministryId').groupBy('p.ministry_id');
  applyProjectFilter(qb, filter);
  applyYearRange(qb, 't.fiscal_year', filter);
  const rows = (await qb) as { code: RedFlagCode; n: number | string; ministryId?: number }[];
  const out = new Map<number, RedFlagCount[]>();
  for (const r of rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const key = byMinistry ? Number(r.ministryId) : 0;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ code: r.code, titleLabel: RED_FLAGS[r.code].titleJa, count: Number(r.n) });
  }
  return out;
}
