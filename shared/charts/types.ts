// What the chart option-builders take and give. The inputs are shaped like the rows the board's
// queries return, so a builder is a map from input to ECharts option, not a reshaping step.
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Lang } from '../format';
import type { Period } from '../period';
import type { IndicatorDef, IndicatorKind } from '../plan-schema';
import type { MilestoneState, SeriesKey, Status } from '../status';

export interface ChartPoint {
  period: Period;
  value: number;
  series: SeriesKey;
  /** true when this value was revised after first being reported */
  revised: boolean;
}

export interface IndicatorChartInput {
  indicator: IndicatorDef;
  /** As reported, per indicator.reporting; any order; at most one point per period and series. */
  points: ChartPoint[];
  reportPeriod: Period;
  status: Status;
  lang: Lang;
  fontFamily?: string;
}

/** An input whose indicator is known to be of kind K (what each builder accepts). */
export type IndicatorChartInputOf<K extends IndicatorKind> = Omit<IndicatorChartInput, 'indicator'> & {
  indicator: Extract<IndicatorDef, { kind: K }>;
};

export interface MilestoneChartInput {
  task: string;
  taskEn: string;
  deadline: string;
  windowStart: string;
  updates: { period: Period; state: MilestoneState; note: string | null }[];
  reportPeriod: Period;
  status: Status;
  lang: Lang;
  fontFamily?: string;
}

export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** Every option the builders produce is typed against exactly the modules in `modules.ts`. */
export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface IndicatorChart {
  option: ChartOption;
  table: ChartTable;
}
