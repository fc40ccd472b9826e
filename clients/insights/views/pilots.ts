import { InsightsPilotsDocument, InsightsPrefecturePilotsDocument, type InsightsPilotsQuery } from '../../generated/graphql.js';
import { request } from '../api.js';
import { append, dataTable, figure, h } from '../dom.js';
import { count, DASH } from '../format.js';
import type { View } from './view.js';

type PrefectureCount = InsightsPilotsQuery['localPilotStats']['byPrefecture'][number];

/**
 * Where each prefecture sits on the tile grid (row, column): one square a prefecture, roughly
 * where it lies, north-east at the top right, Okinawa at the bottom left. Drawn by the page
 * itself (no map tiles from another host), keyed by the JIS prefecture number.
 */
const TILES: Record<string, [row: number, column: number]> = {
  '01': [0, 12],
  '02': [1, 11],
  '05': [2, 10],
  '03': [2, 11],
  '06': [3, 10],
  '04': [3, 11],
  '17': [4, 7],
  '16': [4, 8],
  '15': [4, 9],
  '07': [4, 10],
  '32': [5, 1],
  '31': [5, 2],
  '28': [5, 3],
  '26': [5, 4],
  '25': [5, 5],
  '18': [5, 6],
  '21': [5, 7],
  '20': [5, 8],
  '10': [5, 9],
  '09': [5, 10],
  '08': [5, 11],
  '35': [6, 0],
  '34': [6, 1],
  '33': [6, 2],
  '27': [6, 3],
  '29': [6, 4],
  '24': [6, 5],
  '23': [6, 6],
  '22': [6, 7],
  '19': [6, 8],
  '11': [6, 9],
  '13': [6, 10],
  '12': [6, 11],
  '41': [7, 0],
  '40': [7, 1],
  '37': [7, 3],
  '36': [7, 4],
  '30': [7, 5],
  '14': [7, 10],
  '42': [8, 0],
  '43': [8, 1],
  '44': [8, 2],
  '38': [8, 3],
  '39': [8, 4],
  '46': [9, 1],
  '45': [9, 2],
  '47': [10, 0],
};

/** 北海道 stays whole; the others lose 都, 府 or 県 on a tile. */
const short = (name: string) => (name === '北海道' ? name : name.replace(/[都府県]$/, ''));

/** 地方の取組: local governments' pilots under the same law, on a tile grid of the 47 prefectures. */
export const pilots: View = {
  name: 'pilots',
  title: '地方の取組',
  lead: '地方公共団体が同じ法律のもとで行う取組（窓口業務などの民間委託）を都道府県ごとに示します。都道府県を選ぶと、その団体ごとの取組を一覧します。この表示には年度・府省・分野の絞り込みは及びません。',
  async render() {
    const { localPilotStats: s } = await request(InsightsPilotsDocument);
    const most = Math.max(1, ...s.byPrefecture.map((p) => p.pilotCount));
    const list = h('section', { class: 'rounds', 'aria-live': 'polite', 'aria-labelledby': 'pilots-heading', hidden: true });
    const show = (p: PrefectureCount) => void showPrefecture(list, p);
    return h(
      'div',
      {},
      h(
        'dl',
        { class: 'kpis' },
        h('div', {}, h('dt', {}, '取組'), h('dd', {}, figure(count(s.pilotCount, '件'), s.pilotCount))),
        h('div', {}, h('dt', {}, '取り組む団体'), h('dd', {}, figure(count(s.municipalityCount, '団体'), s.municipalityCount))),
        ...s.byStatus.map((c) => h('div', {}, h('dt', {}, c.statusLabel), h('dd', {}, figure(count(c.count, '件'), c.count)))),
      ),
      h(
        'figure',
        { class: 'chart-figure' },
        h('figcaption', { id: 'tiles-caption' }, '都道府県別の取組数（色が濃いほど多い）'),
        h(
          'ul',
          { class: 'tiles', 'aria-labelledby': 'tiles-caption' },
          ...s.byPrefecture.map((p) => {
            const [row, column] = TILES[p.prefecture.code.slice(0, 2)] ?? [11, 0];
            const level = p.pilotCount === 0 ? 0 : Math.ceil((p.pilotCount / most) * 4);
            return h(
              'li',
              { style: `grid-row: ${row + 1}; grid-column: ${column + 1}` },
              h(
                'button',
                {
                  type: 'button',
                  class: `tile level-${level}`,
                  'aria-label': `${p.prefecture.name} 取組${p.pilotCount}件`,
                  onclick: () => show(p),
                },
                h('span', { class: 'name' }, short(p.prefecture.name)),
                h('span', { class: 'n' }, String(p.pilotCount)),
              ),
            );
          }),
        ),
      ),
      dataTable(
        '都道府県別の取組数',
        ['都道府県', '取組', '取り組む団体'],
        s.byPrefecture.map((p) => [
          p.prefecture.name,
          figure(count(p.pilotCount), p.pilotCount),
          figure(count(p.municipalityCount), p.municipalityCount),
        ]),
        { numeric: [false, true, true] },
      ),
      list,
    );
  },
};

async function showPrefecture(list: HTMLElement, p: PrefectureCount): Promise<void> {
  list.hidden = false;
  const title = `${p.prefecture.name}の取組`;
  list.replaceChildren(h('h3', { id: 'pilots-heading' }, title), h('p', { role: 'status' }, '読み込み中…'));
  const rows: Parameters<typeof dataTable>[2] = [];
  let after: string | undefined;
  let total: number;
  // A prefecture has at most a few hundred pilots: every page of 100 is read.
  for (;;) {
    const { localPilots } = await request(InsightsPrefecturePilotsDocument, { prefectureCode: p.prefecture.code.slice(0, 2), after });
    total = localPilots.totalCount;
    rows.push(
      ...localPilots.nodes.map((pilot) => [
        pilot.municipality.name,
        pilot.title,
        pilot.statusLabel,
        pilot.schemeLabel,
        pilot.startedOn ?? DASH,
        pilot.endedOn ?? DASH,
      ]),
    );
    if (!localPilots.pageInfo.hasNextPage || !localPilots.pageInfo.endCursor) break;
    after = localPilots.pageInfo.endCursor;
  }
  list.replaceChildren(h('h3', { id: 'pilots-heading', tabindex: -1 }, title));
  append(list, [
    h('p', { class: 'count' }, `${count(total, '件')}`),
    rows.length ? dataTable(title, ['団体', '取組', '状態', '枠組み', '開始', '終了'], rows) : h('p', {}, '取組はありません。'),
  ]);
  (list.querySelector('h3') as HTMLElement).focus();
}
