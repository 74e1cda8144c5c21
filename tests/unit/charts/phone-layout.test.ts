// Charts at phone width (360 px), rendered by ECharts' server-side SVG renderer after fitToWidth:
// the legend's labels and the month axis's labels must not overlap. Boxes are estimated from each <text>'s position, anchor and
// font size (CJK characters one em wide, others 0.6 em), which is what the renderer lays out with.
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { fitToWidth } from '../../../shared/charts/fit';
import { buildIndicatorChart } from '../../../shared/charts/indicator-chart';
import { chartModules } from '../../../shared/charts/modules';
import { buildProgressOption } from '../../../shared/charts/progress-dots';
import type { ChartOption } from '../../../shared/charts/types';
import { periodRange } from '../../../shared/period';
import { changping } from '../../fixtures';

echarts.use([...chartModules, SVGRenderer]);

const WIDTH = 360;

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function textBoxes(svg: string): Box[] {
  const boxes: Box[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1] ?? '';
    const text = m[2] ?? '';
    const num = (re: RegExp) => Number(re.exec(attrs)?.[1] ?? 0);
    const [tx, ty] = (/translate\(([-\d.]+) ([-\d.]+)\)/.exec(attrs)?.slice(1) ?? ['0', '0']).map(Number) as [
      number,
      number,
    ];
    const size = num(/(\d+(?:\.\d+)?)px/);
    const x = tx + num(/ x="([-\d.]+)"/);
    const y = ty + num(/ y="([-\d.]+)"/);
    const width = [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? size : size * 0.6), 0);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
    boxes.push({ text, left, right: left + width, top: y - size / 2, bottom: y + size / 2 });
  }
  return boxes;
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function render(option: ChartOption, height: number): Box[] {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return textBoxes(svg);
}

function collisions(boxes: Box[], legendNames: Set<string>, isAxisLabel: (b: Box) => boolean): string[] {
  const legend = boxes.filter((b) => legendNames.has(b.text));
  const axis = boxes.filter(isAxisLabel);
  const found: string[] = [];
  for (const l of legend) for (const a of axis) if (overlap(l, a)) found.push(`legend ${l.text} × axis ${a.text}`);
  return found;
}

describe('charts at phone width', () => {
  it('keeps the legend and the month labels apart on every indicator of the plan', () => {
    const found: string[] = [];
    for (const indicator of changping.indicators) {
      const months = periodRange(indicator.periodStart, indicator.periodEnd).slice(0, 6);
      const series = indicator.kind === 'spread' ? (['a', 'b'] as const) : (['value'] as const);
      const points = months.flatMap((period, i) =>
        series.map((s) => ({ period, value: (i + 1) * 10 + (s === 'b' ? 3 : 0), series: s, revised: false })),
      );
      const { option } = buildIndicatorChart({
        indicator,
        points,
        reportPeriod: months.at(-1) ?? indicator.periodStart,
        status: 'on_track',
        lang: 'zh',
      });
      const legendNames = new Set(
        (Array.isArray(option.legend) ? option.legend : [option.legend]).flatMap((l) =>
          ((l as { data?: unknown[] } | undefined)?.data ?? []).map(String),
        ),
      );
      const boxes = render(fitToWidth(option, WIDTH), 380);
      const monthLabel = (b: Box) => /^(\d{4}年)?\d{1,2}月$/.test(b.text);
      found.push(...collisions(boxes, legendNames, monthLabel).map((c) => `${indicator.code}: ${c}`));
    }
    expect(found).toEqual([]);
  });

  it('puts the first-screen chart’s legend below its percentage labels', () => {
    const items = changping.indicators.slice(0, 12).map((i, n) => ({
      code: i.code,
      name: i.name,
      nameEn: i.nameEn,
      status: 'on_track' as const,
      taskProgress: 10 * n,
      timeProgress: 50,
      gap: 10 * n - 50,
    }));
    const boxes = render(buildProgressOption({ items, lang: 'zh', compact: true }), 12 * 22 + 88);
    expect(collisions(boxes, new Set(['完成进度', '序时进度']), (b) => /^\d+%$/.test(b.text))).toEqual([]);
    expect(boxes.some((b) => b.text === '完成进度')).toBe(true);
  });
});
