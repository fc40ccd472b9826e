import { payloadType } from '../../core/graphql/mutation.js';
import { LocalPilot } from './local-pilot.entity.js';

export const RegisterLocalPilotPayload = payloadType(
  LocalPilot,
  'localPilot',
  'RegisterLocalPilotPayload',
  'Result of registerLocalPilot.',
);
export const UpdateLocalPilotPayload = payloadType(LocalPilot, 'localPilot', 'UpdateLocalPilotPayload', 'Result of updateLocalPilot.');
export const TransitionLocalPilotPayload = payloadType(
  LocalPilot,
  'localPilot',
  'TransitionLocalPilotPayload',
  'Result of transitionLocalPilot.',
);
