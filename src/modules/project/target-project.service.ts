import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../core/auth/viewer.js';
import { findByGlobalId, knexIn } from '../../core/db/find.js';
import { DomainError, Problems, UserErrorCode } from '../../core/graphql/user-error.js';
import { moveByHand, type ChildrenUnderWay } from '../../core/lifecycle/lifecycle.js';
import { checkDateOrder, checkText, LIMITS } from '../../core/text/limits.js';
import { hiragana } from '../../core/text/search-text.js';
import { requireMinistry, requireVersion } from '../access/scope.service.js';
import { diff, recordChange } from '../history/history.service.js';
import { readMinistryNames, resolveMinistries } from '../ministry/ministry-codes.service.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { GuidelineMilestone } from './guideline-milestone.entity.js';
import type {
  CreateTargetProjectInput,
  RecordGuidelineMilestoneInput,
  TransitionTargetProjectInput,
  UpdateTargetProjectInput,
} from './project.inputs.js';
import { TargetProjectStatus } from './project.enum.js';
import { PROJECT_LIFECYCLE } from './target-project-lifecycle.service.js';
import { TargetProject } from './target-project.entity.js';
import { recordEvent } from '../../core/pipeline/events.js';
import { milestoneEvent, projectEvent, ProjectEvents } from './project.events.js';

/** The fields of a service that history records. */
export function projectSnapshot(p: TargetProject): Record<string, unknown> {
  return {
    name: p.name,
    summary: p.summary,
    category: p.category,
    method: p.method,
    baselineAnnualCostYen: p.baselineAnnualCostYen,
    status: p.status,
    kana: p.kana ?? null,
  };
}

/**
 * A reading as given (hiragana or katakana, full- or half-width, spaces between words) → as
 * stored: hiragana, spaces single; "" → null. Anything but kana, ー, ・ and spaces is a problem.
 */
export function readingOf(problems: Problems, value: string): string | null {
  const reading = hiragana(value.normalize('NFKC').replace(/\s+/g, ' ').trim());
  if (reading === '') return null;
  if (!/^[\u3041-\u3096\u309d\u309e\u30fc\u30fb ]+$/.test(reading)) {
    problems.add('kana', `kana はひらがなかカタカナで書いてください（「${value}」）（kana takes hiragana or katakana only）`);
  } else if ([...reading].length > LIMITS.name) {
    problems.add('kana', `kana は ${LIMITS.name} 文字までです（kana must be at most ${LIMITS.name} characters）`);
  }
  return reading;
}

export async function createTargetProject(em: EntityManager, actor: Viewer, input: CreateTargetProjectInput): Promise<TargetProject> {
  const problems = new Problems();
  checkText(problems, 'name', input.name, LIMITS.name);
  checkText(problems, 'summary', input.summary, LIMITS.summary);
  const kana = input.kana != null ? readingOf(problems, input.kana) : null;
  problems.throwIfAny();
  // The ministry by its code or its Japanese name, as every filter takes it (法務省 is MOJ).
  const named = resolveMinistries([input.ministryCode], await readMinistryNames(knexIn(em)));
  if (named.problems.length) throw new DomainError(UserErrorCode.NOT_FOUND, named.problems[0], ['input', 'ministryCode']);
  const ministry = await em.findOneOrFail(Ministry, { code: named.ministries[0].code });
  requireMinistry(actor, ministry.id, `create services of ${ministry.code}`);
  const project = em.create(TargetProject, {
    ministry,
    name: input.name.trim(),
    summary: input.summary.trim(),
    category: input.category,
    method: input.method,
    baselineAnnualCostYen: input.baselineAnnualCostYen,
    kana,
  });
  await em.flush();
  recordChange(em, actor, {
    action: 'createTargetProject',
    objectType: 'TargetProject',
    objectId: project.id,
    after: { ministryCode: ministry.code, ...projectSnapshot(project) },
  });
  recordEvent(em, projectEvent(project, ProjectEvents.created));
  return project;
}

export async function updateTargetProject(em: EntityManager, actor: Viewer, input: UpdateTargetProjectInput): Promise<TargetProject> {
  const problems = new Problems();
  checkText(problems, 'name', input.name, LIMITS.name, false);
  checkText(problems, 'summary', input.summary, LIMITS.summary, false);
  checkText(problems, 'note', input.note, LIMITS.note, false);
  const kana = input.kana != null ? readingOf(problems, input.kana) : undefined;
  problems.throwIfAny();
  const project = await findByGlobalId(em, TargetProject, input.id, 'id', { lock: true });
  requireMinistry(actor, project.ministry.id, 'change this service');
  requireVersion(project.version, input.expectedVersion, 'the service');
  const before = projectSnapshot(project);
  if (input.name != null) project.name = input.name.trim();
  if (input.summary != null) project.summary = input.summary.trim();
  if (input.category != null) project.category = input.category;
  if (input.method != null) project.method = input.method;
  if (input.baselineAnnualCostYen != null) project.baselineAnnualCostYen = input.baselineAnnualCostYen;
  if (kana !== undefined) project.kana = kana;
  const changed = diff(before, projectSnapshot(project));
  if (changed) {
    recordChange(em, actor, {
      action: 'updateTargetProject',
      objectType: 'TargetProject',
      objectId: project.id,
      ...changed,
      note: input.note,
    });
    recordEvent(em, projectEvent(project, ProjectEvents.changed, { fields: Object.keys(changed.after) }));
  }
  return project;
}

/**
 * A move by hand along the lifecycle (core/lifecycle `moveByHand`). A service leaves
 * TENDERING only once no round of it is under way; the rounds are the tender module's, a
 * layer above, so the resolver passes in the request context's `childrenUnderWay`
 * (the tender module's answer, wired by app.ts).
 */
export async function transitionTargetProject(
  em: EntityManager,
  actor: Viewer,
  input: TransitionTargetProjectInput,
  roundsUnderWay: ChildrenUnderWay,
): Promise<TargetProject> {
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  problems.throwIfAny();
  return moveByHand(em, TargetProject, PROJECT_LIFECYCLE, input, {
    authorize: (project) => requireMinistry(actor, project.ministry.id, 'move this service'),
    requireVersion: (current, expected) => requireVersion(current, expected, 'the service'),
    hold: {
      from: [TargetProjectStatus.TENDERING],
      underWay: (project) => roundsUnderWay(em, { type: TargetProject.name, id: project.id }),
      refusal:
        'この事業の入札がまだ終わっていません（予定・公告中・締切）。取り消すか、結果を記録してからにしてください（a tender round of this service is still planned, open or closed: cancel it or record its outcome first）',
    },
    snapshot: (project) => ({ status: project.status }),
    record: (project, before) => {
      recordChange(em, actor, {
        action: 'transitionTargetProject',
        objectType: 'TargetProject',
        objectId: project.id,
        before,
        after: { status: project.status },
        note: input.note,
      });
      recordEvent(em, projectEvent(project, ProjectEvents.moved, { from: before.status }));
    },
  });
}

export async function recordGuidelineMilestone(
  em: EntityManager,
  actor: Viewer,
  input: RecordGuidelineMilestoneInput,
): Promise<GuidelineMilestone> {
  const problems = new Problems();
  checkText(problems, 'note', input.note, LIMITS.note, false);
  checkDateOrder(problems, [
    ['occurredOn', input.occurredOn],
    ['endsOn', input.endsOn],
  ]);
  problems.throwIfAny();
  const project = await findByGlobalId(em, TargetProject, input.projectId, 'projectId', { lock: true });
  requireMinistry(actor, project.ministry.id, 'record milestones of this service');
  if (project.status === TargetProjectStatus.ABOLISHED || project.status === TargetProjectStatus.EXITED) {
    throw new DomainError(UserErrorCode.INVALID_STATE, `the service is ${project.status}: its guidelines are closed`, [
      'input',
      'projectId',
    ]);
  }
  const milestone = em.create(GuidelineMilestone, {
    project,
    kind: input.kind,
    occurredOn: input.occurredOn,
    endsOn: input.endsOn ?? null,
    note: input.note ?? null,
  });
  await em.flush();
  recordChange(em, actor, {
    action: 'recordGuidelineMilestone',
    objectType: 'GuidelineMilestone',
    objectId: milestone.id,
    after: {
      projectId: project.globalId,
      kind: milestone.kind,
      occurredOn: milestone.occurredOn,
      endsOn: milestone.endsOn ?? null,
      note: milestone.note ?? null,
    },
  });
  recordEvent(em, milestoneEvent(milestone, project));
  return milestone;
}
