import { InsightsFindServiceDocument, InsightsServiceDocument, type InsightsServiceQuery } from '../../generated/graphql.js';
import { request } from '../api.js';
import { dataTable, figure, h } from '../dom.js';
import { DASH, japaneseDate, yen } from '../format.js';
import { serviceLink, type PageState } from '../state.js';
import type { View } from './view.js';

type Service = Extract<NonNullable<InsightsServiceQuery['node']>, { __typename?: 'TargetProject'; name: string }>;
type Round = Service['tenders']['nodes'][number];

/** One step of a service's life, dated. */
interface Step {
  on: string;
  kind: 'selection' | 'guidelines' | 'round' | 'contract' | 'evaluation';
  text: string;
  detail?: string | null;
}

/** 事業: one service's life as a timeline (selection → guidelines → rounds → evaluations → exit), and its rounds' bids once opened. */
export const service: View = {
  name: 'service',
  title: '事業の経過',
  lead: '対象事業を一つ選び、基本方針での選定から実施要項、入札、評価、市場化テストの終了までを時系列で示します。開札済みの入札は、応札者と金額も示します（開札前は非公開）。',
  async render(state) {
    const search = searchForm(state);
    if (!state.service)
      return h('div', {}, search, state.q ? await found(state.q) : h('p', {}, '事業名や読みで探してください（例: 登記、ねんきん）。'));
    const { node } = await request(InsightsServiceDocument, { id: state.service });
    if (!node || !('name' in node)) return h('div', {}, search, h('p', { class: 'problem', role: 'alert' }, 'この事業は見つかりません。'));
    return h('div', {}, search, page(node as Service));
  },
};

function searchForm(state: PageState): HTMLElement {
  return h(
    'form',
    { class: 'find', method: 'get', action: '/insights', role: 'search' },
    h('input', { type: 'hidden', name: 'view', value: 'service' }),
    h('label', {}, '事業を探す ', h('input', { name: 'q', value: state.q, size: 24, placeholder: '窓口 年金、とうき' })),
    h('button', { type: 'submit' }, '探す'),
  );
}

async function found(query: string): Promise<HTMLElement> {
  const { targetProjects } = await request(InsightsFindServiceDocument, { query });
  if (targetProjects.totalCount === 0) return h('p', { role: 'status' }, `「${query}」に当たる事業はありません。`);
  return h(
    'div',
    {},
    h('p', { role: 'status' }, `「${query}」: ${targetProjects.totalCount}件${targetProjects.totalCount > 20 ? '（最初の20件）' : ''}`),
    h(
      'ul',
      { class: 'found' },
      ...targetProjects.nodes.map((p) => h('li', {}, serviceLink(p.id, p.name), `（${p.ministry.name}、${p.statusLabel}）`)),
    ),
  );
}

function page(s: Service): HTMLElement {
  const rounds = s.tenders.nodes;
  return h(
    'article',
    { class: 'service' },
    h('h3', {}, s.name),
    s.kana ? h('p', { class: 'kana' }, s.kana) : null,
    h(
      'dl',
      { class: 'facts' },
      ...[
        ['府省', s.ministry.name],
        ['状態', s.statusLabel],
        ['分野', s.categoryLabel],
        ['方式', s.methodLabel],
        ['従来経費（年）', yen(s.baselineAnnualCostYen)],
      ].flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h('p', {}, s.summary),
    h('h4', {}, '経過'),
    h(
      'ol',
      { class: 'timeline' },
      ...steps(s).map((step) =>
        h(
          'li',
          { class: `step ${step.kind}` },
          h('time', { datetime: step.on }, japaneseDate(step.on)),
          h('span', { class: 'what' }, step.text),
          step.detail ? h('span', { class: 'detail' }, step.detail) : null,
        ),
      ),
    ),
    h('h4', {}, `入札（${rounds.length}回）`),
    ...rounds.map(roundSection),
  );
}

/** Every dated step, oldest first (steps of one day in the order of the lifecycle). */
function steps(s: Service): Step[] {
  const out: Step[] = [
    ...s.policyEntries.nodes.map((e) => ({
      on: e.policy.decidedOn,
      kind: 'selection' as const,
      text: `基本方針（${e.policy.fiscalYearLabel ?? e.policy.decidedOn}）: ${e.actionLabel}`,
      detail: e.policy.title,
    })),
    ...s.guidelineMilestones.nodes.map((m) => ({
      on: m.occurredOn,
      kind: 'guidelines' as const,
      text: m.endsOn ? `${m.kindLabel}（${japaneseDate(m.endsOn)}まで）` : m.kindLabel,
      detail: m.note,
    })),
    ...s.tenders.nodes.flatMap((t) => [
      { on: t.announcedOn, kind: 'round' as const, text: `第${t.round}回 入札公告（${t.statusLabel}）`, detail: t.title },
      ...(t.openedOn
        ? [
            {
              on: t.openedOn,
              kind: 'round' as const,
              text: `第${t.round}回 開札: ${t.numberOfBidders ?? 0}者が応札${t.contractAmountYen != null ? `、${yen(t.contractAmountYen)}で落札` : ''}`,
            },
          ]
        : []),
      ...(t.winningBid ? [{ on: t.contractStart, kind: 'contract' as const, text: `契約期間（${japaneseDate(t.contractEnd)}まで）` }] : []),
    ]),
    ...s.evaluations.nodes.map((e) => ({
      on: e.decidedOn,
      kind: 'evaluation' as const,
      text: `評価（${e.fiscalYear}年度）: ${e.decisionLabel}`,
      detail: e.summary,
    })),
  ];
  const order = ['selection', 'guidelines', 'round', 'contract', 'evaluation'];
  return out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : order.indexOf(a.kind) - order.indexOf(b.kind)));
}

function roundSection(t: Round): HTMLElement {
  const facts = `公告 ${japaneseDate(t.announcedOn)} ／ 締切 ${japaneseDate(t.bidDeadline)} ／ ${t.statusLabel}`;
  return h(
    'section',
    { class: 'round-bids' },
    h('h5', {}, `第${t.round}回 ${t.title}`),
    h('p', {}, facts),
    t.bidsSealed
      ? h('p', { class: 'sealed' }, '応札の内容は開札まで公開されません（封緘中）。')
      : t.bids.nodes.length
        ? dataTable(
            `第${t.round}回の応札`,
            ['応札者', '金額', '状態'],
            t.bids.nodes.map((b) => [b.bidder.name, figure(yen(b.amountYen), b.amountYen), b.statusLabel]),
            { numeric: [false, true, false] },
          )
        : h('p', {}, t.numberOfBidders === 0 ? '応札はありませんでした。' : DASH),
  );
}
