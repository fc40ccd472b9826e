import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { todayInJapan } from '../../core/calendar/fiscal-year.js';
import { findByGlobalId } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { moveByHand, type ChildrenUnderWay } from '../../core/lifecycle/lifecycle.js';
import { checkDateOrder, checkText, LIMITS } from '../../core/text/limits.js';
import { requireMunicipality, requireVersion } from '../access/scope.service.js';
import { diff, recordChange } from '../history/history.service.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { PILOT_LIFECYCLE } from './local-pilot-lifecycle.service.js';
import { LocalPilot } from './local-pilot.entity.js';
import { LocalPilotStatus } from './pilot.enum.js';
import type { RegisterLocalPilotInput, TransitionLocalPilotInput, UpdateLocalPilotInput } from './pilot.inputs.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { pilotEvent, PilotEvents } from './pilot.events.js';

export function pilotSnapshot(p: LocalPilot): Record<string, unknown> {
  return {
    title: p.title,
    summary: p.summary ?? null,
    scheme: p.scheme,
    services: p.services,
    status: p.status,
    startedOn: p.startedOn ?? null,
    endedOn: p.endedOn ?? null,
    outcomes: p.outcomes,
  };
}

export async function registerLocalPilot(em: EntityManager, actor: Viewer, input: RegisterLocalPilotInput): Promise<LocalPilot> {
  const problems = new Problems();
  checkText(problems, 'title', input.title, LIMITS.title);
  checkText(problems, 'summary', input.summary, LIMITS.summary, false);
  if (input.services.length === 0) problems.add('services', 'name at least one service');
  problems.throwIfAny();
  const municipality = await em.findOne(Municipality, { code: input.municipalityCode });
  if (!municipality)
    throw new DomainError(UserErrorCode.NOT_FOUND, `no local government has the code ${input.municipalityCode}`, [
      'input',
      'municipalityCode',
    ]);
  requireMunicipality(actor, municipality.id, `register pilots of ${municipality.name}`);
  const pilot = em.create(LocalPilot, {
    municipality,
    title: input.title.trim(),
    summary: input.summary?.trim() || null,
    scheme: input.scheme,
    servicesList: '',
  });
  pilot.services = input.services;
  await em.flush();
  recordChange(em, actor, {
    action: 'registerLocalPilot',
    objectType: 'LocalPilot',
    objectId: pilot.id,
    after: { municipalityCode: municipality.code, ...pilotSnapshot(pilot) },
  });
  recordEvent(em, pilotEvent(pilot, PilotEvents.registered));
  return pilot;
}

export async function updateLocalPilot(em: EntityManager, actor: Viewer, input: UpdateLocalPilotInput): Promise<LocalPilot> {
  const problems = new Problems();
  checkText(problems, 'title', input.title, LIMITS.title, false);
  checkText(problems, 'summary', input.summary, LIMITS.summary, false);
  checkText(problems, 'note', input.note, LIMITS.note, false);
  if (input.services && input.services.length === 0) problems.add('services', 'name at least one service');
  if (input.outcomes && input.outcomes.length > 50) problems.add('outcomes', 'at most 50 outcomes');
  input.outcomes?.forEach((o, i) => {
    checkText(problems, `outcomes.${i}.indicator`, o.indicator, LIMITS.indicator);
    checkText(problems, `outcomes.${i}.unit`, o.unit, 40);
  });
  problems.throwIfAny();
  const pilot = await findByGlobalId(em, LocalPilot, input.id, 'id', { lock: true });
  requireMunicipality(actor, pilot.municipality.id, 'change this pilot');
  requireVersion(pilot.version, input.expectedVersion, 'the pilot');
  checkDateOrder(problems, [
    ['startedOn', input.startedOn ?? pilot.startedOn],
    ['endedOn', input.endedOn ?? pilot.endedOn],
  ]);
  problems.throwIfAny();
  const before = pilotSnapshot(pilot);
  if (input.title != null) pilot.title = input.title.trim();
  if (input.summary != null) pilot.summary = input.summary.trim();
  if (input.scheme != null) pilot.scheme = input.scheme;
  if (input.services != null) pilot.services = input.services;
  if (input.startedOn != null) pilot.startedOn = input.startedOn;
  if (input.endedOn != null) pilot.endedOn = input.endedOn;
  if (input.outcomes != null) {
    pilot.outcomes = input.outcomes.map((o) => ({
      indicator: o.indicator.trim(),
      unit: o.unit.trim(),
      before: o.before ?? null,
      after: o.after ?? null,
    }));
  }
  const changed = diff(before, pilotSnapshot(pilot));
  if (changed) {
    recordChange(em, actor, { action: 'updateLocalPilot', objectType: 'LocalPilot', objectId: pilot.id, ...changed, note: input.note });
    recordEvent(em, pilotEvent(pilot, PilotEvents.changed, { fields: Object.keys(changed.after) }));
  }
  return pilot;
}

/**
 * A move by hand along the lifecycle (core/lifecycle `moveByHand`); ENDED sets the end date
 * when none was recorded. A pilot leaves TENDERING only once no round of it is under way;
 * the rounds are the tender module's, a layer above, so the resolver passes in the request
 * context's `childrenUnderWay` (the tender module's answer, wired by app.ts).
 */
export async function transitionLocalPilot(
  em: EntityManager,
  actor: Viewer,
  input: TransitionLocalPilotInput,
  roundsUnderWay: ChildrenUnderWay,
): Promise<LocalPilot> {
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  return moveByHand(em, LocalPilot, PILOT_LIFECYCLE, input, {
    authorize: (pilot) => requireMunicipality(actor, pilot.municipality.id, 'move this pilot'),
    requireVersion: (current, expected) => requireVersion(current, expected, 'the pilot'),
    hold: {
      from: [LocalPilotStatus.TENDERING],
      underWay: (pilot) => roundsUnderWay(em, { type: LocalPilot.name, id: pilot.id }),
      refusal:
        'この取組の入札がまだ終わっていません（予定・公告中・締切）。取り消すか、結果を記録してからにしてください（a tender round of this pilot is still planned, open or closed: cancel it or record its outcome first）',
    },
    snapshot: pilotSnapshot,
    apply: (pilot) => {
      if (pilot.status === LocalPilotStatus.ENDED) pilot.endedOn ??= todayInJapan();
    },
    record: (pilot, before) => {
      recordChange(em, actor, {
        action: 'transitionLocalPilot',
        objectType: 'LocalPilot',
        objectId: pilot.id,
        ...diff(before, pilotSnapshot(pilot))!,
        note: input.note,
      });
      recordEvent(em, pilotEvent(pilot, PilotEvents.moved, { from: before.status }));
    },
  });
}
