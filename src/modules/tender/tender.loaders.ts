import type { Knex } from '@mikro-orm/knex';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import { relatedLoader, type RelatedRow } from '../../core/graphql/related-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { searchedTerms, selectIdsContaining, whereTextContains } from '../../core/text/search-grams.js';
import { OPENED_STATUSES, whereSealedDataVisible } from '../seal/seal.service.js';
import { Bid } from './bid.entity.js';
import { Bidder } from './bidder.entity.js';
import { BidderOrderField, BidOrderField, BidStatus, TenderOrderField } from './tender.enum.js';
import { Tender } from './tender.entity.js';
import type { BidderFilter, BidderOrder, BidOrder, TenderFilter, TenderOrder } from './tender.inputs.js';

export const tenderById = (ctx: Context) => byIdLoader(ctx, Tender, 'tender');
export const bidderById = (ctx: Context) => byIdLoader(ctx, Bidder, 'bidder');

/**
 * Bids by id, only those the caller may see: the seal is checked in the same single
 * statement that reads the bid, so a hidden bid costs what a missing one costs and
 * `node(id)` cannot tell them apart by time (docs/seal.md, "Timing").
 */
export function visibleBidById(ctx: Context) {
  return ctx.loaders.get<number, Bid | null>('Bid.visibleById', async (ids) => {
    const qb = ctx.db
      .knex('bid as b')
      .select('b.*')
      .whereIn('b.id', ids as number[]);
    qb.whereIn('b.tender_id', (sub: Knex.QueryBuilder) => {
      sub.select('t.id').from('tender as t');
      whereSealedDataVisible(sub, 't', ctx.viewer);
    });
    const bids = hydrator(ctx, Bid)((await qb) as Record<string, unknown>[]);
    const byId = new Map(bids.map((b) => [b.id, b]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

const OPENED_SQL = `(${OPENED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * 応札者数 as the public may know it: the count for opened rounds, unknown (null) while
 * sealed, so that neither ordering nor filtering by it leaks a sealed round's count.
 */
export const PUBLIC_BIDDER_COUNT_SQL = (alias: string) => `CASE WHEN ${alias}.status IN ${OPENED_SQL} THEN ${alias}.bid_count END`;

export function tenderSource(ctx: Context, filter?: TenderFilter | null): ListSource<Tender> {
  return {
    table: 'tender',
    alias: 't',
    where: (qb) => {
      if (!filter) return;
      if (filter.ministryCodes) {
        qb.whereIn('t.project_id', (sub: Knex.QueryBuilder) =>
          sub
            .select('p.id')
            .from('target_project as p')
            .join('ministry as m', 'm.id', 'p.ministry_id')
            .whereIn('m.code', filter.ministryCodes!),
        );
      }
      if (filter.categories) {
        qb.whereIn('t.project_id', (sub: Knex.QueryBuilder) =>
          sub.select('p.id').from('target_project as p').whereIn('p.category', filter.categories!),
        );
      }
      if (filter.query != null) whereRoundMentions(qb, filter.query);
      if (filter.statuses) qb.whereIn('t.status', filter.statuses);
      if (filter.fiscalYear != null) qb.where('t.fiscal_year', filter.fiscalYear);
      if (filter.fromYear != null) qb.where('t.fiscal_year', '>=', filter.fromYear);
      if (filter.toYear != null) qb.where('t.fiscal_year', '<=', filter.toYear);
      if (filter.awardCriteria) qb.whereIn('t.award_criteria', filter.awardCriteria);
      if (filter.negotiatedAfterFailure != null) qb.where('t.negotiated_after_failure', filter.negotiatedAfterFailure);
      if (filter.singleBidOnly != null) {
        qb.whereIn('t.status', OPENED_STATUSES);
        if (filter.singleBidOnly) qb.where('t.bid_count', 1);
        else qb.whereNot('t.bid_count', 1);
      }
    },
    hydrate: hydrator(ctx, Tender),
  };
}

/**
 * `TenderFilter.query`: rounds where every term of the query occurs in the round's title, in
 * its service's name or summary, or in the name of a bidder in the round once it is opened.
 * Who bid in a round is sealed until it is opened (docs/seal.md), for every caller alike here:
 * a bid recorded in a sealed round finds nothing, so the answer is the same whether or not it
 * was recorded. Each source is searched through its own index (core/text/search-grams.ts).
 */
function whereRoundMentions(qb: Knex.QueryBuilder, query: string): void {
  for (const term of searchedTerms(query)) {
    qb.where((any: Knex.QueryBuilder) => {
      any
        .whereIn('t.id', (sub: Knex.QueryBuilder) => selectIdsContaining(sub, { table: 'tender', kind: 't' }, term))
        .orWhereIn('t.project_id', (sub: Knex.QueryBuilder) => selectIdsContaining(sub, { table: 'target_project', kind: 'p' }, term))
        .orWhere((opened: Knex.QueryBuilder) =>
          opened.whereIn('t.status', OPENED_STATUSES).whereIn('t.id', (sub: Knex.QueryBuilder) =>
            sub
              .select('bid.tender_id')
              .from('bid')
              .whereIn('bid.bidder_id', (bidders: Knex.QueryBuilder) => selectIdsContaining(bidders, { table: 'bidder', kind: 'b' }, term)),
          ),
        );
    });
  }
}

export function tenderOrdering(order: TenderOrder | null | undefined, fallback: TenderOrder): Ordering {
  const { field, direction } = order ?? fallback;
  const name = `${field}:${direction}`;
  switch (field) {
    case TenderOrderField.ROUND:
      return { name, keys: [{ sql: 't.round', direction }] };
    case TenderOrderField.ANNOUNCED_ON:
      return { name, keys: [{ sql: 't.announced_on', direction }] };
    case TenderOrderField.CONTRACT_AMOUNT:
      return { name, keys: [{ sql: 't.contract_amount_yen', direction, nullable: true }] };
    case TenderOrderField.NUMBER_OF_BIDDERS:
      return { name, keys: [{ sql: PUBLIC_BIDDER_COUNT_SQL('t'), direction, nullable: true }] };
    case TenderOrderField.UPDATED_AT:
      return { name, keys: [{ sql: 't.updated_at', direction, instant: true }] };
  }
}

/** A service's latest round (highest `round`), read with a list of services or by `latestTenderByProject`. */
export const LATEST_TENDER: RelatedRow<Tender> = {
  entity: Tender,
  table: 'tender',
  where: (project, t) => `${t}.project_id = ${project}.id`,
  orderBy: (t) => `${t}.round DESC`,
  loader: { name: 'TargetProject.latestTender', parentTable: 'target_project' },
};

export const latestTenderByProject = (ctx: Context) => relatedLoader(ctx, LATEST_TENDER);

/** A round's winning bid (status WON, which only an award sets), by the partial index bid_won_index (migration WinningBidIndex). */
export const WINNING_BID: RelatedRow<Bid> = {
  entity: Bid,
  table: 'bid',
  where: (tender, b) => `${b}.tender_id = ${tender}.id AND ${b}.status = '${BidStatus.WON}'`,
  orderBy: (b) => `${b}.id`,
  loader: { name: 'Tender.winningBid', parentTable: 'tender' },
};

export const winningBidByTender = (ctx: Context) => relatedLoader(ctx, WINNING_BID);

/** Bids; callers reach them only through rounds they may see, or with `sealedVisibleTo`. */
export function bidSource(ctx: Context, options: { sealedVisibleTo?: Context['viewer'] } = {}): ListSource<Bid> {
  return {
    table: 'bid',
    alias: 'b',
    where: options.sealedVisibleTo
      ? (qb) =>
          qb.whereIn('b.tender_id', (sub: Knex.QueryBuilder) => {
            sub.select('t.id').from('tender as t');
            whereSealedDataVisible(sub, 't', options.sealedVisibleTo!);
          })
      : undefined,
    hydrate: hydrator(ctx, Bid),
  };
}

export function bidOrdering(order?: BidOrder | null): Ordering {
  const field = order?.field ?? BidOrderField.AMOUNT;
  const direction = order?.direction ?? 'ASC';
  const name = `${field}:${direction}`;
  switch (field) {
    case BidOrderField.AMOUNT:
      return { name, keys: [{ sql: 'b.amount_yen', direction }] };
    case BidOrderField.TOTAL_SCORE:
      return { name, keys: [{ sql: 'b.total_score', direction, nullable: true }] };
    case BidOrderField.SUBMITTED_AT:
      return { name, keys: [{ sql: 'b.submitted_at', direction, instant: true }] };
  }
}

export function bidderSource(ctx: Context, filter?: BidderFilter | null): ListSource<Bidder> {
  return {
    table: 'bidder',
    alias: 'bd',
    where: (qb) => {
      if (!filter) return;
      if (filter.query != null) {
        whereTextContains(qb, 'bd', 'b', filter.query);
      }
      if (filter.kinds) qb.whereIn('bd.kind', filter.kinds);
      if (filter.corporateNumber) qb.where('bd.corporate_number', filter.corporateNumber);
    },
    hydrate: hydrator(ctx, Bidder),
  };
}

export function bidderOrdering(order?: BidderOrder | null): Ordering {
  const field = order?.field ?? BidderOrderField.NAME;
  const direction = order?.direction ?? 'ASC';
  const name = `${field}:${direction}`;
  return field === BidderOrderField.NAME
    ? { name, keys: [{ sql: 'bd.name', direction, text: true }] }
    : { name, keys: [{ sql: 'bd.created_at', direction, instant: true }] };
}
