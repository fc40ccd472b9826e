import { InsightsStatsDocument } from '../../generated/graphql.js';
import { request } from '../api.js';
import { chart, rowBars } from '../charts.js';
import { dataTable, figure, h } from '../dom.js';
import { fiscalYear, fiscalYearShort, okuYen, percent, percentPoints, yen } from '../format.js';
import { statsFilter } from '../state.js';
import type { View } from './view.js';

/** 金額: what the services cost before (従来経費) and under contract, and the reduction. */
export const money: View = {
  name: 'money',
  title: '経費の削減',
  lead: '落札された契約の期間について、従来経費と契約金額、その差（削減額）と削減率を示します（税抜）。',
  async render(state) {
    const { marketTestingStats: s } = await request(InsightsStatsDocument, { filter: statsFilter(state) });
    const years = s.byFiscalYear.filter((y) => y.awardedTenderCount > 0);
    const ministries = s.byMinistry.filter((m) => m.awardedTenderCount > 0);
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'summary' },
        '全体: 従来経費 ',
        figure(yen(s.baselineYen), s.baselineYen),
        '、契約金額 ',
        figure(yen(s.contractedYen), s.contractedYen),
        '、削減額 ',
        figure(yen(s.reductionYen), s.reductionYen),
        '（削減率 ',
        figure(percent(s.reductionRate), s.reductionRate),
        '）',
      ),
      chart('年度別の従来経費と契約金額（億円）、削減率', {
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: years.map((y) => fiscalYearShort(y.fiscalYearLabel, y.fiscalYear)) },
        yAxis: [
          { type: 'value', name: '億円' },
          { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
        ],
        series: [
          { type: 'bar', name: '従来経費（億円）', data: years.map((y) => okuYen(y.baselineYen)) },
          { type: 'bar', name: '契約金額（億円）', data: years.map((y) => okuYen(y.contractedYen)) },
          { type: 'line', name: '削減率（%）', yAxisIndex: 1, data: years.map((y) => percentPoints(y.reductionRate)) },
        ],
      }),
      dataTable(
        '年度別の従来経費、契約金額、削減額と削減率',
        ['年度', '従来経費', '契約金額', '削減額', '削減率'],
        years.map((y) => [
          fiscalYear(y.fiscalYear, y.fiscalYearLabel),
          figure(yen(y.baselineYen), y.baselineYen),
          figure(yen(y.contractedYen), y.contractedYen),
          figure(yen(y.reductionYen), y.reductionYen),
          figure(percent(y.reductionRate), y.reductionRate),
        ]),
        { numeric: [false, true, true, true, true] },
      ),
      rowBars(
        '府省別の削減額（億円）',
        ministries.map((m) => m.ministry.name),
        { name: '削減額（億円）', unit: '億円', data: ministries.map((m) => okuYen(m.reductionYen)) },
      ),
      dataTable(
        '府省別の従来経費、契約金額、削減額と削減率',
        ['府省', '従来経費', '契約金額', '削減額', '削減率'],
        ministries.map((m) => [
          m.ministry.name,
          figure(yen(m.baselineYen), m.baselineYen),
          figure(yen(m.contractedYen), m.contractedYen),
          figure(yen(m.reductionYen), m.reductionYen),
          figure(percent(m.reductionRate), m.reductionRate),
        ]),
        { numeric: [false, true, true, true, true] },
      ),
    );
  },
};
