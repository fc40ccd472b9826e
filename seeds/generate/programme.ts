import { fiscalYearOf, monthsInPeriod } from '../../src/core/calendar/fiscal-year.js';
import { DataSource } from '../../src/core/db/data-source.enum.js';
import { normaliseForSearch } from '../../src/core/text/search-text.js';
import { targetProjectSearchText } from '../../src/modules/project/target-project-search.service.js';
import { EvaluationDecision } from '../../src/modules/evaluation/evaluation.enum.js';
import { PolicyEntryAction } from '../../src/modules/policy/policy.enum.js';
import {
  CompetitionMethod,
  GuidelineMilestoneKind as M,
  TargetProjectCategory,
  TargetProjectStatus as S,
} from '../../src/modules/project/project.enum.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../../src/modules/tender/tender.enum.js';
import type { Random } from '../random.js';
import type { IdSequence, Row, SampleData } from '../sample-data.js';
import { bidderCount, openBids, roundYen, sealedBids, type BidDraft } from './bids.js';
import { addDays, firstOfMonth, instant, lastOfMonth, maxDate, minDate } from './dates.js';
import { projectKana, QUALITY_INDICATORS } from './names.js';

/** A basic-policy edition as the generator needs it. */
export interface PolicyRef {
  id: number;
  decidedOn: string;
}

/** A service to simulate, before its history exists. */
export interface ProjectPlan {
  ministryId: number;
  ministryCode: string;
  name: string;
  summary: string;
  category: TargetProjectCategory;
  method: CompetitionMethod;
  baselineAnnualCostYen: number;
  selectedBy: PolicyRef;
  dataSource?: DataSource;
  sourceNote?: string | null;
  /** Forces the outcome of the round announced in a given fiscal year (anchored facts). */
  force?: ForcedRound;
}

export interface ForcedRound {
  /** This round number is forced; without it, the first round announced in or after… */
  round?: number;
  /** …this fiscal year is forced… */
  fiscalYear: number;
  /** …and announced on this date (in that fiscal year). */
  announcedOn: string;
  outcome: 'AWARDED' | 'UNSUCCESSFUL';
  bidders?: number;
  contractAmountYen?: number;
  contractStart?: string;
  contractEnd?: string;
  /** Anchored public-comment period of the round's guidelines. */
  publicComment?: [opened: string, closed: string];
  /** After an UNSUCCESSFUL forced round: the next round is a negotiated contract (随意契約). */
  negotiatedNext?: boolean;
  dataSource: DataSource;
  sourceNote: string;
}

/** Who can bid: firms by kind of service, and each ministry's own unit for 官民競争入札. */
export interface BidderPools {
  firmsByCategory: Map<TargetProjectCategory, number[]>;
  publicSectorByMinistry: Map<number, number>;
}

const CONTRACT_YEARS = [1, 2, 2, 3, 3, 3, 4, 5] as const;

/**
 * Plays one target service's life from selection to the reference date `asOf`, along
 * the lifecycle in docs/domain.md: guidelines (draft, public comment, subcommittee, fixed),
 * tender rounds (some fail: 不調・不落, some end in negotiated contracts), contracts,
 * evaluations, and exit, another round, or abolition. Whatever is in progress on `asOf`
 * stays in progress: rounds still OPEN or CLOSED keep their bids sealed.
 */
export class ProgrammeSimulator {
  constructor(
    private readonly r: Random,
    private readonly ids: IdSequence,
    private readonly data: SampleData,
    private readonly pools: BidderPools,
    private readonly policies: PolicyRef[],
    private readonly asOf: string,
  ) {}

  simulate(plan: ProjectPlan): void {
    const r = this.r;
    const projectId = this.ids.take('target_project');
    const dataSource = plan.dataSource ?? DataSource.SAMPLE;
    let status: S = S.SELECTED;
    let lastChange = plan.selectedBy.decidedOn;
    let round = 0;
    let previousContractEnd: string | null = null;
    let failedSince: string | null = null;
    let ended: { on: string; action: PolicyEntryAction } | null = null;
    let t = addDays(plan.selectedBy.decidedOn, r.int(60, 200));
    let force = plan.force;

    life: while (t <= this.asOf) {
      if (!force && r.chance(0.012)) {
        status = S.ABOLISHED;
        lastChange = t;
        ended = { on: t, action: PolicyEntryAction.ABOLISH };
        break;
      }
      let schedule = this.schedule(t, previousContractEnd);
      // An anchored round replaces the next natural one once that would reach its fiscal year.
      const isForced =
        force !== undefined &&
        (force.round !== undefined ? round + 1 === force.round : fiscalYearOf(schedule.announceOn) >= force.fiscalYear);
      if (force && isForced) {
        schedule = this.schedule(t, previousContractEnd, force);
        force = undefined;
      }
      this.milestones(projectId, schedule, round, isForced && plan.force?.publicComment !== undefined);
      const at = this.asOf;
      if (at < schedule.commentOpen) {
        status = S.GUIDELINES_DRAFTING;
        lastChange = schedule.draftOn;
        break;
      }
      if (at < schedule.fixedOn) {
        status = S.PUBLIC_COMMENT;
        lastChange = schedule.commentOpen;
        break;
      }
      if (at < schedule.announceOn) {
        status = S.GUIDELINES_FIXED;
        lastChange = schedule.fixedOn;
        if (r.chance(0.5)) {
          status = S.TENDERING;
          this.tender(projectId, plan, round + 1, schedule, TenderStatus.PLANNED, [], null, DataSource.SAMPLE);
        }
        break;
      }

      round++;
      const reserve = roundYen(this.baselineFor(plan, schedule.contractStart, schedule.contractEnd) * r.between(0.88, 1.0));
      const criteria = this.criteriaFor(plan.category);
      const bidders = this.pickBidders(plan, isForced ? plan.force!.bidders : undefined);
      const forcedAmount = isForced ? plan.force!.contractAmountYen : undefined;
      if (at < schedule.deadline) {
        const bids = sealedBids(r, bidders.slice(0, r.int(0, bidders.length)), reserve, schedule.announceOn, at);
        this.tender(projectId, plan, round, schedule, TenderStatus.OPEN, bids, { reserve, criteria }, DataSource.SAMPLE);
        status = S.TENDERING;
        lastChange = schedule.announceOn;
        break;
      }
      if (at < schedule.openOn) {
        const bids = sealedBids(r, bidders, reserve, schedule.announceOn, schedule.deadline);
        this.tender(projectId, plan, round, schedule, TenderStatus.CLOSED, bids, { reserve, criteria }, DataSource.SAMPLE);
        status = S.TENDERING;
        lastChange = schedule.deadline;
        break;
      }

      const failRate = plan.category === TargetProjectCategory.COUNTER_SERVICE ? 0.2 : 0.09;
      const outcome = isForced ? plan.force!.outcome : r.chance(0.02) ? 'CANCELLED' : r.chance(failRate) ? 'UNSUCCESSFUL' : 'AWARDED';
      const sourceNote = isForced ? plan.force!.sourceNote : null;
      // Rounds are generated (SAMPLE) unless anchored, whatever the service's own source.
      const source = isForced ? plan.force!.dataSource : DataSource.SAMPLE;
      if (outcome === 'CANCELLED') {
        this.tender(
          projectId,
          plan,
          round,
          { ...schedule, openOn: null },
          TenderStatus.CANCELLED,
          [],
          { reserve, criteria, note: '仕様の見直しのため中止' },
          source,
        );
        failedSince ??= schedule.openOn;
        t = addDays(schedule.openOn, r.int(30, 90));
        status = S.GUIDELINES_DRAFTING;
        lastChange = schedule.openOn;
        continue;
      }
      const opened = openBids(r, {
        bidderIds: outcome === 'UNSUCCESSFUL' ? bidders.slice(0, r.int(0, Math.min(2, bidders.length))) : bidders,
        reservePriceYen: reserve,
        awardCriteria: criteria,
        allInvalid: outcome === 'UNSUCCESSFUL',
        announcedOn: schedule.announceOn,
        deadline: schedule.deadline,
        winningAmountYen: forcedAmount,
        exact: isForced,
      });
      let contract: { start: string; end: string; amount: number; bidders: number; tenderId: number } | null;
      if (!opened.winner) {
        this.tender(
          projectId,
          plan,
          round,
          schedule,
          TenderStatus.UNSUCCESSFUL,
          opened.bids,
          { reserve, criteria, note: '有効な入札がなかったため不調', sourceNote },
          source,
        );
        failedSince ??= schedule.openOn;
        const negotiate = isForced ? plan.force!.negotiatedNext === true : r.chance(0.3);
        if (!negotiate) {
          t = addDays(schedule.openOn, r.int(20, 60));
          status = S.GUIDELINES_DRAFTING;
          lastChange = schedule.openOn;
          continue;
        }
        // 予決令 99条の2: after a failed round, a negotiated contract on the same terms.
        round++;
        const announceOn = addDays(schedule.openOn, r.int(7, 20));
        const negotiated = { ...schedule, announceOn, deadline: addDays(announceOn, 10), openOn: addDays(announceOn, 14) };
        if (negotiated.openOn > at) {
          this.tender(
            projectId,
            plan,
            round,
            negotiated,
            TenderStatus.CLOSED,
            sealedBids(r, bidders.slice(0, 1), reserve, announceOn, negotiated.deadline),
            { reserve, criteria: AwardCriteria.LOWEST_PRICE, negotiated: true },
            DataSource.SAMPLE,
          );
          status = S.TENDERING;
          lastChange = announceOn;
          break;
        }
        const single = openBids(r, {
          bidderIds: bidders.slice(0, 1),
          reservePriceYen: reserve,
          awardCriteria: AwardCriteria.LOWEST_PRICE,
          announcedOn: announceOn,
          deadline: negotiated.deadline,
        });
        const winner = single.winner ?? { ...single.bids[0], status: BidStatus.WON, amountYen: roundYen(reserve * 0.98) };
        if (!single.winner && single.bids[0]) single.bids[0] = winner;
        const tenderId = this.tender(
          projectId,
          plan,
          round,
          negotiated,
          TenderStatus.AWARDED,
          single.winner ? single.bids : [winner],
          { reserve, criteria: AwardCriteria.LOWEST_PRICE, negotiated: true, contractAmount: winner.amountYen },
          source,
        );
        contract = { start: negotiated.contractStart, end: negotiated.contractEnd, amount: winner.amountYen, bidders: 1, tenderId };
      } else {
        const tenderId = this.tender(
          projectId,
          plan,
          round,
          schedule,
          TenderStatus.AWARDED,
          opened.bids,
          { reserve, criteria, contractAmount: opened.winner.amountYen, sourceNote },
          source,
        );
        const counted = opened.bids.filter((b) => b.status !== BidStatus.WITHDRAWN).length;
        contract = {
          start: schedule.contractStart,
          end: schedule.contractEnd,
          amount: opened.winner.amountYen,
          bidders: counted,
          tenderId,
        };
      }

      status = S.IN_OPERATION;
      lastChange = schedule.openOn;
      previousContractEnd = contract.end;
      const evaluationStarts = firstOfMonth(contract.end, -9);
      const decidedOn = addDays(firstOfMonth(contract.end, -4), r.int(0, 40));
      if (at < evaluationStarts) break;
      if (at < decidedOn) {
        status = S.UNDER_EVALUATION;
        lastChange = evaluationStarts;
        break;
      }
      // An anchored round still to come keeps the service in market testing until then.
      let decision = this.evaluate(projectId, plan, contract, evaluationStarts, decidedOn);
      if (force && decision === EvaluationDecision.EXIT) decision = EvaluationDecision.CONTINUE;
      failedSince = null;
      if (decision === EvaluationDecision.EXIT) {
        status = S.EXITED;
        lastChange = decidedOn;
        ended = { on: decidedOn, action: PolicyEntryAction.END };
        break life;
      }
      status = S.GUIDELINES_DRAFTING;
      lastChange = decidedOn;
      t = addDays(decidedOn, r.int(15, 45));
    }

    this.data.target_project.push({
      id: projectId,
      created_at: instant(plan.selectedBy.decidedOn),
      updated_at: instant(lastChange, 30),
      ministry_id: plan.ministryId,
      name: plan.name,
      summary: plan.summary,
      category: plan.category,
      method: plan.method,
      baseline_annual_cost_yen: plan.baselineAnnualCostYen,
      status,
      version: 1,
      selected_in_fiscal_year: fiscalYearOf(plan.selectedBy.decidedOn),
      data_source: dataSource,
      source_note: plan.sourceNote ?? null,
      kana: projectKana(plan.name),
      search_text: targetProjectSearchText({ ...plan, kana: projectKana(plan.name) }),
    });
    this.policyEntries(projectId, plan, ended, failedSince);
  }

  /**
   * The guideline steps and the round's dates, from when drafting starts, or worked back
   * from an anchored round's announcement date.
   */
  private schedule(draftOn: string, previousContractEnd: string | null, forced?: ForcedRound) {
    const r = this.r;
    let commentOpen = addDays(draftOn, r.int(30, 60));
    if (forced) {
      commentOpen = forced.publicComment?.[0] ?? addDays(forced.announcedOn, -r.int(90, 130));
      draftOn = addDays(commentOpen, -r.int(20, 50));
    }
    const commentClose = forced?.publicComment?.[1] ?? addDays(commentOpen, r.int(19, 30));
    const subcommittee = addDays(commentClose, r.int(15, 35));
    const fixedOn = addDays(subcommittee, r.int(10, 25));
    const announceOn = forced?.announcedOn ?? addDays(fixedOn, r.int(10, 40));
    const deadline = addDays(announceOn, r.int(30, 50));
    const openOn = addDays(deadline, r.int(0, 10));
    let contractStart = firstOfMonth(addDays(openOn, r.int(45, 100)));
    if (previousContractEnd) contractStart = maxDate(contractStart, addDays(previousContractEnd, 1));
    contractStart = forced?.contractStart ?? contractStart;
    const contractEnd = forced?.contractEnd ?? lastOfMonth(contractStart, r.pick(CONTRACT_YEARS) * 12 - 1);
    return { draftOn, commentOpen, commentClose, subcommittee, fixedOn, announceOn, deadline, openOn, contractStart, contractEnd };
  }

  private milestones(projectId: number, s: ReturnType<ProgrammeSimulator['schedule']>, round: number, anchoredComment = false): void {
    const steps: [M, string, string | null, string | null][] = [
      [M.DRAFT_PREPARED, s.draftOn, null, round === 0 ? '実施要項（案）を作成' : '前回の結果を踏まえ実施要項（案）を改定'],
      [
        M.PUBLIC_COMMENT_OPENED,
        s.commentOpen,
        s.commentClose,
        anchoredComment ? '実施要項（案）に対する意見募集（期間は公表資料による）' : '実施要項（案）に対する意見募集',
      ],
      [M.PUBLIC_COMMENT_CLOSED, s.commentClose, null, null],
      [M.SUBCOMMITTEE_REVIEWED, s.subcommittee, null, '入札監理小委員会で審議'],
      [M.GUIDELINES_FIXED, s.fixedOn, null, '実施要項を決定・公表'],
    ];
    for (const [kind, on, endsOn, note] of steps) {
      if (on > this.asOf) break;
      this.data.guideline_milestone.push({
        id: this.ids.take('guideline_milestone'),
        created_at: instant(on),
        updated_at: instant(on),
        project_id: projectId,
        kind,
        occurred_on: on,
        ends_on: endsOn,
        note,
      });
    }
  }

  private baselineFor(plan: ProjectPlan, start: string, end: string): number {
    return Math.floor((plan.baselineAnnualCostYen * monthsInPeriod(start, end)) / 12);
  }

  private criteriaFor(category: TargetProjectCategory): AwardCriteria {
    const rated = [
      TargetProjectCategory.IT_OPERATIONS,
      TargetProjectCategory.RESEARCH,
      TargetProjectCategory.CALL_CENTER,
      TargetProjectCategory.TRAINING,
    ];
    return this.r.chance(rated.includes(category) ? 0.7 : 0.3) ? AwardCriteria.RATED : AwardCriteria.LOWEST_PRICE;
  }

  private pickBidders(plan: ProjectPlan, forcedCount?: number): number[] {
    const pool = this.pools.firmsByCategory.get(plan.category) ?? [];
    const n = forcedCount ?? bidderCount(this.r);
    const firms = this.r.sample(pool, n);
    const own = this.pools.publicSectorByMinistry.get(plan.ministryId);
    if (plan.method === CompetitionMethod.PUBLIC_PRIVATE && own && forcedCount === undefined && this.r.chance(0.6)) {
      firms[this.r.int(0, Math.max(0, firms.length - 1))] = own;
    }
    return firms;
  }

  private tender(
    projectId: number,
    plan: ProjectPlan,
    round: number,
    s: { announceOn: string; deadline: string; openOn: string | null; contractStart: string; contractEnd: string },
    status: TenderStatus,
    bids: BidDraft[],
    terms: {
      reserve: number;
      criteria: AwardCriteria;
      contractAmount?: number;
      negotiated?: boolean;
      note?: string;
      sourceNote?: string | null;
    } | null,
    dataSource: DataSource,
  ): number {
    const id = this.ids.take('tender');
    const reserve = terms?.reserve ?? roundYen(this.baselineFor(plan, s.contractStart, s.contractEnd) * 0.95);
    const opened = status === TenderStatus.AWARDED || status === TenderStatus.UNSUCCESSFUL;
    const counted = bids.filter((b) => b.status !== BidStatus.WITHDRAWN).length;
    const title = `${plan.name}${terms?.negotiated ? '（不落随意契約）' : `（第${round}回）`}`;
    const changedOn = opened && s.openOn ? s.openOn : s.announceOn;
    this.data.tender.push({
      id,
      created_at: instant(minDate(addDays(s.announceOn, -7), this.asOf)),
      updated_at: instant(changedOn > this.asOf ? this.asOf : changedOn, 60),
      project_id: projectId,
      local_pilot_id: null,
      round,
      title,
      announced_on: s.announceOn,
      bid_deadline: s.deadline,
      opened_on: opened ? s.openOn : null,
      award_criteria: terms?.criteria ?? AwardCriteria.LOWEST_PRICE,
      reserve_price_yen: reserve,
      contract_start: s.contractStart,
      contract_end: s.contractEnd,
      status,
      contract_amount_yen: terms?.contractAmount ?? null,
      negotiated_after_failure: terms?.negotiated === true,
      outcome_note: status === TenderStatus.UNSUCCESSFUL || status === TenderStatus.CANCELLED ? (terms?.note ?? null) : null,
      fiscal_year: fiscalYearOf(s.announceOn),
      contract_months: monthsInPeriod(s.contractStart, s.contractEnd),
      bid_count: counted,
      search_text: normaliseForSearch(title),
      version: 1,
      data_source: dataSource,
      source_note: terms?.sourceNote ?? null,
    });
    for (const bid of bids) {
      this.data.bid.push({
        id: this.ids.take('bid'),
        created_at: instant(bid.submittedOn),
        updated_at: instant(changedOn > this.asOf ? bid.submittedOn : changedOn, 60),
        tender_id: id,
        bidder_id: bid.bidderId,
        amount_yen: bid.amountYen,
        technical_score: bid.technicalScore,
        total_score: bid.totalScore,
        status: bid.status,
        submitted_at: instant(bid.submittedOn, this.r.int(0, 480)),
      });
    }
    return id;
  }

  /** The committee's evaluation of a finished contract; returns its decision. */
  private evaluate(
    projectId: number,
    plan: ProjectPlan,
    contract: { start: string; end: string; amount: number; bidders: number; tenderId: number },
    from: string,
    decidedOn: string,
  ): EvaluationDecision {
    const r = this.r;
    const targets = QUALITY_INDICATORS[plan.category].map(([indicator, target]) => {
      const achieved = r.chance(0.88);
      return { indicator, target, actual: achieved ? `目標を達成（${target}）` : '目標を下回った', achieved };
    });
    const seriousProblems = r.chance(0.04);
    const months = monthsInPeriod(contract.start, contract.end);
    const annualContract = Math.round((contract.amount * 12) / months);
    const costReductionYen = plan.baselineAnnualCostYen - annualContract;
    const meets = !seriousProblems && targets.every((q) => q.achieved) && costReductionYen > 0 && contract.bidders > 1;
    let decision: EvaluationDecision;
    if (meets) decision = r.chance(0.28) ? EvaluationDecision.EXIT : EvaluationDecision.CONTINUE;
    else if (contract.bidders <= 1) decision = r.chance(0.6) ? EvaluationDecision.RETENDER_WITH_IMPROVEMENTS : EvaluationDecision.CONTINUE;
    else
      decision = r.chance(0.03)
        ? EvaluationDecision.EXIT
        : r.chance(0.5)
          ? EvaluationDecision.CONTINUE
          : EvaluationDecision.RETENDER_WITH_IMPROVEMENTS;
    const summaries: Record<EvaluationDecision, string> = {
      [EvaluationDecision.EXIT]: '質の確保と経費削減が認められ、競争性も確保されたため、市場化テストを終了する。',
      [EvaluationDecision.CONTINUE]: '一定の成果は認められるが、引き続き市場化テストを実施する。',
      [EvaluationDecision.RETENDER_WITH_IMPROVEMENTS]: '競争性の確保に課題があるため、実施要項を見直した上で再度入札を実施する。',
    };
    this.data.evaluation.push({
      id: this.ids.take('evaluation'),
      created_at: instant(decidedOn),
      updated_at: instant(decidedOn),
      project_id: projectId,
      tender_id: contract.tenderId,
      fiscal_year: fiscalYearOf(from),
      quality_targets: JSON.stringify(targets),
      serious_problems: seriousProblems,
      cost_reduction_yen: costReductionYen,
      cost_reduction_rate: plan.baselineAnnualCostYen ? costReductionYen / plan.baselineAnnualCostYen : null,
      decision,
      decided_on: decidedOn,
      summary: `${summaries[decision]}（サンプルデータ）`,
      data_source: DataSource.SAMPLE,
    });
    return decision;
  }

  /**
   * What each basic policy said about the service: SELECT in the edition that chose it,
   * now and then CONTINUE or REVISE (REVISE after a failed round), END or ABOLISH in the
   * first edition after the service left.
   */
  private policyEntries(
    projectId: number,
    plan: ProjectPlan,
    ended: { on: string; action: PolicyEntryAction } | null,
    failedSince: string | null,
  ): void {
    const entry = (policy: PolicyRef, action: PolicyEntryAction, notes: string | null) =>
      this.data.policy_entry.push({
        id: this.ids.take('policy_entry'),
        created_at: instant(policy.decidedOn),
        updated_at: instant(policy.decidedOn),
        policy_id: policy.id,
        project_id: projectId,
        action,
        method: plan.method,
        planned_tender_fiscal_year:
          action === PolicyEntryAction.SELECT || action === PolicyEntryAction.REVISE ? fiscalYearOf(policy.decidedOn) + 1 : null,
        contract_years: action === PolicyEntryAction.SELECT ? this.r.pick(CONTRACT_YEARS) : null,
        notes,
      });
    entry(plan.selectedBy, PolicyEntryAction.SELECT, null);
    for (const policy of this.policies) {
      if (policy.decidedOn <= plan.selectedBy.decidedOn) continue;
      if (ended && policy.decidedOn > ended.on) {
        entry(policy, ended.action, ended.action === PolicyEntryAction.END ? '評価の結果、市場化テストを終了' : '事業の廃止');
        break;
      }
      if (failedSince && policy.decidedOn > failedSince && this.r.chance(0.5)) {
        entry(policy, PolicyEntryAction.REVISE, '不調・不落を踏まえ入札条件を見直し');
        failedSince = null;
      } else if (this.r.chance(0.1)) {
        entry(policy, PolicyEntryAction.CONTINUE, null);
      }
    }
  }
}

/** A row's id, for callers that need to point at it. */
export function idOf(row: Row): number {
  return row.id as number;
}
