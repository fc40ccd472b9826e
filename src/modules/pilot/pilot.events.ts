import type { DomainEvent } from '../../core/pipeline/events.js';
import type { LocalPilot } from './local-pilot.entity.js';

/** What happens to a local pilot (ARCHITECTURE.md "The write pipeline"). */
export const PilotEvents = {
  registered: 'pilot.registered',
  changed: 'pilot.changed',
  /** Its status moved (by hand, or by an award or a failed round). */
  moved: 'pilot.moved',
} as const;

export function pilotEvent(
  pilot: LocalPilot,
  type: (typeof PilotEvents)[keyof typeof PilotEvents],
  data: Record<string, unknown> = {},
): DomainEvent {
  return {
    type,
    subjectType: 'LocalPilot',
    subjectId: pilot.id,
    localPilotId: pilot.id,
    data: { municipalityId: pilot.municipality.id, status: pilot.status, title: pilot.title, ...data },
  };
}
