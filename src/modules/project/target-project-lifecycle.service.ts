import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { Lifecycle, moveKey } from '../../core/lifecycle/lifecycle.js';
import { recordChange } from '../history/history.service.js';
import { TargetProjectStatus as S, PROJECT_STATUS_LABELS } from './project.enum.js';
import type { TargetProject } from './target-project.entity.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { projectEvent, ProjectEvents } from './project.events.js';

/** docs/domain.md "TargetProject", the lifecycle diagram, edge by edge ("any state → ABOLISHED"). */
export const PROJECT_TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.SELECTED]: [S.GUIDELINES_DRAFTING, S.ABOLISHED],
  [S.GUIDELINES_DRAFTING]: [S.PUBLIC_COMMENT, S.ABOLISHED],
  [S.PUBLIC_COMMENT]: [S.GUIDELINES_FIXED, S.ABOLISHED],
  [S.GUIDELINES_FIXED]: [S.TENDERING, S.ABOLISHED],
  [S.TENDERING]: [S.IN_OPERATION, S.GUIDELINES_DRAFTING, S.ABOLISHED],
  [S.IN_OPERATION]: [S.UNDER_EVALUATION, S.ABOLISHED],
  [S.UNDER_EVALUATION]: [S.EXITED, S.GUIDELINES_DRAFTING, S.ABOLISHED],
  [S.EXITED]: [S.ABOLISHED],
  [S.ABOLISHED]: [],
};

/**
 * Edges that record an event and so happen only through the mutation that records it:
 * an award puts a service in operation, an evaluation's decision ends or renews it.
 */
export const EVENT_EDGES: ReadonlyMap<string, string> = new Map([
  [moveKey(S.TENDERING, S.IN_OPERATION), 'awardTender'],
  [moveKey(S.UNDER_EVALUATION, S.EXITED), 'recordEvaluation'],
  [moveKey(S.UNDER_EVALUATION, S.GUIDELINES_DRAFTING), 'recordEvaluation'],
]);

/** A target service's lifecycle on the engine (core/lifecycle): refusals name "a target service". */
export const PROJECT_LIFECYCLE = new Lifecycle<S>('a target service', PROJECT_TRANSITIONS, EVENT_EDGES, PROJECT_STATUS_LABELS);

/** Moves a project as a consequence of another action (award, failed round, evaluation), with history. */
export function moveProject(em: EntityManager, actor: Viewer, project: TargetProject, to: S, action: string, note?: string | null): void {
  PROJECT_LIFECYCLE.follow(project, to, (from) => {
    recordChange(em, actor, {
      action,
      objectType: 'TargetProject',
      objectId: project.id,
      before: { status: from },
      after: { status: to },
      note,
    });
    recordEvent(em, projectEvent(project, ProjectEvents.moved, { from }));
  });
}
