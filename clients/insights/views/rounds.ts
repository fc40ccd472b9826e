import { InsightsRoundsDocument, type InsightsRoundsQuery, type TenderFilter } from '../../generated/graphql.js';
import { request } from '../api.js';
import { append, dataTable, figure, h } from '../dom.js';
import { count, DASH, percent, yen } from '../format.js';

type Round = InsightsRoundsQuery['tenders']['nodes'][number];

/**
 * The rounds behind a point of a chart, in a region the screen reader announces: a page of
 * 50, newest first, and more on request (cursors, as every list of the API).
 */
export function roundsPanel(): { element: HTMLElement; show(title: string, filter: TenderFilter): Promise<void> } {
  const element = h('section', { class: 'rounds', 'aria-live': 'polite', 'aria-labelledby': 'rounds-heading', hidden: true });
  let shown = 0;
  const show = async (title: string, filter: TenderFilter) => {
    element.hidden = false;
    element.replaceChildren(h('h3', { id: 'rounds-heading' }, title), h('p', { role: 'status' }, '読み込み中…'));
    shown++;
    const mine = shown;
    const rows: Round[] = [];
    const body = h('div', {});
    const more = async (after?: string) => {
      const { tenders } = await request(InsightsRoundsDocument, { filter, first: 50, after });
      if (mine !== shown) return;
      rows.push(...tenders.nodes);
      body.replaceChildren();
      append(body, [
        h('p', { class: 'count' }, `${count(tenders.totalCount, '件')}のうち ${count(rows.length, '件')}（公告日の新しい順）`),
        roundsTable(title, rows),
        tenders.pageInfo.hasNextPage && tenders.pageInfo.endCursor
          ? h('button', { type: 'button', class: 'more', onclick: () => void more(tenders.pageInfo.endCursor!) }, 'さらに50件')
          : null,
      ]);
    };
    await more();
    if (mine !== shown) return;
    element.replaceChildren(h('h3', { id: 'rounds-heading', tabindex: -1 }, title), body);
    (element.querySelector('h3') as HTMLElement).focus();
  };
  return { element, show };
}

function roundsTable(caption: string, rounds: Round[]): HTMLTableElement {
  return dataTable(
    caption,
    ['件名', '府省', '分野', '公告日', '応札者数', '落札者', '契約金額', '削減率'],
    rounds.map((r) => [
      r.title,
      r.project?.ministry.name ?? DASH,
      r.project?.categoryLabel ?? DASH,
      r.announcedOn,
      figure(r.numberOfBidders == null ? DASH : `${r.numberOfBidders}${r.isSingleBid ? '（一者応札）' : ''}`, r.numberOfBidders),
      r.winningBid?.bidder.name ?? DASH,
      figure(yen(r.contractAmountYen), r.contractAmountYen),
      figure(percent(r.costReductionRate), r.costReductionRate),
    ]),
    { numeric: [false, false, false, false, true, false, true, true] },
  );
}
