import type { DomainEvent } from '../../core/pipeline/events.js';
import type { GuidelineMilestone } from './guideline-milestone.entity.js';
import type { TargetProject } from './target-project.entity.js';

/** What happens to a target service (ARCHITECTURE.md "The write pipeline"). */
export const ProjectEvents = {
  created: 'project.created',
  changed: 'project.changed',
  /** Its status moved (by hand, or by an award, a failed round, an evaluation). */
  moved: 'project.moved',
  milestoneRecorded: 'project.milestone-recorded',
} as const;

export function projectEvent(
  project: TargetProject,
  type: (typeof ProjectEvents)[keyof typeof ProjectEvents],
  data: Record<string, unknown> = {},
): DomainEvent {
  return {
    type,
    subjectType: 'TargetProject',
    subjectId: project.id,
    projectId: project.id,
    // Its public facts as the write left them (the event tells what was true at its commit).
    data: {
      ministryId: project.ministry.id,
      status: project.status,
      name: project.name,
      category: project.category,
      baselineAnnualCostYen: project.baselineAnnualCostYen,
      ...data,
    },
  };
}

export function milestoneEvent(milestone: GuidelineMilestone, project: TargetProject): DomainEvent {
  return {
    type: ProjectEvents.milestoneRecorded,
    subjectType: 'GuidelineMilestone',
    subjectId: milestone.id,
    projectId: project.id,
    data: { ministryId: project.ministry.id, kind: milestone.kind, occurredOn: milestone.occurredOn },
  };
}
