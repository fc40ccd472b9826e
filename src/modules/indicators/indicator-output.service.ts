import { formatF64 } from './f64-format.service.js';
import type { IndicatorResults } from './indicator-results.service.js';
import { roundForMeta } from './statistics.service.js';

/** Which optional keys to print (the reference's `--no-meta` and `--map`). */
export interface OutputOptions {
  /** Include "Meta" (quartiles and fences); the reference includes it unless --no-meta. */
  readonly meta?: boolean;
  /** Include "Maps" (only if the run kept maps). */
  readonly maps?: boolean;
}

/** A JSON value whose objects keep their key order (plain objects reorder "1", "2" keys). */
type Ordered = number | string | null | readonly Ordered[] | ReadonlyMap<string, Ordered>;

/**
 * The reference's output as a plain object (ocdscardinal src/main.rs, `Commands::Indicators`):
 * `{"OCID": {...}, "Buyer": {...}, "ProcuringEntity": {...}, "Tenderer": {...}}` with only
 * the groups that have results, then "Meta" (rounded to 4 decimals, NaN as null), then "Maps".
 * For comparing or passing on; `formatIndicatorsJson` prints the exact text.
 */
export function toIndicatorsObject(results: IndicatorResults, options: OutputOptions = {}): Record<string, unknown> {
  return toPlain(toOrdered(results, options)) as Record<string, unknown>;
}

/**
 * The exact text the reference prints: compact JSON (`serde_json::to_string`), numbers as
 * Rust prints f64 (`1.0`, not `1`), followed by a newline (`println!`). Key order follows
 * the reference where it is deterministic (see `IndicatorResults`).
 */
export function formatIndicatorsJson(results: IndicatorResults, options: OutputOptions = {}): string {
  return `${stringify(toOrdered(results, options))}\n`;
}

function toOrdered(results: IndicatorResults, { meta = true, maps = false }: OutputOptions): Map<string, Ordered> {
  const output = new Map<string, Ordered>();
  for (const [group, identifiers] of results.entries()) {
    output.set(group, new Map([...identifiers].map(([id, values]) => [id, new Map(values)])));
  }
  if (meta) {
    output.set(
      'Meta',
      new Map([...results.meta].map(([code, values]) => [code, new Map([...values].map(([k, v]) => [k, roundMetaOrNull(v)]))])),
    );
  }
  if (maps && results.maps) {
    const fields = new Map<string, Ordered>();
    for (const [field, mapping] of Object.entries(results.maps) as [string, Map<string, string | Set<string>>][]) {
      fields.set(field, new Map([...mapping].map(([ocid, v]) => [ocid, typeof v === 'string' ? v : [...v]])));
    }
    output.set('Maps', fields);
  }
  return output;
}

function roundMetaOrNull(value: number): number | null {
  const rounded = roundForMeta(value);
  return Number.isFinite(rounded) ? rounded : null;
}

function stringify(value: Ordered): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return formatF64(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  const members = [...(value as ReadonlyMap<string, Ordered>)].map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`);
  return `{${members.join(',')}}`;
}

function toPlain(value: Ordered): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const object: Record<string, unknown> = {};
  for (const [k, v] of value as ReadonlyMap<string, Ordered>) {
    // defineProperty, not assignment: an identifier may be "__proto__".
    Object.defineProperty(object, k, { value: toPlain(v), enumerable: true, writable: true, configurable: true });
  }
  return object;
}
