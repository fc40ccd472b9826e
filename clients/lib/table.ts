/**
 * Plain-text tables for terminals. Japanese (full-width) characters take two columns, so
 * widths are counted in columns, not characters.
 */
export function columns(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000
        ? 2
        : 1;
  }
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - columns(text)));
  return right ? fill + text : text + fill;
}

/** Renders rows under a header; columns named in `numeric` are right-aligned. */
export function table(header: string[], rows: string[][], numeric: number[] = []): string {
  const widths = header.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? '', widths[i], numeric.includes(i)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Yen as the API answers them: a number, or a string of digits past 2^53 − 1 (exact either way). */
export function yen(amount: number | string | null | undefined): string {
  return amount == null ? '-' : `${BigInt(amount).toLocaleString('ja-JP')}円`;
}

/**
 * An instant the API answers (ISO 8601, in UTC) as people in Japan read it, the offset written
 * out: `2026-12-04T20:15:00+09:00`. Japan keeps UTC+9 all year. (The server's commands use the
 * same rule, src/core/calendar; a client stands alone, so it carries its own line.)
 */
export function japanTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}
