import { fusedMultiplyAdd } from './fused-multiply-add.service.js';

/**
 * Order statistics exactly as the reference computes them. Cardinal (ocdscardinal 0.0.8,
 * src/indicators/r024.rs and siblings) calls statrs 0.16's `Data::lower_quartile`,
 * `upper_quartile` and `percentile`, which are `quantile(tau)` with the R-8 estimator
 * (Hyndman & Fan type 8, median-unbiased) — not the R-7 method of spreadsheets and NumPy's
 * default. statrs (src/statistics/slice_statistics.rs, `quantile`):
 *
 *   h = (n + 1/3)·tau + 1/3, hf = ⌊h⌋ (truncated)
 *   hf ≤ 0 or tau = 0 → minimum;  hf ≥ n or tau ≈ 1 → maximum
 *   otherwise x₍hf₎ + (h − hf)(x₍hf+1₎ − x₍hf₎), with 1-based order statistics x₍i₎
 *
 * Empty data, or tau outside [0, 1], gives NaN; so does any NaN in the data (statrs's
 * minimum/maximum do; its selection with NaN depends on the reference's hash-map order, which
 * is not reproducible, so NaN is returned throughout).
 */
export function quantile(values: readonly number[], tau: number): number {
  return quantileOfSorted(sortForQuantiles(values), tau);
}

/** statrs `percentile(p)`: `quantile(p / 100)` for a natural number p (R025's upper fence). */
export function percentile(values: readonly number[], p: number): number {
  return quantile(values, p / 100);
}

/** First and third quartiles (statrs `lower_quartile`, `upper_quartile`). */
export interface Quartiles {
  readonly q1: number;
  readonly q3: number;
}

export function quartiles(values: readonly number[]): Quartiles {
  const sorted = sortForQuantiles(values);
  return { q1: quantileOfSorted(sorted, 0.25), q3: quantileOfSorted(sorted, 0.75) };
}

/**
 * Tukey's lower fence Q1 − 1.5·IQR, computed as the reference does:
 * `(q3 - q1).mul_add(-1.5, q1)` — a single rounding (src/indicators/r024.rs, r025.rs).
 */
export function lowerFence({ q1, q3 }: Quartiles): number {
  return fusedMultiplyAdd(q3 - q1, -1.5, q1);
}

/** Tukey's upper fence Q3 + 1.5·IQR: `(q3 - q1).mul_add(1.5, q3)` (r038.rs, r048.rs, r058.rs). */
export function upperFence({ q1, q3 }: Quartiles): number {
  return fusedMultiplyAdd(q3 - q1, 1.5, q3);
}

/**
 * How the reference rounds the numbers under its "Meta" key (src/indicators/mod.rs `round`:
 * `(v * 10_000.0).round() / 10_000.0`), with Rust's `round` taking halves away from zero.
 */
export function roundForMeta(value: number): number {
  const scaled = value * 10_000;
  const rounded = scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
  return rounded / 10_000;
}

/** Sorted copy, or null when the data holds NaN (see `quantile`). */
function sortForQuantiles(values: readonly number[]): number[] | null {
  if (values.some(Number.isNaN)) return null;
  // A comparator without subtraction: Infinity - Infinity is NaN and would unsettle the sort.
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function quantileOfSorted(sorted: readonly number[] | null, tau: number): number {
  if (!(tau >= 0 && tau <= 1) || sorted === null || sorted.length === 0) return NaN;
  const n = sorted.length;
  const h = (n + 1 / 3) * tau + 1 / 3;
  const hf = Math.trunc(h);
  if (hf <= 0 || tau === 0) return sorted[0];
  // statrs writes `ulps_eq!(tau, 1.0)`; only tau = 1 itself is that close among p/100 values.
  if (hf >= n || Math.abs(tau - 1) <= 4 * Number.EPSILON) return sorted[n - 1];
  const a = sorted[hf - 1];
  const b = sorted[hf];
  return a + (h - hf) * (b - a);
}
