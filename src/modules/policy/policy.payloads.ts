import { payloadType } from '../../core/graphql/mutation.js';
import { BasicPolicy } from './basic-policy.entity.js';
import { PolicyEntry } from './policy-entry.entity.js';

export const CreateBasicPolicyPayload = payloadType(BasicPolicy, 'basicPolicy', 'CreateBasicPolicyPayload', 'Result of createBasicPolicy.');
export const AddPolicyEntryPayload = payloadType(PolicyEntry, 'policyEntry', 'AddPolicyEntryPayload', 'Result of addPolicyEntry.');
