import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { checkRange, checkText, LIMITS } from '../../core/text/limits.js';
import { requireMinistry, requireVersion } from '../access/scope.service.js';
import { diff, recordChange } from '../history/history.service.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { moveProject } from '../project/target-project-lifecycle.service.js';
import { TargetProject } from '../project/target-project.entity.js';
import { TenderStatus } from '../tender/tender.enum.js';
import { Tender } from '../tender/tender.entity.js';
import { EvaluationDecision } from './evaluation.enum.js';
import { Evaluation } from './evaluation.entity.js';
import type { CorrectEvaluationInput, QualityTargetInput, RecordEvaluationInput } from './evaluation.inputs.js';
import type { QualityTarget } from './quality-target.type.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { EvaluationEvents, evaluationEvent } from './evaluation.events.js';

/** The facts the exit criteria look at. */
export interface ExitFacts {
  seriousProblems: boolean;
  qualityTargets: readonly QualityTarget[];
  costReductionYen: number | null | undefined;
  /** 応札者数 of the evaluated contract's round. */
  numberOfBidders: number | null;
}

/** Each criterion, and whether all hold. */
export interface ExitAssessmentResult {
  met: boolean;
  noSeriousProblems: boolean;
  qualityTargetsAchieved: boolean;
  costReduced: boolean;
  competitive: boolean;
}

/**
 * docs/domain.md "Evaluation": a service leaves market testing when, broadly, there were no
 * serious problems, the quality targets were met, the cost fell below the baseline, and
 * there was real competition (more than one bidder); a single bid is the usual reason to
 * go round again. Reconstructed from secondary sources, so this is advice computed from
 * the data, never the committee's decision. With no quality targets recorded, "achieved"
 * cannot be shown and does not hold.
 */
export function assessExit(facts: ExitFacts): ExitAssessmentResult {
  const noSeriousProblems = !facts.seriousProblems;
  const qualityTargetsAchieved = facts.qualityTargets.length > 0 && facts.qualityTargets.every((q) => q.achieved);
  const costReduced = facts.costReductionYen != null && facts.costReductionYen > 0;
  const competitive = facts.numberOfBidders != null && facts.numberOfBidders > 1;
  return {
    met: noSeriousProblems && qualityTargetsAchieved && costReduced && competitive,
    noSeriousProblems,
    qualityTargetsAchieved,
    costReduced,
    competitive,
  };
}

// ---------------------------------------------------------------------------------------
// Writes.

/** The checks of an evaluation's facts, recorded or corrected: each given field within its limits. */
function checkEvaluationFacts(
  problems: Problems,
  input: { fiscalYear?: number | null; summary?: string | null; qualityTargets?: readonly QualityTargetInput[] | null },
  required: boolean,
): void {
  checkRange(problems, 'fiscalYear', input.fiscalYear, 2000, 2100);
  checkText(problems, 'summary', input.summary, LIMITS.summary, required);
  const targets = input.qualityTargets ?? [];
  if (targets.length > 50)
    problems.add('qualityTargets', `qualityTargets は 50 件までです（at most 50 quality targets, got ${targets.length}）`);
  targets.forEach((q, i) => {
    checkText(problems, `qualityTargets.${i}.indicator`, q.indicator, LIMITS.indicator);
    checkText(problems, `qualityTargets.${i}.target`, q.target, LIMITS.indicator);
    checkText(problems, `qualityTargets.${i}.actual`, q.actual, LIMITS.indicator);
  });
}

const trimmedTargets = (targets: readonly QualityTargetInput[]): QualityTarget[] =>
  targets.map((q) => ({ indicator: q.indicator.trim(), target: q.target.trim(), actual: q.actual.trim(), achieved: q.achieved }));

/** 経費削減率: the reduction as a share of the service's baseline. */
const reductionRate = (costReductionYen: number | null | undefined, baselineAnnualCostYen: number): number | null =>
  costReductionYen != null && baselineAnnualCostYen > 0 ? costReductionYen / baselineAnnualCostYen : null;

/** The fields of an evaluation that history records. */
function evaluationSnapshot(e: Evaluation): Record<string, unknown> {
  return {
    fiscalYear: e.fiscalYear,
    qualityTargets: e.qualityTargets,
    seriousProblems: e.seriousProblems,
    costReductionYen: e.costReductionYen ?? null,
    decision: e.decision,
    decidedOn: e.decidedOn,
    summary: e.summary,
  };
}

/** Records an evaluation and moves the service by its decision (docs/domain.md "Evaluation"). */
export async function recordEvaluation(em: EntityManager, actor: Viewer, input: RecordEvaluationInput): Promise<Evaluation> {
  const problems = new Problems();
  checkEvaluationFacts(problems, input, true);
  problems.throwIfAny();

  const project = await findByGlobalId(em, TargetProject, input.projectId, 'projectId', { lock: true });
  requireMinistry(actor, project.ministry.id, 'evaluate this service');
  if (project.status !== TargetProjectStatus.IN_OPERATION && project.status !== TargetProjectStatus.UNDER_EVALUATION) {
    throw new DomainError(
      UserErrorCode.INVALID_STATE,
      `the service is ${project.status}: only a service IN_OPERATION or UNDER_EVALUATION is evaluated`,
      ['input', 'projectId'],
    );
  }
  const tender = await findByGlobalId(em, Tender, input.tenderId, 'tenderId');
  if (tender.project?.id !== project.id)
    throw new DomainError(UserErrorCode.VALIDATION, 'the round belongs to another service', ['input', 'tenderId']);
  if (tender.status !== TenderStatus.AWARDED) {
    throw new DomainError(UserErrorCode.INVALID_STATE, `round ${tender.round} is ${tender.status}: only an awarded contract is evaluated`, [
      'input',
      'tenderId',
    ]);
  }
  const evaluation = em.create(Evaluation, {
    project,
    tender,
    fiscalYear: input.fiscalYear,
    qualityTargets: trimmedTargets(input.qualityTargets),
    seriousProblems: input.seriousProblems,
    costReductionYen: input.costReductionYen ?? null,
    costReductionRate: reductionRate(input.costReductionYen, project.baselineAnnualCostYen),
    decision: input.decision,
    decidedOn: input.decidedOn,
    summary: input.summary.trim(),
  });
  await em.flush();
  recordEvent(em, evaluationEvent(evaluation));
  recordChange(em, actor, {
    action: 'recordEvaluation',
    objectType: 'Evaluation',
    objectId: evaluation.id,
    after: {
      projectId: project.globalId,
      tenderId: tender.globalId,
      fiscalYear: evaluation.fiscalYear,
      qualityTargets: evaluation.qualityTargets,
      seriousProblems: evaluation.seriousProblems,
      costReductionYen: evaluation.costReductionYen ?? null,
      decision: evaluation.decision,
      decidedOn: evaluation.decidedOn,
    },
  });
  // The committee's decision moves the service: it leaves market testing or goes round again.
  if (project.status === TargetProjectStatus.IN_OPERATION) {
    moveProject(em, actor, project, TargetProjectStatus.UNDER_EVALUATION, 'recordEvaluation');
  }
  const to = input.decision === EvaluationDecision.EXIT ? TargetProjectStatus.EXITED : TargetProjectStatus.GUIDELINES_DRAFTING;
  moveProject(em, actor, project, to, 'recordEvaluation', `evaluation decided ${input.decision}`);
  return evaluation;
}

/**
 * An evaluation recorded wrongly, corrected (docs/domain.md "Corrections"): its facts (year,
 * quality targets, serious problems, cost reduction, date, summary), each given field replacing
 * the recorded one; history keeps both. The decision is not corrected here: it moved the
 * service out of market testing or into the next round, and only a new decision moves it again.
 */
export async function correctEvaluation(em: EntityManager, actor: Viewer, input: CorrectEvaluationInput): Promise<Evaluation> {
  const problems = new Problems();
  checkEvaluationFacts(problems, input, false);
  checkText(problems, 'note', input.note, LIMITS.note);
  problems.throwIfAny();
  const evaluation = await findByGlobalId(em, Evaluation, input.id, 'id', { lock: true });
  const project = await em.findOneOrFail(TargetProject, { id: evaluation.project.id });
  requireMinistry(actor, project.ministry.id, 'correct evaluations of this service');
  requireVersion(evaluation.version, input.expectedVersion, 'the evaluation');
  const before = evaluationSnapshot(evaluation);
  if (input.fiscalYear != null) evaluation.fiscalYear = input.fiscalYear;
  if (input.qualityTargets != null) evaluation.qualityTargets = trimmedTargets(input.qualityTargets);
  if (input.seriousProblems != null) evaluation.seriousProblems = input.seriousProblems;
  if (input.costReductionYen !== undefined) {
    evaluation.costReductionYen = input.costReductionYen;
    evaluation.costReductionRate = reductionRate(input.costReductionYen, project.baselineAnnualCostYen);
  }
  if (input.decidedOn != null) evaluation.decidedOn = input.decidedOn;
  if (input.summary != null) evaluation.summary = input.summary.trim();
  const changed = diff(before, evaluationSnapshot(evaluation));
  if (changed) {
    await em.flush();
    recordChange(em, actor, {
      action: 'correctEvaluation',
      objectType: 'Evaluation',
      objectId: evaluation.id,
      ...changed,
      note: input.note,
    });
    recordEvent(em, evaluationEvent(evaluation, EvaluationEvents.corrected));
  }
  return evaluation;
}
