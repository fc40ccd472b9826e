import { registerEnumType } from 'type-graphql';

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
