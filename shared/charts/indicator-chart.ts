// One entry point for the board and the exports: the chart and its table for any indicator.
// Ranges, whether a count to reach or a level to hold, all go to the range builder (see range.ts).
import { bandTable, buildBandOption } from './band';
import { buildCumulativeOption, cumulativeTable } from './cumulative';
import { buildRangeOption, rangeTable } from './range';
import { buildSpreadOption, spreadTable } from './spread';
import type { IndicatorChart, IndicatorChartInput } from './types';

export function buildIndicatorChart(input: IndicatorChartInput): IndicatorChart {
  // Narrowing `input.indicator` does not narrow `input`, hence the rebuilt inputs.
  const ind = input.indicator;
  switch (ind.kind) {
    case 'cumulative': {
      const typed = { ...input, indicator: ind };
      return { option: buildCumulativeOption(typed), table: cumulativeTable(typed) };
    }
    case 'ceiling':
    case 'floor': {
      const typed = { ...input, indicator: ind };
      return { option: buildBandOption(typed), table: bandTable(typed) };
    }
    case 'spread': {
      const typed = { ...input, indicator: ind };
      return { option: buildSpreadOption(typed), table: spreadTable(typed) };
    }
    case 'range': {
      const typed = { ...input, indicator: ind };
      return { option: buildRangeOption(typed), table: rangeTable(typed) };
    }
  }
}
