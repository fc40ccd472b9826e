import { registerEnumType } from 'type-graphql';
import type { LabelSet } from '../../core/text/labels.js';

/** What a line of a basic policy's appendix (別表) says about a service. */
export enum PolicyEntryAction {
  SELECT = 'SELECT',
  REVISE = 'REVISE',
  CONTINUE = 'CONTINUE',
  END = 'END',
  ABOLISH = 'ABOLISH',
}

registerEnumType(PolicyEntryAction, {
  name: 'PolicyEntryAction',
  description: '基本方針別表での扱い (what the basic policy decides for the service).',
  valuesConfig: {
    SELECT: { description: '新規選定 (newly selected for market testing).' },
    REVISE: { description: '変更 (tendering terms revised).' },
    CONTINUE: { description: '継続 (continues under market testing).' },
    END: { description: '終了 (leaves market testing).' },
    ABOLISH: { description: '廃止 (the service is abolished).' },
  },
});

// Japanese labels (core/text/labels.ts), read in `PolicyEntry.actionLabel`.
export const POLICY_ENTRY_ACTION_LABELS: LabelSet<PolicyEntryAction> = {
  what: '基本方針別表での扱い',
  labels: { SELECT: ['新規選定'], REVISE: ['変更'], CONTINUE: ['継続'], END: ['終了'], ABOLISH: ['廃止'] },
};
