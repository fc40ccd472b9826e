import type { Knex } from '@mikro-orm/knex';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import type { PageWindow } from '../../core/graphql/pagination/connection-args.js';
import { planSearch, searchReadsInListOrder, whereTextContains } from '../../core/text/search-grams.js';
import { TargetProjectOrderField } from './project.enum.js';
import type { TargetProjectFilter, TargetProjectOrder } from './project.inputs.js';
import { TargetProject } from './target-project.entity.js';
import { GuidelineMilestone } from './guideline-milestone.entity.js';

export const targetProjectById = (ctx: Context) => byIdLoader(ctx, TargetProject, 'target_project');

/** Adds a target-service filter to a query over `target_project AS <alias>`. */
export function applyTargetProjectFilter(qb: Knex.QueryBuilder, alias: string, filter?: TargetProjectFilter | null): void {
  if (!filter) return;
  if (filter.query != null) {
    whereTextContains(qb, alias, 'p', filter.query);
  }
  const codes = filter.ministryCodes;
  if (codes) {
    const ids = (sub: Knex.QueryBuilder) => sub.select('id').from('ministry').whereIn('code', codes);
    // One ministry (a dashboard) is an equality, which SQLite walks along the index
    // (ministry_id, updated_at, id) in the list's order, stopping after a page; an IN over the
    // subquery made it read and sort every service of the ministry (tests/indexes.test.ts).
    if (codes.length === 1) qb.where(`${alias}.ministry_id`, ids);
    else qb.whereIn(`${alias}.ministry_id`, ids);
  }
  if (filter.statuses) qb.whereIn(`${alias}.status`, filter.statuses);
  if (filter.methods) qb.whereIn(`${alias}.method`, filter.methods);
  if (filter.categories) qb.whereIn(`${alias}.category`, filter.categories);
  if (filter.selectedInFiscalYear != null) qb.where(`${alias}.selected_in_fiscal_year`, filter.selectedInFiscalYear);
}

export function targetProjectSource(ctx: Context, filter?: TargetProjectFilter | null): ListSource<TargetProject> {
  return {
    table: 'target_project',
    alias: 'p',
    where: (qb) => applyTargetProjectFilter(qb, 'p', filter),
    hydrate: hydrator(ctx, TargetProject),
  };
}

/**
 * The source of the root `targetProjects` list. A list filtered by a search alone is first
 * planned from the search index (`planSearch`, one statement that reads no service): for a
 * word of one or two characters the index's count is the list's `totalCount`, which otherwise
 * reads every matching service; and on SQLite a common word's page is read along the order's
 * index (`searchReadsInListOrder`) instead of reading and sorting every match. With any other
 * condition the rows must be read to apply it, and the list is read as `targetProjectSource`
 * reads it.
 */
export async function rootTargetProjectSource(
  ctx: Context,
  filter: TargetProjectFilter | null | undefined,
  ordering: Ordering,
  window: PageWindow,
): Promise<ListSource<TargetProject>> {
  const source = targetProjectSource(ctx, filter);
  const query = filter?.query;
  if (query == null || !Object.entries(filter!).every(([field, value]) => field === 'query' || value == null)) return source;
  const plan = await planSearch(ctx.db.knex, { table: 'target_project', kind: 'p' }, query);
  if (!plan) return source;
  const inListOrder = ctx.db.dialect === 'sqlite' && ordering.indexed === true && searchReadsInListOrder(plan, window.size + 1);
  return {
    ...source,
    where: (qb) => whereTextContains(qb, 'p', 'p', query, inListOrder),
    ...(plan.exact ? { count: () => Promise.resolve(plan.candidates) } : {}),
  };
}

export function targetProjectOrdering(order?: TargetProjectOrder | null): Ordering {
  const field = order?.field ?? TargetProjectOrderField.NAME;
  const direction = order?.direction ?? 'ASC';
  const name = `${field}:${direction}`;
  switch (field) {
    case TargetProjectOrderField.NAME:
      // Index target_project_name_id_index (migration TargetProjectNameIndex).
      return { name, keys: [{ sql: 'p.name', direction, text: true }], indexed: true };
    case TargetProjectOrderField.UPDATED_AT:
      return { name, keys: [{ sql: 'p.updated_at', direction, instant: true }] };
    case TargetProjectOrderField.CREATED_AT:
      return { name, keys: [{ sql: 'p.created_at', direction, instant: true }] };
    case TargetProjectOrderField.BASELINE_COST:
      return { name, keys: [{ sql: 'p.baseline_annual_cost_yen', direction }] };
  }
}

export function guidelineMilestoneSource(ctx: Context): ListSource<GuidelineMilestone> {
  return { table: 'guideline_milestone', alias: 'g', hydrate: hydrator(ctx, GuidelineMilestone) };
}

/** Milestones in the order they happened. */
export const GUIDELINE_MILESTONE_ORDERING: Ordering = {
  name: 'OCCURRED_ON:ASC',
  keys: [{ sql: 'g.occurred_on', direction: 'ASC' }],
};
