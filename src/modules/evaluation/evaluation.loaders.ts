import type { Knex } from '@mikro-orm/knex';
import { hydrateRow, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { byIdLoader } from '../../core/graphql/entity-rows.js';
import { Evaluation } from './evaluation.entity.js';
import type { EvaluationFilter } from './evaluation.inputs.js';

export const evaluationById = (ctx: Context) => byIdLoader(ctx, Evaluation, 'evaluation');

export function evaluationSource(ctx: Context, filter?: EvaluationFilter | null): ListSource<Evaluation> {
  return {
    table: 'evaluation',
    alias: 'e',
    where: (qb) => {
      if (!filter) return;
      if (filter.decisions) qb.whereIn('e.decision', filter.decisions);
      if (filter.fiscalYear != null) qb.where('e.fiscal_year', filter.fiscalYear);
      if (filter.ministryCodes) {
        qb.whereIn('e.project_id', (sub: Knex.QueryBuilder) =>
          sub
            .select('p.id')
            .from('target_project as p')
            .join('ministry as m', 'm.id', 'p.ministry_id')
            .whereIn('m.code', filter.ministryCodes!),
        );
      }
    },
    hydrate: hydrator(ctx, Evaluation),
  };
}

/** Latest decision first. */
export const EVALUATION_ORDERING: Ordering = { name: 'DECIDED_ON:DESC', keys: [{ sql: 'e.decided_on', direction: 'DESC' }] };

/** The most recent evaluation of each project: one statement for all of them. */
export function latestEvaluationByProject(ctx: Context) {
  return ctx.loaders.get<number, Evaluation | null>('TargetProject.latestEvaluation', async (projectIds) => {
    const rows = (await ctx.db
      .knex('evaluation as e')
      .select('e.*')
      .whereIn('e.project_id', projectIds as number[])
      .whereRaw(
        'e.id = (SELECT e2.id FROM evaluation e2 WHERE e2.project_id = e.project_id ORDER BY e2.decided_on DESC, e2.id DESC LIMIT 1)',
      )) as Record<string, unknown>[];
    const byProject = new Map(rows.map((row) => [Number(row.project_id), hydrateRow(ctx, Evaluation, row)]));
    return projectIds.map((id) => byProject.get(id) ?? null);
  });
}
