import type { DomainEvent } from '../../core/pipeline/events.js';
import type { BasicPolicy } from './basic-policy.entity.js';
import type { PolicyEntry } from './policy-entry.entity.js';

/** What happens to the basic policy (ARCHITECTURE.md "The write pipeline"). */
export const PolicyEvents = {
  /** An edition of the basic policy (公共サービス改革基本方針) was adopted. */
  adopted: 'policy.adopted',
  /** A service was named in an edition (selected, continued, exited…). */
  entryAdded: 'policy.entry-added',
} as const;

export function policyEvent(policy: BasicPolicy): DomainEvent {
  return {
    type: PolicyEvents.adopted,
    subjectType: 'BasicPolicy',
    subjectId: policy.id,
    data: { decidedOn: policy.decidedOn, fiscalYear: policy.fiscalYear },
  };
}

export function policyEntryEvent(entry: PolicyEntry, projectId: number, policyId: number): DomainEvent {
  return {
    type: PolicyEvents.entryAdded,
    subjectType: 'PolicyEntry',
    subjectId: entry.id,
    projectId,
    data: { policyId, action: entry.action },
  };
}
