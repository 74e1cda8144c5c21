// The ECharts modules the option-builders in this folder use, and only those. The board's chart
// component and the server-side export both register these (plus their own renderer), so what
// renders in one renders in the other. Adding a series type or component to a builder means
// adding its module here; tests/unit/charts/ssr.test.ts fails otherwise.
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';

export const chartModules = [
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
];
