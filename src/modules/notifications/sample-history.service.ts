import type { Knex } from '@mikro-orm/knex';
import type { StoredEvent } from '../../core/pipeline/events.js';
import { EvaluationEvents } from '../evaluation/evaluation.events.js';
import { PolicyEvents } from '../policy/policy.events.js';
import { TenderEvents } from '../tender/tender.events.js';
import { insertPublicEvents, publicEventsOf } from './public-event.service.js';

type Row = Record<string, unknown>;
const rows = async (query: Knex.QueryBuilder | Knex.Raw): Promise<Row[]> => {
  const result = (await query) as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
};

/** A calendar date at a time of day in Japan, as an instant. */
const atJst = (date: string, time: string) => new Date(`${date}T${time}+09:00`);

/**
 * The sample's recent history told as public events (seeds/seed.ts), so a new installation's
 * `publicEvents`, feed and subscriptions' examples have something to show: the `count` most
 * recent announcements (09:00 on the announcement date), openings (15:00 on the opening date),
 * evaluation decisions and basic policies up to `asOf`, built by the same code as the events
 * of real writes. They have no outbox event.
 */
export async function recordSampleHistory(knex: Knex.Transaction, asOf: string, count = 300): Promise<number> {
  const tenders = await rows(
    knex('tender').select('id', 'project_id', 'local_pilot_id', 'announced_on', 'opened_on', 'status').where('announced_on', '<=', asOf),
  );
  const evaluations = await rows(knex('evaluation').select('id', 'project_id', 'decision', 'decided_on').where('decided_on', '<=', asOf));
  const policies = await rows(knex('basic_policy').select('id', 'decided_on').where('decided_on', '<=', asOf));
  const events: StoredEvent[] = [];
  const owner = (t: Row) => ({
    projectId: t.project_id == null ? null : Number(t.project_id),
    localPilotId: t.local_pilot_id == null ? null : Number(t.local_pilot_id),
  });
  for (const t of tenders) {
    events.push({
      id: 0,
      type: TenderEvents.announced,
      subjectType: 'Tender',
      subjectId: Number(t.id),
      ...owner(t),
      data: { status: 'OPEN' },
      recordedAt: atJst(String(t.announced_on), '09:00:00'),
    });
    const opened = t.opened_on != null && String(t.opened_on) <= asOf;
    if (opened && (t.status === 'AWARDED' || t.status === 'UNSUCCESSFUL')) {
      events.push({
        id: 0,
        type: t.status === 'AWARDED' ? TenderEvents.awarded : TenderEvents.unsuccessful,
        subjectType: 'Tender',
        subjectId: Number(t.id),
        ...owner(t),
        data: { status: t.status },
        recordedAt: atJst(String(t.opened_on), '15:00:00'),
      });
    }
  }
  for (const e of evaluations) {
    events.push({
      id: 0,
      type: EvaluationEvents.recorded,
      subjectType: 'Evaluation',
      subjectId: Number(e.id),
      projectId: Number(e.project_id),
      data: { decision: e.decision },
      recordedAt: atJst(String(e.decided_on), '17:00:00'),
    });
  }
  for (const p of policies) {
    events.push({
      id: 0,
      type: PolicyEvents.adopted,
      subjectType: 'BasicPolicy',
      subjectId: Number(p.id),
      recordedAt: atJst(String(p.decided_on), '10:00:00'),
    });
  }
  // Oldest first, as writes would have recorded them; ties by kind and key, so a seed is repeatable.
  const recent = events
    .sort(
      (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.type.localeCompare(b.type) || (a.subjectId ?? 0) - (b.subjectId ?? 0),
    )
    .slice(-count);
  const drafts = (await publicEventsOf(recent, knex)).map((d) => ({ ...d, outboxEventId: null }));
  await insertPublicEvents(knex, drafts);
  return drafts.length;
}
