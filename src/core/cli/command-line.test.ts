import { describe, expect, it } from 'vitest';
import { isParseArgsError, parseCommandLine, readCommandLine } from './command-line.js';

/** Reads `argv` as a small tool would, collecting what the helper writes. */
function read(argv: string[], extra: { positionals?: boolean; errorPrefix?: string } = {}) {
  const log: string[] = [];
  const error: string[] = [];
  const result = readCommandLine(
    argv,
    { usage: 'usage: tool [--name N]', options: { name: { type: 'string' }, dry: { type: 'boolean', default: false } }, ...extra },
    { log: (l) => log.push(l), error: (l) => error.push(l) },
  );
  return { result, log, error };
}

describe('readCommandLine', () => {
  it('answers --help and -h with the usage on standard output, exit 0', () => {
    for (const flag of ['--help', '-h']) expect(read([flag])).toEqual({ result: 0, log: ['usage: tool [--name N]'], error: [] });
  });

  it("refuses an unknown option, a missing value or an operand with parseArgs' message and the usage, exit 2", () => {
    for (const argv of [['--colour', 'red'], ['--name'], ['stray']]) {
      const { result, log, error } = read(argv);
      expect(result).toBe(2);
      expect(log).toEqual([]);
      expect(error).toHaveLength(1);
      expect(error[0]).toMatch(/^\S.*\n\nusage: tool \[--name N\]$/s);
    }
  });

  it('puts the prefix a command asks for before the message', () => {
    expect(read(['--colour'], { errorPrefix: 'error: ' }).error[0]).toMatch(/^error: Unknown option '--colour'/);
  });

  it('returns the values, with their defaults, and the operands a command takes', () => {
    const { result } = read(['a.csv', '--name', 'x'], { positionals: true });
    expect(result).toMatchObject({ values: { name: 'x', dry: false }, positionals: ['a.csv'] });
  });
});

describe('parseCommandLine', () => {
  it("throws parseArgs' own error for a command that words its refusals itself", () => {
    let thrown: unknown;
    try {
      parseCommandLine(['--colour'], { name: { type: 'string' } });
    } catch (e) {
      thrown = e;
    }
    expect(isParseArgsError(thrown)).toBe(true);
    expect(isParseArgsError(new Error('other'))).toBe(false);
  });
});
