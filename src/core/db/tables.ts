/**
 * Every table of the application in an order that satisfies every foreign key: parents
 * before children. Copying and seeding write in this order; deleting goes backwards.
 */
export const TABLES_IN_ORDER = [
  'ministry',
  'municipality',
  'basic_policy',
  'target_project',
  'policy_entry',
  'guideline_milestone',
  'local_pilot',
  'bidder',
  'tender',
  'bid',
  'evaluation',
  'api_token',
  'change',
  'public_event',
  'saved_search',
  'webhook_delivery',
  'webhook_attempt',
] as const;

export type TableName = (typeof TABLES_IN_ORDER)[number];
