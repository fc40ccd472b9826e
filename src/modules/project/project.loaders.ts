import type { Knex } from '@mikro-orm/knex';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import type { PageWindow } from '../../core/graphql/pagination/connection-args.js';
import {
  isExactSearch,
  onePiece,
  planSearch,
  rowsInNameOrder,
  searchedTerms,
  searchReadsInListOrder,
  whereTextContains,
  type SearchPlan,
} from '../../core/text/search-grams.js';
import { TargetProjectOrderField } from './project.enum.js';
import type { TargetProjectFilter, TargetProjectOrder } from './project.inputs.js';
import { TargetProject } from './target-project.entity.js';
import { GuidelineMilestone } from './guideline-milestone.entity.js';

export const targetProjectById = (ctx: Context) => byIdLoader(ctx, TargetProject, 'target_project');

/**
 * Adds a target-service filter to a query over `target_project AS <alias>`; `inListOrder`: how
 * its search is tested (`whereTextContains`).
 */
export function applyTargetProjectFilter(
  qb: Knex.QueryBuilder,
  alias: string,
  filter?: TargetProjectFilter | null,
  inListOrder = false,
): void {
  if (!filter) return;
  if (filter.query != null) {
    whereTextContains(qb, alias, 'p', filter.query, inListOrder);
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

export function targetProjectSource(ctx: Context, filter?: TargetProjectFilter | null, inListOrder = false): ListSource<TargetProject> {
  return {
    table: 'target_project',
    alias: 'p',
    where: (qb) => applyTargetProjectFilter(qb, 'p', filter, inListOrder),
    hydrate: hydrator(ctx, TargetProject),
  };
}

/**
 * The source of the root `targetProjects` list. A list filtered by a search alone for one piece
 * (a word of two characters) in name order is read from the search index alone, page and count
 * (`rowsInNameOrder`). Any other search alone asks the search index first when that saves
 * reading services (`planSearch`, one statement that reads none): for a word of one or two
 * characters the index's count is the list's `totalCount`, asked only if `totalCount` is; and
 * in an order with an index it decides whether the page is read along that index
 * (`searchReadsInListOrder`) instead of reading and sorting every match.
 * The walk reads the page's ids from the index first (`keysFirst`) and then their rows. With
 * any other condition the rows must be read to apply it, and the list is read as
 * `targetProjectSource` reads it.
 */
export async function rootTargetProjectSource(
  ctx: Context,
  filter: TargetProjectFilter | null | undefined,
  ordering: Ordering,
  window: PageWindow,
): Promise<ListSource<TargetProject>> {
  const query = filter?.query;
  const searchAlone = query != null && Object.entries(filter!).every(([field, value]) => field === 'query' || value == null);
  const terms = searchAlone ? searchedTerms(query) : [];
  if (!terms.length) return targetProjectSource(ctx, filter);
  const piece = ordering.name.startsWith(`${TargetProjectOrderField.NAME}:`) ? onePiece(terms) : null;
  if (piece !== null) return { ...targetProjectSource(ctx), keyIndex: rowsInNameOrder(piece) };
  let planned: Promise<SearchPlan | null> | undefined;
  const plan = () => (planned ??= planSearch(ctx.db.knex, { table: 'target_project', kind: 'p' }, query!));
  const first = ordering.indexed === true ? await plan() : null;
  const walk = first != null && searchReadsInListOrder(first, window.size + 1);
  return {
    ...targetProjectSource(ctx, filter, walk),
    ...(walk ? { keysFirst: true } : {}),
    ...(isExactSearch(terms) ? { count: async () => (await plan())!.candidates } : {}),
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
