import { compileReleases } from './ocds-merge.service.js';
import type { Release } from './ocds-release.service.js';
import { byDate } from './ocds-release.service.js';
import { BIDS_EXTENSION_URL, OCDS_VERSION, PUBLISHER } from './ocds.constants.js';

export interface OcdsPackageMeta {
  /** The package's own URI (where it can be fetched again). */
  uri: string;
}

/**
 * publishedDate: for a package generated on demand, the standard asks for the date of the
 * last change to its contents; that is the latest release's date, so the same data always
 * gives the same package.
 */
function publishedDate(releases: readonly Release[]): string {
  return [...releases].sort(byDate)[releases.length - 1].date;
}

/** A release package (release-package-schema.json) of one or more releases. */
export function releasePackage(releases: readonly Release[], meta: OcdsPackageMeta) {
  return {
    uri: meta.uri,
    version: OCDS_VERSION,
    extensions: [BIDS_EXTENSION_URL],
    publishedDate: publishedDate(releases),
    publisher: { ...PUBLISHER },
    releases: [...releases],
  };
}

/** A record package (record-package-schema.json) of one process: its releases and their compiled release. */
export function recordPackage(ocid: string, releases: readonly Release[], meta: OcdsPackageMeta) {
  const sorted = [...releases].sort(byDate);
  return {
    uri: meta.uri,
    version: OCDS_VERSION,
    extensions: [BIDS_EXTENSION_URL],
    publishedDate: publishedDate(sorted),
    publisher: { ...PUBLISHER },
    records: [{ ocid, releases: sorted, compiledRelease: compileReleases(sorted) }],
  };
}
