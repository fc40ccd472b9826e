/** Why the indicator engine or its command line refused to go on. */
export enum IndicatorsErrorCode {
  /** The settings (INI file or object) break the reference's settings format. */
  SETTINGS_INVALID = 'SETTINGS_INVALID',
  /** The input path names no file (missing, or a directory). */
  INPUT_NOT_FOUND = 'INPUT_NOT_FOUND',
  /** The input file cannot be read to the end. */
  INPUT_UNREADABLE = 'INPUT_UNREADABLE',
  /** A line is not JSON (fatal only in strict mode; the reference warns and skips it). */
  INPUT_INVALID_JSON = 'INPUT_INVALID_JSON',
}

/** A refusal with a code, so callers branch on the code and never on the message. */
export class IndicatorsError extends Error {
  constructor(
    readonly code: IndicatorsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IndicatorsError';
  }
}
