import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../bench/operations.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/core/config/config.js';
import { createLogger } from '../src/core/logger.js';
import { gid } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Compiled execution (core/graphql/compiled-execution.ts) must answer exactly as graphql-js:
 * two servers on one database, one compiling its queries (the default) and one with
 * COMPILED_EXECUTION=0, are sent the same requests by every kind of caller, and every answer
 * (status and body, byte for byte) must be the same. The requests are the heavy reads (the
 * benchmark's documents), sealed data seen by its owner and by outsiders, abstract types,
 * fragments and directives, errors raised in resolvers (coded, and uncoded ones such as a
 * failed statement), variables that do not coerce, and introspection. (The noninterference battery compares the two again over every root field.)
 */

const settings = {
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_TOKEN: '0',
  QUERY_MAX_COST: '1000000000',
  QUERY_MAX_NODES: '100000000',
  // Every answer is computed, not replayed from the anonymous response cache.
  RESPONSE_CACHE_MB: '0',
};

let compiled: TestServer;
let standardUrl: string;
let closeStandard: () => Promise<void>;
const callers: Record<string, Record<string, string>> = { anonymous: {} };
const refs: { ministry: string; otherMinistry: string; service: string; sealedRound: string; bidder: string } = {
  ministry: '',
  otherMinistry: '',
  service: '',
  sealedRound: '',
  bidder: '',
};

beforeAll(async () => {
  compiled = await startTestServer({ env: settings });
  const config = loadConfig({
    DATABASE_URL: compiled.databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SEED_ON_START: '0',
    COMPILED_EXECUTION: '0',
    ...settings,
  });
  const standard = await createApp(config, createLogger(config.logLevel));
  await new Promise<void>((resolve) => standard.http.listen(0, '127.0.0.1', resolve));
  standardUrl = `http://127.0.0.1:${(standard.http.address() as AddressInfo).port}/graphql`;
  closeStandard = () => standard.close();

  // A round that is not opened yet and has bids, its service and ministry, and another ministry.
  const [sealed] = await compiled.sql<{ tender_id: number; project_id: number; code: string; bidder_id: number }>(
    `SELECT t.id AS tender_id, p.id AS project_id, m.code, b.bidder_id
       FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id
       JOIN bid b ON b.tender_id = t.id
      WHERE t.status NOT IN ('AWARDED', 'UNSUCCESSFUL')
      ORDER BY t.id LIMIT 1`,
  );
  expect(sealed, 'the sample holds a sealed round with bids').toBeDefined();
  const [other] = await compiled.sql<{ code: string }>(`SELECT code FROM ministry WHERE code <> ? ORDER BY id LIMIT 1`, [sealed.code]);
  Object.assign(refs, {
    ministry: sealed.code,
    otherMinistry: other.code,
    service: gid('TargetProject', sealed.project_id),
    sealedRound: gid('Tender', sealed.tender_id),
    bidder: gid('Bidder', sealed.bidder_id),
  });
  callers.admin = (await issueTestToken(compiled, { role: 'ADMIN' })).headers;
  callers.owner = (await issueTestToken(compiled, { role: 'MINISTRY', ministryCode: sealed.code })).headers;
  callers.otherMinistry = (await issueTestToken(compiled, { role: 'MINISTRY', ministryCode: other.code })).headers;
}, 120_000);

afterAll(async () => {
  await closeStandard?.();
  await compiled?.stop();
});

async function send(url: string, body: unknown, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(body),
  });
  return `${response.status} ${await response.text()}`;
}

/** Sends one request to both servers as every caller and returns the compiled server's answers. */
async function bothAlike(body: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<string[]> {
  const answers: string[] = [];
  for (const [caller, headers] of Object.entries(callers)) {
    const viaCompiled = await send(compiled.url, body, headers);
    const viaStandard = await send(standardUrl, body, headers);
    expect(viaCompiled, `${caller}: ${body.query.slice(0, 60)}`).toBe(viaStandard);
    answers.push(viaCompiled);
  }
  return answers;
}

describe('compiled execution answers exactly as graphql-js', () => {
  it('the dashboard, for its own ministry, another one and the public', async () => {
    for (const ministry of [() => refs.ministry, () => refs.otherMinistry]) {
      const answers = await bothAlike({ query: DOCUMENTS.dashboard, variables: { ministry: ministry() } });
      for (const answer of answers) expect(answer).toMatch(/^200 \{"data":\{"targetProjects":\{"totalCount":[1-9]/);
    }
  });

  it('a service with its rounds, bids and history, sealed to all but its owner and admins', async () => {
    const answers = await bothAlike({ query: DOCUMENTS.projectDetail, variables: { id: refs.service } });
    const [anonymous, admin, owner, otherMinistry] = answers;
    // The sealed round's bids show to its owner and admins only.
    for (const outsider of [anonymous, otherMinistry]) expect(outsider).toContain('"bidsSealed":true');
    for (const insider of [admin, owner]) expect(insider).not.toContain('"bidsSealed":true');
  });

  it('statistics and searches', async () => {
    await bothAlike({ query: DOCUMENTS.stats, variables: {} });
    await bothAlike({ query: DOCUMENTS.stats, variables: { filter: { ministryCodes: [refs.ministry] } } });
    await bothAlike({ query: DOCUMENTS.searchProjects, variables: { query: '窓口' } });
    await bothAlike({ query: DOCUMENTS.searchMunicipalities, variables: { query: '中央' } });
  });

  it('abstract types, fragments, aliases and directives', async () => {
    const query = `query Mixed($ids: [ID!]!, $withBids: Boolean!, $skipTitle: Boolean!) {
      nodes(ids: $ids) {
        __typename id
        ... on Tender { title @skip(if: $skipTitle) status bidsSealed numberOfBidders reservePriceYen
          bids(first: 5) @include(if: $withBids) { totalCount nodes { ...bidFields } } }
        ... on Bidder { name kind }
        ... on TargetProject { first: name again: name ministry { code } }
      }
      me: viewer { __typename }
    }
    fragment bidFields on Bid { amountYen status bidder { name } }`;
    for (const withBids of [true, false])
      await bothAlike({
        query,
        variables: { ids: [refs.sealedRound, refs.bidder, refs.service, 'garbage'], withBids, skipTitle: !withBids },
      });
  });

  it('errors raised in resolvers, null bubbling, and variables that do not coerce', async () => {
    const [negative] = await bothAlike({ query: '{ targetProjects(first: -1) { totalCount } tenders(first: 1) { totalCount } }' });
    expect(negative).toMatch(/"errors"/);
    const [unknown] = await bothAlike({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: gid('Tender', 9_999_999) } });
    expect(unknown).toMatch(/^200 \{"data":\{"node":null\},/);
    const [badVariable] = await bothAlike({ query: 'query ($n: Int) { tenders(first: $n) { totalCount } }', variables: { n: 'ten' } });
    expect(badVariable).toMatch(/^400 .*BAD_USER_INPUT/);
    const [missing] = await bothAlike({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: {} });
    expect(missing).toMatch(/^400 /);
    const [badEnum] = await bothAlike({
      query: 'query ($o: TenderOrder) { tenders(first: 1, orderBy: $o) { totalCount } }',
      variables: { o: { field: 'NOPE', direction: 'ASC' } },
    });
    expect(badEnum).toMatch(/^400 /);
  });

  it('operation names that do not match, or are missing among several', async () => {
    const [unknownName] = await bothAlike({ query: 'query A { viewer { role } }', operationName: 'B' });
    expect(unknownName).toMatch(/Unknown operation named/);
    const [noName] = await bothAlike({ query: 'query A { viewer { role } } query B { viewer { role } }' });
    expect(noName).toMatch(/operation name/);
    const [chosen] = await bothAlike({ query: 'query A { viewer { role } } mutation B { __typename }', operationName: 'A' });
    expect(chosen).toMatch(/^200 \{"data":\{"viewer"/);
  });

  it('errors without a code (a failed statement): masked alike, with their paths', async () => {
    await compiled.sql('ALTER TABLE guideline_milestone RENAME TO guideline_milestone_away');
    try {
      const [answer] = await bothAlike({
        query: '{ targetProjects(first: 3) { nodes { id guidelineMilestones(first: 1) { nodes { id } } } } }',
      });
      expect(answer).toMatch(/"path":\["targetProjects","nodes",0,"guidelineMilestones"\]/);
      expect(answer).toContain('"code":"INTERNAL_SERVER_ERROR"');
    } finally {
      await compiled.sql('ALTER TABLE guideline_milestone_away RENAME TO guideline_milestone');
    }
  });

  it('introspection', async () => {
    const [answer] = await bothAlike({ query: getIntrospectionQuery() });
    expect(answer).toMatch(/^200 \{"data":\{"__schema"/);
  });
});
