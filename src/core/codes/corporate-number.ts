/**
 * 法人番号 (corporate number): 13 digits, the first a check digit over the 12 base digits.
 *
 * docs/domain.md, from the National Tax Agency's specification: check digit = 9 − (Σ Pn·Qn mod 9),
 * Pn the base digit in position n counted from the right, Qn = 1 for odd n and 2 for even n.
 * 国税庁's own number is 7000012050002.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError('a corporate number base has 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for 13 digits whose first digit is the check digit of the other 12. */
export function isValidCorporateNumber(value: string): boolean {
  return /^\d{13}$/.test(value) && corporateNumberCheckDigit(value.slice(1)) === Number(value[0]);
}
