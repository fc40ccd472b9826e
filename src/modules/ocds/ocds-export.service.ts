import type { ExportFilter } from '../export/export-filter.service.js';
import { loadProcesses, processIds } from './ocds-data.service.js';
import { recordPackage, releasePackage } from './ocds-package.service.js';
import { releasesOf } from './ocds-release.service.js';
import { ocidOf, tenderIdOf } from './ocds.constants.js';
import type { ListDb } from '../../core/graphql/pagination/list-query.js';

/**
 * The release package of every contracting process the filter selects (each round's
 * releases, in round-id order), or null when none does: a package must hold at least one
 * release (release-package-schema.json, minItems 1).
 */
export async function exportReleasePackage(db: ListDb, filter: ExportFilter, uri: string, today?: string) {
  const processes = await loadProcesses(db, await processIds(db, filter));
  const releases = processes.flatMap((p) => releasesOf(p, today));
  return releases.length ? releasePackage(releases, { uri }) : null;
}

/** The record package of one process by its ocid, or null when there is no such process. */
export async function exportRecordPackage(db: ListDb, ocid: string, uri: string, today?: string) {
  const id = tenderIdOf(ocid);
  if (id === null) return null;
  const [process] = await loadProcesses(db, [id]);
  if (!process) return null;
  return recordPackage(ocidOf(id), releasesOf(process, today), { uri });
}
