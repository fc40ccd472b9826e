import type { QualityTarget } from './quality-target.type.js';

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
 * DOMAIN.md "Evaluation": a service leaves market testing when, broadly, there were no
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
