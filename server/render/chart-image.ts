// Server-side chart images for exports: the board's option-builders drawn as SVG (chart-svg.ts),
// then rasterised by resvg. resvg draws no text at all when it has no font, so the font
// files are passed explicitly: a subset of Debian's Noto CJK (fonts-noto-cjk, installed by
// .ci/run; see cjk-font.ts for why a subset) — a missing font is an error, not a blank chart.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { ChartOption } from '../../shared/charts/types';
import { FONT_FAMILY, fontFilesFor } from './cjk-font';
import { DEFAULT_CHART_SIZE, type ChartSize } from './chart-size';
import { renderChartSvg } from './chart-svg';

export { MissingFontError } from './cjk-font';

/** Symbols the CJK font lacks (✔ ✖ ◆ …) come from DejaVu Sans, when installed. */
const SYMBOL_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** An SVG rasterised at `pixelRatio` (2 by default: sharp in Word and on projectors). */
export async function svgToPng(svg: string, width: number, pixelRatio = 2): Promise<Buffer> {
  const fontFiles = await fontFilesFor(svg);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    // System fonts are not scanned: the scan is slow and would hide a missing CJK font.
    font: {
      loadSystemFonts: false,
      fontFiles: existsSync(SYMBOL_FONT) ? [...fontFiles, SYMBOL_FONT] : fontFiles,
      defaultFontFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'width', value: Math.round(width * pixelRatio) },
  });
  return resvg.render().asPng();
}

export async function renderChartPng(
  option: ChartOption,
  size: ChartSize = DEFAULT_CHART_SIZE,
  pixelRatio = 2,
): Promise<Buffer> {
  return svgToPng(renderChartSvg(option, size), size.width, pixelRatio);
}
