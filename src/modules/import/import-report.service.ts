import type { ImportSummary, RowProblem, Tally } from './import-records.model.js';

/**
 * Columns a string takes in a terminal: East Asian wide and full-width characters take
 * two (Unicode UAX #11), so Japanese cells line up under their headers.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** A long cell shortened for the table (the reason column is never cut). */
function clip(text: string, max = 24): string {
  const single = text.replace(/\s+/g, ' ');
  return [...single].length > max ? `${[...single].slice(0, max - 1).join('')}…` : single;
}

/** Every problem, one line each: row (as the spreadsheet shows it), column, value, reason. */
export function formatProblems(problems: readonly RowProblem[]): string[] {
  const rows = problems.map((p) => [String(p.row), clip(p.column, 16), clip(p.value), p.reason]);
  const header = ['row', 'column', 'value', 'reason'];
  const widths = [0, 1, 2].map((i) => Math.max(displayWidth(header[i]), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) =>
    [pad(cells[0], widths[0], true), pad(cells[1], widths[1]), pad(cells[2], widths[2]), cells[3]].join('  ');
  return [line(header), ...rows.map(line)];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const tallyText = (t: Tally) => `created ${fmt(t.created)}, updated ${fmt(t.updated)}, unchanged ${fmt(t.unchanged)}`;

/** The summary lines at the end of an import. */
export function formatSummary(summary: ImportSummary): string[] {
  const labels = [summary.primary.kind, ...summary.related.map((r) => `${r.kind} (also)`), 'history'];
  const width = Math.max(...labels.map((l) => l.length)) + 1;
  return [
    `${`${summary.primary.kind}:`.padEnd(width)} ${tallyText(summary.primary.tally)}`,
    ...summary.related.map((r) => `${`${r.kind} (also):`.padEnd(width)} ${tallyText(r.tally)}`),
    `${'history:'.padEnd(width)} ${fmt(summary.historyEntries)} entries (action "import")`,
  ];
}
