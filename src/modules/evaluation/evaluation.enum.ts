import { registerEnumType } from 'type-graphql';
import type { LabelSet } from '../../core/text/labels.js';

/** What the committee decided after evaluating a contract (docs/domain.md "Evaluation"). */
export enum EvaluationDecision {
  EXIT = 'EXIT',
  CONTINUE = 'CONTINUE',
  RETENDER_WITH_IMPROVEMENTS = 'RETENDER_WITH_IMPROVEMENTS',
}

registerEnumType(EvaluationDecision, {
  name: 'EvaluationDecision',
  description: "評価の結論 (the committee's decision after evaluating a contract).",
  valuesConfig: {
    EXIT: { description: '市場化テスト終了 (the service leaves market testing).' },
    CONTINUE: { description: '継続 (market testing continues with the next round).' },
    RETENDER_WITH_IMPROVEMENTS: { description: '改善の上再実施 (tender again with revised guidelines).' },
  },
});

// Japanese labels (core/text/labels.ts), read in `Evaluation.decisionLabel` and event titles.
export const EVALUATION_DECISION_LABELS: LabelSet<EvaluationDecision> = {
  what: '評価の結論',
  labels: { EXIT: ['市場化テスト終了'], CONTINUE: ['継続'], RETENDER_WITH_IMPROVEMENTS: ['改善の上再実施'] },
};
