import type { Knex } from '@mikro-orm/knex';
import { groupRows, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { RedFlag } from './red-flag.entity.js';
import { RED_FLAGS, type RedFlagCode, RedFlagSubject } from './red-flag.enum.js';
import type { RedFlagFilter } from './red-flag.inputs.js';

/**
 * The flags of many subjects of one kind (rounds, bidders or ministries) in one statement:
 * a relation level costs one query whatever the number of parents.
 */
export function redFlagsBySubject(ctx: Context, subject: RedFlagSubject) {
  return ctx.loaders.get<number, RedFlag[]>(`RedFlag.${subject}`, async (ids) => {
    const rows = (await ctx.db
      .knex('red_flag')
      .select('*')
      .where('subject_type', subject)
      .whereIn('subject_id', ids as number[])
      .orderBy([{ column: 'subject_id' }, { column: 'code' }])) as Record<string, unknown>[];
    const flags = hydrator(ctx, RedFlag)(rows);
    return groupRows(ids, flags, (f) => f.subjectId);
  });
}

/**
 * A ministry's flags, in one statement for all the ministries of a level: its own (R038, as
 * buyer), then, for each flag its rounds carry, one entry whose value is how many of its
 * rounds carry it (so a ministry shows where to look among its rounds), computed when the
 * newest of those was.
 */
export function ministryRedFlags(ctx: Context) {
  return ctx.loaders.get<number, RedFlag[]>('RedFlag.MINISTRY+rounds', async (ids) => {
    const list = ids.map(() => '?').join(', ');
    const result = await ctx.db.knex.raw(
      `SELECT 0 AS kind, id, subject_id AS ministry, code, value, explanation, computed_at_ms FROM red_flag WHERE subject_type = ? AND subject_id IN (${list})
       UNION ALL
       SELECT 1 AS kind, 0 AS id, ministry_id AS ministry, code, COUNT(*) AS value, NULL AS explanation, MAX(computed_at_ms) AS computed_at_ms FROM red_flag
         WHERE subject_type = ? AND ministry_id IN (${list}) GROUP BY ministry_id, code
       ORDER BY ministry, kind, code`,
      [RedFlagSubject.MINISTRY, ...ids, RedFlagSubject.TENDER, ...ids],
    );
    const rows = (Array.isArray(result) ? result : result.rows) as Record<string, unknown>[];
    const flags = rows.map((r) => {
      const code = r.code as RedFlagCode;
      const value = Number(r.value);
      return Object.assign(new RedFlag(), {
        id: Number(r.id),
        subjectType: RedFlagSubject.MINISTRY,
        subjectId: Number(r.ministry),
        code,
        value,
        explanation:
          Number(r.kind) === 0
            ? String(r.explanation)
            : `${value} of its opened round${value === 1 ? '' : 's'} carr${value === 1 ? 'ies' : 'y'} ${code} (${RED_FLAGS[code].title}).`,
        ministryId: Number(r.ministry),
        fiscalYear: null,
        // A count of rounds' flags is as fresh as the newest of them.
        computedAtMs: r.computed_at_ms == null ? null : Number(r.computed_at_ms),
      });
    });
    return groupRows(ids, flags, (f) => f.subjectId);
  });
}

/** The root list: every stored flag (rounds' flags exist only for opened rounds). */
export function redFlagSource(ctx: Context, filter?: RedFlagFilter | null): ListSource<RedFlag> {
  return {
    table: 'red_flag',
    alias: 'rf',
    where: (qb) => {
      if (!filter) return;
      if (filter.codes) qb.whereIn('rf.code', filter.codes);
      if (filter.subjects) qb.whereIn('rf.subject_type', filter.subjects);
      if (filter.fiscalYear != null) qb.where('rf.fiscal_year', filter.fiscalYear);
      if (filter.fromYear != null) qb.where('rf.fiscal_year', '>=', filter.fromYear);
      if (filter.toYear != null) qb.where('rf.fiscal_year', '<=', filter.toYear);
      if (filter.categories) {
        qb.where('rf.subject_type', RedFlagSubject.TENDER).whereIn('rf.subject_id', (sub: Knex.QueryBuilder) =>
          sub
            .select('t.id')
            .from('tender as t')
            .join('target_project as p', 'p.id', 't.project_id')
            .whereIn('p.category', filter.categories!),
        );
      }
      if (filter.ministryCodes) {
        qb.whereIn('rf.ministry_id', (sub: Knex.QueryBuilder) =>
          sub.select('m.id').from('ministry as m').whereIn('m.code', filter.ministryCodes!),
        );
      }
    },
    hydrate: hydrator(ctx, RedFlag),
  };
}

/** Code order (code-point), then id: flags keep their ids across recomputations, so cursors stay valid. */
export const RED_FLAG_ORDERING: Ordering = { name: 'CODE:ASC', keys: [{ sql: 'rf.code', direction: 'ASC', text: true }] };
