/**
 * The operations the benchmark drives: their GraphQL documents, the request bodies each one
 * rotates through, what a correct response must hold, and (for writes) the fixtures and the
 * state that keeps every write valid while the load generator runs.
 */

/** A GraphQL response as the server sends it (`TRACKER_DIAGNOSTICS=1` adds the diagnostics). */
export interface GraphQLResponse {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    diagnostics?: { sqlStatements?: number; durationMs?: number };
    cost?: { requested?: number; limit?: number; nodes?: number; depth?: number };
  };
}

/** One HTTP request of an operation: POST /graphql with this body and these headers. */
export interface BenchRequest {
  /** What it does, for the report (`dashboard`, `recordBid`…). */
  kind: string;
  /** Which variant (a ministry, a project id, a query word…). */
  label: string;
  body: string;
  headers: Record<string, string>;
  /** Source-private state needed to follow the response (writes). */
  meta?: unknown;
}

/** Talks to the server outside the measured runs. */
export interface Api {
  url: string;
  send(body: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string>; text: string }>;
  /** Runs a document and returns `data`; throws on transport or GraphQL errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
}

/** Where requests come from during checks and runs. */
export interface RequestSource {
  /** How many requests are sent one by one before the run to check and capture them (every distinct read body; a few writes). */
  readonly captureCount: number;
  next(): BenchRequest;
  /** Problems with the response to `request` (none: as expected). */
  check(request: BenchRequest, response: GraphQLResponse): string[];
  /** Writes: follows versions from responses and counts userErrors. */
  onResponse?(request: BenchRequest, status: number, body: string): void;
  /** Writes: after a run ends with requests in flight, fetches the versions they left unknown. */
  resync?(): Promise<void>;
  /** Counters for the report (userErrors by code…), since the last reset. */
  counters?(): Record<string, number>;
  resetCounters?(): void;
  /** Facts about the fixtures, for the report. */
  notes?(): string[];
}

/** What the runner found in (or made in) the database before the operations run. */
export interface Fixtures {
  /** The dashboard's rotation: the ministries with the most services, each with its own MINISTRY token. */
  dashboardMinistries: { code: string; projectCount: number; token: string }[];
  /** Every target service (global id), oldest first. */
  projects: { id: string }[];
  /** Every ministry code, for the write fixtures. */
  ministryCodes: string[];
  adminToken: string;
}

export interface RunSettings {
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Whether each operation runs a second time at half the rate the first reached. */
  halfRate: boolean;
}

export interface Operation {
  name: string;
  /** `--only` accepts a name or a group. */
  group: string;
  title: string;
  prepare(api: Api, fixtures: Fixtures, settings: RunSettings, progress: (message: string) => void): Promise<RequestSource>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

function headersFor(token?: string): Record<string, string> {
  return token ? { ...JSON_HEADERS, authorization: `Bearer ${token}` } : { ...JSON_HEADERS };
}

function requestBody(operationName: string, query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ operationName, query, variables });
}

/** The documents, written once and sent with variables, as a client app would. */
export const DOCUMENTS = {
  dashboard: `query Dashboard($ministry: String!) {
  targetProjects(first: 50, filter: { ministryCodes: [$ministry] }, orderBy: { field: UPDATED_AT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name status method category baselineAnnualCostYen version
      ministry { code name }
      latestTender {
        id round title status bidsSealed numberOfBidders isSingleBid contractAmountYen costReductionRate
        winningBid { amountYen bidder { name corporateNumber } }
      }
      latestEvaluation { id fiscalYear decision decidedOn exitCriteriaMet }
    }
  }
}`,
  projectDetail: `query ProjectDetail($id: ID!) {
  node(id: $id) {
    id
    ... on TargetProject {
      name summary status method category baselineAnnualCostYen selectedInFiscalYear dataSource sourceNote version
      ministry { code name }
      tenders(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes {
          id round title status awardCriteria announcedOn bidDeadline openedOn reservePriceYen bidsSealed
          numberOfBidders isSingleBid contractAmountYen costReductionRate negotiatedAfterFailure outcomeNote
          bids(first: 100) {
            totalCount
            pageInfo { hasNextPage }
            nodes { id amountYen status technicalScore totalScore submittedAt bidder { id name corporateNumber kind } }
          }
        }
      }
      policyEntries(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes { id action method contractYears plannedTenderFiscalYear notes policy { id title decidedOn fiscalYear } }
      }
      history(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes { id at action actor { name role } before after note }
      }
    }
  }
}`,
  stats: `query Stats($filter: MarketTestingStatsFilter) {
  marketTestingStats(filter: $filter) {
    projectCount tenderCount awardedTenderCount unsuccessfulTenderCount averageBidders singleBidRate
    unsuccessfulRate baselineYen contractedYen reductionYen reductionRate
    projectsByStatus { status count }
    byFiscalYear {
      fiscalYear fiscalYearLabel selectedProjectCount tenderCount awardedTenderCount unsuccessfulTenderCount
      averageBidders singleBidRate unsuccessfulRate baselineYen contractedYen reductionYen reductionRate
    }
    byMinistry {
      ministry { code name }
      projectCount tenderCount awardedTenderCount unsuccessfulTenderCount averageBidders singleBidRate
      unsuccessfulRate baselineYen contractedYen reductionYen reductionRate
      projectsByStatus { status count }
    }
  }
}`,
  searchProjects: `query SearchProjects($query: String!) {
  targetProjects(first: 20, filter: { query: $query }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name status category
      ministry { code name }
      latestTender { round status contractAmountYen }
    }
  }
}`,
  searchMunicipalities: `query SearchMunicipalities($query: String!) {
  municipalities(first: 20, filter: { query: $query }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id code name kana kind prefecture { name } }
  }
}`,
  recordBid: `mutation RecordBid($input: RecordBidInput!) {
  recordBid(input: $input) {
    bid { id status amountYen submittedAt }
    userErrors { code field message }
  }
}`,
  updateTargetProject: `mutation UpdateTargetProject($input: UpdateTargetProjectInput!) {
  updateTargetProject(input: $input) {
    targetProject { id version summary }
    userErrors { code field message }
  }
}`,
} as const;

export const SEARCH_PROJECT_WORDS = ['窓口', '年金', '統計', '調査'];
export const SEARCH_MUNICIPALITY_FRAGMENTS = ['千代', '中央', '北'];
const DETAIL_PROJECTS = 200;

/** Errors every source refuses, whatever the operation. */
function basicProblems(response: GraphQLResponse): string[] {
  const problems: string[] = [];
  if (response.errors?.length)
    problems.push(`errors: ${response.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`.trim()).join('; ')}`);
  if (response.data == null) problems.push('no data');
  if (typeof response.extensions?.diagnostics?.sqlStatements !== 'number')
    problems.push('no extensions.diagnostics.sqlStatements (is TRACKER_DIAGNOSTICS=1 set?)');
  return problems;
}

/** A fixed list of request bodies, sent in turn. */
class RotatingSource implements RequestSource {
  private index = 0;
  constructor(
    private readonly requests: BenchRequest[],
    private readonly checkData: (request: BenchRequest, data: any) => string[],
  ) {
    if (requests.length === 0) throw new Error('an operation needs at least one request body');
  }
  get captureCount(): number {
    return this.requests.length;
  }
  next(): BenchRequest {
    const request = this.requests[this.index];
    this.index = (this.index + 1) % this.requests.length;
    return request;
  }
  check(request: BenchRequest, response: GraphQLResponse): string[] {
    const problems = basicProblems(response);
    return problems.length ? problems : this.checkData(request, response.data);
  }
}

function checkDashboard(request: BenchRequest, data: any): string[] {
  const connection = data?.targetProjects;
  const nodes: any[] = connection?.nodes ?? [];
  const ministry = (request.meta as { ministry: string }).ministry;
  const problems: string[] = [];
  if (nodes.length === 0) problems.push(`no services of ${ministry}`);
  if (nodes.length !== Math.min(50, connection?.totalCount ?? -1))
    problems.push(`${nodes.length} services on the page, totalCount ${connection?.totalCount}`);
  if (nodes.some((n) => n.ministry?.code !== ministry)) problems.push(`a service of another ministry than ${ministry}`);
  if (!nodes.some((n) => n.latestTender)) problems.push('no service has a latest tender');
  if (!nodes.some((n) => n.latestTender?.winningBid?.bidder?.name)) problems.push('no latest tender has a winner');
  if (!nodes.some((n) => n.latestEvaluation?.decision)) problems.push('no service has an evaluation decision');
  return problems;
}

export const OPERATIONS: Operation[] = [
  {
    name: 'dashboard',
    group: 'dashboard',
    title:
      "A ministry's dashboard with its MINISTRY token: targetProjects(first: 50, ministry filter, orderBy UPDATED_AT DESC) with ministry, latest tender (bidders, contract amount, winner) and latest evaluation; rotates across the ministries with the most services",
    async prepare(_api, fixtures) {
      const requests = fixtures.dashboardMinistries.map(({ code, token }) => ({
        kind: 'dashboard',
        label: code,
        body: requestBody('Dashboard', DOCUMENTS.dashboard, { ministry: code }),
        headers: headersFor(token),
        meta: { ministry: code },
      }));
      return new RotatingSource(requests, checkDashboard);
    },
  },
  {
    name: 'dashboard-anonymous-repeat',
    group: 'dashboard',
    title: 'The same anonymous (public) dashboard request over and over: unchanged data, so a response cache would show here',
    async prepare(_api, fixtures) {
      const code = fixtures.dashboardMinistries[0].code;
      const request = {
        kind: 'dashboard',
        label: `${code} (anonymous)`,
        body: requestBody('Dashboard', DOCUMENTS.dashboard, { ministry: code }),
        headers: headersFor(),
        meta: { ministry: code },
      };
      return new RotatingSource([request], checkDashboard);
    },
  },
  {
    name: 'project-detail',
    group: 'detail',
    title: `Project detail, anonymous: node(id) with all its tenders, their bids and bidders, policy entries and history; rotates across up to ${DETAIL_PROJECTS} services`,
    async prepare(_api, fixtures) {
      const all = fixtures.projects;
      const count = Math.min(DETAIL_PROJECTS, all.length);
      const picked = Array.from({ length: count }, (_, i) => all[Math.floor((i * all.length) / count)]);
      const requests = picked.map(({ id }) => ({
        kind: 'projectDetail',
        label: id,
        body: requestBody('ProjectDetail', DOCUMENTS.projectDetail, { id }),
        headers: headersFor(),
        meta: { id },
      }));
      return new RotatingSource(requests, (request, data) => {
        const node = data?.node;
        const problems: string[] = [];
        if (!node || node.id !== (request.meta as { id: string }).id) return [`node(${request.label}) did not return the service`];
        for (const list of ['tenders', 'policyEntries', 'history'] as const) {
          if (!node[list]) problems.push(`no ${list}`);
          else if (node[list].pageInfo.hasNextPage) problems.push(`${list} has more than one page: not everything was returned`);
        }
        for (const tender of node.tenders?.nodes ?? []) {
          if (tender.bids.pageInfo.hasNextPage) problems.push(`the bids of tender ${tender.id} have more than one page`);
        }
        return problems;
      });
    },
  },
  {
    name: 'stats',
    group: 'stats',
    title:
      'marketTestingStats with totals, by fiscal year and by ministry; rotates three filters (none, fromFiscalYear 2023, COUNTER_SERVICE)',
    async prepare() {
      const filters: [string, Record<string, unknown> | null][] = [
        ['all', null],
        ['fromFiscalYear 2023', { fromFiscalYear: 2023 }],
        ['COUNTER_SERVICE', { categories: ['COUNTER_SERVICE'] }],
      ];
      const requests = filters.map(([label, filter]) => ({
        kind: 'stats',
        label,
        body: requestBody('Stats', DOCUMENTS.stats, { filter }),
        headers: headersFor(),
      }));
      return new RotatingSource(requests, (_request, data) => {
        const stats = data?.marketTestingStats;
        const problems: string[] = [];
        if (!stats) return ['no marketTestingStats'];
        if (!(stats.tenderCount > 0)) problems.push('tenderCount is 0');
        if (!stats.byFiscalYear?.length) problems.push('no byFiscalYear rows');
        if (!stats.byMinistry?.length) problems.push('no byMinistry rows');
        return problems;
      });
    },
  },
  {
    name: 'search-projects',
    group: 'search',
    title: `targetProjects(first: 20) with a two-character Japanese query, anonymous; rotates ${SEARCH_PROJECT_WORDS.join(', ')}`,
    async prepare() {
      const requests = SEARCH_PROJECT_WORDS.map((query) => ({
        kind: 'searchProjects',
        label: query,
        body: requestBody('SearchProjects', DOCUMENTS.searchProjects, { query }),
        headers: headersFor(),
      }));
      return new RotatingSource(requests, (request, data) => {
        const c = data?.targetProjects;
        return c?.nodes?.length > 0 && c.totalCount > 0 ? [] : [`"${request.label}" found no service`];
      });
    },
  },
  {
    name: 'search-municipalities',
    group: 'search',
    title: `municipalities(first: 20) by name fragment, anonymous; rotates ${SEARCH_MUNICIPALITY_FRAGMENTS.join(', ')}`,
    async prepare() {
      const requests = SEARCH_MUNICIPALITY_FRAGMENTS.map((query) => ({
        kind: 'searchMunicipalities',
        label: query,
        body: requestBody('SearchMunicipalities', DOCUMENTS.searchMunicipalities, { query }),
        headers: headersFor(),
      }));
      return new RotatingSource(requests, (request, data) => {
        const nodes: any[] = data?.municipalities?.nodes ?? [];
        if (nodes.length === 0) return [`"${request.label}" found no local government`];
        return nodes.some((n) => String(n.name).includes(request.label)) ? [] : [`no local government's name contains "${request.label}"`];
      });
    },
  },
  {
    name: 'writes',
    group: 'writes',
    title:
      'recordBid and updateTargetProject in turn with an ADMIN token: each bid a fresh (open tender, bidder) pair, each update with the version the last response returned',
    prepare: (api, fixtures, settings, progress) => WriteSource.create(api, fixtures, settings, progress),
  },
];

/** `--only`: operation names or groups, in the order of OPERATIONS. */
export function selectOperations(only: string[] | null): Operation[] {
  if (!only) return OPERATIONS;
  const known = new Set(OPERATIONS.flatMap((o) => [o.name, o.group]));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new Error(`--only: unknown ${unknown.join(', ')}; choose from ${[...known].join(', ')}`);
  }
  return OPERATIONS.filter((o) => only.includes(o.name) || only.includes(o.group));
}

// ---------------------------------------------------------------------------------------
// Writes

/** Bidders created for the bids; tenders are added until the pairs cover the run. */
const WRITE_BIDDERS = 200;
/**
 * Writes per second the fixtures are sized for (half of them bids). Measured here: well under
 * 1,000 on two cores; if a faster machine runs out of fresh pairs, the bids that follow are
 * DUPLICATE userErrors, counted and reported.
 */
const ASSUMED_MAX_WRITES_PER_SECOND = 2000;
const MAX_ALIASES = 15;
const UPDATE_POOL = 100;

interface BidMeta {
  pair: number;
}
interface UpdateMeta {
  slot: number;
  expectedVersion: number;
  summary: string;
}
interface PoolSlot {
  id: string;
  version: number | null;
  busy: boolean;
}

/** Runs one aliased mutation per item (at most 15 per request) and returns each payload. */
async function batched<I>(
  api: Api,
  token: string,
  items: I[],
  field: string,
  inputType: string,
  selection: string,
  input: (item: I, index: number) => Record<string, unknown>,
): Promise<any[]> {
  const payloads: any[] = [];
  for (let start = 0; start < items.length; start += MAX_ALIASES) {
    const chunk = items.slice(start, start + MAX_ALIASES);
    const variables: Record<string, unknown> = {};
    const declarations: string[] = [];
    const fields: string[] = [];
    chunk.forEach((item, i) => {
      variables[`in${i}`] = input(item, start + i);
      declarations.push(`$in${i}: ${inputType}!`);
      fields.push(`m${i}: ${field}(input: $in${i}) { ${selection} userErrors { code field message } }`);
    });
    const data = await api.gql(`mutation Fixtures(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`, variables, token);
    chunk.forEach((_, i) => {
      const payload = data[`m${i}`];
      if (payload.userErrors.length) throw new Error(`preparing the writes: ${field} refused: ${JSON.stringify(payload.userErrors)}`);
      payloads.push(payload);
    });
  }
  return payloads;
}

/**
 * recordBid and updateTargetProject in turn. Bids go to fresh (tender, bidder) pairs of OPEN
 * rounds made for the run (pair i: tender i mod T, bidder i div T, so consecutive bids hit
 * different rounds and do not queue on one row lock). Updates cycle through a pool of
 * services, each sent with the version its last response returned; a slot is not reused
 * while its request is in flight, so STALE_VERSION stays rare.
 */
class WriteSource implements RequestSource {
  readonly captureCount = 10;
  private turn = 0;
  private nextPair = 0;
  private cursor = 0;
  private updates = 0;
  private userErrors: Record<string, number> = {};
  private refreshes = 0;
  private pairsReused = 0;

  private constructor(
    private readonly api: Api,
    private readonly token: string,
    private readonly tenders: string[],
    private readonly bidders: string[],
    private readonly pool: PoolSlot[],
    private readonly tag: string,
  ) {}

  static async create(api: Api, fixtures: Fixtures, settings: RunSettings, progress: (message: string) => void): Promise<WriteSource> {
    const started = Date.now();
    const token = fixtures.adminToken;
    const tag = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
    // The run at half rate sends about half as many again.
    const seconds = settings.warmupSeconds + settings.durationSeconds * (settings.halfRate ? 1.5 : 1) + 2;
    const bidsNeeded = Math.ceil((seconds * ASSUMED_MAX_WRITES_PER_SECOND) / 2) + 50;
    const tenderCount = Math.ceil(bidsNeeded / WRITE_BIDDERS);

    const bidderPayloads = await batched(
      api,
      token,
      Array.from({ length: WRITE_BIDDERS }),
      'createBidder',
      'CreateBidderInput',
      'bidder { id }',
      (_, i) => ({
        name: `ベンチマーク事業者${tag}-${String(i + 1).padStart(4, '0')}株式会社`,
        kind: 'PRIVATE',
      }),
    );
    const bidders = bidderPayloads.map((p) => p.bidder.id as string);

    const codes = fixtures.ministryCodes;
    const created = await batched(
      api,
      token,
      Array.from({ length: tenderCount }),
      'createTargetProject',
      'CreateTargetProjectInput',
      'targetProject { id version }',
      (_, i) => ({
        ministryCode: codes[i % codes.length],
        name: `ベンチマーク用入札対象事業${tag}-${String(i + 1).padStart(4, '0')}`,
        summary: '負荷試験（npm run bench）のために作られた事業。',
        category: 'OTHER',
        method: 'PRIVATE',
        baselineAnnualCostYen: 6_000_000_000,
      }),
    );
    let projects = created.map((p) => ({ id: p.targetProject.id as string, version: p.targetProject.version as number }));
    for (const to of ['GUIDELINES_DRAFTING', 'PUBLIC_COMMENT', 'GUIDELINES_FIXED', 'TENDERING']) {
      const moved = await batched(
        api,
        token,
        projects,
        'transitionTargetProject',
        'TransitionTargetProjectInput',
        'targetProject { id version status }',
        (p) => ({ id: p.id, to, expectedVersion: p.version }),
      );
      projects = moved.map((p) => ({ id: p.targetProject.id, version: p.targetProject.version }));
    }
    const tendersCreated = await batched(api, token, projects, 'createTender', 'CreateTenderInput', 'tender { id version }', (p, i) => ({
      projectId: p.id,
      title: `ベンチマーク用入札対象事業${tag}-${String(i + 1).padStart(4, '0')}（第1回）`,
      awardCriteria: 'LOWEST_PRICE',
      announcedOn: '2026-10-01',
      bidDeadline: '2026-12-25',
      reservePriceYen: 5_000_000_000,
      contractStart: '2027-04-01',
      contractEnd: '2030-03-31',
    }));
    const opened = await batched(api, token, tendersCreated, 'transitionTender', 'TransitionTenderInput', 'tender { id status }', (t) => ({
      id: t.tender.id,
      to: 'OPEN',
      expectedVersion: t.tender.version,
    }));
    const tenders = opened.map((t) => t.tender.id as string);

    // Services updated in the run: the last ones of the list (not the rounds made above).
    const pool: PoolSlot[] = fixtures.projects.slice(-UPDATE_POOL).map((p) => ({ id: p.id, version: null, busy: false }));
    const source = new WriteSource(api, token, tenders, bidders, pool, tag);
    await source.resync(true);
    progress(
      `writes: ${tenders.length} OPEN rounds × ${bidders.length} bidders = ${tenders.length * bidders.length} fresh bid pairs, ${pool.length} services to update (made in ${Date.now() - started} ms)`,
    );
    return source;
  }

  next(): BenchRequest {
    const wantUpdate = this.turn++ % 2 === 1;
    if (wantUpdate) {
      const update = this.nextUpdate();
      if (update) return update;
    }
    return this.nextBid();
  }

  private nextBid(): BenchRequest {
    const capacity = this.tenders.length * this.bidders.length;
    const pair = this.nextPair++;
    if (pair >= capacity) this.pairsReused++;
    const p = pair % capacity;
    const tenderId = this.tenders[p % this.tenders.length];
    const bidderId = this.bidders[Math.floor(p / this.tenders.length)];
    const amountYen = 3_000_000_000 + (pair % 1_000_000) * 1000;
    return {
      kind: 'recordBid',
      label: `${tenderId}/${bidderId}`,
      body: requestBody('RecordBid', DOCUMENTS.recordBid, { input: { tenderId, bidderId, amountYen } }),
      headers: headersFor(this.token),
      meta: { pair } satisfies BidMeta,
    };
  }

  private nextUpdate(): BenchRequest | null {
    for (let tries = 0; tries < this.pool.length; tries++) {
      const slot = this.cursor;
      this.cursor = (this.cursor + 1) % this.pool.length;
      const entry = this.pool[slot];
      if (entry.busy || entry.version === null) continue;
      entry.busy = true;
      const n = ++this.updates;
      const summary = `負荷試験による概要の更新（${this.tag}、${n}回目）。窓口業務の民間委託に関する実施状況を記録する。`;
      return {
        kind: 'updateTargetProject',
        label: entry.id,
        body: requestBody('UpdateTargetProject', DOCUMENTS.updateTargetProject, {
          input: { id: entry.id, expectedVersion: entry.version, summary },
        }),
        headers: headersFor(this.token),
        meta: { slot, expectedVersion: entry.version, summary } satisfies UpdateMeta,
      };
    }
    return null;
  }

  check(request: BenchRequest, response: GraphQLResponse): string[] {
    const problems = basicProblems(response);
    if (problems.length) return problems;
    if (request.kind === 'recordBid') {
      const payload = response.data.recordBid;
      if (payload.userErrors.length) return [`recordBid userErrors: ${JSON.stringify(payload.userErrors)}`];
      if (payload.bid?.status !== 'VALID') return [`recordBid: bid ${JSON.stringify(payload.bid)} is not VALID`];
      return [];
    }
    const payload = response.data.updateTargetProject;
    const meta = request.meta as UpdateMeta;
    if (payload.userErrors.length) return [`updateTargetProject userErrors: ${JSON.stringify(payload.userErrors)}`];
    if (payload.targetProject?.version !== meta.expectedVersion + 1)
      return [`updateTargetProject: version ${payload.targetProject?.version}, expected ${meta.expectedVersion + 1}`];
    if (payload.targetProject.summary !== meta.summary) return ['updateTargetProject: the summary was not changed'];
    return [];
  }

  onResponse(request: BenchRequest, status: number, body: string): void {
    let response: GraphQLResponse | null = null;
    try {
      response = JSON.parse(body) as GraphQLResponse;
    } catch {
      // counted below
    }
    const payload = response?.data?.[request.kind] as
      { userErrors?: { code: string }[]; targetProject?: { version: number } | null } | undefined;
    if (status !== 200 || !payload) this.userErrors['(no payload)'] = (this.userErrors['(no payload)'] ?? 0) + 1;
    for (const e of payload?.userErrors ?? []) this.userErrors[e.code] = (this.userErrors[e.code] ?? 0) + 1;
    if (request.kind !== 'updateTargetProject') return;
    const slot = this.pool[(request.meta as UpdateMeta).slot];
    slot.busy = false;
    if (payload?.targetProject) {
      slot.version = payload.targetProject.version;
    } else {
      // STALE_VERSION or a failure: learn the current version before using the slot again.
      slot.version = null;
      slot.busy = true;
      this.refreshes++;
      void this.fetchVersions([slot]).finally(() => {
        slot.busy = false;
      });
    }
  }

  private async fetchVersions(slots: PoolSlot[]): Promise<void> {
    for (let start = 0; start < slots.length; start += 100) {
      const chunk = slots.slice(start, start + 100);
      try {
        const data = await this.api.gql<{ nodes: ({ id: string; version: number } | null)[] }>(
          'query Versions($ids: [ID!]!) { nodes(ids: $ids) { id ... on TargetProject { version } } }',
          { ids: chunk.map((s) => s.id) },
          this.token,
        );
        chunk.forEach((slot, i) => {
          slot.version = data.nodes[i]?.version ?? null;
        });
      } catch {
        // The slot stays unknown; the next resync tries again.
      }
    }
  }

  /** Learns the versions of every slot whose request did not come back (or all of them). */
  async resync(all = false): Promise<void> {
    const slots = this.pool.filter((s) => all || s.busy || s.version === null);
    await this.fetchVersions(slots);
    for (const slot of slots) slot.busy = false;
  }

  counters(): Record<string, number> {
    const counters: Record<string, number> = {};
    for (const [code, n] of Object.entries(this.userErrors)) counters[`userErrors.${code}`] = n;
    if (this.refreshes) counters.versionRefreshes = this.refreshes;
    if (this.pairsReused) counters.bidPairsReused = this.pairsReused;
    return counters;
  }

  resetCounters(): void {
    this.userErrors = {};
    this.refreshes = 0;
    this.pairsReused = 0;
  }

  notes(): string[] {
    const capacity = this.tenders.length * this.bidders.length;
    return [
      `writes: ${this.tenders.length} OPEN rounds × ${this.bidders.length} bidders = ${capacity} fresh bid pairs; ${this.nextPair} bids sent in all${this.nextPair > capacity ? ' (pairs ran out: later bids were DUPLICATE)' : ''}; ${this.updates} updates over ${this.pool.length} services`,
    ];
  }
}
