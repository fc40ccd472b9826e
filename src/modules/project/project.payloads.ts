import { payloadType } from '../../core/graphql/mutation.js';
import { GuidelineMilestone } from './guideline-milestone.entity.js';
import { TargetProject } from './target-project.entity.js';

export const CreateTargetProjectPayload = payloadType(
  TargetProject,
  'targetProject',
  'CreateTargetProjectPayload',
  'Result of createTargetProject.',
);
export const UpdateTargetProjectPayload = payloadType(
  TargetProject,
  'targetProject',
  'UpdateTargetProjectPayload',
  'Result of updateTargetProject.',
);
export const TransitionTargetProjectPayload = payloadType(
  TargetProject,
  'targetProject',
  'TransitionTargetProjectPayload',
  'Result of transitionTargetProject.',
);
export const RecordGuidelineMilestonePayload = payloadType(
  GuidelineMilestone,
  'guidelineMilestone',
  'RecordGuidelineMilestonePayload',
  'Result of recordGuidelineMilestone.',
);
