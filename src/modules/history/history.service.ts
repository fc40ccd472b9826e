import type { EntityManager } from '@mikro-orm/core';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import { notePublicWrite } from '../../core/db/data-version.js';
import { Change } from './change.entity.js';

/** What changed on one object. Values must be JSON-safe (dates as strings, yen as numbers). */
export interface ChangeRecord {
  action: string;
  objectType: string;
  objectId: number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string | null;
  /** Set for entries that reveal a round's sealed data (bids, reserve price). */
  sealedTenderId?: number | null;
}

/**
 * Adds a history entry to the unit of work of the mutation's transaction, so the entry and
 * the change commit together or not at all. An entry without a seal marks the write as
 * public (it moves the data version); an entry under a seal stays out of sight until its
 * round opens (sealed-history.service.ts).
 */
export function recordChange(em: EntityManager, actor: Viewer, record: ChangeRecord): Change {
  const change = em.create(Change, {
    at: new Date(),
    actorTokenId: actor.tokenId,
    actorName: actor.name ?? (actor.role === Role.ANONYMOUS ? 'anonymous' : 'system'),
    actorRole: actor.role,
    action: record.action,
    objectType: record.objectType,
    objectId: record.objectId,
    before: record.before ?? null,
    after: record.after ?? null,
    note: record.note ?? null,
    sealedTenderId: record.sealedTenderId ?? null,
  });
  em.persist(change);
  if (change.sealedTenderId == null) notePublicWrite(em);
  return change;
}

/** The fields whose values differ between two snapshots, as `{ before, after }`. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
