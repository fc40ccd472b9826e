import { bad, ok, type Parsed } from './parsed.model.js';

/**
 * Units a money column may name in its header (docs/domain.md "Units and calendars": tables use
 * 千円, 百万円, 億円; amounts are stored in yen), as powers of ten.
 */
export const YEN_UNITS = { 円: 0, 千円: 3, 百万円: 6, 億円: 8 } as const;
export type YenUnit = keyof typeof YEN_UNITS;

/** The `Yen` scalar's ceiling (docs/api.md "Scalars"): exact JS integers only. */
const MAX_YEN = BigInt(Number.MAX_SAFE_INTEGER);

/** A number as people type it: full-width digits folded (NFKC), thousands separators and a currency sign dropped. */
function cleanNumber(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/^[¥\\]/, '')
    .replace(/円$/, '')
    .replace(/[,、\s]/g, '');
}

/** Text of a numeric cell, without the exponent notation JS uses for very large or small numbers. */
function numberText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : value.toFixed(10).replace(/0+$/, '');
}

/**
 * An amount in `unit` as integer yen: `1,234` 千円 is 1,234,000 yen; `12.5` 百万円 is
 * 12,500,000. Decimal arithmetic is exact (BigInt), so no float rounding can move a yen;
 * an amount that is not a whole number of yen, negative, or beyond 2^53 − 1 is refused.
 */
export function parseYen(value: string | number, unit: YenUnit = '円'): Parsed<number> {
  const text = typeof value === 'number' ? numberText(value) : cleanNumber(value);
  if (text === '') return bad('empty');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return bad(`${value} is not an amount`);
  if (m[1] === '-') return bad('an amount cannot be negative');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const exponent = YEN_UNITS[unit];
  if (fraction.length > exponent) return bad(`${value}${unit === '円' ? '' : ` ${unit}`} is not a whole number of yen`);
  const yen = BigInt(m[2] + fraction.padEnd(exponent, '0'));
  if (yen > MAX_YEN) return bad(`${value} ${unit} is too large (at most ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')} yen)`);
  return ok(Number(yen));
}

/** A decimal number such as a score (`1,001.81`, full-width digits allowed). */
export function parseDecimal(value: string | number): Parsed<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : bad(`${value} is not a number`);
  const text = cleanNumber(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return bad(`${value} is not a number`);
  return ok(Number(text));
}

/** A positive whole number such as a round (回次): `3`, `３`, `第3回`. */
export function parseRound(value: string | number): Parsed<number> {
  const text =
    typeof value === 'number'
      ? String(value)
      : value
          .normalize('NFKC')
          .trim()
          .replace(/^第\s*(\d+)\s*回$/, '$1');
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) return bad(`${value} is not a round number (1, 2, 3, …)`);
  return ok(Number(text));
}
