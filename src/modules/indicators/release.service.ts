/**
 * Readers over one OCDS compiled release, with the reference's tolerance: a field of the
 * wrong JSON type counts as absent, never as an error (ocdscardinal src/lib.rs matches each
 * field with `if let Some(Value::String(..)) = ...`). The shared selections below are the
 * reference's `Indicators::get_*` helpers in src/lib.rs, which several indicators rely on.
 */

/** A JSON object as JSON.parse returns it. */
export type JsonObject = { readonly [key: string]: unknown };

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value.get(key)` in serde_json: only an object's own members, never inherited ones. */
export function member(value: unknown, key: string): unknown {
  return isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function stringMember(value: unknown, key: string): string | undefined {
  const found = member(value, key);
  return typeof found === 'string' ? found : undefined;
}

export function arrayMember(value: unknown, key: string): readonly unknown[] | undefined {
  const found = member(value, key);
  return Array.isArray(found) ? found : undefined;
}

export function objectMember(value: unknown, key: string): JsonObject | undefined {
  const found = member(value, key);
  return isJsonObject(found) ? found : undefined;
}

/**
 * A JSON number as `Number::as_f64()` gives it. serde_json (with arbitrary_precision, as the
 * reference builds it) yields no f64 for a literal out of f64 range; JSON.parse yields
 * ±Infinity there, so non-finite numbers count as absent.
 */
export function numberMember(value: unknown, key: string): number | undefined {
  const found = member(value, key);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/**
 * Splits a pipe-separated setting the way Rust's `split_terminator('|')` does (src/lib.rs
 * `parse_pipe_separated_value`): a trailing empty piece is dropped, so "" is the empty set.
 */
export function parsePipeSeparated(value: string | undefined): Set<string> {
  const pieces = (value ?? '').split('|');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return new Set(pieces);
}

/**
 * Global exclusion (docs/cli/indicators/index.md "Indicators"): a contracting process whose
 * `/tender/status` is cancelled is skipped by every indicator.
 */
export function isCancelledContractingProcess(release: JsonObject): boolean {
  return stringMember(member(release, 'tender'), 'status') === 'cancelled';
}

/**
 * `/tender/procurementMethod` filter (src/lib.rs `matches_procurement_method`): an empty
 * set matches everything; otherwise the method must be set and listed.
 */
export function matchesProcurementMethod(tender: JsonObject, methods: ReadonlySet<string>): boolean {
  if (methods.size === 0) return true;
  const method = stringMember(tender, 'procurementMethod');
  return method !== undefined && methods.has(method);
}

/**
 * `/tender/procurementMethodDetails` allow/deny list (src/lib.rs
 * `matches_procurement_method_details`; docs/cli/indicators/index.md "Global configuration"):
 * a non-empty allow list wins and needs the field set and listed; otherwise the deny list
 * excludes only a set, listed value.
 */
export function matchesProcurementMethodDetails(release: JsonObject, include: ReadonlySet<string>, exclude: ReadonlySet<string>): boolean {
  const details = stringMember(member(release, 'tender'), 'procurementMethodDetails');
  if (details === undefined) return include.size === 0;
  return include.size === 0 ? !exclude.has(details) : include.has(details);
}

/**
 * Bids counted as submitted (docs/cli/indicators/index.md, glossary "submitted"): a string
 * status other than invited or withdrawn, i.e. pending, valid or disqualified (and any
 * non-standard value, as the reference only rules out those two).
 */
export function submittedBids(release: JsonObject): unknown[] {
  const details = arrayMember(member(release, 'bids'), 'details') ?? [];
  return details.filter((bid) => {
    const status = stringMember(bid, 'status');
    return status !== undefined && status !== 'invited' && status !== 'withdrawn';
  });
}

/** Active awards and all bids of a process whose awards are all in a final state. */
export interface FinalAwardsAndBids {
  readonly completeAwards: readonly unknown[];
  readonly details: readonly unknown[];
}

/**
 * src/lib.rs `get_complete_awards_and_bids_if_all_awards_final`: results are only stable
 * once every award is final, so one award whose string status is anything but active,
 * cancelled or unsuccessful (pending, invalid, a typo) rules the process out. Awards without
 * a string status are ignored. Needs both `/awards` and `/bids/details` to be arrays.
 */
export function finalAwardsAndBids(release: JsonObject): FinalAwardsAndBids | undefined {
  const awards = arrayMember(release, 'awards');
  const details = arrayMember(member(release, 'bids'), 'details');
  if (!awards || !details) return undefined;
  const completeAwards: unknown[] = [];
  for (const award of awards) {
    const status = stringMember(award, 'status');
    if (status === undefined || status === 'cancelled' || status === 'unsuccessful') continue;
    if (status !== 'active') return undefined;
    completeAwards.push(award);
  }
  return { completeAwards, details };
}

/**
 * The one supplier of the only active award, when there is exactly one of each (the
 * price-comparison indicators' exclusions for multiple awards and multiple suppliers:
 * docs/cli/indicators/R/024.md "Exclusions", issues #14 and #17 of the reference).
 */
export function soleSupplierOfSoleAward(completeAwards: readonly unknown[]): string | undefined {
  if (completeAwards.length !== 1) return undefined;
  const suppliers = arrayMember(completeAwards[0], 'suppliers');
  if (!suppliers || suppliers.length !== 1) return undefined;
  return stringMember(suppliers[0], 'id');
}

/** A valid bid with an amount, a currency and exactly one tenderer. */
export interface PricedValidBid {
  readonly tendererId: string;
  readonly amount: number;
  readonly currency: string;
}

/**
 * src/lib.rs `get_tenderer_and_value_of_valid_bids`: bids with status valid, a numeric
 * `value/amount`, a string `value/currency` and a single tenderer with a string id (a bid by
 * several tenderers is excluded, reference issue #17).
 */
export function pricedValidBids(details: readonly unknown[]): PricedValidBid[] {
  const found: PricedValidBid[] = [];
  for (const bid of details) {
    if (stringMember(bid, 'status') !== 'valid') continue;
    const value = objectMember(bid, 'value');
    const amount = numberMember(value, 'amount');
    const currency = stringMember(value, 'currency');
    const tenderers = arrayMember(bid, 'tenderers');
    if (amount === undefined || currency === undefined || !tenderers || tenderers.length !== 1) continue;
    const tendererId = stringMember(tenderers[0], 'id');
    if (tendererId !== undefined) found.push({ tendererId, amount, currency });
  }
  return found;
}

/** The string ids of a list of organization references, skipping references without one. */
export function organizationIds(references: readonly unknown[] | undefined): string[] {
  const ids: string[] = [];
  for (const reference of references ?? []) {
    const id = stringMember(reference, 'id');
    if (id !== undefined) ids.push(id);
  }
  return ids;
}
