// ECharts ships its Japanese locale without a declaration; it has the shape of every locale.
declare module 'echarts/lib/i18n/langJA.js' {
  import type { registerLocale } from 'echarts/core';
  const locale: Parameters<typeof registerLocale>[1];
  export default locale;
}
