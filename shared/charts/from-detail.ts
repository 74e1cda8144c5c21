// From the board's measure read model (server/queries/board.ts measureDetail) to chart inputs.
// The measure page, the chart exports and the briefings all go through these two functions, so a
// chart in a Word briefing is the chart on the board.
import type { Lang } from '../format';
import type { Period } from '../period';
import type { IndicatorDef } from '../plan-schema';
import type { MilestoneState, Status } from '../status';
import type { ChartPoint, IndicatorChartInput, MilestoneChartInput } from './types';

/** The parts of a measureDetail indicator a chart needs. */
export interface DetailIndicator {
  definition: IndicatorDef;
  points: ChartPoint[];
  evaluation: { status: Status };
}

/** The parts of a measureDetail milestone a chart needs. */
export interface DetailMilestone {
  task: string;
  taskEn: string;
  deadline: string;
  evaluation: { status: Status };
  updates: { period: Period; state: string; note: string | null }[];
}

export function indicatorChartInput(
  ind: DetailIndicator,
  reportPeriod: Period,
  lang: Lang,
  fontFamily?: string,
): IndicatorChartInput {
  return {
    indicator: ind.definition,
    points: ind.points.map(({ period, value, series, revised }) => ({ period, value, series, revised })),
    reportPeriod,
    status: ind.evaluation.status,
    lang,
    fontFamily,
  };
}

export function milestoneChartInput(
  ms: DetailMilestone,
  reportPeriod: Period,
  windowStart: string,
  lang: Lang,
  fontFamily?: string,
): MilestoneChartInput {
  return {
    task: ms.task,
    taskEn: ms.taskEn,
    deadline: ms.deadline,
    windowStart,
    // States are checked when written (entry and upload); the read model carries them as text.
    updates: ms.updates.map((u) => ({ ...u, state: u.state as MilestoneState })),
    reportPeriod,
    status: ms.evaluation.status,
    lang,
    fontFamily,
  };
}
