/**
 * `a * b + c` rounded once, as Rust's `f64::mul_add` computes it. The reference computes its
 * fences with `mul_add` (ocdscardinal src/indicators/r024.rs: `(q3 - q1).mul_add(-1.5, q1)`),
 * and JavaScript has no fused multiply-add: `a * b + c` rounds twice and can land one unit in
 * the last place away, which flips a flag for a value sitting exactly on the fence. So the
 * exact result is computed with integers and rounded to nearest, ties to even (IEEE 754).
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const naive = a * b + c;
  // Non-finite operands and overflowing products follow IEEE rules that the naive form shares.
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(a * b)) return naive;
  const x = decompose(a);
  const y = decompose(b);
  const z = decompose(c);
  const productExponent = x.exponent + y.exponent;
  const exponent = Math.min(productExponent, z.exponent);
  const sum = ((x.mantissa * y.mantissa) << BigInt(productExponent - exponent)) + (z.mantissa << BigInt(z.exponent - exponent));
  // An exact zero takes its sign from IEEE addition, which the naive form gets right: a*b is
  // then exactly -c, so neither operation rounded.
  if (sum === 0n) return naive;
  return roundToDouble(sum, exponent);
}

/** Any finite double as mantissa × 2^exponent, with an integer (signed) mantissa. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  if (value === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return { mantissa: negative ? -mantissa : mantissa, exponent };
}

/** The double nearest to n × 2^exponent (ties to even), including subnormal results. */
function roundToDouble(n: bigint, exponent: number): number {
  const negative = n < 0n;
  let magnitude = negative ? -n : n;
  const bitLength = magnitude.toString(2).length;
  // Keep 53 significant bits, or fewer where the result is subnormal (last bit 2^-1074).
  const shift = Math.max(bitLength - 53, -1074 - exponent);
  let scale = exponent;
  if (shift > 0) {
    const dropped = magnitude & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    magnitude >>= BigInt(shift);
    if (dropped > half || (dropped === half && (magnitude & 1n) === 1n)) magnitude += 1n;
    scale += shift;
  }
  // Scale in two steps so that no intermediate power of two underflows or overflows.
  const firstStep = Math.trunc(scale / 2);
  const result = Number(magnitude) * 2 ** firstStep * 2 ** (scale - firstStep);
  return negative ? -result : result;
}
