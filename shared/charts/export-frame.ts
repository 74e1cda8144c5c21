// What a chart needs to stand alone outside the board (a PNG pasted into a document, an SVG, a
// chart in a briefing): a white background and a 数据来源 line under the legend. The title and
// subtitle already carry the name, unit, report month and status.
import type { Lang } from '../format';
import type { ChartOption } from './types';

const SOURCE_LINE_HEIGHT = 22;

/** "数据来源：区统计局报送；方案监测整理" — the units that report the figures, lead first. */
export function sourceLine(units: string[], lang: Lang): string {
  if (lang === 'zh') {
    const who = units.length === 0 ? '各责任单位' : units.join('、');
    return `数据来源：${who}报送；方案监测整理`;
  }
  const who = units.length === 0 ? 'the responsible units' : units.join(', ');
  return `Source: reported by ${who}; compiled by Plan Monitor`;
}

/** The option with a white background and the source line at the bottom (legend moved above it). */
export function forExport(option: ChartOption, source: string): ChartOption {
  const titles = option.title === undefined ? [] : Array.isArray(option.title) ? option.title : [option.title];
  const legend = option.legend !== undefined && !Array.isArray(option.legend) ? option.legend : undefined;
  const grid = option.grid !== undefined && !Array.isArray(option.grid) ? option.grid : undefined;
  const gridBottom = typeof grid?.bottom === 'number' ? grid.bottom : 56;
  return {
    ...option,
    backgroundColor: '#ffffff',
    title: [
      ...titles,
      { text: source, left: 8, bottom: 4, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#737373' } },
    ],
    ...(legend ? { legend: { ...legend, bottom: SOURCE_LINE_HEIGHT } } : {}),
    ...(grid ? { grid: { ...grid, bottom: gridBottom + SOURCE_LINE_HEIGHT } } : {}),
  };
}
