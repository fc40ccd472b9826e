/**
 * How the insights page writes numbers for people: yen in 万円 / 億円 where that reads better
 * than a row of digits, rates as percentages, fiscal years in the era with the Western year
 * beside them (令和6年度（2024）). A figure the API answers as null ("nothing to divide") is a dash.
 */

/** A `Yen` answer: a number, or a string of digits past 2^53 (docs/api.md "Scalars"). */
export type YenValue = number | string;

const integer = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const DASH = '—';

/** 1,234億円 / 5,678万円 / 950円; negative amounts keep their sign. */
export function yen(value: YenValue | null | undefined): string {
  if (value == null) return DASH;
  const n = Number(value);
  const abs = Math.abs(n);
  if (abs >= 1e8) return `${oneDecimal.format(n / 1e8)}億円`;
  if (abs >= 1e4) return `${integer.format(Math.round(n / 1e4))}万円`;
  return `${integer.format(n)}円`;
}

/** 12.3% (a rate of 0–1). */
export function percent(rate: number | null | undefined): string {
  return rate == null ? DASH : `${oneDecimal.format(rate * 100)}%`;
}

/** 2.4 (an average). */
export function decimal(value: number | null | undefined): string {
  return value == null ? DASH : oneDecimal.format(value);
}

/** 1,234件 / 1,234. */
export function count(value: number, unit = ''): string {
  return `${integer.format(value)}${unit}`;
}

/** 令和6年度（2024）, or 2024年度 when the API has no era label. */
export function fiscalYear(year: number, label?: string | null): string {
  return label ? `${label}（${year}）` : `${year}年度`;
}

/** The short form for a chart's axis: R6, H30. */
export function fiscalYearShort(label: string | null | undefined, year: number): string {
  const m = label ? /^(令和|平成|昭和)(元|\d+)年度$/.exec(label) : null;
  if (!m) return String(year);
  const era = { 令和: 'R', 平成: 'H', 昭和: 'S' }[m[1] as '令和' | '平成' | '昭和'];
  return `${era}${m[2] === '元' ? 1 : m[2]}`;
}

/** For a chart's scale (numbers, not text): a rate as percent to one decimal (0.123 → 12.3). */
export function percentPoints(rate: number | null): number | null {
  return rate == null ? null : Math.round(rate * 1000) / 10;
}

/** For a chart's scale: a value to one decimal. */
export function tenths(value: number | null): number | null {
  return value == null ? null : Math.round(value * 10) / 10;
}

/** For a chart's scale: yen in 億円 to one decimal. */
export function okuYen(value: YenValue): number {
  return Math.round(Number(value) / 1e7) / 10;
}

const eraDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/** 令和6年4月1日 for 2024-04-01 (a `Date` of the API: a day, no time). */
export function japaneseDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : eraDate.format(date);
}
