import { InsightsStatsDocument } from '../../generated/graphql.js';
import { request } from '../api.js';
import { chart, rowBars } from '../charts.js';
import { dataTable, figure, h } from '../dom.js';
import { decimal, fiscalYear, fiscalYearShort, percent, percentPoints, tenths } from '../format.js';
import { roundsFilter, statsFilter } from '../state.js';
import { roundsPanel } from './rounds.js';
import type { View } from './view.js';

/** 競争: how many bid, and how often only one did, by fiscal year and by ministry; the rounds behind each. */
export const competition: View = {
  name: 'competition',
  title: '競争の状況',
  lead: '落札された入札の平均応札者数と一者応札率です。グラフの棒や点、または表の「入札を見る」で、その入札の一覧を開きます。',
  async render(state) {
    const { marketTestingStats: s } = await request(InsightsStatsDocument, { filter: statsFilter(state) });
    const years = s.byFiscalYear.filter((y) => y.awardedTenderCount > 0);
    const ministries = s.byMinistry.filter((m) => m.awardedTenderCount > 0);
    const rounds = roundsPanel();
    const showYear = (i: number) =>
      void rounds.showRounds(
        `${fiscalYear(years[i].fiscalYear, years[i].fiscalYearLabel)}に公告され落札された入札`,
        roundsFilter(state, { fiscalYear: years[i].fiscalYear }),
      );
    const showMinistry = (i: number) =>
      void rounds.showRounds(
        `${ministries[i].ministry.name}の落札された入札`,
        roundsFilter(state, { ministry: ministries[i].ministry.code }),
      );
    const open = (onClick: () => void, what: string) =>
      h('button', { type: 'button', class: 'link', onclick: onClick, 'aria-label': `${what}の入札を見る` }, '入札を見る');
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'summary' },
        '全体: 平均応札者数 ',
        figure(decimal(s.averageBidders), s.averageBidders),
        '者、一者応札率 ',
        figure(percent(s.singleBidRate), s.singleBidRate),
      ),
      chart(
        '年度別の平均応札者数と一者応札率',
        {
          xAxis: { type: 'category', data: years.map((y) => fiscalYearShort(y.fiscalYearLabel, y.fiscalYear)) },
          yAxis: [
            { type: 'value', name: '者' },
            { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
          ],
          series: [
            { type: 'bar', name: '平均応札者数', data: years.map((y) => tenths(y.averageBidders)) },
            { type: 'line', name: '一者応札率（%）', yAxisIndex: 1, data: years.map((y) => percentPoints(y.singleBidRate)) },
          ],
        },
        showYear,
      ),
      dataTable(
        '年度別の平均応札者数と一者応札率',
        ['年度', '落札件数', '平均応札者数', '一者応札率', '入札の一覧'],
        years.map((y, i) => [
          fiscalYear(y.fiscalYear, y.fiscalYearLabel),
          figure(String(y.awardedTenderCount), y.awardedTenderCount),
          figure(decimal(y.averageBidders), y.averageBidders),
          figure(percent(y.singleBidRate), y.singleBidRate),
          open(() => showYear(i), fiscalYear(y.fiscalYear, y.fiscalYearLabel)),
        ]),
        { numeric: [false, true, true, true, false] },
      ),
      rowBars(
        '府省別の一者応札率',
        ministries.map((m) => m.ministry.name),
        { name: '一者応札率（%）', unit: '%', percent: true, data: ministries.map((m) => percentPoints(m.singleBidRate)) },
        showMinistry,
      ),
      dataTable(
        '府省別の平均応札者数と一者応札率',
        ['府省', '落札件数', '平均応札者数', '一者応札率', '入札の一覧'],
        ministries.map((m, i) => [
          m.ministry.name,
          figure(String(m.awardedTenderCount), m.awardedTenderCount),
          figure(decimal(m.averageBidders), m.averageBidders),
          figure(percent(m.singleBidRate), m.singleBidRate),
          open(() => showMinistry(i), m.ministry.name),
        ]),
        { numeric: [false, true, true, true, false] },
      ),
      rounds.element,
    );
  },
};
