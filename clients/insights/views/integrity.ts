import { InsightsFlagsDocument, TargetProjectCategory, type RedFlagFilter } from '../../generated/graphql.js';
import { request } from '../api.js';
import { rowBars } from '../charts.js';
import { dataTable, figure, h } from '../dom.js';
import { count } from '../format.js';
import { statsFilter, type PageState } from '../state.js';
import { roundsPanel } from './rounds.js';
import type { View } from './view.js';

/** 赤信号: the integrity indicators the rounds raise, by flag and by ministry; the flagged rounds behind each. */
export const integrity: View = {
  name: 'integrity',
  title: '赤信号',
  lead: '落札・不調となった入札が示す不正や競争制限の兆候（赤信号）の件数です。兆候であって違反の認定ではありません。棒や表の「入札を見る」で、該当する入札と理由を開きます。',
  async render(state) {
    const { marketTestingStats: s } = await request(InsightsFlagsDocument, { filter: statsFilter(state) });
    const flags = s.redFlagCounts;
    const ministries = s.byMinistry
      .map((m) => ({ ...m, total: m.redFlagCounts.reduce((sum, c) => sum + c.count, 0) }))
      .filter((m) => m.total > 0);
    const rounds = roundsPanel();
    const scope = flagScope(state);
    const showFlag = (i: number) =>
      void rounds.showFlagged(`${flags[i].code} ${flags[i].titleLabel}の入札`, { ...scope, codes: [flags[i].code] });
    const showMinistry = (i: number) =>
      void rounds.showFlagged(`${ministries[i].ministry.name}の赤信号のある入札`, {
        ...scope,
        ministryCodes: [ministries[i].ministry.code],
      });
    const open = (onClick: () => void, what: string) =>
      h('button', { type: 'button', class: 'link', onclick: onClick, 'aria-label': `${what}の入札を見る` }, '入札を見る');
    const flagName = (c: { code: string; titleLabel: string }) => `${c.code} ${c.titleLabel}`;
    return h(
      'div',
      {},
      rowBars('赤信号別の件数', flags.map(flagName), { name: '件数', unit: '件', data: flags.map((c) => c.count) }, showFlag),
      dataTable(
        '赤信号別の件数',
        ['赤信号', '件数', '入札の一覧'],
        flags.map((c, i) => [flagName(c), figure(count(c.count), c.count), open(() => showFlag(i), flagName(c))]),
        { numeric: [false, true, false] },
      ),
      rowBars(
        '府省別の赤信号の件数',
        ministries.map((m) => m.ministry.name),
        { name: '件数', unit: '件', data: ministries.map((m) => m.total) },
        showMinistry,
      ),
      dataTable(
        '府省別の赤信号の件数',
        ['府省', '件数', '多いもの', '入札の一覧'],
        ministries.map((m, i) => [
          m.ministry.name,
          figure(count(m.total), m.total),
          [...m.redFlagCounts]
            .sort((a, b) => b.count - a.count)
            .slice(0, 3)
            .map((c) => `${flagName(c)} ${c.count}`)
            .join('、'),
          open(() => showMinistry(i), m.ministry.name),
        ]),
        { numeric: [false, true, false, false] },
      ),
      rounds.element,
    );
  },
};

/**
 * The page's filter as a filter of flags. The statistics count the flags of target services'
 * rounds, not local pilots': naming every category when none is chosen selects exactly those,
 * so a list holds the rounds its bar counts.
 */
function flagScope(state: PageState): RedFlagFilter {
  const { fromYear, toYear, ministryCodes, categories } = statsFilter(state);
  return { fromYear, toYear, ministryCodes, categories: categories ?? Object.values(TargetProjectCategory) };
}
