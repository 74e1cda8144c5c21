// A chart option fitted to the width it is drawn at. The builders lay a chart out for a desk
// (about 800 px); on a phone the title and subtitle wrap, the legend goes below the month labels
// with room of its own, and the month axis shows at most a handful of labels, so labels, legend
// and marks stay apart. Pure: the board's EChart component and tests call it with a width.
import type { ChartOption } from './types';

/** Narrower than this, a chart is laid out compactly. */
export const COMPACT_WIDTH = 600;

/** At most this many month labels on a compact chart's category axis. */
export const COMPACT_TICKS = 5;

type Obj = Record<string, unknown>;

const asList = (value: unknown): Obj[] =>
  Array.isArray(value) ? (value as Obj[]) : value && typeof value === 'object' ? [value as Obj] : [];

export function fitToWidth(option: ChartOption, width: number): ChartOption {
  if (width >= COMPACT_WIDTH || width <= 0) return option;
  const inner = Math.max(120, width - 24);
  const fitted: Obj = { ...(option as Obj) };
  fitted.title = asList(option.title).map((t) => ({
    ...t,
    textStyle: { ...(t.textStyle as Obj), fontSize: 14, width: inner, overflow: 'break' },
    subtextStyle: { ...(t.subtextStyle as Obj), fontSize: 11, width: inner, overflow: 'break', lineHeight: 15 },
  }));
  const hasSubtitle = asList(option.title).some((t) => typeof t.subtext === 'string' && t.subtext !== '');
  fitted.legend = asList(option.legend).map((l) => ({
    ...l,
    bottom: 0,
    top: undefined,
    left: 'center',
    itemGap: 8,
    itemWidth: 16,
    textStyle: { ...(l.textStyle as Obj), fontSize: 11 },
  }));
  fitted.grid = asList(option.grid).map((g) => ({
    ...g,
    left: 44,
    right: 16,
    top: hasSubtitle ? 104 : g.top,
    // The month labels, then the legend (up to two rows) beneath them.
    bottom: 84,
  }));
  fitted.xAxis = asList(option.xAxis).map((axis) => {
    if (axis.type !== 'category' || !Array.isArray(axis.data)) return axis;
    const every = Math.ceil(axis.data.length / COMPACT_TICKS);
    return {
      ...axis,
      axisLabel: { ...(axis.axisLabel as Obj), interval: every - 1, hideOverlap: true, fontSize: 11 },
      axisTick: { ...(axis.axisTick as Obj), interval: every - 1 },
    };
  });
  return fitted;
}
