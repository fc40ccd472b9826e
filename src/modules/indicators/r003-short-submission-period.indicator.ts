/**
 * R003 — Short submission period.
 *
 * What it measures: the days between `/tender/tenderPeriod/startDate` and `endDate`, in
 * whole days. A process is flagged (value 1.0) when that is shorter than 15 days, or than
 * the threshold set for its `/tender/procurementMethodDetails`.
 *
 * Why it matters: a buyer favouring one bidder can tip it off early and leave everyone else
 * too little time to prepare a competitive bid. A short period is a reason to look (urgent
 * procedures are legitimately short), never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/003.md and src/indicators/r003.rs.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { type JsonObject, matchesProcurementMethod, objectMember, parsePipeSeparated, stringMember } from './release.service.js';
import { parseRfc3339, wholeDaysBetween } from './rfc3339.service.js';

/** R003.md "Configuration": 15 whole days unless the settings say otherwise. */
const DEFAULT_THRESHOLD_DAYS = 15;

export class ShortSubmissionPeriod implements Indicator {
  private readonly threshold: number;
  private readonly procurementMethods: ReadonlySet<string>;
  private readonly thresholdsByDetails: ReadonlyMap<string, number>;

  constructor(settings: NonNullable<IndicatorSettings['R003']>) {
    this.threshold = settings.threshold ?? DEFAULT_THRESHOLD_DAYS;
    this.procurementMethods = parsePipeSeparated(settings.procurement_methods);
    this.thresholdsByDetails = new Map(Object.entries(settings.procurement_method_details ?? {}));
  }

  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    const tender = objectMember(release, 'tender');
    if (!tender || !matchesProcurementMethod(tender, this.procurementMethods)) return;
    const period = objectMember(tender, 'tenderPeriod');
    const start = parseRfc3339(stringMember(period, 'startDate') ?? '');
    const end = parseRfc3339(stringMember(period, 'endDate') ?? '');
    if (!start || !end) return;
    const details = stringMember(tender, 'procurementMethodDetails');
    const threshold = (details !== undefined ? this.thresholdsByDetails.get(details) : undefined) ?? this.threshold;
    if (wholeDaysBetween(start, end) < threshold) context.results.set(ResultGroup.OCID, ocid, IndicatorCode.R003, 1);
  }
}
