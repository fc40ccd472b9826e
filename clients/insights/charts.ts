import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { h } from './dom.js';

/**
 * Charts, drawn by Apache ECharts (docs/insights.md says why this library): only the pieces
 * the page uses are bundled, drawn as SVG (sharp when printed, text the browser's own Japanese
 * fonts), with ECharts' Japanese locale and its aria description (a screen reader hears what
 * the chart shows) and patterns beside colours (decals), so a series is told apart printed in
 * grey or by someone who does not see the colours. Each chart also has a table (dom.ts).
 */
// Loaded with the first chart a view asks for: views without charts never pay for reading it.
let engine: Promise<typeof import('./echarts-setup.js')> | undefined;
/** Charts asked for and not yet drawn. */
const drawing = new Set<Promise<void>>();
/** Counts the views shown: a chart of a view since replaced is not drawn. */
let generation = 0;

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;

/** Colours with enough contrast on white, in the order series take them. */
export const PALETTE = ['#1f5fa8', '#c0392b', '#2e7d32', '#8e44ad', '#b35c00', '#00707a'];

const live = new Set<ECharts>();

/**
 * A chart in a <figure>: `title` is its caption (and what the aria description starts from),
 * `onPick` is called with the index of the category a reader clicks (the table beside it
 * offers the same as buttons, for the keyboard); `rows`, for a bar per row, sizes the chart.
 */
export function chart(title: string, option: ChartOption, onPick?: (index: number) => void, rows?: number): HTMLElement {
  // A chart of many rows (ministries) grows with them, so each label stays readable.
  const box = h('div', { class: 'chart', style: rows ? `height: ${Math.max(200, rows * 22 + 80)}px` : null });
  const figure = h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), box);
  // Drawn once the figure is in the page (ECharts measures its box) and ECharts has loaded.
  const view = generation;
  const drawn = (engine ??= import('./echarts-setup.js')).then(({ init }) => {
    // A view replaced before ECharts arrived: its chart is not drawn (nor kept).
    if (view !== generation) return;
    const instance = init(box, null, { renderer: 'svg', locale: 'JA' });
    instance.setOption({
      color: PALETTE,
      animation: false,
      aria: { enabled: true, decal: { show: true }, label: { description: undefined } },
      textStyle: { fontFamily: 'inherit' },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
      ...option,
    });
    if (onPick) {
      instance.on('click', (params) => {
        if (typeof params.dataIndex === 'number') onPick(params.dataIndex);
      });
      box.classList.add('pickable');
    }
    live.add(instance);
  });
  drawing.add(drawn);
  void drawn.finally(() => drawing.delete(drawn));
  return figure;
}

/** Settles when every chart asked for so far is drawn (the view is whole). */
export async function chartsDrawn(): Promise<void> {
  await Promise.all([...drawing]);
}

/**
 * Room on the left for the labels of a chart whose rows are named (ministries, flags): about
 * 12 px a character at the chart's font, at most 270 px (longer names end in …).
 */
export function labelledRows(labels: string[]): Pick<ChartOption, 'grid'> {
  const widest = Math.max(0, ...labels.map((l) => [...l].length));
  return { grid: { left: Math.min(270, widest * 12 + 12), right: 32, top: 40, bottom: 28, outerBoundsMode: 'none' } };
}

/**
 * A bar for each named row (ministries, flags, states): the names down the left, one series
 * across; `percent` puts the scale at 0–100 %. `onPick` as for `chart`.
 */
export function rowBars(
  title: string,
  labels: string[],
  series: { name: string; unit: string; data: (number | null)[]; percent?: boolean },
  onPick?: (index: number) => void,
): HTMLElement {
  return chart(
    title,
    {
      tooltip: { trigger: 'axis' },
      xAxis: series.percent
        ? { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } }
        : { type: 'value', name: series.unit },
      ...labelledRows(labels),
      yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { interval: 0, width: 258, overflow: 'truncate' } },
      series: [{ type: 'bar', name: series.name, data: series.data }],
    },
    onPick,
    labels.length,
  );
}

/** Forgets the charts of a view that is replaced. */
export function disposeCharts(): void {
  generation++;
  for (const instance of live) instance.dispose();
  live.clear();
}

/** Redraws every chart at its box's size (a window resized, a page about to print). */
export function resizeCharts(): void {
  for (const instance of live) instance.resize();
}
