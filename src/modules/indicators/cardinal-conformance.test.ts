import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIndicatorsJson, toIndicatorsObject } from './indicator-output.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import { calculateIndicatorsFromFile } from './indicators.service.js';

/**
 * Cardinal's own indicator test vectors (ocdscardinal 0.0.8, tests/fixtures/indicators,
 * described in reference/cardinal-fixtures/SOURCE.md). Each NAME.jsonl must give exactly
 * NAME.expected, which omits "Meta".
 */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = resolve(PROJECT_ROOT, 'reference/cardinal-fixtures/indicators');
const NAMES = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.jsonl'))
  .map((file) => file.slice(0, -'.jsonl'.length))
  .sort();

/**
 * The settings a vector's name encodes (SOURCE.md; the reference's build.rs): the first part
 * enables an indicator; one more part is only a description; two more are a property and its
 * value (an integer if all digits); more are a property holding a map of names to integers.
 * A `+` in a value stands for `|`.
 *
 * Besides the name, the reference's harness (build.rs, which generates the Rust tests from
 * these files) gives every vector `no_price_comparison_procurement_methods = NPC` and
 * `[exclusions] procurement_method_details = EXC`. SOURCE.md does not say so, but the vectors
 * rely on it: R024, R028, R036 and R058 hold processes marked NPC and EXC that must not be
 * flagged. So those two settings are added here too.
 */
function settingsForVector(name: string): IndicatorSettings {
  const [code, ...parts] = name.replaceAll('+', '|').split('-');
  let section: Record<string, unknown> = {};
  if (parts.length === 2) {
    const [property, value] = parts;
    section = { [property]: /^\d+$/.test(value) ? Number(value) : value };
  } else if (parts.length > 2) {
    const [property, ...pairs] = parts;
    const map: Record<string, number> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) map[pairs[i]] = Number(pairs[i + 1]);
    section = { [property]: map };
  }
  return {
    [code]: section,
    no_price_comparison_procurement_methods: 'NPC',
    exclusions: { procurement_method_details: 'EXC' },
  } as IndicatorSettings;
}

describe('Cardinal conformance (ocdscardinal 0.0.8 test vectors)', () => {
  it('finds all the vectors', () => {
    expect(NAMES.length).toBe(15);
  });

  for (const name of NAMES) {
    it(`reproduces ${name}`, async () => {
      const expected: unknown = JSON.parse(readFileSync(resolve(FIXTURES, `${name}.expected`), 'utf8'));
      const warnings: string[] = [];
      const results = await calculateIndicatorsFromFile(resolve(FIXTURES, `${name}.jsonl`), settingsForVector(name), {
        onWarning: (message) => warnings.push(message),
      });
      expect(toIndicatorsObject(results, { meta: false })).toEqual(expected);
      // The printed text, read back, is the same document (numbers print as Rust's f64s).
      expect(JSON.parse(formatIndicatorsJson(results, { meta: false }))).toEqual(expected);
      expect(warnings).toEqual([]);
    });
  }
});

describe('settingsForVector', () => {
  it('decodes each naming scheme of SOURCE.md', () => {
    const fixed = { no_price_comparison_procurement_methods: 'NPC', exclusions: { procurement_method_details: 'EXC' } };
    expect(settingsForVector('R038-tenderer')).toEqual({ R038: {}, ...fixed });
    expect(settingsForVector('R003-threshold-10')).toEqual({ R003: { threshold: 10 }, ...fixed });
    expect(settingsForVector('R003-procurement_methods-open+selective')).toEqual({
      R003: { procurement_methods: 'open|selective' },
      ...fixed,
    });
    expect(settingsForVector('R003-procurement_method_details-x-5-y-10')).toEqual({
      R003: { procurement_method_details: { x: 5, y: 10 } },
      ...fixed,
    });
  });
});
