// A chart option as an SVG document, by ECharts' server-side SVG renderer: the first screen's chart
// (first-paint.tsx), SVG exports, and the first step of every PNG (chart-image.ts). Kept apart from
// the PNG side so the first screen does not load resvg and the font subsetter (server/lazy.ts).
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chartModules } from '../../shared/charts/modules';
import type { ChartOption } from '../../shared/charts/types';
import { DEFAULT_CHART_SIZE, type ChartSize } from './chart-size';

echarts.use([...chartModules, SVGRenderer]);

/** The option as a standalone SVG document (white background, fonts named in the markup). */
export function renderChartSvg(option: ChartOption, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ backgroundColor: '#ffffff', ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
