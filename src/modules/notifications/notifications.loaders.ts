import type { Knex } from '@mikro-orm/knex';
import { Role } from '../../core/auth/viewer.js';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { searchedTerms } from '../../core/text/search-grams.js';
import { escapeLike } from '../../core/text/search-text.js';
import type { EventFilter } from './event-filter.inputs.js';
import { PublicEvent } from './public-event.entity.js';
import { SavedSearch } from './saved-search.entity.js';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity.js';
import type { WebhookDeliveryStatus } from './public-event.enum.js';

export const publicEventById = (ctx: Context) => byIdLoader(ctx, PublicEvent, 'public_event');

/** The same conditions as `matchesFilter` (public-event.service.ts), in SQL over `public_event AS alias`. */
export function whereEventMatches(qb: Knex.QueryBuilder, alias: string, filter: EventFilter | null | undefined): void {
  if (!filter) return;
  const col = (name: string) => `${alias}.${name}`;
  if (filter.types?.length) qb.whereIn(col('type'), filter.types);
  if (filter.ministryCodes?.length) qb.whereIn(col('ministry_code'), filter.ministryCodes);
  if (filter.municipalityCodes?.length) {
    const codes = filter.municipalityCodes;
    const prefectures = codes.filter((c) => /^\d{2}000\d$/.test(c)).map((c) => `${c.slice(0, 2)}%`);
    qb.where((w) => {
      w.whereIn(col('municipality_code'), codes);
      for (const prefix of prefectures) w.orWhere(col('municipality_code'), 'like', prefix);
    });
  }
  if (filter.categories?.length) qb.whereIn(col('category'), filter.categories);
  if (filter.tenderStatuses?.length) qb.where(col('subject_type'), 'Tender').whereIn(col('status'), filter.tenderStatuses);
  if (filter.serviceStatuses?.length) qb.whereIn(col('service_status'), filter.serviceStatuses);
  if (filter.minAmountYen != null) qb.where(col('amount_yen'), '>=', filter.minAmountYen);
  if (filter.maxAmountYen != null) qb.where(col('amount_yen'), '<=', filter.maxAmountYen);
  for (const word of searchedTerms(filter.text ?? '', 'text')) {
    qb.whereRaw(`${col('search_text')} LIKE ? ESCAPE '\\'`, [`%${escapeLike(word)}%`]);
  }
}

/** Public events, newest first: everyone sees every one (they hold public data only). */
export function publicEventSource(ctx: Context, filter?: EventFilter | null): ListSource<PublicEvent> {
  return { table: 'public_event', alias: 'pe', where: (qb) => whereEventMatches(qb, 'pe', filter), hydrate: hydrator(ctx, PublicEvent) };
}

export const PUBLIC_EVENT_ORDERING: Ordering = { name: 'NEWEST', keys: [{ sql: 'pe.occurred_at_ms', direction: 'DESC' }] };

/** A saved search the caller may see (its own; an admin's: any), or null exactly as for an id that is none. */
export function visibleSavedSearchById(ctx: Context) {
  return ctx.loaders.get<number, SavedSearch | null>('SavedSearch.visibleById', async (ids) => {
    const { viewer } = ctx;
    if (viewer.role === Role.ANONYMOUS) return ids.map(() => null);
    const qb = ctx.db
      .knex('saved_search')
      .select('*')
      .whereIn('id', ids as number[]);
    if (viewer.role !== Role.ADMIN) qb.where('token_id', viewer.tokenId);
    const rows = (await qb) as Record<string, unknown>[];
    const hydrate = hydrator(ctx, SavedSearch);
    const byId = new Map(hydrate(rows).map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** The caller's saved searches (an admin's own too: `node` reads anyone's), oldest first. */
export async function savedSearchesOf(ctx: Context): Promise<SavedSearch[]> {
  if (ctx.viewer.tokenId == null) return [];
  const rows = (await ctx.db.knex('saved_search').select('*').where('token_id', ctx.viewer.tokenId).orderBy('id')) as Record<
    string,
    unknown
  >[];
  return hydrator(ctx, SavedSearch)(rows);
}

/** A delivery of a saved search the caller may see, or null. */
export function visibleDeliveryById(ctx: Context) {
  return ctx.loaders.get<number, WebhookDelivery | null>('WebhookDelivery.visibleById', async (ids) => {
    const { viewer } = ctx;
    if (viewer.role === Role.ANONYMOUS) return ids.map(() => null);
    const qb = ctx.db
      .knex('webhook_delivery as d')
      .select('d.*')
      .whereIn('d.id', ids as number[]);
    if (viewer.role !== Role.ADMIN) qb.join('saved_search as s', 's.id', 'd.saved_search_id').where('s.token_id', viewer.tokenId);
    const rows = (await qb) as Record<string, unknown>[];
    const byId = new Map(hydrator(ctx, WebhookDelivery)(rows).map((d) => [d.id, d]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A saved search's deliveries (the parent is visible, hence its deliveries), with a status if given. */
export function deliverySource(ctx: Context, status?: WebhookDeliveryStatus | null): ListSource<WebhookDelivery> {
  return {
    table: 'webhook_delivery',
    alias: 'wd',
    where: status ? (qb) => qb.where('wd.status', status) : undefined,
    hydrate: hydrator(ctx, WebhookDelivery),
  };
}

export const DELIVERY_ORDERING: Ordering = { name: 'NEWEST', keys: [{ sql: 'wd.created_at', direction: 'DESC', instant: true }] };

/** At most this many tries per delivery in `attemptLog` (the latest ones). */
export const ATTEMPT_LOG_LIMIT = 50;

/** The last tries of each delivery, oldest first: one statement for every delivery of a level. */
export function attemptLogOf(ctx: Context) {
  return ctx.loaders.get<number, WebhookAttempt[]>('WebhookDelivery.attemptLog', async (ids) => {
    const { knex } = ctx.db;
    const ranked = knex('webhook_attempt as a')
      .whereIn('a.delivery_id', ids as number[])
      .select('a.*', knex.raw('row_number() OVER (PARTITION BY a.delivery_id ORDER BY a.id DESC) AS rn'));
    const rows = (await knex
      .select('*')
      .from(ranked.as('x'))
      .where('x.rn', '<=', ATTEMPT_LOG_LIMIT)
      .orderBy(['x.delivery_id', 'x.id'])) as Record<string, unknown>[];
    const hydrate = hydrator(ctx, WebhookAttempt);
    const byDelivery = new Map<number, WebhookAttempt[]>();
    for (const { rn: _rank, ...row } of rows) {
      const id = Number(row.delivery_id);
      byDelivery.set(id, [...(byDelivery.get(id) ?? []), ...hydrate([row])]);
    }
    return ids.map((id) => byDelivery.get(id) ?? []);
  });
}
