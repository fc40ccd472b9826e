import { toGlobalId } from '../../core/graphql/global-id.js';
import { PUBLIC_EVENT_LABELS, type PublicEventType } from './public-event.enum.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.service.js';

/** What a delivery sends, read from its `public_event` row and its saved search. */
export interface WebhookSource {
  deliveryId: number;
  event: {
    id: number;
    type: string;
    occurredAtMs: number;
    subjectType: string;
    subjectId: number | null;
    title: string;
    ministryCode: string | null;
    municipalityCode: string | null;
    category: string | null;
    status: string | null;
    serviceStatus: string | null;
    amountYen: number | null;
    data: Record<string, unknown>;
  };
  savedSearch: { id: number; name: string };
}

/**
 * The JSON body of a delivery (docs/notifications.md "The request"): the public event as
 * `publicEvents` answers it, with the saved search it matched and the delivery's id. Ids are
 * global ids; `occurredAt` is ISO 8601 in UTC (`Z`), as every DateTime of the API.
 */
export function webhookBody(source: WebhookSource): Record<string, unknown> {
  const e = source.event;
  return {
    id: toGlobalId('PublicEvent', e.id),
    type: e.type,
    typeLabel: PUBLIC_EVENT_LABELS[e.type as PublicEventType] ?? e.type,
    occurredAt: new Date(e.occurredAtMs).toISOString(),
    title: e.title,
    subject: e.subjectId == null ? null : { type: e.subjectType, id: toGlobalId(e.subjectType, e.subjectId) },
    ministryCode: e.ministryCode,
    municipalityCode: e.municipalityCode,
    category: e.category,
    status: e.status,
    serviceStatus: e.serviceStatus,
    amountYen: e.amountYen,
    data: e.data,
    savedSearch: { id: toGlobalId('SavedSearch', source.savedSearch.id), name: source.savedSearch.name },
    deliveryId: toGlobalId('WebhookDelivery', source.deliveryId),
  };
}

export const WEBHOOK_USER_AGENT = 'market-testing-tracker-webhooks';

/** The raw body and the headers of a delivery, signed with the saved search's secret at `nowSeconds`. */
export function webhookRequest(
  source: WebhookSource,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(webhookBody(source));
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': WEBHOOK_USER_AGENT,
      'tracker-event-id': toGlobalId('PublicEvent', source.event.id),
      'tracker-delivery-id': toGlobalId('WebhookDelivery', source.deliveryId),
      [SIGNATURE_HEADER]: signWebhook(secret, body, nowSeconds),
    },
  };
}
