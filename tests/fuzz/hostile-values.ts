/**
 * The hostile values the fuzz draws from (tests/fuzz/generators.ts), and how a generated
 * value is written into a JSON body or a GraphQL document, including the ones JSON.stringify
 * cannot write (numbers beyond a double, bare enum values).
 */
/** A number written into JSON or GraphQL as is (1e400, 99999999999999999999…): JSON.stringify cannot. */
export class Raw {
  constructor(readonly text: string) {}
}
/** An enum value, printed bare in GraphQL and as a string in JSON. */
export class EnumLit {
  constructor(readonly name: string) {}
}

/** Injection attempts and SQL metacharacters, for every string a filter or an input takes. */
export const SQL_INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE bidder; --",
  '"; DROP TABLE "tender"; --',
  '1; SELECT pg_sleep(10) --',
  "' UNION SELECT secret_hash, name FROM api_token --",
  "') OR ('a'='a",
  "%' AND 1=0 UNION SELECT sqlite_version() --",
  "\\'; select * from ministry where '1'='1",
  "x' AND (SELECT COUNT(*) FROM rate_limit) > 0 AND '1'='1",
  "1' ORDER BY 1--+",
  '%',
  '_',
  '%%%',
  '%_%',
  '\\',
  '\\%',
  "'",
  "''",
  '"',
  '`',
  ';',
  '--',
  '/*',
  '*/',
  '$1',
  '?',
  ':name',
  'NULL',
  'null',
  'undefined',
];
/** JSON, prototype-pollution and template tricks, and the path traversal a file-serving mistake would open. */
export const JSON_INJECTIONS = [
  '{"$ne": null}',
  '{"$gt": ""}',
  '"}, "role": "ADMIN", "x": {"',
  '__proto__',
  'constructor',
  'prototype',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '[]',
  '{}',
  'true',
  '1e400',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'file:///etc/passwd',
];
/** Unicode that databases and text handling trip on: NUL, lone surrogates, BOM, RTL, combining marks, emoji, full width. */
export const UNICODE_EDGES = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufeff',
  '\ufeff窓口業務',
  '\u202e\u202dtxt.exe',
  'e\u0301\u0301\u0301\u0301',
  '\u0e01\u0e49\u0e49\u0e49\u0e49\u0e49',
  '🇯🇵',
  '👨‍👩‍👧‍👦',
  '𠮷野家',
  '窓口',
  '窓口業',
  'ｱｲｳｴｵ',
  'ＡＢＣ１２３',
  '\u3000',
  '\u2028\u2029',
  '\u200b\u200c\u200d',
  '\r\n\t\v\f',
  '\u0007\u001b[31m',
  '\uffff\ufffe',
  '\u{10ffff}',
  'Ω≈ç√∫',
  '年金 OR 戸籍',
];
/** Every hostile string of the pools above (the judge also knows them, so an echo of one is not a leak). */
export const HOSTILE_STRINGS = [...SQL_INJECTIONS, ...JSON_INJECTIONS, ...UNICODE_EDGES];

/** Integers at the edges of GraphQL's Int (32 bits), of a safe double, and beyond. */
export const INT_EDGES = [
  0,
  1,
  -1,
  2,
  3,
  5,
  20,
  99,
  100,
  101,
  1000,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_648,
  -2_147_483_649,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  -0,
];
/** Numbers a double cannot hold, written as text (see Raw). */
export const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '99999999999999999999999999999',
  '-99999999999999999999',
  '1e-400',
  '0.1e1',
  '1E3',
  '9007199254740993',
  '1.7976931348623157e309',
  '123456789012345678901234567890.5',
];
/** Floats at the edges of a double. */
export const FLOAT_EDGES = [0.5, -0.5, 1.5, 1e-7, 3.14159, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308];

/** Real local government codes (全国地方公共団体コード), valid whatever the seed. */
export const REAL_LGC = ['131016', '010006', '012131', '271004'];
/** Dates, valid and not: leap days, month 13, the year 0, other calendars and formats. */
export const DATE_VALUES = [
  '2026-04-01',
  '2024-02-29',
  '2023-02-29',
  '2026-13-01',
  '2026-04-31',
  '0000-01-01',
  '9999-12-31',
  '+275760-09-13',
  '2026-4-1',
  '2026/04/01',
  '2026-04-01T00:00:00Z',
  '令和8年4月1日',
  'yesterday',
];
/** Timestamps, valid and not: zones, hour 25, JavaScript's last date, nanoseconds. */
export const DATETIME_VALUES = [
  '2026-04-01T00:00:00+09:00',
  '2026-04-01T00:00:00Z',
  '2026-04-01T25:00:00Z',
  '275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00Z',
  '2026-04-01T00:00:00.123456789Z',
  '2026-04-01',
  '1970-01-01T00:00:00Z',
  'not a date',
];

/** A generated value as JSON text (Raw numbers as written, enum values as strings). */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof EnumLit) return JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? 'null';
}

/** A generated value as a GraphQL literal (enum values bare, non-finite numbers as null). */
export function toLiteral(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof EnumLit)
    return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value.name) && !['true', 'false', 'null'].includes(value.name)
      ? value.name
      : JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${toLiteral(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}
