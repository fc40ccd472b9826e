import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * A to-one relation selected under a list (a round's service and its ministry, a winning bid
 * and its bidder, a service's latest round and evaluation…) is read inside the list's own
 * statement, as JSON (core/graphql/related-rows.ts). It must give exactly the object a plain
 * read of the row gives: every scalar field of every object those lists return is compared,
 * for three callers, with the same object read on its own through `node(id)` (one `SELECT *`
 * of its row). Values JSON could change are planted first: doubles that need all 17 digits.
 */

const TYPES = ['TargetProject', 'Tender', 'Bid', 'Bidder', 'Evaluation', 'Ministry', 'LocalPilot'] as const;

let srv: TestServer;
const callers: Record<string, Record<string, string>> = { anonymous: {} };
const fragments: string[] = [];
const scalarFields = new Map<string, string[]>();

beforeAll(async () => {
  srv = await startTestServer({ env: { RESPONSE_CACHE_MB: '0' } });
  callers.admin = (await issueTestToken(srv, { role: 'ADMIN' })).headers;
  callers.ministry = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MHLW' })).headers;
  const third = 'CAST(1 AS double precision) / 3';
  const tenth = 'CAST(0.1 AS double precision) + CAST(0.2 AS double precision)';
  await srv.sql(`UPDATE bid SET technical_score = ${third}, total_score = ${tenth} WHERE status IN ('WON', 'LOST')`);
  await srv.sql(`UPDATE evaluation SET cost_reduction_rate = 2 * (${third})`);

  for (const type of TYPES) {
    const data: any = expectOk(
      await srv.gql(`{ __type(name: "${type}") { fields { name args { name } type { kind ofType { kind ofType { kind } } } } } }`),
    );
    const named = (t: any): string => (t.ofType ? named(t.ofType) : t.kind);
    const fields = data.__type.fields
      .filter((f: any) => f.args.length === 0 && ['SCALAR', 'ENUM'].includes(named(f.type)))
      .map((f: any) => f.name as string);
    scalarFields.set(type, fields);
    fragments.push(`fragment ${type}Fields on ${type} { __typename ${fields.join(' ')} }`);
  }
});
afterAll(() => srv?.stop());

/** The lists that read relations with their page: root lists and nested ones, with relations two deep. */
const LISTS = `
  tenders(first: 100, filter: { statuses: [AWARDED] }) { nodes { ...TenderFields
    project { ...TargetProjectFields ministry { ...MinistryFields } }
    winningBid { ...BidFields bidder { ...BidderFields } } } }
  evaluations(first: 100) { nodes { ...EvaluationFields exitCriteriaMet tender { ...TenderFields } project { ...TargetProjectFields } } }
  targetProjects(first: 100, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { node { ...TargetProjectFields
    ministry { ...MinistryFields }
    latestTender { ...TenderFields winningBid { ...BidFields bidder { ...BidderFields } } }
    latestEvaluation { ...EvaluationFields } } } }
  ministries(first: 10) { nodes { targetProjects(first: 20) { nodes { ...TargetProjectFields latestTender { ...TenderFields } } } } }
  localPilots(first: 30) { nodes { tenders(first: 5) { nodes { ...TenderFields localPilot { ...LocalPilotFields } } } } }
  bidders(first: 30) { nodes { bids(first: 10) { nodes { ...BidFields tender { ...TenderFields } bidder { ...BidderFields } } } } }
`;

/** Every object in an answer that has a type and an id, with its scalar fields only. */
function objectsIn(value: unknown, into: Map<string, Record<string, unknown>>): Map<string, Record<string, unknown>> {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, into));
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const fields = typeof object.__typename === 'string' ? scalarFields.get(object.__typename) : undefined;
    if (fields && typeof object.id === 'string') {
      const scalars = Object.fromEntries(['__typename', ...fields].map((f) => [f, object[f]]));
      const seen = into.get(object.id);
      if (seen) expect(scalars, `${object.id} read twice in one answer`).toEqual(seen);
      into.set(object.id, scalars);
    }
    Object.values(object).forEach((v) => objectsIn(v, into));
  }
  return into;
}

describe('a relation read with its list is the object read on its own', () => {
  for (const caller of ['admin', 'ministry', 'anonymous']) {
    it(`for ${caller === 'anonymous' ? 'an anonymous caller' : `a caller with a ${caller.toUpperCase()} token`}`, async () => {
      const listed = objectsIn(expectOk(await srv.gql(`{ ${LISTS} } ${fragments.join(' ')}`, {}, callers[caller])), new Map());
      const byType = (type: string) => [...listed.values()].filter((o) => o.__typename === type).length;
      for (const type of TYPES) expect(byType(type), type).toBeGreaterThan(0);
      // The planted doubles came through the lists' JSON.
      const values = [...listed.values()];
      if (caller !== 'anonymous') expect(values.some((o) => o.__typename === 'Bid' && o.totalScore === 0.1 + 0.2)).toBe(true);
      expect(values.some((o) => o.__typename === 'Evaluation' && o.costReductionRate === 2 * (1 / 3))).toBe(true);

      const ids = [...listed.keys()];
      // node(id) one by one, fifteen to a request (the limit on aliases).
      for (let start = 0; start < ids.length; start += 15) {
        const slice = ids.slice(start, start + 15);
        const spreads = slice.map((id, i) => `n${i}: node(id: ${JSON.stringify(id)}) { ...${String(listed.get(id)!.__typename)}Fields }`);
        const used = fragments.filter((f) => slice.some((id) => f.startsWith(`fragment ${String(listed.get(id)!.__typename)}Fields `)));
        const query = `{ ${spreads.join(' ')} } ${used.join(' ')}`;
        const data = expectOk(await srv.gql(query, {}, callers[caller])) as Record<string, Record<string, unknown> | null>;
        slice.forEach((id, i) => {
          const alone = data[`n${i}`];
          expect(alone, id).not.toBeNull();
          expect(objectsIn(alone, new Map()).get(id), id).toEqual(listed.get(id));
        });
      }
    });
  }
});
