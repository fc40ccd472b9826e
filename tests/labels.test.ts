import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelOf, type LabelSet } from '../src/core/text/labels.js';
import { EVALUATION_DECISION_LABELS } from '../src/modules/evaluation/evaluation.enum.js';
import { PILOT_SCHEME_LABELS, PILOT_STATUS_LABELS } from '../src/modules/pilot/pilot.enum.js';
import { POLICY_ENTRY_ACTION_LABELS } from '../src/modules/policy/policy.enum.js';
import { CATEGORY_LABELS, GUIDELINE_MILESTONE_LABELS, METHOD_LABELS, PROJECT_STATUS_LABELS } from '../src/modules/project/project.enum.js';
import { RED_FLAGS } from '../src/modules/red-flags/red-flag.enum.js';
import { AWARD_CRITERIA_LABELS, BID_STATUS_LABELS, BIDDER_KIND_LABELS, TENDER_STATUS_LABELS } from '../src/modules/tender/tender.enum.js';
import { expectOk, startTestServer, type TestServer } from './support/test-server.js';

// Every enum a person reads has a Japanese `…Label` beside it, from the one label set of
// that enum (core/text/labels.ts), and the API serves it on real rows.

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.stop());

const SETS: [enumName: string, set: LabelSet<string>][] = [
  ['TargetProjectStatus', PROJECT_STATUS_LABELS],
  ['TargetProjectCategory', CATEGORY_LABELS],
  ['CompetitionMethod', METHOD_LABELS],
  ['TenderStatus', TENDER_STATUS_LABELS],
  ['AwardCriteria', AWARD_CRITERIA_LABELS],
  ['BidStatus', BID_STATUS_LABELS],
  ['BidderKind', BIDDER_KIND_LABELS],
  ['EvaluationDecision', EVALUATION_DECISION_LABELS],
  ['LocalPilotStatus', PILOT_STATUS_LABELS],
  ['LocalPilotScheme', PILOT_SCHEME_LABELS],
  ['PolicyEntryAction', POLICY_ENTRY_ACTION_LABELS],
  ['GuidelineMilestoneKind', GUIDELINE_MILESTONE_LABELS],
];

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('label sets', () => {
  it.each(SETS)('%s: every value of the schema enum has a Japanese label', async (enumName, set) => {
    const data = expectOk(await srv.gql<any>(`{ __type(name: "${enumName}") { enumValues(includeDeprecated: true) { name } } }`));
    const values: string[] = data.__type.enumValues.map((v: { name: string }) => v.name);
    expect(Object.keys(set.labels).sort()).toEqual([...values].sort());
    for (const value of values) expect(labelOf(set, value), value).toMatch(JAPANESE);
  });

  it('every red flag has a Japanese title', async () => {
    const data = expectOk(await srv.gql<any>(`{ __type(name: "RedFlagCode") { enumValues { name } } }`));
    for (const { name } of data.__type.enumValues as { name: keyof typeof RED_FLAGS }[]) {
      expect(RED_FLAGS[name].titleJa, name).toMatch(JAPANESE);
      expect(RED_FLAGS[name].title).toContain(`(${RED_FLAGS[name].titleJa})`);
    }
  });
});

describe('…Label fields on the sample', () => {
  it('services: status, category and method in Japanese (評価中 for UNDER_EVALUATION)', async () => {
    const data = expectOk(
      await srv.gql<any>(
        `{ targetProjects(first: 100, filter: { statuses: [UNDER_EVALUATION, IN_OPERATION] }) { nodes { status statusLabel category categoryLabel method methodLabel } } }`,
      ),
    );
    const nodes = data.targetProjects.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.statusLabel).toBe(labelOf(PROJECT_STATUS_LABELS, n.status));
      expect(n.categoryLabel).toBe(labelOf(CATEGORY_LABELS, n.category));
      expect(n.methodLabel).toBe(labelOf(METHOD_LABELS, n.method));
    }
    expect(nodes.find((n: any) => n.status === 'UNDER_EVALUATION')?.statusLabel).toBe('評価中');
  });

  it('guideline milestones: their kind in Japanese', async () => {
    const data = expectOk(
      await srv.gql<any>(`{ targetProjects(first: 20) { nodes { guidelineMilestones(first: 10) { nodes { kind kindLabel } } } } }`),
    );
    const milestones = data.targetProjects.nodes.flatMap((p: any) => p.guidelineMilestones.nodes);
    expect(milestones.length).toBeGreaterThan(0);
    for (const m of milestones) expect(m.kindLabel).toBe(labelOf(GUIDELINE_MILESTONE_LABELS, m.kind));
  });

  it('rounds, their bids and bidders; evaluations; pilots; policy entries; red flags', async () => {
    const data = expectOk(
      await srv.gql<any>(`{
        tenders(first: 20, filter: { statuses: [AWARDED] }) { nodes {
          status statusLabel awardCriteria awardCriteriaLabel
          bids(first: 10) { nodes { status statusLabel bidder { kind kindLabel } } } } }
        evaluations(first: 20) { nodes { decision decisionLabel } }
        localPilots(first: 20) { nodes { status statusLabel scheme schemeLabel } }
        basicPolicies(first: 1) { nodes { entries(first: 20) { nodes { action actionLabel method methodLabel } } } }
        redFlags(first: 20) { nodes { code title titleLabel } }
      }`),
    );
    const tenders = data.tenders.nodes;
    expect(tenders.length).toBeGreaterThan(0);
    for (const t of tenders) {
      expect(t.statusLabel).toBe('落札');
      expect(t.awardCriteriaLabel).toBe(labelOf(AWARD_CRITERIA_LABELS, t.awardCriteria));
      expect(t.bids.nodes.length).toBeGreaterThan(0);
      for (const b of t.bids.nodes) {
        expect(b.statusLabel).toBe(labelOf(BID_STATUS_LABELS, b.status));
        expect(b.bidder.kindLabel).toBe(labelOf(BIDDER_KIND_LABELS, b.bidder.kind));
      }
    }
    const pairs: [any[], string, string, LabelSet<string>][] = [
      [data.evaluations.nodes, 'decision', 'decisionLabel', EVALUATION_DECISION_LABELS],
      [data.localPilots.nodes, 'status', 'statusLabel', PILOT_STATUS_LABELS],
      [data.localPilots.nodes, 'scheme', 'schemeLabel', PILOT_SCHEME_LABELS],
      [data.basicPolicies.nodes[0].entries.nodes, 'action', 'actionLabel', POLICY_ENTRY_ACTION_LABELS],
      [data.basicPolicies.nodes[0].entries.nodes, 'method', 'methodLabel', METHOD_LABELS],
    ];
    for (const [nodes, field, labelField, set] of pairs) {
      expect(nodes.length, labelField).toBeGreaterThan(0);
      for (const n of nodes) expect(n[labelField]).toBe(labelOf(set, n[field]));
    }
    expect(data.redFlags.nodes.length).toBeGreaterThan(0);
    for (const f of data.redFlags.nodes) expect(f.titleLabel).toBe(RED_FLAGS[f.code as keyof typeof RED_FLAGS].titleJa);
  });
});
