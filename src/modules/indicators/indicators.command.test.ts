import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runIndicatorsCli } from './indicators.command.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../reference/cardinal-fixtures/indicators');
const scratch = mkdtempSync(join(tmpdir(), 'indicators-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

async function cli(...argv: string[]) {
  let stdout = '';
  const stderr: string[] = [];
  const code = await runIndicatorsCli(argv, { write: (text) => (stdout += text), error: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

describe('npm run indicators', () => {
  it('prints what ocdscardinal prints, byte for byte where the reference order is fixed', async () => {
    const { code, stdout, stderr } = await cli(join(FIXTURES, 'R003.jsonl'), '--settings', file('r003.ini', '[R003]\n'), '--no-meta');
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(FIXTURES, 'R003.expected'), 'utf8'));
    expect(stderr).toEqual([]);
  });

  it('adds "Meta" unless --no-meta, as the reference does', async () => {
    const { stdout } = await cli(
      join(FIXTURES, 'R058.jsonl'),
      '-s',
      file('r058.ini', 'no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n[R058]\n'),
    );
    expect(stdout).toBe(
      '{"OCID":{"F":{"R058":100.0}},"Tenderer":{"W":{"R058":0.0}},"Meta":{"R058":{"q1":0.0,"q3":33.3333,"upper_fence":83.3333}}}\n',
    );
  });

  it('runs every indicator when no settings file is given', async () => {
    const { code, stdout } = await cli(join(FIXTURES, 'R018.jsonl'));
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.OCID).toEqual({ open: { R018: 1 }, selective: { R018: 1 } });
    expect(Object.keys(output.Meta)).toEqual(['R024', 'R025', 'R048', 'R058']);
  });

  it('counts results per group on standard error with --count', async () => {
    const { stdout, stderr } = await cli(join(FIXTURES, 'R030.jsonl'), '-s', file('r030.ini', '[R030]\n'), '--count', '--no-meta');
    expect(stdout).toBe('{"OCID":{"F":{"R030":1.0}},"Tenderer":{"W":{"R030":1.0}}}\n');
    expect(stderr).toEqual(['OCID: 1', 'Tenderer: 1']);
  });

  it('warns about a bad line and goes on, or stops with exit code 1 under --strict', async () => {
    const input = file('bad.jsonl', '{"ocid":"a","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}\n{"ocid":\n');
    const settings = file('r018.ini', '[R018]\n');
    const lenient = await cli(input, '-s', settings, '--no-meta');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe('{"OCID":{"a":{"R018":1.0}}}\n');
    expect(lenient.stderr).toHaveLength(1);
    expect(lenient.stderr[0]).toMatch(/^WARN {2}Line 2 is invalid JSON, skipping\./);
    const strict = await cli(input, '-s', settings, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr[0]).toMatch(/^error: Line 2 is invalid JSON\. \[/);
  });

  it('refuses a missing input file or a directory with exit code 2', async () => {
    const missing = await cli(join(scratch, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toEqual([`error: ${join(scratch, 'nope.jsonl')}: No such file or directory`]);
    const directory = await cli(scratch);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toEqual([`error: ${scratch}: Is a directory, not a file`]);
  });

  it('refuses bad settings with exit code 2, naming the file and the property', async () => {
    const input = join(FIXTURES, 'R003.jsonl');
    const bad = file('bad.ini', '[R003]\nthreshold = two weeks\n');
    expect(await cli(input, '-s', bad)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: [`error: ${bad}: R003.threshold: expected an integer, got "two weeks"`],
    });
    const missing = join(scratch, 'missing.ini');
    expect(await cli(input, '-s', missing)).toMatchObject({ code: 2, stderr: [`error: ${missing}: No such file or directory`] });
  });

  it('explains its usage, and refuses wrong arguments with exit code 2', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('--help')).stdout).toContain('usage: npm run indicators -- <file.jsonl | ->');
    expect((await cli()).code).toBe(2);
    expect((await cli('a.jsonl', 'b.jsonl')).code).toBe(2);
    const unknown = await cli('a.jsonl', '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr[0]).toContain("Unknown option '--frobnicate'");
  });
});
