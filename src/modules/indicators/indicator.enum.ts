/**
 * The red flags this engine reproduces, named by the codes of the Open Contracting
 * Partnership's Cardinal (ocdscardinal 0.0.8, docs/cli/indicators/index.md "Indicators").
 * The order is the reference's: src/lib.rs `add_indicators!` runs them in this order, and the
 * order decides which indicator sees a release first (it matters for the shared main currency).
 */
export enum IndicatorCode {
  R003 = 'R003',
  R018 = 'R018',
  R024 = 'R024',
  R025 = 'R025',
  R028 = 'R028',
  R030 = 'R030',
  R035 = 'R035',
  R036 = 'R036',
  R038 = 'R038',
  R048 = 'R048',
  R058 = 'R058',
}

/** Every implemented indicator, in the reference's order of evaluation. */
export const INDICATOR_CODES: readonly IndicatorCode[] = Object.values(IndicatorCode);

/**
 * What a result is about (docs/cli/indicators/index.md "Demonstration"): a contracting
 * process (`/ocid`), a buyer (`/buyer/id`), a procuring entity (`/tender/procuringEntity/id`)
 * or a tenderer (`/bids/details[]/tenderers[]/id`, or an award's supplier for R048).
 */
export enum ResultGroup {
  OCID = 'OCID',
  Buyer = 'Buyer',
  ProcuringEntity = 'ProcuringEntity',
  Tenderer = 'Tenderer',
}

/** Whether a string names an implemented indicator. */
export function isIndicatorCode(value: string): value is IndicatorCode {
  return (INDICATOR_CODES as readonly string[]).includes(value);
}
