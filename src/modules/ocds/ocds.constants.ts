/**
 * The Open Contracting ID prefix of this publisher. OCDS ocids are `<prefix>-<local id>`;
 * prefixes are `ocds-` + six characters, registered with the Open Contracting Partnership.
 * `ocds-mttjp1` ("market testing tracker, Japan") is this project's choice and is NOT
 * registered yet: register it (or a replacement) before publishing, and never change it
 * afterwards, or every published ocid breaks. Each tender round is one contracting
 * process: `ocds-mttjp1-tender-<round's database id>`, stable for the database's life
 * (ids are never reused; db:copy keeps them).
 */
export const OCID_PREFIX = 'ocds-mttjp1';

export const OCDS_VERSION = '1.1';

/** The bids extension the releases use (ocds_bid_extension v1.1.5, the copy in reference/ocds-1.1.5). */
export const BIDS_EXTENSION_URL = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

export const PUBLISHER = { name: '市場化テスト トラッカー (Market Testing Tracker)' } as const;

export function ocidOf(tenderId: number): string {
  return `${OCID_PREFIX}-tender-${tenderId}`;
}

/** The round's id in an ocid of ours, or null. */
export function tenderIdOf(ocid: string): number | null {
  const m = new RegExp(`^${OCID_PREFIX}-tender-([1-9]\\d{0,14})$`).exec(ocid);
  return m ? Number(m[1]) : null;
}
