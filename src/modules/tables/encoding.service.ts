import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

/** Encodings a ministry CSV comes in. */
export type CsvEncoding = 'utf-8' | 'cp932' | 'euc-jp';

/**
 * Names people pass to `--encoding`. Shift_JIS files from Windows Excel are really CP932
 * (Windows-31J): it adds NEC and IBM characters such as ①, ㈱ and 髙, so every Shift_JIS
 * name decodes as CP932, a superset that reads plain Shift_JIS the same.
 */
const ENCODING_NAMES: Record<string, CsvEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  cp932: 'cp932',
  ms932: 'cp932',
  'windows-31j': 'cp932',
  'euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
};

export class EncodingError extends Error {}

export function parseEncodingName(name: string): CsvEncoding {
  const found = ENCODING_NAMES[name.trim().toLowerCase()];
  if (!found) throw new EncodingError(`unknown encoding "${name}": use utf-8, shift_jis (cp932) or euc-jp`);
  return found;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The text of a CSV file and the encoding it was read with. A UTF-8 BOM settles it; an
 * explicit encoding is used as given; otherwise bytes that are valid UTF-8 are UTF-8 (Japanese
 * text in Shift_JIS is practically never valid UTF-8), and anything else is what
 * encoding-japanese detects, or an error asking for `--encoding`.
 */
export function decodeCsv(bytes: Buffer, explicit?: CsvEncoding): { text: string; encoding: CsvEncoding; bom: boolean } {
  const bom = UTF8_BOM.every((b, i) => bytes[i] === b);
  if (bom) {
    if (explicit && explicit !== 'utf-8')
      throw new EncodingError(`the file starts with a UTF-8 byte order mark, but --encoding says ${explicit}`);
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8', bom };
  }
  let encoding = explicit;
  if (!encoding) {
    if (isUtf8(bytes)) encoding = 'utf-8';
    else {
      const detected = Encoding.detect(bytes);
      if (detected === 'SJIS') encoding = 'cp932';
      else if (detected === 'EUCJP') encoding = 'euc-jp';
      else
        throw new EncodingError(
          `cannot tell the file's encoding (looks like ${detected || 'binary data'}): give --encoding utf-8 or --encoding shift_jis`,
        );
    }
  }
  if (encoding === 'utf-8') {
    if (!isUtf8(bytes)) throw new EncodingError('the file is not valid UTF-8: is it Shift_JIS? try --encoding shift_jis');
    return { text: bytes.toString('utf8'), encoding, bom };
  }
  return { text: iconv.decode(bytes, encoding), encoding, bom };
}

/** Label for messages: what people call the encoding. */
export function encodingLabel(encoding: CsvEncoding, bom = false): string {
  return encoding === 'cp932' ? 'Shift_JIS (CP932)' : encoding === 'utf-8' ? (bom ? 'UTF-8 with BOM' : 'UTF-8') : 'EUC-JP';
}
