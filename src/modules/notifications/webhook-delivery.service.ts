import type { EntityManager } from '@mikro-orm/core';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId } from '../../core/db/find.js';
import { DomainError, UserErrorCode } from '../../core/graphql/user-error.js';
import { WebhookDeliveryStatus } from './public-event.enum.js';
import { SavedSearch } from './saved-search.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/**
 * Sends a delivery again from the start (docs/notifications.md "Dead letters and redelivery"):
 * PENDING, due now, no tries yet in the new series (the earlier tries stay in its
 * `attemptLog`), any lease dropped, so an outcome of a send still in flight is not recorded.
 * Only the saved search's owner or an admin; anyone else gets NOT_FOUND exactly as for an id
 * that is none. A private write: no history, no event.
 */
export async function redeliverWebhook(em: EntityManager, actor: Viewer, id: string): Promise<WebhookDelivery> {
  const delivery = await findByGlobalId(em, WebhookDelivery, id, 'id', { lock: true });
  const search = await em.findOneOrFail(SavedSearch, delivery.savedSearch.id);
  if (actor.role !== Role.ADMIN && search.token.id !== actor.tokenId) {
    throw new DomainError(UserErrorCode.NOT_FOUND, `no WebhookDelivery has the id ${id}`, ['input', 'id']);
  }
  if (!search.webhookUrl) {
    throw new DomainError(UserErrorCode.INVALID_STATE, 'its saved search no longer has a webhook: set a webhookUrl first', ['input', 'id']);
  }
  delivery.status = WebhookDeliveryStatus.PENDING;
  delivery.attempts = 0;
  delivery.nextAttemptAtMs = Date.now();
  delivery.leaseUntilMs = null;
  delivery.lastStatusCode = null;
  delivery.lastError = null;
  delivery.deliveredAtMs = null;
  await em.flush();
  return delivery;
}
