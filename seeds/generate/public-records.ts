import { DataSource } from '../../src/core/db/data-source.enum.js';
import { CompetitionMethod, TargetProjectCategory } from '../../src/modules/project/project.enum.js';
import type { Random } from '../random.js';
import { legalAffairsBureau, PREFECTURE_NAMES, projectSummary } from './names.js';
import type { PolicyRef, ProjectPlan } from './programme.js';

/**
 * Rows anchored on public facts (docs/domain.md), marked PUBLIC_RECORD with a note that says
 * what is public and what was generated around it. Everything else is SAMPLE.
 */
export const PUBLIC_POLICIES: Record<number, { decidedOn: string; note: string }> = {
  2006: {
    decidedOn: '2006-09-05',
    note: 'The first basic policy (閣議決定 2006-09-05): 9 services, including national-pension premium collection and registry certificates.',
  },
  2013: { decidedOn: '2013-06-14', note: 'Basic policy decided 2013-06-14.' },
  2015: { decidedOn: '2015-07-10', note: 'Basic policy decided 2015-07-10: added 23 services, 347 in total.' },
};

/** The pension-premium collection rounds of 2015 (Japan Pension Service award notices). */
function pensionCollection(jps: { id: number; code: string }, first: PolicyRef): ProjectPlan[] {
  const lots = [
    { block: '北海道', bidders: 6, amount: 879_000_000, baseline: 420_000_000 },
    { block: '東北1', bidders: 5, amount: 610_000_000, baseline: 300_000_000 },
  ];
  return lots.map(({ block, bidders, amount, baseline }) => {
    const name = `国民年金保険料収納事業（${block}ブロック）`;
    return {
      ministryId: jps.id,
      ministryCode: jps.code,
      name,
      summary: projectSummary(name, TargetProjectCategory.COLLECTION).replace('（サンプルデータ）', ''),
      category: TargetProjectCategory.COLLECTION,
      method: CompetitionMethod.PRIVATE,
      baselineAnnualCostYen: baseline,
      selectedBy: first,
      dataSource: DataSource.PUBLIC_RECORD,
      sourceNote:
        'National-pension premium collection was among the first services selected (2006). The baseline and rounds other than 2015 are generated.',
      force: {
        fiscalYear: 2015,
        announcedOn: '2015-06-15',
        outcome: 'AWARDED',
        bidders,
        contractAmountYen: amount,
        contractStart: '2015-10-01',
        contractEnd: '2018-09-30',
        dataSource: DataSource.PUBLIC_RECORD,
        sourceNote: `2015 contract: ${bidders} bidders, awarded ${amount.toLocaleString('en-US')} yen (award notice). Dates and the other bids are generated.`,
      },
    };
  });
}

/**
 * Registry counter work (乙号事務), FY2012: 42 of 53 tenders failed in the first round and
 * 6 ended as negotiated contracts. The pattern is public; which lot failed is generated.
 */
function registryCounters(r: Random, moj: { id: number; code: string }, fy2011: PolicyRef): ProjectPlan[] {
  const offices = [
    ...new Set(PREFECTURE_NAMES.map(legalAffairsBureau)),
    '函館地方法務局',
    '旭川地方法務局',
    '釧路地方法務局',
    '東京法務局（港出張所）',
    '大阪法務局（北出張所）',
    '名古屋法務局（熱田出張所）',
  ].slice(0, 53);
  const failing = new Set(
    r.sample(
      offices.map((_, i) => i),
      42,
    ),
  );
  const negotiated = new Set(r.sample([...failing], 6));
  return offices.map((office, i) => {
    const name = `登記事項証明書等の交付等事務（乙号事務）（${office}）`;
    return {
      ministryId: moj.id,
      ministryCode: moj.code,
      name,
      summary: projectSummary(name, TargetProjectCategory.COUNTER_SERVICE),
      category: TargetProjectCategory.COUNTER_SERVICE,
      method: CompetitionMethod.PRIVATE,
      baselineAnnualCostYen: Math.round(r.between(60, 400)) * 1_000_000,
      selectedBy: fy2011,
      force: {
        round: 1,
        fiscalYear: 2012,
        announcedOn: `2012-${String(r.int(6, 11)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
        outcome: failing.has(i) ? 'UNSUCCESSFUL' : 'AWARDED',
        negotiatedNext: negotiated.has(i),
        dataSource: DataSource.SAMPLE,
        sourceNote:
          'FY2012 乙号事務: 42 of 53 first-round tenders failed and 6 ended as negotiated contracts (public record); which lots failed here is generated.',
      },
    };
  });
}

/** A Ministry of the Environment service whose draft guidelines were out for comment 1–20 Nov 2013. */
function environmentComment(moe: { id: number; code: string }, policy2013: PolicyRef): ProjectPlan {
  const name = '国立公園ビジターセンター（日光）の管理・運営業務';
  return {
    ministryId: moe.id,
    ministryCode: moe.code,
    name,
    summary: projectSummary(name, TargetProjectCategory.FACILITY_MANAGEMENT),
    category: TargetProjectCategory.FACILITY_MANAGEMENT,
    method: CompetitionMethod.PRIVATE,
    baselineAnnualCostYen: 85_000_000,
    selectedBy: policy2013,
    force: {
      round: 1,
      fiscalYear: 2013,
      announcedOn: '2014-01-20',
      outcome: 'AWARDED',
      publicComment: ['2013-11-01', '2013-11-20'],
      dataSource: DataSource.SAMPLE,
      sourceNote:
        "A MoE service's draft guidelines were out for public comment 1–20 Nov 2013 (public record); the service named here and its round are generated.",
    },
  };
}

export function anchoredProjects(
  r: Random,
  ministries: Map<string, { id: number; code: string }>,
  policyByYear: Map<number, PolicyRef>,
): ProjectPlan[] {
  return [
    ...pensionCollection(ministries.get('JPS')!, policyByYear.get(2006)!),
    ...registryCounters(r, ministries.get('MOJ')!, policyByYear.get(2011)!),
    environmentComment(ministries.get('MOE')!, policyByYear.get(2013)!),
  ];
}

/** Local governments named in docs/domain.md for their counter-service tendering. */
export const ANCHORED_PILOTS = [
  {
    name: '足立区',
    prefecture: '東京都',
    status: 'SUSPENDED',
    scheme: 'SPECIFIC_PUBLIC_SERVICE',
    startYear: 2006,
    note: 'Adachi-ku passed an ordinance in 2006 and postponed the tender (public record); other details generated.',
  },
  {
    name: '横浜市',
    prefecture: '神奈川県',
    scheme: 'OWN_SCHEME',
    note: 'Yokohama ran its own outsourcing scheme (public record); details generated.',
  },
  {
    name: '多治見市',
    prefecture: '岐阜県',
    scheme: 'OWN_SCHEME',
    note: 'Tajimi ran its own outsourcing scheme (public record); details generated.',
  },
  {
    name: '浜松市',
    prefecture: '静岡県',
    scheme: 'OWN_SCHEME',
    note: 'Hamamatsu ran its own outsourcing scheme (public record); details generated.',
  },
  {
    name: '大阪市',
    prefecture: '大阪府',
    scheme: 'OWN_SCHEME',
    note: 'Osaka ran its own outsourcing scheme (public record); details generated.',
  },
] as const;
