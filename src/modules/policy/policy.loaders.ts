import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { BasicPolicy } from './basic-policy.entity.js';
import { PolicyEntry } from './policy-entry.entity.js';

export const basicPolicyById = (ctx: Context) => byIdLoader(ctx, BasicPolicy, 'basic_policy');

export function basicPolicySource(ctx: Context): ListSource<BasicPolicy> {
  return { table: 'basic_policy', alias: 'bp', hydrate: hydrator(ctx, BasicPolicy) };
}

/** Newest decision first: the current edition is what people look for. */
export const BASIC_POLICY_ORDERING: Ordering = { name: 'DECIDED_ON:DESC', keys: [{ sql: 'bp.decided_on', direction: 'DESC' }] };

export function policyEntrySource(ctx: Context): ListSource<PolicyEntry> {
  return { table: 'policy_entry', alias: 'pe', hydrate: hydrator(ctx, PolicyEntry) };
}

/** A service's entries in the order the policies were decided: its history in the appendix. */
export const POLICY_ENTRY_BY_DECISION: Ordering = {
  name: 'POLICY_DECIDED_ON:ASC',
  keys: [{ sql: '(SELECT bp.decided_on FROM basic_policy bp WHERE bp.id = pe.policy_id)', direction: 'ASC' }],
};

/** A policy's appendix in the order its lines were recorded. */
export const POLICY_ENTRY_IN_APPENDIX: Ordering = { name: 'ID:ASC', keys: [] };
