/**
 * A number as the reference prints it. serde_json writes an f64 with the `ryu` crate
 * (shortest text that reads back to the same double), laid out by ryu's `format64`: whole
 * numbers keep a `.0` (`1.0`), decimals are plain between 1e-5 and 1e16 (`0.00001`,
 * `1234.5`), and scientific outside it (`1e16`, `1.5e-7`, with no `+` and no `.0`).
 * serde_json writes non-finite values as `null`. JavaScript's shortest round-trip digits are
 * the same digits; only the layout differs, so it is redone here.
 */
export function formatF64(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [coefficient, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = coefficient.replace('.', '');
  const length = digits.length;
  // value = 0.digits × 10^point, i.e. digits × 10^(point − length).
  const point = Number(exponentText) + 1;
  const zeros = point - length;
  if (zeros >= 0 && point <= 16) return `${sign}${digits}${'0'.repeat(zeros)}.0`;
  if (point > 0 && point <= 16) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  if (point > -5 && point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  const mantissa = length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mantissa}e${point - 1}`;
}
