import type { DomainEvent } from '../../core/pipeline/events.js';
import type { Evaluation } from './evaluation.entity.js';

/** What happens to an evaluation (ARCHITECTURE.md "The write pipeline"). */
export const EvaluationEvents = {
  /** An evaluation and its decision (continue, re-tender, exit…) were recorded. */
  recorded: 'evaluation.recorded',
} as const;

export function evaluationEvent(evaluation: Evaluation): DomainEvent {
  return {
    type: EvaluationEvents.recorded,
    subjectType: 'Evaluation',
    subjectId: evaluation.id,
    projectId: evaluation.project.id,
    data: { decision: evaluation.decision },
  };
}
