import { DataSource } from '../../src/core/db/data-source.enum.js';
import { fiscalYearOf, monthsInPeriod } from '../../src/core/calendar/fiscal-year.js';
import { LocalPilotScheme, LocalPilotService, LocalPilotStatus } from '../../src/modules/pilot/pilot.enum.js';
import { AwardCriteria, BidStatus, TenderStatus } from '../../src/modules/tender/tender.enum.js';
import { normaliseForSearch } from '../../src/core/text/search-text.js';
import type { Random } from '../random.js';
import type { IdSequence, Row, SampleData } from '../sample-data.js';
import { openBids, roundYen, sealedBids } from './bids.js';
import { addDays, firstOfMonth, instant, lastOfMonth } from './dates.js';

export interface PilotPlan {
  municipalityId: number;
  municipalityName: string;
  scheme?: LocalPilotScheme;
  status?: LocalPilotStatus;
  startYear?: number;
  dataSource?: DataSource;
  sourceNote?: string | null;
  summary?: string;
}

const SERVICES = Object.values(LocalPilotService);

/**
 * Local governments' own tendering of counter services (docs/domain.md "LocalPilot"). Uptake
 * was low and several stopped or were postponed: the statuses reflect that.
 */
export function simulatePilot(r: Random, ids: IdSequence, data: SampleData, plan: PilotPlan, counterFirms: number[], asOf: string): void {
  const id = ids.take('local_pilot');
  const status =
    plan.status ??
    r.weighted([
      [LocalPilotStatus.PLANNED, 8],
      [LocalPilotStatus.POLICY_ADOPTED, 8],
      [LocalPilotStatus.TENDERING, 10],
      [LocalPilotStatus.IN_OPERATION, 44],
      [LocalPilotStatus.ENDED, 18],
      [LocalPilotStatus.SUSPENDED, 12],
    ] as const);
  const scheme = plan.scheme ?? (r.chance(0.55) ? LocalPilotScheme.SPECIFIC_PUBLIC_SERVICE : LocalPilotScheme.OWN_SCHEME);
  const services =
    scheme === LocalPilotScheme.SPECIFIC_PUBLIC_SERVICE ? r.sample(SERVICES.slice(0, 5), r.int(2, 5)) : r.sample(SERVICES, r.int(1, 4));
  // Pilots still being prepared or tendered started recently; the others any time since 2007.
  const recent = status === LocalPilotStatus.PLANNED || status === LocalPilotStatus.POLICY_ADOPTED || status === LocalPilotStatus.TENDERING;
  const policyOn = plan.startYear
    ? `${plan.startYear}-${String(r.int(4, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
    : recent
      ? addDays(asOf, -r.int(status === LocalPilotStatus.TENDERING ? 80 : 30, 400))
      : `${r.int(2007, 2022)}-${String(r.int(4, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  const announceOn = status === LocalPilotStatus.TENDERING ? addDays(asOf, -r.int(5, 45)) : addDays(policyOn, r.int(60, 180));
  const startedOn = firstOfMonth(addDays(announceOn, r.int(90, 150)));
  const operating = status === LocalPilotStatus.IN_OPERATION || status === LocalPilotStatus.ENDED;
  const endedOn = status === LocalPilotStatus.ENDED ? lastOfMonth(startedOn, r.int(2, 6) * 12 - 1) : null;
  const baselineAnnual = roundYen(r.between(15, 180) * 1_000_000);

  const outcomes = operating
    ? [
        { indicator: '窓口待ち時間', unit: '分', before: r.int(15, 40), after: r.int(5, 15) },
        { indicator: '年間経費', unit: '円', before: baselineAnnual, after: roundYen(baselineAnnual * r.between(0.7, 0.95)) },
        { indicator: '職員従事時間', unit: '時間/月', before: r.int(800, 3000), after: r.int(200, 800) },
      ]
    : [];
  const lastChange = operating ? (endedOn && endedOn <= asOf ? endedOn : startedOn) : policyOn;
  data.local_pilot.push({
    id,
    created_at: instant(policyOn),
    updated_at: instant(lastChange <= asOf ? lastChange : asOf, 30),
    municipality_id: plan.municipalityId,
    title: `${plan.municipalityName}における窓口業務の民間委託`,
    summary:
      plan.summary ??
      `${plan.municipalityName}が${scheme === LocalPilotScheme.SPECIFIC_PUBLIC_SERVICE ? '競争の導入による公共サービスの改革に関する法律第34条の特定公共サービスとして' : '独自の方式で'}窓口業務を委託する取組。（サンプルデータ）`,
    scheme,
    services_list: `,${services.join(',')},`,
    status,
    version: 1,
    started_on: operating ? startedOn : null,
    ended_on: endedOn,
    outcomes: JSON.stringify(outcomes),
    data_source: plan.dataSource ?? DataSource.SAMPLE,
    source_note: plan.sourceNote ?? null,
  });

  if (status === LocalPilotStatus.TENDERING || operating) {
    const contractStart = startedOn;
    const contractEnd = endedOn ?? lastOfMonth(startedOn, 3 * 12 - 1);
    const reserve = roundYen(((baselineAnnual * monthsInPeriod(contractStart, contractEnd)) / 12) * r.between(0.88, 1));
    const deadline = addDays(announceOn, 30);
    const bidders = r.sample(counterFirms, r.int(1, 4));
    const tenderId = ids.take('tender');
    let tenderStatus = TenderStatus.AWARDED;
    let bids = sealedBids(r, bidders, reserve, announceOn, deadline);
    let amount: number | null = null;
    if (status === LocalPilotStatus.TENDERING) {
      tenderStatus = r.chance(0.5) ? TenderStatus.OPEN : TenderStatus.CLOSED;
    } else {
      const opened = openBids(r, {
        bidderIds: bidders,
        reservePriceYen: reserve,
        awardCriteria: AwardCriteria.LOWEST_PRICE,
        announcedOn: announceOn,
        deadline,
        winningAmountYen: roundYen(reserve * r.between(0.7, 0.97)),
      });
      bids = opened.bids;
      amount = opened.winner?.amountYen ?? null;
    }
    const title = `${plan.municipalityName}窓口業務委託（第1回）`;
    data.tender.push({
      id: tenderId,
      created_at: instant(addDays(announceOn, -7)),
      updated_at: instant(announceOn, 60),
      project_id: null,
      local_pilot_id: id,
      round: 1,
      title,
      announced_on: announceOn,
      bid_deadline: deadline,
      opened_on: tenderStatus === TenderStatus.AWARDED ? addDays(deadline, 3) : null,
      award_criteria: AwardCriteria.LOWEST_PRICE,
      reserve_price_yen: reserve,
      contract_start: contractStart,
      contract_end: contractEnd,
      status: tenderStatus,
      contract_amount_yen: amount,
      negotiated_after_failure: false,
      outcome_note: null,
      fiscal_year: fiscalYearOf(announceOn),
      contract_months: monthsInPeriod(contractStart, contractEnd),
      bid_count: bids.filter((b) => b.status !== BidStatus.WITHDRAWN).length,
      search_text: normaliseForSearch(title),
      version: 1,
      data_source: DataSource.SAMPLE,
      source_note: null,
    });
    for (const bid of bids) {
      const row: Row = {
        id: ids.take('bid'),
        created_at: instant(bid.submittedOn),
        updated_at: instant(bid.submittedOn),
        tender_id: tenderId,
        bidder_id: bid.bidderId,
        amount_yen: bid.amountYen,
        technical_score: null,
        total_score: null,
        status: bid.status,
        submitted_at: instant(bid.submittedOn, 60),
      };
      data.bid.push(row);
    }
  }
}
