// What callers of the chart renderer name without loading it (chart-image.ts brings ECharts and
// resvg, which the start-up path leaves out; see server/lazy.ts).

/** The family every server-rendered chart asks for; cjk-font.ts provides it. */
export const EXPORT_FONT_FAMILY = "'Noto Sans CJK SC', sans-serif";

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 800, height: 400 };
