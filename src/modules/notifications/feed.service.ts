import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { Feed } from 'feed';
import { formatJapaneseDate } from '../../core/calendar/fiscal-year.js';
import { closest } from '../../core/text/closest.js';
import { unknownParameters } from '../../core/http/query-parameters.js';
import { FilterError } from '../export/export-filter.service.js';
import { readMinistryNames, resolveMinistries } from '../ministry/ministry-codes.service.js';
import { resolveLocalGovernments } from '../municipality/local-government-codes.service.js';
import { MunicipalityKind } from '../municipality/municipality.enum.js';
import { ocidOf, PUBLISHER } from '../ocds/ocds.constants.js';
import { TargetProjectCategory } from '../project/project.enum.js';
import { AWARD_CRITERIA_LABELS, CATEGORY_LABELS, labelOf, parseLabel, TENDER_STATUS_LABELS } from '../tables/labels.constants.js';
import type { AwardCriteria } from '../tender/tender.enum.js';
import { whereEventMatches } from './notifications.loaders.js';
import { PUBLIC_EVENT_LABELS, PublicEventType, TENDER_EVENT_TYPES } from './public-event.enum.js';

/** How many entries the feed of rounds holds: the newest public events about rounds. */
export const FEED_SIZE = 50;

/** The authority and date of this tracker's tag URIs (RFC 4151): stable whichever host serves the feed. */
const TAG = 'tag:market-testing-tracker,2026';
const FEED_TITLE = '市場化テスト 入札情報';
/** The `updated` of a feed with no entry yet: fixed, so an empty feed is valid and its answer stable. */
const EMPTY_FEED_UPDATED = new Date('2026-01-01T00:00:00Z');

/** Which rounds' events a feed carries (every condition given must hold; each list matches any of its values). */
export interface FeedFilter {
  ministries: { code: string; name: string }[];
  /** Local governments; a prefecture also takes in its municipalities (as `matchesFilter`). */
  municipalities: { code: string; name: string; prefecture: boolean }[];
  categories: TargetProjectCategory[];
}

export type FeedQuery = Record<string, string | string[] | undefined>;

/** The query parameters of the feed. */
export const FEED_PARAMETERS = ['ministry', 'municipality', 'category'] as const;

/** The values of a query parameter, repeated or comma-separated. */
function valuesOf(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value != null ? [value] : [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Reads a feed's filter from its URL: `ministry` (code such as MOJ or name such as 法務省),
 * `municipality` (six-digit code; a prefecture's takes in its municipalities), `category`
 * (a TargetProjectCategory or its Japanese label), each repeatable or comma-separated. A
 * value the tracker does not know is a FilterError naming the closest known ones.
 */
export async function resolveFeedFilter(knex: Knex, query: FeedQuery): Promise<FeedFilter> {
  const problems: string[] = [];
  const filter: FeedFilter = { ministries: [], municipalities: [], categories: [] };
  const unknownParameter = unknownParameters(query, FEED_PARAMETERS);
  if (unknownParameter) problems.push(unknownParameter);

  const ministryValues = valuesOf(query.ministry);
  if (ministryValues.length) {
    const resolved = resolveMinistries(ministryValues, await readMinistryNames(knex));
    filter.ministries.push(...resolved.ministries);
    problems.push(...resolved.problems);
  }

  const municipalityValues = valuesOf(query.municipality);
  if (municipalityValues.length) {
    const resolved = await resolveLocalGovernments(knex, municipalityValues);
    filter.municipalities.push(
      ...resolved.localGovernments.map((m) => ({ code: m.code, name: m.name, prefecture: m.kind === MunicipalityKind.PREFECTURE })),
    );
    problems.push(...resolved.problems);
  }

  const categories = Object.values(TargetProjectCategory);
  for (const value of valuesOf(query.category)) {
    const parsed = parseLabel(CATEGORY_LABELS, value);
    if (parsed.ok) filter.categories.push(parsed.value);
    else {
      const near = closest(value, categories, (c) => [c, ...CATEGORY_LABELS.labels[c]]).map((c) => `${c} ${labelOf(CATEGORY_LABELS, c)}`);
      problems.push(
        `${CATEGORY_LABELS.what}「${value}」はありません${near.length ? `。近いもの: ${near.join('、')}` : ''}` +
          `（no such category${near.length ? `; the closest: ${near.join(', ')}` : ''}）`,
      );
    }
  }

  if (problems.length) throw new FilterError(problems.join('; '));
  const unique = <T>(list: T[], key: (t: T) => string) => list.filter((t, i) => list.findIndex((u) => key(u) === key(t)) === i);
  return {
    ministries: unique(filter.ministries, (m) => m.code),
    municipalities: unique(filter.municipalities, (m) => m.code),
    categories: unique(filter.categories, (c) => c),
  };
}

/** One row of `public_event` as the feed reads it. */
export interface FeedEvent {
  id: number;
  type: PublicEventType;
  occurredAt: Date;
  tenderId: number | null;
  category: string | null;
  title: string;
  data: Record<string, unknown>;
}

/** The newest public events about rounds that the filter takes in, newest first. */
export async function readTenderEvents(knex: Knex, filter: FeedFilter, limit = FEED_SIZE): Promise<FeedEvent[]> {
  const qb = knex('public_event as pe')
    .select('pe.id', 'pe.type', 'pe.occurred_at_ms', 'pe.tender_id', 'pe.category', 'pe.title', 'pe.data')
    .orderBy('pe.id', 'desc')
    .limit(limit);
  // The same conditions as a saved search's (one rule: notifications.loaders.ts).
  whereEventMatches(qb, 'pe', {
    types: [...TENDER_EVENT_TYPES],
    ministryCodes: filter.ministries.map((m) => m.code),
    municipalityCodes: filter.municipalities.map((m) => m.code),
    categories: filter.categories,
  });
  const rows = (await qb) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type as PublicEventType,
    occurredAt: new Date(Number(r.occurred_at_ms)),
    tenderId: r.tender_id == null ? null : Number(r.tender_id),
    category: r.category == null ? null : String(r.category),
    title: String(r.title),
    // JSON text on SQLite, jsonb (already parsed) on PostgreSQL.
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : (r.data as Record<string, unknown>),
  }));
}

/** The filter in words, for the feed's title: （府省: 法務省 / 団体: 東京都 / 分類: 施設管理・運営）. */
export function filterInWords(filter: FeedFilter): string {
  const parts = [
    filter.ministries.length ? `府省: ${filter.ministries.map((m) => m.name).join('・')}` : null,
    filter.municipalities.length ? `団体: ${filter.municipalities.map((m) => m.name).join('・')}` : null,
    filter.categories.length ? `分類: ${filter.categories.map((c) => labelOf(CATEGORY_LABELS, c)).join('・')}` : null,
  ].filter(Boolean);
  return parts.length ? `（${parts.join(' / ')}）` : '';
}

/** The filter as a canonical query string (codes, sorted): the same feed has the same id however it was asked for. */
export function canonicalQuery(filter: FeedFilter): string {
  const params = [
    ...filter.categories.map((c) => `category=${c}`),
    ...filter.ministries.map((m) => `ministry=${encodeURIComponent(m.code)}`),
    ...filter.municipalities.map((m) => `municipality=${m.code}`),
  ].sort();
  return params.length ? `?${params.join('&')}` : '';
}

/** A weak validator of a feed's answer: the newest event it holds, its filter and the base its links use. */
export function feedEtag(events: readonly FeedEvent[], filter: FeedFilter, base: string): string {
  const hash = createHash('sha256')
    .update(`${canonicalQuery(filter)} ${base}`)
    .digest('base64url')
    .slice(0, 16);
  return `W/"tenders-${events[0]?.id ?? 0}-${hash}"`;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Facts = Record<string, unknown>;
const text = (v: unknown): string | null => (v == null || v === '' ? null : String(v));
const yen = (v: unknown): string | null => (v == null ? null : `${String(Math.round(Number(v))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}円`);

/** A date of the row as 和暦 (令和8年5月15日), or as stored when it is not a plain date. */
function japaneseDate(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? (formatJapaneseDate(s) ?? s) : s;
}

/** The facts of one event in Japanese, label and value, in the order a reader wants them. */
export function entryFacts(event: FeedEvent): [string, string][] {
  const tender = (event.data.tender ?? {}) as Facts;
  const service = event.data.service as Facts | undefined;
  const pilot = event.data.localPilot as Facts | undefined;
  const status = text(tender.status);
  const start = japaneseDate(tender.contractStart);
  const end = japaneseDate(tender.contractEnd);
  const facts: [string, string | null][] = [
    ['種類', PUBLIC_EVENT_LABELS[event.type]],
    ['件名', text(tender.title)],
    ['回', tender.round != null ? `第${String(tender.round)}回` : null],
    ['対象公共サービス', service ? [text(service.ministryName), text(service.name)].filter(Boolean).join(' ') : null],
    ['地方公共団体の取組', pilot ? [text(pilot.municipalityName), text(pilot.title)].filter(Boolean).join(' ') : null],
    ['分類', event.category ? (labelOrNull(CATEGORY_LABELS.labels, event.category) ?? event.category) : null],
    ['落札方式', tender.awardCriteria ? labelOf(AWARD_CRITERIA_LABELS, tender.awardCriteria as AwardCriteria) : null],
    ['入札公告日', japaneseDate(tender.announcedOn)],
    ['入札締切日', japaneseDate(tender.bidDeadline)],
    ['契約期間', start || end ? `${start ?? '—'} 〜 ${end ?? '—'}` : null],
    ['状態', status ? (labelOrNull(TENDER_STATUS_LABELS.labels, status) ?? status) : null],
    // Present only once the round is opened (開札): sealed until then, never in the row before.
    ['開札日', japaneseDate(tender.openedOn)],
    ['落札者', text(tender.winnerName)],
    ['契約金額', yen(tender.contractAmountYen)],
    ['予定価格', yen(tender.reservePriceYen)],
    ['応札者数', tender.numberOfBidders != null ? `${String(tender.numberOfBidders)}者` : null],
  ];
  return facts.filter((f): f is [string, string] => f[1] != null && f[1] !== '');
}

function labelOrNull(labels: Readonly<Record<string, readonly string[]>>, value: string): string | null {
  return labels[value]?.[0] ?? null;
}

export interface FeedLinks {
  /** scheme://host of the request, as the client sees it. */
  base: string;
  /** The request's own URL. */
  self: string;
}

/** The Atom 1.0 document (RFC 4287) of the events, newest first. */
export function tenderFeedXml(events: readonly FeedEvent[], filter: FeedFilter, links: FeedLinks): string {
  const newest = events.reduce<Date | null>((at, e) => (at && at >= e.occurredAt ? at : e.occurredAt), null);
  const feed = new Feed({
    id: `${TAG}:feed:tenders${canonicalQuery(filter)}`,
    title: `${FEED_TITLE}${filterInWords(filter)}`,
    description: '市場化テスト（競争の導入による公共サービスの改革）の入札の公告・変更・開札の通知。開札前の入札内容は含まない。',
    updated: newest ?? EMPTY_FEED_UPDATED,
    generator: false,
    language: 'ja',
    link: `${links.base}/graphql`,
    feedLinks: { atom: links.self },
    author: { name: PUBLISHER.name, link: links.base },
  });
  for (const event of events) {
    const facts = entryFacts(event);
    const tender = (event.data.tender ?? {}) as Facts;
    const category = event.category as TargetProjectCategory | null;
    feed.addItem({
      id: `${TAG}:public-event:${event.id}`,
      // Titles and contents are type="html": the row's text is escaped, so it reads as written.
      title: escapeHtml(event.title),
      // The round as an OCDS record (a public document of every round); the GraphQL API otherwise.
      link: event.tenderId != null ? `${links.base}/ocds/records/${ocidOf(event.tenderId)}` : `${links.base}/graphql`,
      date: event.occurredAt,
      description: escapeHtml(
        [PUBLIC_EVENT_LABELS[event.type], text(tender.title), tender.round != null ? `第${String(tender.round)}回` : null]
          .filter(Boolean)
          .join(' '),
      ),
      content: `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
      category: [
        { term: event.type, name: PUBLIC_EVENT_LABELS[event.type], scheme: `${TAG}:public-event-type` },
        ...(category && Object.values(TargetProjectCategory).includes(category)
          ? [{ term: category, name: labelOf(CATEGORY_LABELS, category), scheme: `${TAG}:service-category` }]
          : []),
      ],
    });
  }
  return feed.atom1();
}
