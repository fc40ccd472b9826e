import { InsightsChoicesDocument, type InsightsChoicesQuery } from '../generated/graphql.js';
import { RequestError } from '../lib/operation.js';
import { request, setToken, token } from './api.js';
import { chartsDrawn, disposeCharts, resizeCharts } from './charts.js';
import { h } from './dom.js';
import { href, readState, VIEW_NAMES, type PageState, type ViewName } from './state.js';
import { competition } from './views/competition.js';
import { integrity } from './views/integrity.js';
import { money } from './views/money.js';
import { pilots } from './views/pilots.js';
import { service } from './views/service.js';
import { programme } from './views/programme.js';
import type { View } from './views/view.js';

/**
 * The insights page (/insights; docs/insights.md): the programme in charts, each with its
 * table, for the filter in the address. Every figure is the API's, asked through the
 * generated documents; the page holds nothing of its own.
 */
const VIEWS: Record<ViewName, View> = { programme, competition, money, integrity, pilots, service };

const nav = document.getElementById('views')!;
const form = document.getElementById('filter') as HTMLFormElement;
const main = document.getElementById('main')!;
let choices: InsightsChoicesQuery | null = null;
let rendering = 0;

async function render(): Promise<void> {
  const mine = ++rendering;
  const state = readState(location.search);
  const view = VIEWS[state.view];
  disposeCharts();
  drawNav(state);
  drawFilter(state);
  main.removeAttribute('data-ready');
  main.replaceChildren(h('p', { role: 'status' }, '読み込み中…'));
  document.title = `${view.title} — 市場化テスト インサイト`;
  try {
    const content = await view.render(state);
    if (mine !== rendering) return;
    main.replaceChildren(h('h2', {}, view.title), h('p', { class: 'lead' }, view.lead), content);
    // The figures are on the page (tables, and charts as they are drawn): what bench/insights.ts times first.
    performance.mark('insights:content');
  } catch (error) {
    if (mine !== rendering) return;
    main.replaceChildren(h('h2', {}, view.title), problem(error));
  }
  // Ready (for readers of `data-ready`: the tests, the benchmark) once its charts are drawn and the form shows its choices.
  await chartsDrawn().catch(() => undefined);
  await choicesSettled;
  if (mine === rendering) main.setAttribute('data-ready', state.view);
}

function problem(error: unknown): HTMLElement {
  const message =
    error instanceof RequestError
      ? error.errors.map((e) => e.message).join(' / ')
      : `サーバーに届きませんでした（${(error as Error).message}）`;
  return h('p', { class: 'problem', role: 'alert' }, message);
}

function go(state: PageState): void {
  history.pushState(null, '', href(state));
  void render();
}

function drawNav(state: PageState): void {
  nav.replaceChildren(
    ...VIEW_NAMES.map((name) =>
      h(
        'a',
        {
          href: href({ ...state, view: name }),
          'aria-current': name === state.view ? 'page' : null,
          onclick: (event: Event) => {
            event.preventDefault();
            go({ ...state, view: name });
          },
        },
        VIEWS[name].title,
      ),
    ),
  );
}

function drawFilter(state: PageState): void {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  field('view').value = state.view;
  field('from').value = state.from;
  field('to').value = state.to;
  const ministry = field('ministry') as HTMLSelectElement;
  const category = field('category') as HTMLSelectElement;
  if (choices && ministry.options.length <= 1) {
    ministry.append(...choices.ministries.nodes.map((m) => h('option', { value: m.code }, `${m.name}（${m.code}）`)));
    category.append(...choices.marketTestingStats.byCategory.map((c) => h('option', { value: c.category }, c.categoryLabel)));
  }
  ministry.value = state.ministry;
  category.value = state.category;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  go({
    ...readState(location.search),
    from: text('from'),
    to: text('to'),
    ministry: text('ministry'),
    category: text('category') as PageState['category'],
  });
});
form.addEventListener('reset', (event) => {
  event.preventDefault();
  go({ ...readState(location.search), from: '', to: '', ministry: '', category: '' });
});

const tokenForm = document.getElementById('token') as HTMLFormElement;
(tokenForm.elements.namedItem('token') as HTMLInputElement).value = token() ?? '';
tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(String(new FormData(tokenForm).get('token') ?? '').trim());
  void render();
});

// Links between views inside the page (a round's service, a found service) change the address without a reload.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-internal]') as HTMLAnchorElement | null;
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  void render();
});
window.addEventListener('popstate', () => void render());
window.addEventListener('resize', resizeCharts);
// A printed page is narrower than the screen: the charts are redrawn at its width.
window.matchMedia('print').addEventListener('change', resizeCharts);

// The filter's choices and the first view are asked for at once; the choices fill the form when they come.
const choicesSettled = request(InsightsChoicesDocument)
  .then((answer) => {
    choices = answer;
    drawFilter(readState(location.search));
  })
  .catch(() => {
    // The filter still takes codes typed in the address; the view says what went wrong.
  });
await render();
