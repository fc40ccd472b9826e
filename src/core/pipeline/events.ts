import type { Knex } from '@mikro-orm/knex';
import { BUMP_DATA_VERSION_SQL } from '../db/data-version.js';

/**
 * A domain event: what a write did, in the words of the domain ("tender.awarded",
 * "evaluation.recorded"), recorded in the outbox in the write's own transaction so it exists
 * exactly when the write committed (ARCHITECTURE.md "The write pipeline"). Consumers (red
 * flags now, notifications later) read the outbox after the commit.
 *
 * An event states only what the public may see: a write that changed nothing but sealed
 * data records none, and an event about a round never carries its bids or reserve price
 * (docs/seal.md "Events").
 */
export interface DomainEvent {
  /** `<subject>.<what happened>`, e.g. `tender.awarded`; each module lists its own. */
  type: string;
  /** The object the event is about: its GraphQL type name and primary key (null for a bulk event). */
  subjectType: string;
  subjectId: number | null;
  /** The target service (対象公共サービス) the subject belongs to, if any. */
  projectId?: number | null;
  /** The local pilot (地方公共団体の試行) the subject belongs to, if any. */
  localPilotId?: number | null;
  /** Public facts a consumer needs to act without reading the database again. */
  data?: Record<string, unknown>;
}

/** An event as the outbox hands it to consumers: with its position and when it was recorded. */
export interface StoredEvent extends DomainEvent {
  id: number;
  recordedAt: Date;
}

/**
 * The events of one transaction, kept against its EntityManager (or knex transaction) until
 * the write commits them: services record as they go, `runMutation` writes them last.
 */
const pending = new WeakMap<object, DomainEvent[]>();

/** Records that `event` happened in the transaction of `em` (a service's call, beside `recordChange`). */
export function recordEvent(em: object, event: DomainEvent): void {
  const list = pending.get(em);
  if (list) list.push(event);
  else pending.set(em, [event]);
}

/** The events recorded in the transaction of `em` so far. */
export function eventsRecordedIn(em: object): readonly DomainEvent[] {
  return pending.get(em) ?? [];
}

/**
 * The last step of every public write, inside its transaction: the data version moves (every
 * cached answer is stale from the commit on, core/db/data-version.ts), then the events are
 * appended to the outbox. In that order on purpose: the version's row lock is held from the
 * bump to the commit, so outbox ids are handed out in commit order, on PostgreSQL as on
 * SQLite, and a consumer reading "every event after my position" can never pass over one
 * that commits later with a smaller id.
 */
export async function commitWrite(trx: Knex.Transaction | Knex, events: readonly DomainEvent[], now: Date = new Date()): Promise<void> {
  await trx.raw(BUMP_DATA_VERSION_SQL);
  if (!events.length) return;
  await trx('outbox_event').insert(
    events.map((e) => ({
      type: e.type,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      project_id: e.projectId ?? null,
      local_pilot_id: e.localPilotId ?? null,
      data: e.data ? JSON.stringify(e.data) : null,
      recorded_at_ms: now.getTime(),
    })),
  );
}

/** Reads outbox rows into events. */
export function storedEvent(row: Record<string, unknown>): StoredEvent {
  return {
    id: Number(row.id),
    type: String(row.type),
    subjectType: String(row.subject_type),
    subjectId: row.subject_id == null ? null : Number(row.subject_id),
    projectId: row.project_id == null ? null : Number(row.project_id),
    localPilotId: row.local_pilot_id == null ? null : Number(row.local_pilot_id),
    data: row.data == null ? undefined : (JSON.parse(String(row.data)) as Record<string, unknown>),
    recordedAt: new Date(Number(row.recorded_at_ms)),
  };
}
