import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';

/** One line of a JSON Lines input: its 1-based number and text (undefined if not UTF-8). */
export interface InputLine {
  readonly number: number;
  readonly text: string | undefined;
}

/**
 * Splits a byte stream into lines the way the reference reads its input (Rust's
 * `BufRead::lines`, ocdscardinal src/lib.rs `fold_reduce`): on `\n` only, dropping one `\r`
 * before it, yielding a last line without a newline but no empty line after a final `\n`.
 * Lines are decoded one by one, so a file of any size streams in constant memory per line;
 * a line that is not valid UTF-8 is reported (text undefined) rather than mangled. A failing
 * stream (a file that cannot be opened or read) ends with INPUT_UNREADABLE, named by `name`.
 */
export async function* readJsonLines(input: Readable, name = 'input'): AsyncGenerator<InputLine> {
  let pending: Buffer[] = [];
  let number = 0;
  for await (const chunk of readable(input, name)) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline !== -1; newline = bytes.indexOf(10, start)) {
      pending.push(bytes.subarray(start, newline));
      number += 1;
      yield decode(Buffer.concat(pending), number);
      pending = [];
      start = newline + 1;
    }
    if (start < bytes.length) pending.push(bytes.subarray(start));
  }
  const rest = Buffer.concat(pending);
  if (rest.length > 0) yield decodeLast(rest, number + 1);
}

function decode(line: Buffer, number: number): InputLine {
  const body = line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line;
  return { number, text: isUtf8(body) ? body.toString('utf8') : undefined };
}

/** The last line had no `\n`, so a trailing `\r` is content, as in Rust. */
function decodeLast(line: Buffer, number: number): InputLine {
  return { number, text: isUtf8(line) ? line.toString('utf8') : undefined };
}

/** The stream's chunks, with its failures turned into a coded error. */
async function* readable(input: Readable, name: string): AsyncGenerator<unknown> {
  try {
    for await (const chunk of input) yield chunk;
  } catch (error) {
    throw new IndicatorsError(IndicatorsErrorCode.INPUT_UNREADABLE, `${name}: ${(error as Error).message}`);
  }
}
