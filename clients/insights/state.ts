import type { MarketTestingStatsFilter, TargetProjectCategory, TenderFilter } from '../generated/graphql.js';

/**
 * What the page shows, all of it in its address (`/insights?view=competition&from=R2&ministry=MOJ`),
 * so a view can be bookmarked, shared and printed as it is. Years are kept as typed (令和2年度,
 * R2, 2020): the API reads each form (docs/api.md "Fiscal years").
 */
export const VIEW_NAMES = ['programme', 'competition', 'money', 'integrity', 'pilots', 'service'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export interface PageState {
  view: ViewName;
  from: string;
  to: string;
  /** A ministry's code. */
  ministry: string;
  category: TargetProjectCategory | '';
  /** The service page's service (its global id), and the words its search was given. */
  service: string;
  q: string;
}

const FIELDS = ['from', 'to', 'ministry', 'category'] as const;
/** Kept in the address of the service page only. */
const SERVICE_FIELDS = ['service', 'q'] as const;

export function readState(search: string): PageState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    view: (VIEW_NAMES as readonly string[]).includes(view ?? '') ? (view as ViewName) : 'programme',
    from: params.get('from')?.trim() ?? '',
    to: params.get('to')?.trim() ?? '',
    ministry: params.get('ministry')?.trim() ?? '',
    category: (params.get('category')?.trim() ?? '') as PageState['category'],
    service: params.get('service')?.trim() ?? '',
    q: params.get('q')?.trim() ?? '',
  };
}

/** The page's address for `state` (only what is set). */
export function href(state: PageState): string {
  const params = new URLSearchParams({ view: state.view });
  for (const field of FIELDS) if (state[field]) params.set(field, state[field]);
  if (state.view === 'service') for (const field of SERVICE_FIELDS) if (state[field]) params.set(field, state[field]);
  return `?${params}`;
}

/** A link to a service's page, from any list (the page follows it without reloading). */
export function serviceLink(id: string, name: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = `?${new URLSearchParams({ view: 'service', service: id })}`;
  a.dataset.internal = '';
  a.textContent = name;
  return a;
}

/** A year as typed: a number when it is one (2024), else the text (令和6年度, R6). */
const year = (typed: string): number | string | undefined => (typed === '' ? undefined : /^\d+$/.test(typed) ? Number(typed) : typed);

export function statsFilter(state: PageState): MarketTestingStatsFilter {
  return {
    fromYear: year(state.from),
    toYear: year(state.to),
    ministryCodes: state.ministry ? [state.ministry] : undefined,
    categories: state.category ? [state.category] : undefined,
  };
}

/** The awarded rounds behind a point: the page's filter narrowed to one fiscal year or ministry. */
export function roundsFilter(state: PageState, point: { fiscalYear?: number; ministry?: string }): TenderFilter {
  return {
    statuses: ['AWARDED'],
    ...(point.fiscalYear != null ? { year: point.fiscalYear } : { fromYear: year(state.from), toYear: year(state.to) }),
    ministryCodes: point.ministry ? [point.ministry] : state.ministry ? [state.ministry] : undefined,
    categories: state.category ? [state.category] : undefined,
  };
}
