import { IndicatorCode, ResultGroup } from './indicator.enum.js';

/**
 * The `--map` mappings from contracting processes to organizations (ocdscardinal
 * src/indicators/mod.rs `Maps`, in its field order, which is the order they are printed in).
 */
export interface IndicatorMaps {
  /** The buyer of each process in which at least one bid is disqualified (R038). */
  readonly ocid_buyer_r038: Map<string, string>;
  /** The procuring entity of each process in which at least one bid is disqualified (R038). */
  readonly ocid_procuringentity_r038: Map<string, string>;
  /** The tenderers that submitted bids in each process (with R025, R038 or R048). */
  readonly ocid_tenderer: Map<string, Set<string>>;
  /** The flagged tenderers of each flagged process, per indicator. */
  readonly ocid_tenderer_r024: Map<string, Set<string>>;
  readonly ocid_tenderer_r028: Map<string, Set<string>>;
  readonly ocid_tenderer_r030: Map<string, Set<string>>;
  readonly ocid_tenderer_r035: Map<string, Set<string>>;
  readonly ocid_tenderer_r058: Map<string, Set<string>>;
}

/** The per-process tenderer mappings, by field name. */
export type TendererMapField = {
  [K in keyof IndicatorMaps]: IndicatorMaps[K] extends Map<string, Set<string>> ? K : never;
}[keyof IndicatorMaps];

/** Results of one group: identifier → indicator → value. */
export type GroupResults = Map<string, Map<IndicatorCode, number>>;

/**
 * Everything a run produces: results per group, the quartiles and fences used ("Meta"), and
 * optionally the maps. Values are kept in insertion order; the reference's top-level order is
 * reproduced exactly (see `closeGroups`), while the order of identifiers and of indicators
 * within one identifier is hash-map order there, i.e. not reproducible, so here it is the
 * order in which results were found.
 */
export class IndicatorResults {
  private groups: [ResultGroup, GroupResults][] = [];
  readonly meta = new Map<IndicatorCode, Map<string, number>>();
  readonly maps: IndicatorMaps | null;

  constructor(options: { map?: boolean } = {}) {
    this.maps = options.map ? emptyMaps() : null;
  }

  /**
   * The reference's reduce step (src/lib.rs `Indicators::run`) creates the OCID group, then
   * the Tenderer group, before any indicator finalizes; Buyer and ProcuringEntity come later,
   * and only when flagged. Rayon runs that step even for an empty input, so the engine calls
   * this before reading anything.
   */
  openGroups(): void {
    if (this.groups.length === 0) {
      this.group(ResultGroup.OCID);
      this.group(ResultGroup.Tenderer);
    }
  }

  set(group: ResultGroup, id: string, code: IndicatorCode, value: number): void {
    const results = this.group(group);
    let values = results.get(id);
    if (!values) results.set(id, (values = new Map()));
    values.set(code, value);
  }

  setMeta(code: IndicatorCode, key: string, value: number): void {
    let values = this.meta.get(code);
    if (!values) this.meta.set(code, (values = new Map()));
    values.set(key, value);
  }

  /** Records a flagged (or participating) tenderer of a process, if maps are kept. */
  addTenderer(field: TendererMapField, ocid: string, id: string): void {
    if (!this.maps) return;
    let ids = this.maps[field].get(ocid);
    if (!ids) this.maps[field].set(ocid, (ids = new Set()));
    ids.add(id);
  }

  /**
   * Drops an empty OCID group, then an empty Tenderer group, the way the reference does:
   * `IndexMap::swap_remove`, which moves the last group into the freed place. So with only
   * Buyer and ProcuringEntity results the reference prints ProcuringEntity first.
   */
  closeGroups(): void {
    for (const name of [ResultGroup.OCID, ResultGroup.Tenderer]) {
      const index = this.groups.findIndex(([group]) => group === name);
      if (index === -1 || this.groups[index][1].size > 0) continue;
      const last = this.groups.pop()!;
      if (index < this.groups.length) this.groups[index] = last;
    }
  }

  /** Groups in output order, with their results. */
  entries(): readonly (readonly [ResultGroup, GroupResults])[] {
    return this.groups;
  }

  get(group: ResultGroup): GroupResults | undefined {
    return this.groups.find(([name]) => name === group)?.[1];
  }

  private group(name: ResultGroup): GroupResults {
    const found = this.get(name);
    if (found) return found;
    const created: GroupResults = new Map();
    this.groups.push([name, created]);
    return created;
  }
}

function emptyMaps(): IndicatorMaps {
  return {
    ocid_buyer_r038: new Map(),
    ocid_procuringentity_r038: new Map(),
    ocid_tenderer: new Map(),
    ocid_tenderer_r024: new Map(),
    ocid_tenderer_r028: new Map(),
    ocid_tenderer_r030: new Map(),
    ocid_tenderer_r035: new Map(),
    ocid_tenderer_r058: new Map(),
  };
}
