import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, registerLocale, use } from 'echarts/core';
import langJA from 'echarts/lib/i18n/langJA.js';
import { SVGRenderer } from 'echarts/renderers';

/**
 * Apache ECharts with only the pieces the page uses, its Japanese locale and the SVG renderer.
 * Loaded apart from the page's own script (the larger part of what the browser parses), by
 * the first chart a view draws (charts.ts).
 */
use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);
registerLocale('JA', langJA);

export { init };
