import { payloadType } from '../../core/graphql/mutation.js';
import { Evaluation } from './evaluation.entity.js';

export const RecordEvaluationPayload = payloadType(Evaluation, 'evaluation', 'RecordEvaluationPayload', 'Result of recordEvaluation.');
export const CorrectEvaluationPayload = payloadType(Evaluation, 'evaluation', 'CorrectEvaluationPayload', 'Result of correctEvaluation.');
