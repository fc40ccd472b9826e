import { InsightsStatsDocument } from '../../generated/graphql.js';
import { request } from '../api.js';
import { chart, rowBars } from '../charts.js';
import { dataTable, figure, h } from '../dom.js';
import { count, fiscalYear, fiscalYearShort } from '../format.js';
import { statsFilter } from '../state.js';
import type { View } from './view.js';

/** 推移: how many services the programme took in, where they stand, of which kinds. */
export const programme: View = {
  name: 'programme',
  title: '事業の推移',
  lead: '年度ごとに、基本方針で新たに選定された対象事業、契約が続いていた事業（事業実施中）、評価で市場化テストを終了した事業と入札の件数を、また対象事業の現在の状態と分野を示します。',
  async render(state) {
    const { marketTestingStats: s } = await request(InsightsStatsDocument, { filter: statsFilter(state) });
    const byStatus = new Map(s.projectsByStatus.map((c) => [c.status, c.count]));
    const years = s.byFiscalYear;
    return h(
      'div',
      {},
      h(
        'dl',
        { class: 'kpis' },
        kpi('対象事業', figure(count(s.projectCount, '件'), s.projectCount)),
        kpi('事業実施中', figure(count(byStatus.get('IN_OPERATION') ?? 0, '件'), byStatus.get('IN_OPERATION') ?? 0)),
        kpi('市場化テスト終了', figure(count(byStatus.get('EXITED') ?? 0, '件'), byStatus.get('EXITED') ?? 0)),
        kpi('入札', figure(count(s.tenderCount, '件'), s.tenderCount)),
      ),
      chart('年度別の対象事業: 新規選定、事業実施中、終了', {
        xAxis: { type: 'category', data: years.map((y) => fiscalYearShort(y.fiscalYearLabel, y.fiscalYear)) },
        yAxis: { type: 'value', name: '件' },
        series: [
          { type: 'bar', name: '新規選定', data: years.map((y) => y.selectedProjectCount) },
          { type: 'line', name: '事業実施中', data: years.map((y) => y.inOperationProjectCount) },
          { type: 'bar', name: '市場化テスト終了', data: years.map((y) => y.exitedProjectCount) },
        ],
      }),
      dataTable(
        '年度別の対象事業と入札',
        ['年度', '新規選定', '事業実施中', '市場化テスト終了', '入札', '落札'],
        years.map((y) => [
          fiscalYear(y.fiscalYear, y.fiscalYearLabel),
          figure(count(y.selectedProjectCount), y.selectedProjectCount),
          figure(count(y.inOperationProjectCount), y.inOperationProjectCount),
          figure(count(y.exitedProjectCount), y.exitedProjectCount),
          figure(count(y.tenderCount), y.tenderCount),
          figure(count(y.awardedTenderCount), y.awardedTenderCount),
        ]),
        { numeric: [false, true, true, true, true, true] },
      ),
      h(
        'div',
        { class: 'pair' },
        h(
          'div',
          {},
          rowBars(
            '状態別の対象事業数',
            s.projectsByStatus.map((c) => c.statusLabel),
            { name: '対象事業', unit: '件', data: s.projectsByStatus.map((c) => c.count) },
          ),
          dataTable(
            '状態別の対象事業数',
            ['状態', '対象事業'],
            s.projectsByStatus.map((c) => [c.statusLabel, figure(count(c.count), c.count)]),
            { numeric: [false, true] },
          ),
        ),
        h(
          'div',
          {},
          rowBars(
            '分野別の対象事業数',
            s.byCategory.map((c) => c.categoryLabel),
            { name: '対象事業', unit: '件', data: s.byCategory.map((c) => c.projectCount) },
          ),
          dataTable(
            '分野別の対象事業数',
            ['分野', '対象事業'],
            s.byCategory.map((c) => [c.categoryLabel, figure(count(c.projectCount), c.projectCount)]),
            { numeric: [false, true] },
          ),
        ),
      ),
    );
  },
};

function kpi(term: string, value: HTMLElement): HTMLElement {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}
