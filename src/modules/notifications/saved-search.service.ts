import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId, knexIn } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { badUserInput } from '../../core/graphql/errors.js';
import { searchTerms, tooManySearchTerms } from '../../core/text/search-text.js';
import { ApiToken } from '../access/api-token.entity.js';
import { readMinistryNames, resolveMinistries } from '../ministry/ministry-codes.service.js';
import { resolveLocalGovernments } from '../municipality/local-government-codes.service.js';
import { EventFilter } from './event-filter.inputs.js';
import type { SavedSearchWrite } from './notifications.payloads.js';
import { SavedSearch } from './saved-search.entity.js';
import type { CreateSavedSearchInput, UpdateSavedSearchInput } from './saved-search.inputs.js';
import { checkWebhookUrl, WebhookUrlError } from './webhook-url.service.js';

/** Saved searches one token may keep. */
export const MAX_SAVED_SEARCHES_PER_TOKEN = 100;
const MAX_TEXT = 200;

/** A new signing secret: 32 random bytes, as the well-known providers shape theirs. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Checks a filter and answers it as stored: ministries named by code or Japanese name (kept
 * as codes), local governments by known code; an unknown value is refused naming the closest
 * known ones (docs/notifications.md "Filters").
 */
export async function normaliseEventFilter(
  em: EntityManager,
  filter: EventFilter | null | undefined,
  problems: Problems,
  field = 'filter',
): Promise<EventFilter> {
  const out: EventFilter = Object.assign(new EventFilter(), filter ?? {});
  const knex = knexIn(em);
  if (filter?.ministryCodes?.length) {
    const { ministries, problems: unknown } = resolveMinistries(filter.ministryCodes, await readMinistryNames(knex));
    for (const problem of unknown) problems.add(`${field}.ministryCodes`, problem);
    out.ministryCodes = ministries.map((m) => m.code);
  }
  if (filter?.municipalityCodes?.length) {
    const { localGovernments, problems: unknown } = await resolveLocalGovernments(knex, filter.municipalityCodes);
    for (const problem of unknown) problems.add(`${field}.municipalityCodes`, problem);
    out.municipalityCodes = localGovernments.map((m) => m.code);
  }
  if (filter?.text != null) {
    const length = [...filter.text].length;
    if (length > MAX_TEXT) problems.add(`${field}.text`, `has ${length} characters; at most ${MAX_TEXT} are allowed`);
    const tooMany = tooManySearchTerms(searchTerms(filter.text));
    if (tooMany) problems.add(`${field}.text`, tooMany);
    out.text = filter.text.trim() || null;
  }
  if (filter?.minAmountYen != null && filter.maxAmountYen != null && filter.minAmountYen > filter.maxAmountYen) {
    problems.add(`${field}.maxAmountYen`, 'the maximum amount is below the minimum');
  }
  // Stored as plain JSON: without the lists left empty.
  for (const key of Object.keys(out) as (keyof EventFilter)[]) {
    const value = out[key];
    if (value == null || (Array.isArray(value) && !value.length)) delete out[key];
  }
  return out;
}

function checkName(problems: Problems, name: string | null | undefined, required: boolean): string | null {
  if (name == null) {
    if (required) problems.add('name', 'a name is needed');
    return null;
  }
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) problems.add('name', 'a name has 1 to 100 characters');
  return trimmed;
}

async function checkUrl(problems: Problems, url: string, allowedHosts: readonly string[]): Promise<string | null> {
  try {
    return (await checkWebhookUrl(url, allowedHosts)).toString();
  } catch (err) {
    if (!(err instanceof WebhookUrlError)) throw err;
    problems.add('webhookUrl', err.message);
    return null;
  }
}

/** A saved search of the caller's (an admin: anyone's), or NOT_FOUND exactly as for an id that is none. */
export async function ownSavedSearch(em: EntityManager, actor: Viewer, id: string, field = 'id'): Promise<SavedSearch> {
  const search = await findByGlobalId(em, SavedSearch, id, field, { lock: true });
  if (actor.role !== Role.ADMIN && search.token.id !== actor.tokenId) {
    throw new DomainError(UserErrorCode.NOT_FOUND, `no SavedSearch has the id ${id}`, ['input', field]);
  }
  return search;
}

export async function createSavedSearch(
  em: EntityManager,
  actor: Viewer,
  input: CreateSavedSearchInput,
  allowedHosts: readonly string[],
): Promise<SavedSearchWrite> {
  const problems = new Problems();
  const name = checkName(problems, input.name, true);
  const filter = await normaliseEventFilter(em, input.filter, problems);
  const url = input.webhookUrl != null ? await checkUrl(problems, input.webhookUrl, allowedHosts) : null;
  problems.throwIfAny();
  const count = await em.count(SavedSearch, { token: actor.tokenId! });
  if (count >= MAX_SAVED_SEARCHES_PER_TOKEN) {
    throw new DomainError(
      UserErrorCode.INVALID_STATE,
      `a token keeps at most ${MAX_SAVED_SEARCHES_PER_TOKEN} saved searches: delete one first`,
    );
  }
  const secret = url ? newWebhookSecret() : null;
  const search = em.create(SavedSearch, {
    token: em.getReference(ApiToken, actor.tokenId!),
    name: name!,
    filter,
    webhookUrl: url,
    webhookSecret: secret,
  });
  await em.flush();
  return { savedSearch: search, webhookSecret: secret };
}

export async function updateSavedSearch(
  em: EntityManager,
  actor: Viewer,
  input: UpdateSavedSearchInput,
  allowedHosts: readonly string[],
): Promise<SavedSearchWrite> {
  const problems = new Problems();
  const name = checkName(problems, input.name, false);
  const filter = input.filter ? await normaliseEventFilter(em, input.filter, problems) : null;
  if (input.removeWebhook && input.webhookUrl != null) problems.add('removeWebhook', 'give a new webhookUrl or removeWebhook, not both');
  const url = input.webhookUrl != null ? await checkUrl(problems, input.webhookUrl, allowedHosts) : null;
  problems.throwIfAny();
  const search = await ownSavedSearch(em, actor, input.id);
  if (search.version !== input.expectedVersion) {
    throw new DomainError(UserErrorCode.STALE_VERSION, 'the saved search was changed meanwhile: read it again and retry', [
      'input',
      'expectedVersion',
    ]);
  }
  if (name) search.name = name;
  if (filter) search.filter = filter;
  let secret: string | null = null;
  if (url && url !== search.webhookUrl) {
    search.webhookUrl = url;
    search.webhookSecret = secret = newWebhookSecret();
  }
  if (input.removeWebhook && search.webhookUrl) {
    search.webhookUrl = null;
    search.webhookSecret = null;
    await knexIn(em)('webhook_delivery').where({ saved_search_id: search.id, status: 'PENDING' }).delete();
  }
  await em.flush();
  return { savedSearch: search, webhookSecret: secret };
}

export async function rotateWebhookSecret(em: EntityManager, actor: Viewer, id: string): Promise<SavedSearchWrite> {
  const search = await ownSavedSearch(em, actor, id);
  if (!search.webhookUrl) throw new DomainError(UserErrorCode.INVALID_STATE, 'this saved search has no webhook', ['input', 'id']);
  search.webhookSecret = newWebhookSecret();
  await em.flush();
  return { savedSearch: search, webhookSecret: search.webhookSecret };
}

export async function deleteSavedSearch(em: EntityManager, actor: Viewer, id: string): Promise<SavedSearch> {
  const search = await ownSavedSearch(em, actor, id);
  const gone = Object.assign(Object.create(SavedSearch.prototype) as SavedSearch, search);
  em.remove(search);
  await em.flush();
  return gone;
}

/** A filter given to a query or a subscription: normalised, or BAD_USER_INPUT naming what is wrong. */
export async function eventFilterArgument(em: EntityManager, filter: EventFilter | null | undefined): Promise<EventFilter | null> {
  if (!filter) return null;
  const problems = new Problems();
  const normal = await normaliseEventFilter(em, filter, problems);
  if (problems.list.length)
    throw badUserInput(problems.list.map((p) => `${p.field?.slice(1).join('.')}: ${p.message}`).join('; '), 'filter');
  return normal;
}
