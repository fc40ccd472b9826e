/**
 * R030 — Late bid won.
 *
 * What it measures: whether a valid bid dated after the submission deadline
 * (`/tender/tenderPeriod/endDate`) came from a supplier of an active award. The process and
 * that tenderer are flagged, 1.0.
 *
 * Why it matters: a buyer can favour a bidder by accepting its bid after the deadline,
 * possibly after leaking what the others offered. Dates are often recorded carelessly, so a
 * flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/030.md and src/indicators/r030.rs. As in the
 * reference, "after" compares the two date strings as text (byte order), not as instants, so
 * dates must share a format and offset to compare meaningfully.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { arrayMember, type JsonObject, member, objectMember, organizationIds, stringMember } from './release.service.js';

export class LateBidWon implements Indicator {
  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    const deadline = stringMember(objectMember(objectMember(release, 'tender'), 'tenderPeriod'), 'endDate');
    const awards = arrayMember(release, 'awards');
    const details = arrayMember(member(release, 'bids'), 'details');
    if (deadline === undefined || !awards || !details) return;

    const suppliers = new Set<string>();
    for (const award of awards) {
      if (stringMember(award, 'status') === 'active') {
        for (const id of organizationIds(arrayMember(award, 'suppliers'))) suppliers.add(id);
      }
    }
    for (const bid of details) {
      const date = stringMember(bid, 'date');
      const tenderers = arrayMember(bid, 'tenderers');
      if (stringMember(bid, 'status') !== 'valid' || date === undefined || !tenderers) continue;
      if (compareAsUtf8(date, deadline) <= 0) continue;
      for (const id of organizationIds(tenderers)) {
        if (!suppliers.has(id)) continue;
        context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R030, 1);
        context.results.set(ResultGroup.Tenderer, id, IndicatorCode.R030, 1);
        context.results.addTenderer('ocid_tenderer_r030', ocid, id);
      }
    }
  }
}

/**
 * Rust compares strings byte by byte in UTF-8, which is code-point order. JavaScript's `<`
 * compares UTF-16 units, which disagrees for characters above U+FFFF against U+E000–U+FFFF.
 */
function compareAsUtf8(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
}
