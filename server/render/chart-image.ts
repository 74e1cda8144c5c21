// Server-side chart images for exports: the board's option-builders rendered by ECharts' SSR SVG
// renderer, then rasterised by resvg. resvg draws no text at all when it has no font, so the CJK
// font files are passed explicitly (Debian's fonts-noto-cjk, installed by .ci/run); a missing font
// is an error here rather than a silently blank chart.
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chartModules } from '../../shared/charts/modules';
import type { ChartOption } from '../../shared/charts/types';

echarts.use([...chartModules, SVGRenderer]);

/** The family every server-rendered chart asks for; the font files below provide it. */
export const EXPORT_FONT_FAMILY = "'Noto Sans CJK SC', sans-serif";

const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
];

export class MissingFontError extends Error {
  constructor() {
    super(
      `No CJK font for chart images: install Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk); looked for ${FONT_CANDIDATES.join(', ')}`,
    );
  }
}

function fontFiles(): string[] {
  const files = FONT_CANDIDATES.filter((f) => existsSync(f));
  if (files.length === 0) throw new MissingFontError();
  return files;
}

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 800, height: 400 };

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

let resvgOptions: ResvgRenderOptions | null = null;

/** An SVG rasterised at `pixelRatio` (2 by default: sharp in Word and on projectors). */
export function svgToPng(svg: string, width: number, pixelRatio = 2): Buffer {
  resvgOptions ??= {
    background: '#ffffff',
    // System fonts are not scanned: the scan is slow and would hide a missing CJK font.
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'Noto Sans CJK SC' },
  };
  const resvg = new Resvg(svg, { ...resvgOptions, fitTo: { mode: 'width', value: Math.round(width * pixelRatio) } });
  return resvg.render().asPng();
}

export function renderChartPng(option: ChartOption, size: ChartSize = DEFAULT_CHART_SIZE, pixelRatio = 2): Buffer {
  return svgToPng(renderChartSvg(option, size), size.width, pixelRatio);
}
