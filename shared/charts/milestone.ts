// A dated task as a timeline of months from the start of its window to the later of its deadline
// and the report month: each monthly update is a point on the row of its state (so position, shape
// and colour all say the state), stepped to the next; the deadline and the end of the report month
// are vertical lines. Months are categories, as on the indicator charts: updates are monthly, and
// a time axis would format its labels in the machine's time zone.
import { formatDate, formatPeriod, type Lang } from '../format';
import { periodEndDate, periodOfDate, periodRange, type Period } from '../period';
import { evaluateMilestone, milestoneStates, type MilestoneState, type Status } from '../status';
import { MILESTONE_STATE_LABEL, STATUS_STYLE } from '../status-style';
import {
  escapeHtml,
  frame,
  INK,
  marksSeries,
  monthAxis,
  monthLine,
  statusColor,
  titleOption,
  type MarkLineItem,
} from './common';
import type { ChartOption, ChartTable, MilestoneChartInput } from './types';

/** How each state is named and drawn; its colour is that of the status it is closest to. */
const STATE_STYLE: Readonly<Record<MilestoneState, { symbol: string; status: Status }>> = {
  not_started: { symbol: 'emptyCircle', status: 'not_yet_due' },
  in_progress: { symbol: 'circle', status: 'on_track' },
  done: { symbol: 'diamond', status: 'achieved' },
};

type Update = MilestoneChartInput['updates'][number];

function stateLabel(state: MilestoneState, lang: Lang): string {
  return MILESTONE_STATE_LABEL[state][lang];
}

/** Updates up to the report month, one per month (the last given wins), in month order. */
function shownUpdates(input: MilestoneChartInput): Update[] {
  const byMonth = new Map<Period, Update>();
  for (const u of input.updates) if (u.period <= input.reportPeriod) byMonth.set(u.period, u);
  return [...byMonth.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
}

function timelineMonths(input: MilestoneChartInput, updates: Update[]): Period[] {
  const deadline = periodOfDate(input.deadline);
  const starts = [periodOfDate(input.windowStart), deadline, ...updates.map((u) => u.period)].sort();
  const end = deadline > input.reportPeriod ? deadline : input.reportPeriod;
  return periodRange(starts[0] ?? deadline, end);
}

export function buildMilestoneOption(input: MilestoneChartInput): ChartOption {
  const { lang, status } = input;
  const zh = lang === 'zh';
  const updates = shownUpdates(input);
  const months = timelineMonths(input, updates);
  const byMonth = new Map(updates.map((u) => [u.period, u]));
  const current = evaluateMilestone(input, updates, input.reportPeriod, input.windowStart).state;
  const facts = [
    zh ? `截止：${formatDate(input.deadline, lang)}` : `Deadline: ${formatDate(input.deadline, lang)}`,
    zh
      ? `报告期：${formatPeriod(input.reportPeriod, lang)}`
      : `Report month: ${formatPeriod(input.reportPeriod, lang)}`,
    zh
      ? `当前：${current ? stateLabel(current, lang) : '尚无进展报送'}`
      : `Now: ${current ? stateLabel(current, lang) : 'no progress reported'}`,
  ];
  const deadlineLabel = `${zh ? '截止' : 'Deadline'} ${formatDate(input.deadline, lang)}`;
  const reportEnd = periodEndDate(input.reportPeriod);
  const lines: MarkLineItem[] = [monthLine(periodOfDate(input.deadline), deadlineLabel, INK.target, 'end')];
  // Before the window opens the report month is off the axis, and there is nothing to mark.
  if (months.includes(input.reportPeriod)) {
    const label = `${zh ? '报告期末' : 'End of report month'} ${formatDate(reportEnd, lang)}`;
    // In the deadline's month both lines coincide; the report label then runs along the line.
    const position = input.reportPeriod === periodOfDate(input.deadline) ? 'insideMiddleTop' : 'end';
    lines.push(monthLine(input.reportPeriod, label, INK.report, position));
  }
  return {
    ...frame(
      titleOption(zh ? input.task : input.taskEn, facts, status, lang),
      {
        trigger: 'item',
        formatter: (params) => {
          const p = Array.isArray(params) ? params[0] : params;
          const u = byMonth.get(months[p?.dataIndex ?? -1] ?? '');
          if (!u) return '';
          const lines = [formatPeriod(u.period, lang), stateLabel(u.state, lang)];
          if (u.note) lines.push(escapeHtml(u.note));
          return lines.join('<br/>');
        },
      },
      [],
      input.fontFamily,
    ),
    xAxis: monthAxis(months, lang),
    yAxis: { type: 'category', data: milestoneStates.map((s) => stateLabel(s, lang)) },
    series: [
      {
        id: 'state',
        name: zh ? '进展' : 'State',
        type: 'line',
        step: 'end',
        connectNulls: true,
        lineStyle: { color: statusColor(status), width: 2 },
        itemStyle: { color: statusColor(status) },
        data: months.map((m) => {
          const u = byMonth.get(m);
          if (!u) return null;
          const style = STATE_STYLE[u.state];
          // A number on a category axis is the index of its category.
          return {
            value: milestoneStates.indexOf(u.state),
            symbol: style.symbol,
            symbolSize: 12,
            itemStyle: { color: STATUS_STYLE[style.status].color },
          };
        }),
      },
      marksSeries(lines),
    ],
  };
}

export function milestoneTable(input: MilestoneChartInput): ChartTable {
  const { lang } = input;
  const zh = lang === 'zh';
  return {
    columns: zh ? ['月份', '进展', '说明'] : ['Month', 'State', 'Note'],
    rows: shownUpdates(input).map((u) => [formatPeriod(u.period, lang), stateLabel(u.state, lang), u.note]),
  };
}
