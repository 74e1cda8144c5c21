// The chart pool's task (chart-pool.ts): builds the board's option from the chart input, frames it
// for export and rasterises it (or rasterises an export's SVG). The input is plain data, so the
// option (which may hold functions) never crosses threads; the PNG comes back as a moved buffer.
// A warm task does nothing: piscina has loaded this module, ECharts and resvg, before it runs.
import { Piscina } from 'piscina';
import { forExport } from '../../shared/charts/export-frame';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import { renderChartPng, svgToPng } from '../render/chart-image';
import { reportsStart } from '../thread-task';
import type { ChartTask } from './chart-pool';

async function render(task: ChartTask): Promise<Uint8Array | null> {
  if ('warm' in task) return null;
  const png =
    'svg' in task
      ? await svgToPng(task.svg, task.width, task.pixelRatio)
      : await renderChartPng(
          forExport(buildIndicatorChart(task.input).option, task.source),
          task.size,
          task.pixelRatio,
        );
  // The Buffer may be a view on a larger allocation; only a buffer of its own can be moved.
  const own = new Uint8Array(png.byteLength);
  own.set(png);
  return Piscina.move(own) as Uint8Array;
}

export default reportsStart(render);
