import { readFile, stat } from 'node:fs/promises';
import { readCommandLine } from '../../core/cli/command-line.js';
import { formatIndicatorsJson } from './indicator-output.service.js';
import { allIndicatorsSettings, type IndicatorSettings, parseIndicatorSettingsIni } from './indicator-settings.service.js';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';
import { calculateIndicators, calculateIndicatorsFromFile } from './indicators.service.js';

const USAGE = `usage: npm run indicators -- <file.jsonl | -> [--settings <file.ini>] [--no-meta] [--map] [--count] [--strict]

Calculates red-flag indicators from OCDS compiled releases, one JSON object per line, and
prints the same JSON as Cardinal's \`ocdscardinal indicators\` (ocdscardinal 0.0.8):
{"OCID": {...}, "Buyer": {...}, "ProcuringEntity": {...}, "Tenderer": {...}, "Meta": {...}}

  -s, --settings FILE  settings in Cardinal's INI format; an indicator runs if its section is
                       present ([R024]). Without this option, all indicators run with their
                       defaults (Cardinal would run none): R003 R018 R024 R025 R028 R030 R035
                       R036 R038 R048 R058
      --no-meta        leave out "Meta" (quartiles and fences)
      --map            add "Maps" (contracting processes → organizations)
  -c, --count          print the number of results per group to standard error
      --strict         stop at a line that is not JSON (exit 1) instead of warning and skipping
  -v, --verbose        accepted for compatibility with Cardinal; no effect
  -h, --help           show this help

Exit codes: 0 done; 1 the input failed while reading (or a bad line with --strict);
2 bad usage: unknown option, missing or unreadable file, invalid settings.`;

/** Where the CLI writes: the terminal, or a test's buffers. */
export interface IndicatorsCliOutput {
  /** Standard output, written as is. */
  write(text: string): void;
  /** One line to standard error. */
  error(line: string): void;
}

const consoleOutput: IndicatorsCliOutput = {
  write: (text) => process.stdout.write(text),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** Runs `npm run indicators -- <argv…>`; returns the exit code. */
export async function runIndicatorsCli(argv: string[], out: IndicatorsCliOutput = consoleOutput): Promise<number> {
  const parsed = readCommandLine(
    argv,
    {
      usage: USAGE,
      positionals: true,
      errorPrefix: 'error: ',
      options: {
        settings: { type: 'string', short: 's' },
        'no-meta': { type: 'boolean' },
        map: { type: 'boolean' },
        count: { type: 'boolean', short: 'c' },
        strict: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v', multiple: true },
      },
    },
    { log: (line) => out.write(`${line}\n`), error: (line) => out.error(line) },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    out.error(`error: ${positionals.length === 0 ? 'the input file is missing' : 'give one input file'}\n\n${USAGE}`);
    return 2;
  }
  const [file] = positionals;

  try {
    const settings = values.settings === undefined ? allIndicatorsSettings() : await readSettings(values.settings);
    if (file !== '-') await checkInputFile(file);
    const options = { map: values.map ?? false, strict: values.strict ?? false, onWarning: (m: string) => out.error(`WARN  ${m}`) };
    const results =
      file === '-'
        ? await calculateIndicators(process.stdin, settings, options, 'standard input')
        : await calculateIndicatorsFromFile(file, settings, options);
    out.write(formatIndicatorsJson(results, { meta: !values['no-meta'], maps: values.map ?? false }));
    if (values.count) for (const [group, identifiers] of results.entries()) out.error(`${group}: ${identifiers.size}`);
    return 0;
  } catch (error) {
    if (!(error instanceof IndicatorsError)) throw error;
    out.error(`error: ${error.message}`);
    return exitCodeFor(error.code);
  }
}

/** One place maps each refusal to an exit code (2: the caller's mistake, as clap does). */
function exitCodeFor(code: IndicatorsErrorCode): number {
  switch (code) {
    case IndicatorsErrorCode.SETTINGS_INVALID:
    case IndicatorsErrorCode.INPUT_NOT_FOUND:
      return 2;
    case IndicatorsErrorCode.INPUT_UNREADABLE:
    case IndicatorsErrorCode.INPUT_INVALID_JSON:
      return 1;
  }
}

async function readSettings(path: string): Promise<IndicatorSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IndicatorsError(IndicatorsErrorCode.SETTINGS_INVALID, `${path}: ${describeFileError(error)}`);
  }
  try {
    return parseIndicatorSettingsIni(text);
  } catch (error) {
    if (error instanceof IndicatorsError) throw new IndicatorsError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}

/** The reference refuses a missing file or a directory before reading (exit 2, as a usage error). */
async function checkInputFile(path: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new IndicatorsError(IndicatorsErrorCode.INPUT_NOT_FOUND, `${path}: ${describeFileError(error)}`);
  }
  if (isDirectory) throw new IndicatorsError(IndicatorsErrorCode.INPUT_NOT_FOUND, `${path}: Is a directory, not a file`);
}

function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory, not a file';
    default:
      return (error as Error).message;
  }
}
