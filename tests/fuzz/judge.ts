/**
 * What an acceptable answer to a hostile request is: status < 500; JSON (the documented
 * exceptions: the GraphiQL page for a browser's GET, and Node's own 431 for an oversized
 * URL, which has no body); no stack trace; no SQL or database error text; every error with
 * an `extensions.code`, and never INTERNAL_SERVER_ERROR (a fault in a 200's clothing).
 */
import type { FuzzRequest } from './generators.js';
import { HOSTILE_STRINGS } from './hostile-values.js';

/** Signs of a stack trace. */
const STACK_PATTERNS = [
  /\n\s+at\s/,
  /\bat [\w$.<>[\]]+ \((?:file:|node:|\/)/,
  /node_modules/,
  /\.(?:ts|js|mjs|cjs):\d+(?::\d+)?/,
  /\/work\//,
  /\bError: [^"]*\n\s+at\b/,
];
/** SQL text and the databases' own error wording (SQLite's and PostgreSQL's). */
const SQL_PATTERNS = [
  /\bselect\b[^"]{0,200}\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bdelete\s+from\b/i,
  /\bupdate\s+[`"]?\w+[`"]?\s+set\b/i,
  /\b(?:from|join|into|where|update)\s+[`"]\w+[`"]/i,
  /[`"]\w+[`"]\.[`"]\w+[`"]/,
  /SQLITE_[A-Z]+/,
  /\bsqlite3?\b/i,
  /no such (?:table|column)/i,
  /relation "[^"]*"/i,
  /syntax error at or near/i,
  /syntax error at end of input/i,
  /invalid input syntax for/i,
  /invalid byte sequence for encoding/i,
  /unterminated quoted (?:string|identifier)/i,
  /\bSQLSTATE\b/i,
  /violates (?:not-null|foreign key|unique|check) constraint/i,
  /duplicate key value/i,
  /current transaction is aborted/i,
  /out of range for type/i,
  /value too long for type/i,
  /\bknex\b|mikro-?orm|node-postgres|\bpg_\w+/i,
  /\bdatabase (?:error|is locked)\b/i,
];

/** Codes a client may see at the top level. INTERNAL_SERVER_ERROR is a server fault: never for input. */
export const CODE = /^[A-Z][A-Z0-9_]*$/;

/** Every string inside a JSON value, depth first. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** What the request said, decoded, so an echo of the caller's own input is not taken for a leak. */
function requestText(request: FuzzRequest): string {
  let text = `${request.path} ${request.body ?? ''}`;
  try {
    text += ` ${decodeURIComponent(request.path.replace(/\+/g, ' '))}`;
  } catch {
    // not decodable: the raw text is there already
  }
  if (request.body) {
    try {
      text += ` ${JSON.stringify(JSON.parse(request.body))}`;
      const parsed = JSON.parse(request.body) as { query?: unknown; variables?: unknown };
      if (typeof parsed.query === 'string') text += ` ${parsed.query}`;
      text += stringsIn(parsed.variables)
        .map((s) => ` ${s}`)
        .join('');
    } catch {
      // broken JSON: the raw text is there already
    }
  }
  return text.toLowerCase();
}

/**
 * Compared without whitespace and `|`: a syntax error may quote the document as an excerpt
 * broken into numbered lines ("GraphQL request:1:5\n1 | query …\n  | …").
 */
const squash = (text: string) => text.toLowerCase().replace(/[\s|]+/g, '');
/** The hostile strings of the pool, once any request may have stored one and another read it back. */
const POOL_TEXT = squash(HOSTILE_STRINGS.join('\n'));

/** Matches of the patterns in what the server wrote that are not an echo of the request or of the pool. */
function leaks(patterns: RegExp[], text: string, sent: string): string[] {
  const found: string[] = [];
  const sentSquashed = squash(sent);
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(global)) {
      const hit = squash(m[0]);
      if (sentSquashed.includes(hit) || POOL_TEXT.includes(hit)) continue;
      found.push(`${pattern} → ${JSON.stringify(m[0].slice(0, 80))}`);
    }
  }
  return found;
}

type GraphqlError = { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown; exception?: unknown } };

/** An error needs a code (never INTERNAL_SERVER_ERROR) and a message, and carries no stack trace. */
function errorProblems(error: GraphqlError): string[] {
  const problems: string[] = [];
  const code = error?.extensions?.code;
  if (typeof code !== 'string' || !CODE.test(code)) problems.push('an error without extensions.code');
  else if (code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
  if (typeof error?.message !== 'string') problems.push('an error without a message');
  if (error?.extensions?.stacktrace !== undefined || error?.extensions?.exception !== undefined) problems.push('stacktrace in extensions');
  return problems;
}

/** A user error's code is checked when the query asked for it. */
function userErrorProblems(data: unknown): string[] {
  const problems: string[] = [];
  for (const payload of Object.values((data ?? {}) as Record<string, unknown>)) {
    const userErrors = (payload as { userErrors?: { code?: unknown }[] } | null)?.userErrors;
    if (Array.isArray(userErrors))
      for (const u of userErrors)
        if (u && 'code' in u && (typeof u.code !== 'string' || !CODE.test(u.code))) problems.push('a user error without a code');
  }
  return problems;
}

/** A GraphQL response: an object with data or a non-empty list of well-formed errors. */
function responseProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) problems.push('body is not a JSON object');
  const { data, errors } = (body ?? {}) as { data?: unknown; errors?: unknown };
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) problems.push('errors is not a non-empty array');
    else problems.push(...(errors as GraphqlError[]).flatMap(errorProblems));
  } else if (data === undefined) problems.push('neither data nor errors');
  problems.push(...userErrorProblems(data));
  return problems;
}

/** Only what the server wrote about the request is searched for leaks (data echoes stored text). */
function serverWritten(body: unknown): string[] {
  const payloads = Object.values(((body as { data?: unknown })?.data ?? {}) as Record<string, unknown>);
  return [
    ...stringsIn((body as { errors?: unknown })?.errors),
    ...stringsIn((body as { extensions?: unknown })?.extensions),
    ...payloads.flatMap((payload) => stringsIn((payload as { userErrors?: unknown } | null)?.userErrors)),
  ];
}

/** Problems with the answer's body, and the text in it that the server wrote. */
function bodyProblems(request: FuzzRequest, status: number, contentType: string, text: string): { problems: string[]; written: string[] } {
  if (/^application\/(?:graphql-response\+)?json\b/i.test(contentType)) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { problems: ['content-type JSON but the body does not parse'], written: [] };
    }
    return { problems: responseProblems(body), written: serverWritten(body) };
  }
  // The GraphiQL page, for a client that prefers HTML (documented in README "Endpoints").
  if (request.method === 'GET' && status === 200 && /^text\/html/.test(contentType) && text.includes('id="graphiql"'))
    return { problems: [], written: [] };
  // Node's own answer to headers larger than its limit (an oversized URL): no body to leak.
  if (status === 431 && text === '') return { problems: [], written: [] };
  return { problems: [`not JSON (${contentType || 'no content-type'}): ${JSON.stringify(text.slice(0, 120))}`], written: [text] };
}

/** Every problem with one answer (empty when it is acceptable). */
export function judge(request: FuzzRequest, status: number, contentType: string, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (status < 100) problems.push('no answer');
  const sent = requestText(request);
  const body = bodyProblems(request, status, contentType, text);
  problems.push(...body.problems);
  const written = body.written.join('\n');
  problems.push(...leaks(STACK_PATTERNS, written, sent).map((l) => `stack trace: ${l}`));
  problems.push(...leaks(SQL_PATTERNS, written, sent).map((l) => `SQL text: ${l}`));
  return problems;
}
