import type { DomainEvent } from '../../core/pipeline/events.js';
import type { Evaluation } from './evaluation.entity.js';

/** What happens to an evaluation (ARCHITECTURE.md "The write pipeline"). */
export const EvaluationEvents = {
  /** An evaluation and its decision (continue, re-tender, exit…) were recorded. */
  recorded: 'evaluation.recorded',
  /** An evaluation recorded wrongly was corrected (its facts; never its decision). */
  corrected: 'evaluation.corrected',
} as const;

export function evaluationEvent(
  evaluation: Evaluation,
  type: (typeof EvaluationEvents)[keyof typeof EvaluationEvents] = EvaluationEvents.recorded,
): DomainEvent {
  return {
    type,
    subjectType: 'Evaluation',
    subjectId: evaluation.id,
    projectId: evaluation.project.id,
    data: { decision: evaluation.decision },
  };
}
