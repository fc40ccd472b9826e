import { InsightsFlaggedRoundsDocument, InsightsRoundsDocument, type RedFlagFilter, type TenderFilter } from '../../generated/graphql.js';
import { request } from '../api.js';
import { append, dataTable, figure, h } from '../dom.js';
import { count, DASH, percent, yen } from '../format.js';
import { serviceLink } from '../state.js';

/** One page of a list the API pages with cursors, as the panel shows it. */
interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  rows: Parameters<typeof dataTable>[2];
}

const COLUMNS = {
  rounds: {
    headers: ['件名', '府省', '分野', '公告日', '応札者数', '落札者', '契約金額', '削減率'],
    numeric: [false, false, false, false, true, false, true, true],
  },
  flags: {
    headers: ['件名', '赤信号', '府省', '公告日', '応札者数', '落札者', '契約金額', '理由'],
    numeric: [false, false, false, false, true, false, true, false],
  },
};

/**
 * The rounds behind a point of a chart, in a region the screen reader announces: a page of
 * 50, newest first, and more on request (cursors, as every list of the API).
 */
export function roundsPanel(): {
  element: HTMLElement;
  showRounds(title: string, filter: TenderFilter): Promise<void>;
  showFlagged(title: string, filter: RedFlagFilter): Promise<void>;
} {
  const element = h('section', { class: 'rounds', 'aria-live': 'polite', 'aria-labelledby': 'rounds-heading', hidden: true });
  let shown = 0;
  const show = async (title: string, kind: keyof typeof COLUMNS, fetchPage: (after?: string) => Promise<ListPage>) => {
    element.hidden = false;
    element.replaceChildren(h('h3', { id: 'rounds-heading' }, title), h('p', { role: 'status' }, '読み込み中…'));
    const mine = ++shown;
    const rows: ListPage['rows'] = [];
    const body = h('div', {});
    const more = async (after?: string) => {
      const page = await fetchPage(after);
      if (mine !== shown) return;
      rows.push(...page.rows);
      body.replaceChildren();
      append(body, [
        h('p', { class: 'count' }, `${count(page.totalCount, '件')}のうち ${count(rows.length, '件')}（公告日の新しい順）`),
        dataTable(title, COLUMNS[kind].headers, rows, { numeric: COLUMNS[kind].numeric }),
        page.pageInfo.hasNextPage && page.pageInfo.endCursor
          ? h('button', { type: 'button', class: 'more', onclick: () => void more(page.pageInfo.endCursor!) }, 'さらに50件')
          : null,
      ]);
    };
    await more();
    if (mine !== shown) return;
    element.replaceChildren(h('h3', { id: 'rounds-heading', tabindex: -1 }, title), body);
    (element.querySelector('h3') as HTMLElement).focus();
  };
  return {
    element,
    showRounds: (title, filter) =>
      show(title, 'rounds', async (after) => {
        const { tenders } = await request(InsightsRoundsDocument, { filter, first: 50, after });
        return {
          ...tenders,
          rows: tenders.nodes.map((r) => [
            r.project ? serviceLink(r.project.id, r.title) : r.title,
            r.project?.ministry.name ?? DASH,
            r.project?.categoryLabel ?? DASH,
            r.announcedOn,
            figure(r.numberOfBidders == null ? DASH : `${r.numberOfBidders}${r.isSingleBid ? '（一者応札）' : ''}`, r.numberOfBidders),
            r.winningBid?.bidder.name ?? DASH,
            figure(yen(r.contractAmountYen), r.contractAmountYen),
            figure(percent(r.costReductionRate), r.costReductionRate),
          ]),
        };
      }),
    showFlagged: (title, filter) =>
      show(title, 'flags', async (after) => {
        const { redFlags } = await request(InsightsFlaggedRoundsDocument, {
          filter: { ...filter, subjects: ['TENDER'] },
          first: 50,
          after,
        });
        return {
          ...redFlags,
          rows: redFlags.nodes.map((f) => [
            f.tender?.project ? serviceLink(f.tender.project.id, f.tender.title) : (f.tender?.title ?? DASH),
            `${f.code} ${f.titleLabel}`,
            f.tender?.project?.ministry.name ?? DASH,
            f.tender?.announcedOn ?? DASH,
            figure(f.tender?.numberOfBidders == null ? DASH : String(f.tender.numberOfBidders), f.tender?.numberOfBidders),
            f.tender?.winningBid?.bidder.name ?? DASH,
            figure(yen(f.tender?.contractAmountYen), f.tender?.contractAmountYen),
            f.explanation,
          ]),
        };
      }),
  };
}
