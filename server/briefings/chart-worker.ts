// One chart-rendering thread of the briefing pool (chart-pool.ts): builds the board's option from
// the chart input, frames it for export and rasterises it (or rasterises an export's SVG). The input is plain data, so the option
// (which may hold functions) never crosses threads; the PNG comes back as a moved buffer.
import { parentPort } from 'node:worker_threads';
import { forExport } from '../../shared/charts/export-frame';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import { renderChartPng, svgToPng } from '../render/chart-image';
import type { ChartRequest, ChartAnswer, SvgRequest } from './chart-pool';

const port = parentPort!;
port.on('message', (request: ChartRequest | SvgRequest) => void render(request));
// ECharts, resvg and the option-builders are loaded: tell the pool (see warmChartPool).
port.postMessage({ ready: true });

async function render(request: ChartRequest | SvgRequest) {
  let answer: ChartAnswer;
  try {
    const png =
      'svg' in request
        ? await svgToPng(request.svg, request.width, request.pixelRatio)
        : await renderChartPng(
            forExport(buildIndicatorChart(request.input).option, request.source),
            request.size,
            request.pixelRatio,
          );
    // The Buffer may be a view on a larger allocation; only a buffer of its own can be moved.
    const own = new Uint8Array(png.byteLength);
    own.set(png);
    answer = { id: request.id, ok: true, png: own };
    port.postMessage(answer, [own.buffer]);
  } catch (err) {
    answer = { id: request.id, ok: false, failure: err instanceof Error ? err.message : String(err) };
    port.postMessage(answer);
  }
}
