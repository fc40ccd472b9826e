/**
 * One HTTP exchange as a caller observes it, and how two observations are compared.
 *
 * Noninterference: a caller who may not see a round's sealed data must get the same answer
 * (status, headers, body bytes) whether or not sealed-only operations happened. A request is
 * described once and sent to each world with that world's own token for the principal.
 */
import JSZip from 'jszip';

export type Principal = 'anonymous' | 'municipality' | 'otherMinistry';
export const PRINCIPALS: readonly Principal[] = ['anonymous', 'municipality', 'otherMinistry'];

export interface RequestSpec {
  /** Short, stable description used as the key of the request and in reports. */
  label: string;
  principal: Principal;
  method: 'GET' | 'POST';
  /** Path and query string, e.g. `/graphql` or `/ocds/releases?since=…`. */
  path: string;
  /** JSON body (POST only). */
  body?: unknown;
  /** The response is a zip (xlsx): compare its entries, not its bytes. */
  zip?: boolean;
}

export interface Observation {
  status: number;
  /** Headers as compared: lower-case names, excluded ones removed. */
  headers: Record<string, string>;
  /** All headers, for plain assertions (Cache-Control, Vary). */
  rawHeaders: Record<string, string>;
  /** Body text with the world's own address replaced by `<server>`; for zips, entry → text. */
  text: string;
  json?: unknown;
}

/**
 * Response headers that legitimately differ per request, and why; every other header is
 * compared.
 *  - date: the moment the answer was written (the clock is frozen per step, but the header
 *    is not part of what a world knows).
 *  - x-request-id: a fresh random UUID per request (request-context.ts).
 *  - connection, keep-alive: the state of the test client's socket, not the answer.
 */
export const EXCLUDED_HEADERS: Readonly<Record<string, string>> = {
  date: 'moment the answer was written',
  'x-request-id': 'random per request',
  connection: 'socket state of the client',
  'keep-alive': 'socket state of the client',
};

export async function observe(base: string, headers: Record<string, string>, spec: RequestSpec): Promise<Observation> {
  const init: RequestInit = {
    method: spec.method,
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...(spec.method === 'POST' ? { 'content-type': 'application/json' } : { 'apollo-require-preflight': 'true' }),
      ...headers,
    },
    ...(spec.method === 'POST' ? { body: JSON.stringify(spec.body ?? {}) } : {}),
  };
  const response = await fetch(`${base}${spec.path}`, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const rawHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    rawHeaders[name.toLowerCase()] = value;
  });
  const compared: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) if (!(name in EXCLUDED_HEADERS)) compared[name] = value;
  // The port is the one thing the two servers must differ in; OCDS packages name their own URL.
  const host = new URL(base).host;
  const normalise = (s: string) => s.split(host).join('<server>');
  if (spec.zip && response.status === 200) {
    const zip = await JSZip.loadAsync(bytes);
    const entries: Record<string, string> = {};
    for (const name of Object.keys(zip.files).sort()) {
      if (zip.files[name].dir) continue;
      entries[name] = normalise(await zip.files[name].async('string'));
    }
    // The bytes of the zip may differ only by entry times; entries hold what the file says.
    delete compared['content-length'];
    delete compared.etag;
    return { status: response.status, headers: compared, rawHeaders, text: JSON.stringify(entries), json: entries };
  }
  const text = normalise(bytes.toString('utf8'));
  let json: unknown;
  if ((rawHeaders['content-type'] ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (text !== bytes.toString('utf8')) {
    // Length and entity tag follow the body's bytes, which name the server's own port.
    delete compared['content-length'];
    delete compared.etag;
  }
  return { status: response.status, headers: compared, rawHeaders, text, json };
}

export interface Difference {
  spec: RequestSpec;
  /** Where the answers first differ: `status`, `header x-cache`, or a JSON path. */
  where: string;
  plain: string;
  sealed: string;
}

const show = (v: unknown, max = 160): string => {
  const s = v === undefined ? 'undefined' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The first path at which two JSON values differ, or null. */
export function firstJsonDifference(a: unknown, b: unknown, path = '$'): { path: string; a: unknown; b: unknown } | null {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return { path, a, b };
  if (Array.isArray(a) !== Array.isArray(b)) return { path, a, b };
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    for (let i = 0; i < Math.min(a.length, bb.length); i++) {
      const d = firstJsonDifference(a[i], bb[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === bb.length ? null : { path: `${path}.length`, a: a.length, b: bb.length };
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  for (const k of keys) {
    const d = firstJsonDifference(ao[k], bo[k], `${path}.${k}`);
    if (d) return d;
  }
  // Same values, different key order: the bytes differ.
  const ak = Object.keys(ao).join(',');
  const bk = Object.keys(bo).join(',');
  return ak === bk ? null : { path: `${path} (key order)`, a: ak, b: bk };
}

/** Every way the two observations differ (status, compared headers, body). */
export function compare(spec: RequestSpec, plain: Observation, sealed: Observation): Difference[] {
  const out: Difference[] = [];
  if (plain.status !== sealed.status) out.push({ spec, where: 'status', plain: String(plain.status), sealed: String(sealed.status) });
  const names = [...new Set([...Object.keys(plain.headers), ...Object.keys(sealed.headers)])].sort();
  for (const n of names) {
    if (plain.headers[n] !== sealed.headers[n])
      out.push({ spec, where: `header ${n}`, plain: show(plain.headers[n]), sealed: show(sealed.headers[n]) });
  }
  if (plain.text !== sealed.text) {
    const d = plain.json !== undefined && sealed.json !== undefined ? firstJsonDifference(plain.json, sealed.json) : null;
    if (d) out.push({ spec, where: `body ${d.path}`, plain: show(d.a), sealed: show(d.b) });
    else {
      let i = 0;
      while (i < plain.text.length && plain.text[i] === sealed.text[i]) i++;
      out.push({
        spec,
        where: `body byte ${i}`,
        plain: show(plain.text.slice(Math.max(0, i - 40), i + 80)),
        sealed: show(sealed.text.slice(Math.max(0, i - 40), i + 80)),
      });
    }
  }
  return out;
}

/** A short description of a request for reports: method, path, and the GraphQL text cut short. */
export function describe(spec: RequestSpec, max = 220): string {
  const body = spec.body as { query?: string; variables?: unknown; extensions?: unknown } | undefined;
  let what = `${spec.method} ${spec.path}`;
  if (body?.query) what += ` ${body.query.replace(/\s+/g, ' ')}`;
  if (body?.variables && Object.keys(body.variables as object).length) what += ` vars=${JSON.stringify(body.variables)}`;
  if (body?.extensions) what += ` ext=${JSON.stringify(body.extensions)}`;
  return what.length > max ? `${what.slice(0, max)}…` : what;
}

/**
 * A compact list of differences (capped): one entry per request, the principals that saw
 * the same difference merged; the most telling place first (status, then the body, then
 * headers), the other places named after it.
 */
export function report(
  differences: readonly Difference[],
  cap = 30,
  what = 'the world without and the world with sealed-only operations',
): string {
  const rank = (d: Difference) => (d.where === 'status' ? 0 : d.where.startsWith('cursor') ? 1 : d.where.startsWith('body') ? 2 : 3);
  const byRequest = new Map<string, { spec: RequestSpec; principals: string[]; items: Difference[]; variants: Set<string> }>();
  const perPrincipal = new Map<string, Difference[]>();
  for (const d of differences) {
    const key = `${d.spec.principal}\u0000${d.spec.label}\u0000${describe(d.spec, 10_000)}`;
    perPrincipal.set(key, [...(perPrincipal.get(key) ?? []), d]);
  }
  for (const items of perPrincipal.values()) {
    const spec = items[0].spec;
    const sorted = [...items].sort((a, b) => rank(a) - rank(b));
    // Variants that differ only by a value (each `since`, each guessed id) fold into one entry.
    const generic = (text: string) =>
      text
        .replace(/"[^"]*"/g, '…')
        .replace(/since=[^ &]*/g, 'since=…')
        .replace(/\d+/g, '#');
    const signature = `${generic(spec.label)}\u0000${sorted.map((d) => `${d.where}=${generic(d.plain)}|${generic(d.sealed)}`).join('\u0001')}`;
    const group = byRequest.get(signature);
    if (group) {
      if (!group.principals.includes(spec.principal)) group.principals.push(spec.principal);
      group.variants.add(describe(spec, 10_000));
    } else byRequest.set(signature, { spec, principals: [spec.principal], items: sorted, variants: new Set([describe(spec, 10_000)]) });
  }
  const groups = [...byRequest.values()];
  const lines = groups.slice(0, cap).map(({ spec, principals, items, variants }) => {
    const [first, ...rest] = items;
    const also = rest.length ? `\n    also differs at: ${rest.map((d) => d.where).join(', ')}` : '';
    const more = variants.size > 1 ? ` (and ${variants.size - 1} more like it)` : '';
    return `- ${spec.label} [${principals.join(', ')}]${more}\n    ${describe(spec)}\n    at ${first.where}: plain=${first.plain} sealed=${first.sealed}${also}`;
  });
  if (groups.length > cap) lines.push(`… and ${groups.length - cap} more requests`);
  return `${differences.length} difference(s) in ${groups.length} request(s) between ${what}:\n${lines.join('\n')}`;
}
