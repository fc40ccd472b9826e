import type { Knex } from '@mikro-orm/knex';
import { hydrator } from '../../core/graphql/entity-rows.js';
import { relatedLoader, type RelatedRow } from '../../core/graphql/related-rows.js';
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

/** A service's most recent evaluation, read with a list of services or by `latestEvaluationByProject`. */
export const LATEST_EVALUATION: RelatedRow<Evaluation> = {
  entity: Evaluation,
  table: 'evaluation',
  where: (project, e) => `${e}.project_id = ${project}.id`,
  orderBy: (e) => `${e}.decided_on DESC, ${e}.id DESC`,
  loader: { name: 'TargetProject.latestEvaluation', parentTable: 'target_project' },
};

export const latestEvaluationByProject = (ctx: Context) => relatedLoader(ctx, LATEST_EVALUATION);
