import type { Knex } from '@mikro-orm/knex';
import type { RedFlagCode } from '../red-flags/red-flag.enum.js';
import { RedFlagSubject } from '../red-flags/red-flag.enum.js';
import { applyProjectFilter, applyYearRange } from './stats.service.js';
import type { MarketTestingStatsFilter } from './stats.inputs.js';
import type { RedFlagCount } from './stats.type.js';

/**
 * Rounds flagged, by code, for the services the statistics' filter selects: one grouped
 * statement over the stored flags. Only opened rounds carry flags, so the counts are the
 * same for every caller, like the rest of the statistics.
 */
export async function redFlagCounts(knex: Knex, filter?: MarketTestingStatsFilter | null): Promise<RedFlagCount[]> {
  const qb = knex('red_flag as rf')
    .join('tender as t', 't.id', 'rf.subject_id')
    .join('target_project as p', 'p.id', 't.project_id')
    .where('rf.subject_type', RedFlagSubject.TENDER)
    .select('rf.code as code')
    .count({ n: '*' })
    .groupBy('rf.code');
  applyProjectFilter(qb, filter);
  applyYearRange(qb, 't.fiscal_year', filter);
  const rows = (await qb) as { code: RedFlagCode; n: number | string }[];
  return rows.map((r) => ({ code: r.code, count: Number(r.n) })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
