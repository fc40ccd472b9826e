/**
 * R048 — Heterogeneous supplier.
 *
 * What it measures: for each supplier, how many distinct top-level classifications (the first
 * 2 characters of `/awards[]/items[]/classification/id`, e.g. the UNSPSC segment or CPV
 * division) its awarded items span, across all processes. Among suppliers awarded in at
 * least 20 processes, one is flagged when its variety is at or above the upper fence
 * Q3 + 1.5·IQR (or the configured threshold); the value is the variety.
 *
 * Why it matters: a firm that supplies everything from medicine to road works may be a front
 * company or an intermediary extracting rent, with a risk of poor value. Distributors and
 * conglomerates are also varied, so a flag is a reason to look, never a verdict.
 *
 * Rule: ocdscardinal 0.0.8 docs/cli/indicators/R/048.md and src/indicators/r048.rs. Only
 * active awards to a single supplier count. Results are in the Tenderer group.
 */
import { IndicatorCode, ResultGroup } from './indicator.enum.js';
import type { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { arrayMember, type JsonObject, objectMember, stringMember } from './release.service.js';
import { quartiles, upperFence } from './statistics.service.js';

export class HeterogeneousSupplier implements Indicator {
  private readonly digits: number;
  private readonly threshold: number | undefined;
  private readonly minimumContractingProcesses: number;
  /** Per supplier: processes with classified awarded items, and the classification prefixes. */
  private readonly suppliers = new Map<string, { processes: number; prefixes: Set<string> }>();

  constructor(settings: NonNullable<IndicatorSettings['R048']>) {
    this.digits = settings.digits ?? 2;
    this.threshold = settings.threshold;
    this.minimumContractingProcesses = settings.minimum_contracting_processes ?? 20;
  }

  fold(release: JsonObject, _ocid: string, _context: FoldContext): void {
    const seenInThisProcess = new Set<string>();
    for (const award of arrayMember(release, 'awards') ?? []) {
      const items = arrayMember(award, 'items');
      const suppliers = arrayMember(award, 'suppliers');
      // An award to several suppliers does not say who supplies what; counting it for each
      // would overstate their variety.
      if (stringMember(award, 'status') !== 'active' || !items || suppliers?.length !== 1) continue;
      const supplierId = stringMember(suppliers[0], 'id');
      if (supplierId === undefined) continue;
      for (const item of items) {
        const code = stringMember(objectMember(item, 'classification'), 'id');
        if (code === undefined) continue;
        let entry = this.suppliers.get(supplierId);
        if (!entry) this.suppliers.set(supplierId, (entry = { processes: 0, prefixes: new Set() }));
        if (!seenInThisProcess.has(supplierId)) {
          seenInThisProcess.add(supplierId);
          entry.processes += 1;
        }
        // Rust's `chars().take(n)`: n Unicode characters, not UTF-16 units.
        entry.prefixes.add(Array.from(code).slice(0, this.digits).join(''));
      }
    }
  }

  finalize(results: IndicatorResults): void {
    const varieties = [...this.suppliers]
      .filter(([, s]) => s.processes >= this.minimumContractingProcesses)
      .map(([id, s]) => [id, s.prefixes.size] as const);
    let fence = this.threshold;
    if (fence === undefined) {
      const computed = quartiles(varieties.map(([, variety]) => variety));
      results.setMeta(IndicatorCode.R048, 'q1', computed.q1);
      results.setMeta(IndicatorCode.R048, 'q3', computed.q3);
      fence = upperFence(computed);
    }
    results.setMeta(IndicatorCode.R048, 'upper_fence', fence);
    for (const [id, variety] of varieties) {
      if (variety >= fence) results.set(ResultGroup.Tenderer, id, IndicatorCode.R048, variety);
    }
  }
}
