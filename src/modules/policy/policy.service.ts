import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { fiscalYearOf } from '../../core/calendar/fiscal-year.js';
import { findByGlobalId } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { checkRange, checkText, LIMITS } from '../../core/text/limits.js';
import { requireAdmin } from '../access/scope.service.js';
import { recordChange } from '../history/history.service.js';
import { TargetProject } from '../project/target-project.entity.js';
import { BasicPolicy } from './basic-policy.entity.js';
import { PolicyEntry } from './policy-entry.entity.js';
import { PolicyEntryAction } from './policy.enum.js';
import type { AddPolicyEntryInput, CreateBasicPolicyInput } from './policy.inputs.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { policyEntryEvent, policyEvent } from './policy.events.js';

/** Basic policies are cabinet decisions: only the committee secretariat (ADMIN) records them. */
export async function createBasicPolicy(em: EntityManager, actor: Viewer, input: CreateBasicPolicyInput): Promise<BasicPolicy> {
  requireAdmin(actor, 'record basic policies');
  const problems = new Problems();
  checkText(problems, 'title', input.title, LIMITS.title);
  problems.throwIfAny();
  const supersedes = input.supersedesId
    ? await findByGlobalId(em, BasicPolicy, input.supersedesId, 'supersedesId')
    : await em.findOne(BasicPolicy, { decidedOn: { $lt: input.decidedOn } }, { orderBy: { decidedOn: 'desc', id: 'desc' } });
  if (supersedes && supersedes.decidedOn > input.decidedOn) {
    throw new DomainError(UserErrorCode.VALIDATION, `an edition cannot replace one decided later (${supersedes.decidedOn})`, [
      'input',
      'supersedesId',
    ]);
  }
  const policy = em.create(BasicPolicy, {
    title: input.title.trim(),
    decidedOn: input.decidedOn,
    fiscalYear: fiscalYearOf(input.decidedOn),
    supersedes,
  });
  await em.flush();
  recordChange(em, actor, {
    action: 'createBasicPolicy',
    objectType: 'BasicPolicy',
    objectId: policy.id,
    after: { title: policy.title, decidedOn: policy.decidedOn, supersedesId: supersedes?.globalId ?? null },
  });
  recordEvent(em, policyEvent(policy));
  return policy;
}

/**
 * Adds a line to a policy's appendix. A SELECT line dates the service's selection
 * (`selectedInFiscalYear`) when it is the earliest.
 */
export async function addPolicyEntry(em: EntityManager, actor: Viewer, input: AddPolicyEntryInput): Promise<PolicyEntry> {
  requireAdmin(actor, 'record basic-policy entries');
  const problems = new Problems();
  checkRange(problems, 'plannedTenderFiscalYear', input.plannedTenderFiscalYear, 2000, 2100);
  checkRange(problems, 'contractYears', input.contractYears, 1, 20);
  checkText(problems, 'notes', input.notes, LIMITS.note, false);
  problems.throwIfAny();
  const policy = await findByGlobalId(em, BasicPolicy, input.policyId, 'policyId');
  const project = await findByGlobalId(em, TargetProject, input.projectId, 'projectId');
  if (await em.count(PolicyEntry, { policy, project })) {
    throw new DomainError(UserErrorCode.DUPLICATE, 'this edition already has an entry for the service', ['input', 'projectId']);
  }
  const entry = em.create(PolicyEntry, {
    policy,
    project,
    action: input.action,
    method: input.method,
    plannedTenderFiscalYear: input.plannedTenderFiscalYear ?? null,
    contractYears: input.contractYears ?? null,
    notes: input.notes ?? null,
  });
  if (
    input.action === PolicyEntryAction.SELECT &&
    (project.selectedInFiscalYear == null || policy.fiscalYear < project.selectedInFiscalYear)
  ) {
    const before = project.selectedInFiscalYear ?? null;
    project.selectedInFiscalYear = policy.fiscalYear;
    recordChange(em, actor, {
      action: 'addPolicyEntry',
      objectType: 'TargetProject',
      objectId: project.id,
      before: { selectedInFiscalYear: before },
      after: { selectedInFiscalYear: policy.fiscalYear },
    });
  }
  await em.flush();
  recordChange(em, actor, {
    action: 'addPolicyEntry',
    objectType: 'PolicyEntry',
    objectId: entry.id,
    after: {
      policyId: policy.globalId,
      projectId: project.globalId,
      action: entry.action,
      method: entry.method,
      plannedTenderFiscalYear: entry.plannedTenderFiscalYear ?? null,
      contractYears: entry.contractYears ?? null,
      notes: entry.notes ?? null,
    },
  });
  recordEvent(em, policyEntryEvent(entry, project.id, policy.id));
  return entry;
}
