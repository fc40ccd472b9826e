import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: the terminal, or a test's buffers. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The options a command accepts, as node's `util.parseArgs` describes them. */
export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * What a command accepts and how it explains itself: every command answers `--help` (`-h`)
 * with its usage on standard output (exit 0), and refuses an unknown option, a missing
 * value or an unexpected operand with parseArgs' message and the usage on standard error
 * (exit 2: a usage error, as `npm run import -- --help` and `npm run indicators -- --help` say).
 */
export interface CommandLine<O extends CliOptions> {
  usage: string;
  options: O;
  /** Takes operands (files, subcommands); without this an operand is refused. */
  positionals?: boolean;
  /** Put before parseArgs' message in a refusal (`error: ` for indicators, as Cardinal writes). */
  errorPrefix?: string;
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The values and operands of a command line that was accepted. */
export type ParsedCommandLine<O extends CliOptions> = Omit<
  ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>,
  'tokens'
>;

/**
 * Parses a command line strictly (node's `util.parseArgs`): an unknown option, a missing
 * value or an operand where none is taken throws parseArgs' error ({@link isParseArgsError}),
 * for a command that words its refusals itself.
 */
export function parseCommandLine<O extends CliOptions>(argv: string[], options: O, positionals = false): ParsedCommandLine<O> {
  return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true }) as ParsedCommandLine<O>;
}

/**
 * Reads a command line as {@link CommandLine} says: the parsed values and operands, or the
 * exit code when it was answered (`--help`: 0) or refused (2) here, having written the usage.
 */
export function readCommandLine<O extends CliOptions>(
  argv: string[],
  line: CommandLine<O>,
  out: CliOutput = console,
): ParsedCommandLine<O & typeof HELP> | number {
  let parsed: ParsedCommandLine<O & typeof HELP>;
  try {
    parsed = parseCommandLine(argv, { ...line.options, ...HELP }, line.positionals);
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    out.error(`${line.errorPrefix ?? ''}${error.message}\n\n${line.usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    out.log(line.usage);
    return 0;
  }
  return parsed;
}

/** parseArgs' refusals (unknown option, missing value, unexpected operand) carry codes `ERR_PARSE_ARGS_…`. */
export function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/**
 * Whether the file at `moduleUrl` (its `import.meta.url`) is the one node was asked to run:
 * an entry point in src/cli/ runs its command only then, so a test can import the function
 * it runs without running it.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(realpathSync(script)).href === moduleUrl;
}
