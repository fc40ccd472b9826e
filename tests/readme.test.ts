import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The README's GraphQL is run as a new user would paste it into GraphiQL: every example
 * query answers without errors, and the "Writing data" walk-through takes a service from
 * registration to exit, with the ids of each step pasted into the next.
 */
const readme = readFileSync('README.md', 'utf8');
const blocks = (text: string) => [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const [readPart, writePart] = readme.split('## Writing data');

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.stop());

describe('README', () => {
  it('has example queries that all answer without errors', async () => {
    const queries = blocks(readPart);
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const query of queries) {
      const result = await srv.gql(query);
      expect(result.errors, query).toBeUndefined();
      expect(result.status).toBe(200);
    }
  });

  it('walks a service from registration to exit exactly as written', async () => {
    const { headers } = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' });
    const steps = blocks(writePart.split('### A service')[1]);
    expect(steps.length).toBeGreaterThanOrEqual(12);
    const ids: Record<string, string> = {};
    for (const step of steps) {
      const document = step.replace(/\b(PROJECT_ID|TENDER_ID|BIDDER_1|BIDDER_2|BID_1|BID_2)\b/g, (name) => {
        expect(ids[name], `${name} is known before it is used`).toBeDefined();
        return ids[name];
      });
      const result = await srv.gql(document, {}, headers);
      expect(result.errors, document).toBeUndefined();
      for (const payload of Object.values(result.data ?? {}) as { userErrors?: unknown[] }[]) {
        expect(payload?.userErrors ?? [], document).toEqual([]);
      }
      const data = result.data as Record<string, any>;
      if (data.createTargetProject) ids.PROJECT_ID = data.createTargetProject.targetProject.id;
      if (data.createTender) ids.TENDER_ID = data.createTender.tender.id;
      if (step.includes('createBidder')) [ids.BIDDER_1, ids.BIDDER_2] = [data.a.bidder.id, data.b.bidder.id];
      if (step.includes('recordBid')) [ids.BID_1, ids.BID_2] = [data.a.bid.id, data.b.bid.id];
      if (data.awardTender) expect(data.awardTender.tender.project.status).toBe('IN_OPERATION');
      if (data.recordEvaluation) expect(data.recordEvaluation.evaluation.project.status).toBe('EXITED');
      if (data.node) expect(data.node.history.nodes.length).toBeGreaterThanOrEqual(8);
    }
    const [row] = await srv.sql<{ status: string }>('SELECT status FROM target_project WHERE name = ?', ['登記事項証明書等の交付等事務（さいたま地方法務局 大宮支局）']);
    expect(row.status).toBe('EXITED');
  });
});
