import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule of ARCHITECTURE.md ("Dependencies"), as .dependency-cruiser.cjs
 * writes it: no import cycle, `core` knows no module or root, modules import only lower
 * layers. No exception: a single import against it fails the suite, naming the import.
 */

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function violations(): string[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'json',
        'src',
        'seeds',
      ],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  } catch (e) {
    // It exits non-zero when it finds violations; the JSON is on stdout all the same.
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  const result = JSON.parse(out) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(200);
  const names = result.summary.violations.map((v) => `${v.rule.name} ${v.from} → ${v.to}`);
  return [...new Set(names)].sort();
}

describe('the dependency rule (ARCHITECTURE.md "Dependencies")', () => {
  it('finds no import against it, and no cycle', { timeout: 120_000 }, () => {
    expect(violations()).toEqual([]);
  });
});
