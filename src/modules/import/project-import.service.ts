import type { Viewer } from '../../core/auth/viewer.js';
import { Problems } from '../../core/graphql/user-error.js';
import { checkText, LIMITS } from '../../core/text/limits.js';
import { TargetProjectStatus } from '../project/project.enum.js';
import { PROJECT_LIFECYCLE, PROJECT_TRANSITIONS } from '../project/target-project-lifecycle.service.js';
import type { ProjectRecord } from './import-records.model.js';
import { ProjectModel, type ImportWorld, type MinistryRef } from './import-world.model.js';
import { projectRoundsRefusal, reachable, RowProblems, scopeRefusal } from './import-rules.service.js';

/** The ministry a row names, in the caller's scope, or null with the problem recorded. */
export function rowMinistry(
  world: ImportWorld,
  actor: Viewer,
  problems: RowProblems,
  row: { row: number; ministry: string },
): MinistryRef | null {
  const ministry = world.ministry(row.ministry);
  if (!ministry) {
    problems.add(row.row, 'ministry', row.ministry, 'NOT_FOUND: no ministry has this code or name (e.g. MOJ or 法務省)');
    return null;
  }
  const refusal = scopeRefusal(actor, ministry);
  if (refusal) {
    problems.add(row.row, 'ministry', row.ministry, refusal);
    return null;
  }
  return ministry;
}

/** The one service a row names by 府省 + 事業名, or null with the problem recorded. */
export function rowProject(
  world: ImportWorld,
  problems: RowProblems,
  row: { row: number; projectName: string },
  ministry: MinistryRef,
): ProjectModel | null {
  const found = world.projectsNamed(ministry.id, row.projectName);
  if (found.length === 1) return found[0];
  problems.add(
    row.row,
    'projectName',
    row.projectName,
    found.length === 0
      ? `NOT_FOUND: ${ministry.name} has no service of this name: import the projects table first`
      : `DUPLICATE: ${ministry.name} has ${found.length} services of this name; rename one through the API first`,
  );
  return null;
}

/**
 * Applies the projects table (対象公共サービス) to the world. A service is keyed by 府省 +
 * 事業名: a new one is created in the state the row gives (SELECTED when blank), an existing
 * one gets the row's details, and its state moves to the row's if the lifecycle leads there
 * (target-project-lifecycle.service) and the state fits its latest recorded round.
 */
export function planProjects(world: ImportWorld, records: readonly ProjectRecord[], actor: Viewer, problems: RowProblems): ProjectModel[] {
  const seen = new Map<ProjectModel | string, number>();
  const touched: ProjectModel[] = [];
  for (const r of records) {
    const ministry = rowMinistry(world, actor, problems, r);
    if (!ministry) continue;
    const checks = new Problems();
    checkText(checks, 'name', r.name, LIMITS.name);
    checkText(checks, 'summary', r.summary, LIMITS.summary);
    if (checks.list.length) {
      problems.addAll(r.row, checks, r as unknown as Record<string, unknown>);
      continue;
    }
    const key = `${ministry.id}\u0000${r.name}`;
    if (seen.has(key)) {
      problems.add(r.row, 'name', r.name, `DUPLICATE: the same service is on row ${seen.get(key)}`);
      continue;
    }
    seen.set(key, r.row);
    const found = world.projectsNamed(ministry.id, r.name);
    if (found.length > 1) {
      problems.add(
        r.row,
        'name',
        r.name,
        `DUPLICATE: ${ministry.name} has ${found.length} services of this name; rename one through the API first`,
      );
      continue;
    }
    let project = found[0];
    if (!project) {
      project = world.addProject(
        new ProjectModel(
          null,
          ministry,
          {
            name: r.name,
            summary: r.summary,
            category: r.category,
            method: r.method,
            baselineAnnualCostYen: r.baselineAnnualCostYen,
            status: r.status ?? TargetProjectStatus.SELECTED,
            version: 1,
            kana: null,
          },
          true,
        ),
      );
    } else {
      const from = project.current.status;
      Object.assign(project.current, {
        summary: r.summary,
        category: r.category,
        method: r.method,
        baselineAnnualCostYen: r.baselineAnnualCostYen,
      });
      if (r.status && r.status !== from) {
        if (!reachable(PROJECT_TRANSITIONS, from, r.status)) {
          problems.add(r.row, 'status', r.status, `INVALID_TRANSITION: ${PROJECT_LIFECYCLE.cannotMove(from, r.status)}`);
          continue;
        }
        project.current.status = r.status;
      }
      const refusal = projectRoundsRefusal(project.current.status, project.lastTender());
      if (refusal) {
        problems.add(r.row, 'status', r.status ?? from, refusal);
        continue;
      }
    }
    project.rows.add(r.row);
    touched.push(project);
  }
  return touched;
}
