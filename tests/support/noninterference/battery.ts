/**
 * The battery: requests derived from the schema (introspected from the running server, so
 * a new field or ordering is covered without touching this file) and from the REST routes,
 * sent by every non-privileged principal to both worlds.
 *
 *  - every root Query field, selecting every scalar and enum field recursively to a bounded
 *    depth (connections with `first: 100`, `totalCount`, `pageInfo`, `edges { cursor }`);
 *  - every ordering enum value × direction; filters on enum values, booleans, and `since` at
 *    every step's instant; fiscal years the sample uses;
 *  - paging after cursors each world took from its own first page;
 *  - `node`/`nodes` for every id any answer (or an admin's scan) names, plus guessed ids
 *    past the largest of each type;
 *  - GET forms of the root queries (authenticated GET answers included);
 *  - automatic persisted-query hashes the owner used, sent alone;
 *  - the OCDS packages, records of every round, the table exports and the Atom feed;
 *  - mutations each principal is refused.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { gid, pk, readableId, typeOfId } from '../global-ids.js';
import { PRINCIPALS, type Difference, type Observation, type Principal, type RequestSpec } from './exchange.js';
import { OTHER_MINISTRY, OWNER_MINISTRY, type World, type Worlds } from './worlds.js';

export type Family = 'graphql' | 'paging' | 'nodes' | 'get' | 'persisted' | 'ocds' | 'export' | 'feeds' | 'refused';
export const ALL_FAMILIES: readonly Family[] = ['graphql', 'paging', 'nodes', 'get', 'persisted', 'ocds', 'export', 'feeds', 'refused'];

export interface BatteryOptions {
  families?: readonly Family[];
  /** Root Query fields to cover (default: all). */
  rootFields?: (name: string) => boolean;
  /** Levels of objects below the root field's own (default 2: e.g. tenders → bids → bidder, and the last level's ids). */
  depth?: number;
}

export interface BatteryResult {
  differences: Difference[];
  /** Differences between plain and the control world (both without sealed-only steps). */
  controlDifferences: Difference[];
  /** Requests compared (each sent to both worlds). */
  compared: number;
  /**
   * Generated reads the server refused as malformed or too large (in the plain world): each
   * one compares nothing, so a battery with faults proves less than it claims.
   */
  faults: string[];
  /** Every observation, for plain assertions (e.g. headers of authenticated GET answers). */
  observations: { spec: RequestSpec; plain: Observation; sealed: Observation }[];
}

const PAGE = 100;
/** Nested lists (a round's bids, a bidder's bids…) page by this much: the root lists name every object already. */
const NESTED_PAGE = 10;
/** Of the objects the sample holds (identical in both worlds), every STRIDE-th is tried one by one. */
const STRIDE = 25;
/** Root fields that need an id or a code are asked for this many values. */
const MAX_ARG_VALUES = 4;
const GUESS_BEYOND = 8;
const NODE_BATCH = 100;
/** Error codes that mean a generated read was not even run (too large, invalid, bad arguments). */
const FAULTS = [
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'INTERNAL_SERVER_ERROR',
];
/** Types whose ids are guessed past the largest, and their tables. */
const GUESSED: Record<string, string> = { Bid: 'bid', Bidder: 'bidder', Change: 'change', Tender: 'tender' };

export async function loadSchema(w: World): Promise<GraphQLSchema> {
  const response = await fetch(w.srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...w.headers.admin },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await response.json()) as { data: IntrospectionQuery };
  return buildClientSchema(body.data);
}

const isConnection = (t: GraphQLNamedType) => isObjectType(t) && t.name.endsWith('Connection') && 'edges' in t.getFields();
/** Wrapper types that do not count as a level of objects. */
const isWrapper = (t: GraphQLNamedType) =>
  isConnection(t) || (isObjectType(t) && t.name.endsWith('Edge') && 'cursor' in t.getFields()) || t.name === 'PageInfo';

/** Arguments for a nested field: `first` when it pages; null when a required argument cannot be filled. */
function nestedArgs(field: GraphQLField<unknown, unknown>): string | null {
  const parts: string[] = [];
  for (const a of field.args) {
    if (a.name === 'first') parts.push(`first: ${NESTED_PAGE}`);
    else if (isNonNullType(a.type) && a.defaultValue === undefined) return null;
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * Every scalar and enum field of `type`, and objects below it down to `depth` levels
 * (connections, edges and PageInfo do not count). A connection's `nodes` list repeats its
 * `edges { node }`: only the edges are selected. Every object level carries `__typename`
 * (ids are collected per type from it).
 */
export function selectionOf(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, alias = ''): string {
  if (isLeafType(type)) return '';
  if (isInterfaceType(type) || isUnionType(type)) {
    // Fragments on several types may have fields of one name and different types (Ministry's
    // `code` is a String, Municipality's a LocalGovernmentCode): each type's fields get an alias.
    const possible = schema.getPossibleTypes(type);
    return `{ __typename ${possible.map((p) => `... on ${p.name} ${selectionOf(schema, p, depth, `${p.name}_`)}`).join(' ')} }`;
  }
  const key = (name: string) => (alias && name !== 'id' ? `${alias}${name}: ${name}` : name);
  const obj = type as GraphQLObjectType;
  const parts: string[] = ['__typename'];
  for (const field of Object.values(obj.getFields())) {
    const named = getNamedType(field.type);
    if (isConnection(obj) && field.name === 'nodes') continue;
    const args = nestedArgs(field);
    if (args === null) continue;
    if (isLeafType(named)) {
      if (args === '') parts.push(key(field.name));
      continue;
    }
    const next = isWrapper(named) ? depth : depth - 1;
    if (next < 0) continue;
    if (next === 0 && !isWrapper(named)) {
      // The last level: just what names the object.
      const fields = isObjectType(named) ? named.getFields() : isInterfaceType(named) ? named.getFields() : {};
      parts.push(`${key(field.name)}${args} { __typename${'id' in fields ? ' id' : ''} }`);
      continue;
    }
    const sub = selectionOf(schema, named, next);
    if (sub) parts.push(`${key(field.name)}${args} ${sub}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Input values to try for one filter field: enum values, booleans, instants, fiscal years. */
/** What `query` filters search for: words the script's names hold, alone and together. */
const SEARCH_WORDS = ['非干渉検証', '事業者1', '事業者3', '株式会社', '封印中に取り込まれた', '封印 事業者', '対象事業 株式会社'];

function filterValues(type: GraphQLInputType, name: string, ctx: { stepTimes: string[]; fiscalYears: number[] }): unknown[] {
  const named = getNamedType(type);
  const list = isListType(isNonNullType(type) ? type.ofType : type);
  if (isEnumType(named)) return named.getValues().map((v) => (list ? [v.name] : v.name));
  if (named.name === 'Boolean') return [true, false];
  if (named.name === 'DateTime') return ctx.stepTimes;
  if (named.name === 'Int' && /fiscalyear/i.test(name)) return ctx.fiscalYears;
  // Text search: words of the script's services and bidders, among them those only sealed-only steps register or bid with.
  if (named.name === 'String' && name === 'query') return SEARCH_WORDS;
  return [];
}

/** Shallow selection for variants of a connection: what names and orders its items. */
function shallow(schema: GraphQLSchema, connection: GraphQLNamedType): string {
  return selectionOf(schema, connection, 1);
}

interface RootQuery {
  label: string;
  field: string;
  query: string;
  /** A connection query whose answer yields cursors for paging. */
  pageable?: { args: string; selection: string };
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'string') return /^[A-Z_][A-Z0-9_]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

/** The root queries: the deep one per field, then orderings and filters (shallow). */
export function rootQueries(
  schema: GraphQLSchema,
  ctx: {
    stepTimes: string[];
    fiscalYears: number[];
    ids: Map<string, Set<string>>;
    codes: Map<string, Set<string>>;
    preferred: Set<string>;
  },
  options: BatteryOptions,
): RootQuery[] {
  const out: RootQuery[] = [];
  const depth = options.depth ?? 2;
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    if (options.rootFields && !options.rootFields(field.name)) continue;
    if (field.name === 'node' || field.name === 'nodes') continue; // the nodes family
    const named = getNamedType(field.type);
    const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    if (required.length) {
      // One query per value the answers named for the argument (ids or codes of the returned type).
      if (required.length !== 1) continue;
      const arg = required[0];
      const pool = getNamedType(arg.type).name === 'ID' ? ctx.ids.get(named.name) : ctx.codes.get(named.name);
      // The values the script's principals stand on first, then the first few others: the
      // same object reached from a list is covered by that list's deep query already.
      const values = [...(pool ?? [])]
        .sort((x, y) => Number(!ctx.preferred.has(x)) - Number(!ctx.preferred.has(y)) || (x < y ? -1 : x > y ? 1 : 0))
        .slice(0, MAX_ARG_VALUES);
      for (const v of values) {
        out.push({
          label: `${field.name}(${arg.name})`,
          field: field.name,
          query: `{ ${field.name}(${arg.name}: ${JSON.stringify(v)}) ${selectionOf(schema, named, depth)} }`,
        });
      }
      continue;
    }
    const connection = isConnection(named);
    const first = field.args.some((a) => a.name === 'first') ? `first: ${PAGE}` : '';
    out.push({
      label: `${field.name} (deep)`,
      field: field.name,
      query: `{ ${field.name}${first ? `(${first})` : ''} ${selectionOf(schema, named, depth)} }`,
      ...(connection ? { pageable: { args: first, selection: shallow(schema, named) } } : {}),
    });
    const sel = connection ? shallow(schema, named) : selectionOf(schema, named, depth);
    const variant = (label: string, args: string, paged: boolean) =>
      out.push({
        label: `${field.name} ${label}`,
        field: field.name,
        query: `{ ${field.name}(${[first, args].filter(Boolean).join(', ')}) ${sel} }`,
        ...(connection && paged ? { pageable: { args: [first, args].filter(Boolean).join(', '), selection: sel } } : {}),
      });
    const orderBy = field.args.find((a) => a.name === 'orderBy');
    if (orderBy) {
      const input = getNamedType(orderBy.type);
      if (isInputObjectType(input)) {
        const f = input.getFields();
        const fieldEnum = f.field && getNamedType(f.field.type);
        const dirEnum = f.direction && getNamedType(f.direction.type);
        if (fieldEnum && isEnumType(fieldEnum)) {
          for (const v of fieldEnum.getValues()) {
            for (const d of dirEnum && isEnumType(dirEnum) ? dirEnum.getValues().map((x) => x.name) : ['']) {
              variant(`orderBy ${v.name} ${d}`, `orderBy: { field: ${v.name}${d ? `, direction: ${d}` : ''} }`, true);
            }
          }
        }
      }
    }
    const filter = field.args.find((a) => a.name === 'filter');
    if (filter) {
      const input = getNamedType(filter.type);
      if (isInputObjectType(input)) {
        for (const f of Object.values(input.getFields())) {
          for (const v of filterValues(f.type, f.name, ctx))
            variant(`filter ${f.name}=${JSON.stringify(v)}`, `filter: { ${f.name}: ${literal(v)} }`, false);
        }
      }
    }
  }
  return out;
}

/** Walks an answer: ids by `__typename`, `code`s by type, fiscal years, OCDS ocids. */
export function harvest(
  value: unknown,
  into: { ids: Map<string, Set<string>>; codes: Map<string, Set<string>>; fiscalYears: Set<number> },
): void {
  if (Array.isArray(value)) {
    for (const v of value) harvest(v, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  const type = typeof o.__typename === 'string' ? o.__typename : null;
  if (type && typeof o.id === 'string') {
    if (!into.ids.has(type)) into.ids.set(type, new Set());
    into.ids.get(type)!.add(o.id);
  }
  if (type && typeof o.code === 'string') {
    if (!into.codes.has(type)) into.codes.set(type, new Set());
    into.codes.get(type)!.add(o.code);
  }
  if (typeof o.fiscalYear === 'number') into.fiscalYears.add(o.fiscalYear);
  for (const v of Object.values(o)) harvest(v, into);
}

const gql = (principal: Principal, label: string, query: string, variables?: Record<string, unknown>): RequestSpec => ({
  label,
  principal,
  method: 'POST',
  path: '/graphql',
  body: variables ? { query, variables } : { query },
});

/** Runs the battery over both worlds and collects every difference. */
export async function runBattery(worlds: Worlds, options: BatteryOptions = {}): Promise<BatteryResult> {
  const families = new Set(options.families ?? ALL_FAMILIES);
  const schema = await loadSchema(worlds.plain);
  const differences: Difference[] = [];
  const controlDifferences: Difference[] = [];
  const faults: string[] = [];
  const observations: BatteryResult['observations'] = [];
  const seen = new Set<string>();
  let compared = 0;
  const pool = { ids: new Map<string, Set<string>>(), codes: new Map<string, Set<string>>(), fiscalYears: new Set<number>() };

  // NONINTERFERENCE_TIMING=1 prints where the battery spends its time (for bounding it).
  const timing = process.env.NONINTERFERENCE_TIMING === '1';
  const perf = globalThis.performance;
  let family = 'scan';
  let t0 = perf.now();
  const lap = (next: string) => {
    if (timing) console.log(`[noninterference] ${family}: ${compared} compared so far, ${Math.round(perf.now() - t0)} ms`);
    t0 = perf.now();
    family = next;
  };
  const slow = new Map<string, number>();
  const send = async (spec: RequestSpec) => {
    const key = `${spec.principal} ${spec.method} ${spec.path} ${JSON.stringify(spec.body ?? null)}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const started = perf.now();
    const r = await worlds.exchange(spec);
    if (timing) {
      const kind = spec.label
        .replace(/ filter .*/, ' filter')
        .replace(/=.*/, '')
        .replace(/\d+/g, '#');
      slow.set(kind, (slow.get(kind) ?? 0) + perf.now() - started);
    }
    compared++;
    differences.push(...r.differences);
    controlDifferences.push(...r.controlDifferences);
    observations.push({ spec, plain: r.plain, sealed: r.sealed });
    const refusedAs = (r.plain.json as { errors?: { extensions?: { code?: string }; message?: string }[] } | undefined)?.errors?.find((e) =>
      FAULTS.includes(e.extensions?.code ?? ''),
    );
    if (refusedAs && spec.path.startsWith('/graphql'))
      faults.push(`[${spec.principal}] ${spec.label}: ${refusedAs.extensions?.code} ${refusedAs.message ?? ''}`.slice(0, 300));
    harvest(r.plain.json, pool);
    harvest(r.sealed.json, pool);
    if (r.control) harvest(r.control.json, pool);
    return r;
  };

  // An admin's scan of both worlds names every object (sealed bids included): its ids are
  // the ones outsiders must not be able to tell apart.
  const scanSelection = (type: string) => selectionOf(schema, schema.getType(type)!, 2);
  for (const w of worlds.all) {
    for (const root of [
      'targetProjects',
      'tenders',
      'bidders',
      'changes',
      'localPilots',
      'evaluations',
      'basicPolicies',
      'ministries',
      'municipalities',
    ]) {
      const field = schema.getQueryType()!.getFields()[root];
      if (!field) continue;
      const response = await fetch(w.srv.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...w.headers.admin },
        body: JSON.stringify({ query: `{ ${root}(first: ${PAGE}) ${scanSelection(getNamedType(field.type).name)} }` }),
      });
      harvest(await response.json(), pool);
    }
  }
  const fiscalYears = [...pool.fiscalYears].sort().slice(-3);

  lap('graphql');
  // 1. Root queries, deep and varied, as every principal.
  const preferred = new Set<string>(
    [
      OWNER_MINISTRY,
      OTHER_MINISTRY,
      worlds.plain.refs.municipalityCode,
      ...Object.values(worlds.plain.refs).map((r) => (r as { id?: string })?.id),
    ].filter((x): x is string => typeof x === 'string'),
  );
  const roots = rootQueries(schema, { stepTimes: worlds.stepTimes, fiscalYears, ids: pool.ids, codes: pool.codes, preferred }, options);
  const pageable: { principal: Principal; root: RootQuery; plain: Observation; sealed: Observation; control: Observation | null }[] = [];
  if (families.has('graphql') || families.has('paging')) {
    for (const root of roots) {
      for (const principal of PRINCIPALS) {
        const r = await send(gql(principal, root.label, root.query));
        if (r && root.pageable) pageable.push({ principal, root, plain: r.plain, sealed: r.sealed, control: r.control });
      }
    }
  }

  lap('paging');
  // 2. Paging after cursors each world took from its own answer.
  if (families.has('paging')) {
    for (const { principal, root, plain, sealed, control } of pageable) {
      const cursorsOf = (o: Observation) => {
        const conn = (
          o.json as { data?: Record<string, { edges?: { cursor: string }[]; pageInfo?: { endCursor: string | null } }> } | undefined
        )?.data?.[root.field];
        const edges = conn?.edges ?? [];
        return { mid: edges[Math.floor(edges.length / 2)]?.cursor ?? null, end: conn?.pageInfo?.endCursor ?? null };
      };
      const a = cursorsOf(plain);
      const b = cursorsOf(sealed);
      const c = control ? cursorsOf(control) : null;
      for (const [which, dir] of [
        ['mid', 'after'],
        ['end', 'before'],
      ] as const) {
        if (a[which] === null && b[which] === null) continue;
        const text = (cursor: string | null, dir: 'after' | 'before') =>
          `query($c: String) { ${root.field}(${root.pageable!.args.replace(`first: ${PAGE}`, dir === 'after' ? 'first: 3' : 'last: 3')}${root.pageable!.args ? ', ' : ''}${dir}: $c) ${root.pageable!.selection} }`;
        const spec = (cursor: string | null) => gql(principal, `${root.label} ${dir} ${which} cursor`, text(cursor, dir), { c: cursor });
        // Each world gets its own cursor; the answers are compared as one request.
        const own = { plain: a, sealed: b, control: c };
        const r = await worlds.exchange((w) => spec(own[w.name]?.[which] ?? null));
        compared++;
        const refusedAs = (r.plain.json as { errors?: { extensions?: { code?: string }; message?: string }[] } | undefined)?.errors?.find(
          (e) => FAULTS.includes(e.extensions?.code ?? ''),
        );
        if (refusedAs)
          faults.push(
            `[${principal}] ${root.label} ${dir} ${which}: ${refusedAs.extensions?.code} ${refusedAs.message ?? ''}`.slice(0, 300),
          );
        const pa = spec(a[which]);
        if (a[which] !== b[which])
          differences.push({
            spec: pa,
            where: `cursor taken from the first page (${which})`,
            plain: String(a[which]),
            sealed: String(b[which]),
          });
        if (c && a[which] !== c[which])
          controlDifferences.push({
            spec: pa,
            where: `cursor taken from the first page (${which})`,
            plain: String(a[which]),
            sealed: String(c[which]),
          });
        differences.push(...r.differences.map((d) => ({ ...d, spec: pa })));
        controlDifferences.push(...r.controlDifferences.map((d) => ({ ...d, spec: pa })));
      }
    }
  }

  lap('nodes');
  // 3. node / nodes: every id seen, and guesses past the largest of each type.
  if (families.has('nodes')) {
    // Fragments of every Node type in one document would clash (fields of one name and
    // different types) and pass the alias limit: ids are asked by the type they name (a
    // global id is base64url("Type:pk")), with that type's fields and its relations' ids;
    // a mixed batch of every id asks only `__typename id`.
    const nodeTypes = new Set(schema.getPossibleTypes(schema.getType('Node') as never).map((t) => t.name));
    const selectionFor = (type: string) =>
      nodeTypes.has(type) ? `{ __typename id ... on ${type} ${selectionOf(schema, schema.getType(type)!, 1)} }` : '{ __typename id }';
    const ids = new Set<string>();
    for (const set of pool.ids.values()) for (const id of set) ids.add(id);
    const created = new Set<string>();
    for (const [type, table] of Object.entries(GUESSED)) {
      const max = Math.max(
        ...(await Promise.all(worlds.all.map(async (w) => Number((await w.srv.sql(`SELECT MAX(id) AS m FROM ${table}`))[0].m ?? 0)))),
      );
      const seeded = worlds.seedMax[table] ?? 0;
      for (let i = 1; i <= max + GUESS_BEYOND; i++) ids.add(gid(type, i));
      for (let i = 1; i <= max + GUESS_BEYOND; i++) if (i >= seeded - 1 || i % STRIDE === 0) created.add(gid(type, i));
    }
    const byType = new Map<string, string[]>();
    for (const id of [...ids].sort()) byType.set(typeOfId(id), [...(byType.get(typeOfId(id)) ?? []), id]);
    const all = [...ids].sort();
    for (const principal of PRINCIPALS) {
      for (let i = 0; i < all.length; i += NODE_BATCH) {
        await send(
          gql(principal, `nodes batch ${i / NODE_BATCH}`, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
            ids: all.slice(i, i + NODE_BATCH),
          }),
        );
      }
      for (const [type, list] of [...byType].sort()) {
        for (let i = 0; i < list.length; i += NODE_BATCH) {
          await send(
            gql(principal, `nodes of ${type} batch ${i / NODE_BATCH}`, `query($ids: [ID!]!) { nodes(ids: $ids) ${selectionFor(type)} }`, {
              ids: list.slice(i, i + NODE_BATCH),
            }),
          );
        }
      }
      // One by one for the objects the script made (and guesses past them): `node` answers errors per id.
      for (const id of [...created].sort())
        await send(gql(principal, `node ${readableId(id)}`, `query($id: ID!) { node(id: $id) ${selectionFor(typeOfId(id))} }`, { id }));
    }
  }

  lap('get');
  // 4. GET forms of the root queries (deep ones), every principal.
  if (families.has('get')) {
    // The shallow form of each list (the deep answers are compared over POST already).
    for (const root of roots.filter((r) => r.label.endsWith('(deep)'))) {
      const text = root.pageable ? `{ ${root.field}(${root.pageable.args}) ${root.pageable.selection} }` : root.query;
      for (const principal of PRINCIPALS) {
        await send({
          label: `GET ${root.label.replace(' (deep)', '')}`,
          principal,
          method: 'GET',
          path: `/graphql?query=${encodeURIComponent(text)}`,
        });
      }
    }
  }

  lap('persisted');
  // 5. Automatic persisted queries: the hashes the owner used, sent alone (POST and GET).
  if (families.has('persisted')) {
    const hashes = new Set<string>(worlds.all.flatMap((w) => w.refs.persistedHashes ?? []));
    for (const hash of [...hashes].sort()) {
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      for (const principal of PRINCIPALS) {
        await send({ label: 'persisted query by hash alone', principal, method: 'POST', path: '/graphql', body: { extensions } });
        await send({
          label: 'persisted query by hash alone (GET)',
          principal,
          method: 'GET',
          path: `/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`,
        });
      }
    }
  }

  lap('ocds');
  // 6. OCDS: packages by filter (since = every step), records of every round (and guesses).
  if (families.has('ocds')) {
    const ministries = [...(pool.codes.get('Ministry') ?? [])].filter((c) => ['MOE', 'MOJ'].includes(c));
    // The OCDS routes do not read the caller's token (public documents): the large packages
    // (everything, by ministry, by year) are asked as anonymous; `since` by every principal.
    const whole = ['', ...ministries.map((m) => `ministry=${m}`), ...fiscalYears.map((y) => `fiscalYear=${y}`)];
    const since = worlds.stepTimes.map((t) => `since=${encodeURIComponent(t)}`);
    for (const principal of PRINCIPALS) {
      for (const q of principal === 'anonymous' ? [...whole, ...since] : since)
        await send({ label: `OCDS releases ${q}`, principal, method: 'GET', path: `/ocds/releases${q ? `?${q}` : ''}` });
    }
    const maxTender = Math.max(
      ...(await Promise.all(worlds.all.map(async (w) => Number((await w.srv.sql('SELECT MAX(id) AS m FROM tender'))[0].m ?? 0)))),
    );
    // Every round the script made (and two past them); of the sample's, every STRIDE-th.
    for (let id = 1; id <= maxTender + 2; id++) {
      if (id < (worlds.seedMax.tender ?? 0) - 1 && id % STRIDE !== 0) continue;
      await send({
        label: `OCDS record of round ${id}`,
        principal: 'anonymous',
        method: 'GET',
        path: `/ocds/records/ocds-mttjp1-tender-${id}`,
      });
    }
  }

  lap('export');
  // 7. Table exports: CSV without `since` and with every step's instant; .xlsx (compared
  // entry by entry) without and with the first step's.
  if (families.has('export')) {
    const sinces = ['', ...worlds.stepTimes.map((t) => `?since=${encodeURIComponent(t)}`)];
    for (const principal of PRINCIPALS) {
      for (const kind of ['projects', 'tenders', 'bids']) {
        for (const s of sinces) await send({ label: `export ${kind}.csv ${s}`, principal, method: 'GET', path: `/export/${kind}.csv${s}` });
        for (const s of sinces.slice(0, 2))
          await send({ label: `export ${kind}.xlsx ${s}`, principal, method: 'GET', path: `/export/${kind}.xlsx${s}`, zip: true });
      }
    }
  }

  lap('feeds');
  // 8. The Atom feed of rounds (public events): whole, by ministry, by category (its ETag is
  // compared with the other headers).
  if (families.has('feeds')) {
    for (const principal of PRINCIPALS) {
      for (const q of ['', '?ministry=MOE', '?ministry=MOJ', '?category=FACILITY_MANAGEMENT'])
        await send({ label: `Atom feed ${q}`, principal, method: 'GET', path: `/feeds/tenders.atom${q}` });
    }
  }

  lap('refused');
  // 9. Mutations each principal is refused: nothing may change, the refusal must read alike.
  if (families.has('refused')) {
    for (const spec of refusedMutations(worlds, pool)) await send(spec);
  }

  lap('done');
  if (timing)
    console.log(
      [...slow]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 25)
        .map(([l, ms]) => `${Math.round(ms)} ms ${l}`)
        .join('\n'),
    );
  return { differences, controlDifferences, faults, compared, observations };
}

/**
 * Refused writes: the other ministry awards its own CLOSED round to every guessed bid id
 * (a bid of another round must read like one that does not exist), and every principal
 * tries to change or bid into the owner's sealed rounds.
 */
function refusedMutations(worlds: Worlds, pool: { ids: Map<string, Set<string>> }): RequestSpec[] {
  const out: RequestSpec[] = [];
  const refs = worlds.plain.refs;
  const award = `mutation($input: AwardTenderInput!) { awardTender(input: $input) { tender { id status version } userErrors { code field message } } }`;
  const update = `mutation($input: UpdateTenderInput!) { updateTender(input: $input) { tender { id version } userErrors { code field message } } }`;
  const record = `mutation($input: RecordBidInput!) { recordBid(input: $input) { bid { id } userErrors { code field message } } }`;
  const bidIds = [...(pool.ids.get('Bid') ?? [])];
  const maxBid = Math.max(0, ...bidIds.map(pk));
  // Its own round's bids would be accepted (and end the experiment): only other ids.
  const own = new Set(
    Object.entries(refs)
      .filter(([k]) => k.startsWith('T3/'))
      .map(([, v]) => (v as { id: string }).id),
  );
  if (refs.T3) {
    // Every id past the sample's (where the script's bids are) and a stride of the sample's.
    for (let i = 1; i <= maxBid + GUESS_BEYOND; i++) {
      if (own.has(gid('Bid', i)) || (i < (worlds.seedMax.bid ?? 0) - 1 && i % STRIDE !== 0)) continue;
      out.push(
        gql('otherMinistry', `awardTender of its own CLOSED round to Bid:${i}`, award, {
          input: { tenderId: refs.T3.id, winningBidId: gid('Bid', i), contractAmountYen: 100_000_000, expectedVersion: refs.T3.version },
        }),
      );
    }
  }
  const sealedRounds = ['T1'].filter((k) => refs[k]);
  const bidders = ['B1', 'B2', 'B4'].filter((k) => refs[k]);
  for (const principal of PRINCIPALS) {
    for (const k of sealedRounds) {
      for (const version of [1, 2, 3, 4]) {
        out.push(
          gql(principal, `updateTender of sealed ${k} (version ${version})`, update, {
            input: { id: refs[k].id, expectedVersion: version, reservePriceYen: 1 },
          }),
        );
      }
      for (const b of bidders)
        out.push(
          gql(principal, `recordBid into sealed ${k} for ${b}`, record, {
            input: { tenderId: refs[k].id, bidderId: refs[b].id, amountYen: 1 },
          }),
        );
    }
  }
  return out;
}
