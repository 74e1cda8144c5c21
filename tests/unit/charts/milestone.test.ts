// The milestone timeline: a task whose window opens mid-March 2022 with a deadline of 30 September;
// it is not started in April, in progress in May and July, done in September, and an October update
// lies after the report month.
import type { TooltipComponentOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildMilestoneOption, milestoneTable } from '../../../shared/charts/milestone';
import type { ChartOption, MilestoneChartInput } from '../../../shared/charts/types';
import { STATUS_STYLE } from '../../../shared/status-style';

const input = (over: Partial<MilestoneChartInput> = {}): MilestoneChartInput => ({
  task: '完成老旧小区改造方案',
  taskEn: 'Finish the renovation plan',
  deadline: '2022-09-30',
  windowStart: '2022-03-15',
  updates: [
    { period: '2022-07', state: 'in_progress', note: '征求意见<b>中</b>' },
    { period: '2022-04', state: 'not_started', note: null },
    { period: '2022-05', state: 'in_progress', note: '已起草' },
    { period: '2022-09', state: 'done', note: '已印发' },
    { period: '2022-10', state: 'done', note: '后续' },
  ],
  reportPeriod: '2022-09',
  status: 'achieved',
  lang: 'zh',
  ...over,
});

function series(option: ChartOption, id: string) {
  const list = Array.isArray(option.series) ? option.series : [option.series];
  const found = list.find((s) => s?.id === id);
  if (!found) throw new Error(`no series '${id}'`);
  return found;
}

const point = (value: number, symbol: string, color: string) => ({
  value,
  symbol,
  symbolSize: 12,
  itemStyle: { color },
});

describe('buildMilestoneOption', () => {
  it('spans the months from the window start to the deadline', () => {
    expect(buildMilestoneOption(input()).xAxis).toMatchObject({
      data: ['2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09'],
    });
  });

  it('runs on to the report month once the deadline has passed', () => {
    const option = buildMilestoneOption(input({ reportPeriod: '2022-11', status: 'achieved' }));
    expect((option.xAxis as { data: string[] }).data.at(-1)).toBe('2022-11');
  });

  it('puts each update on the row of its state, shaped and coloured by state', () => {
    const option = buildMilestoneOption(input());
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['尚未启动', '正在推进', '已完成'] });
    expect(series(option, 'state').data).toEqual([
      null,
      point(0, 'emptyCircle', STATUS_STYLE.not_yet_due.color),
      point(1, 'circle', STATUS_STYLE.on_track.color),
      null,
      point(1, 'circle', STATUS_STYLE.on_track.color),
      null,
      point(2, 'diamond', STATUS_STYLE.achieved.color),
    ]);
  });

  it('draws the line in the status colour', () => {
    const state = series(buildMilestoneOption(input({ status: 'missed' })), 'state');
    expect(state).toMatchObject({ lineStyle: { color: STATUS_STYLE.missed.color }, step: 'end' });
  });

  it('draws the deadline and the end of the report month as vertical lines with their dates', () => {
    const lines = series(buildMilestoneOption(input({ reportPeriod: '2022-11' })), 'marks').markLine?.data;
    expect(lines).toEqual([
      expect.objectContaining({
        xAxis: '2022-09',
        label: expect.objectContaining({ formatter: '截止 2022年9月30日' }) as unknown,
      }),
      expect.objectContaining({
        xAxis: '2022-11',
        label: expect.objectContaining({ formatter: '报告期末 2022年11月30日', position: 'end' }) as unknown,
      }),
    ]);
  });

  it('runs the report label along its line when it shares the deadline month', () => {
    const [, report] = series(buildMilestoneOption(input()), 'marks').markLine?.data ?? [];
    expect(report).toMatchObject({ xAxis: '2022-09', label: { position: 'insideMiddleTop' } });
  });

  it('marks only the deadline when the report month is before the window', () => {
    const option = buildMilestoneOption(input({ reportPeriod: '2022-02', status: 'not_yet_due' }));
    expect(series(option, 'marks').markLine?.data).toEqual([expect.objectContaining({ xAxis: '2022-09' })]);
    expect(series(option, 'state').data).toEqual(Array<null>(7).fill(null));
  });

  it('shows the current state and the status in the subtitle', () => {
    expect(buildMilestoneOption(input({ reportPeriod: '2022-08', status: 'on_track' })).title).toMatchObject({
      text: '完成老旧小区改造方案',
      subtext: '截止：2022年9月30日　报告期：2022年8月　当前：正在推进　{status|● 序时推进}',
    });
    expect(buildMilestoneOption(input({ lang: 'en' })).title).toMatchObject({
      text: 'Finish the renovation plan',
      subtext: 'Deadline: 30 September 2022 · Report month: September 2022 · Now: Done · {status|✔ Achieved}',
    });
    expect(buildMilestoneOption(input({ updates: [], status: 'no_data' })).title).toMatchObject({
      subtext: expect.stringContaining('当前：尚无进展报送') as unknown,
    });
  });

  it('gives the state and the escaped note in the tooltip', () => {
    const tooltip = buildMilestoneOption(input()).tooltip as TooltipComponentOption;
    const formatter = tooltip.formatter as (params: unknown) => string;
    expect(formatter({ dataIndex: 4 })).toBe('2022年7月<br/>正在推进<br/>征求意见&#60;b&#62;中&#60;/b&#62;');
    expect(formatter({ dataIndex: 1 })).toBe('2022年4月<br/>尚未启动');
  });
});

describe('milestoneTable', () => {
  it('lists the updates up to the report month in month order', () => {
    expect(milestoneTable(input())).toEqual({
      columns: ['月份', '进展', '说明'],
      rows: [
        ['2022年4月', '尚未启动', null],
        ['2022年5月', '正在推进', '已起草'],
        ['2022年7月', '正在推进', '征求意见<b>中</b>'],
        ['2022年9月', '已完成', '已印发'],
      ],
    });
  });

  it('is in English when asked', () => {
    const table = milestoneTable(input({ lang: 'en', reportPeriod: '2022-05' }));
    expect(table).toEqual({
      columns: ['Month', 'State', 'Note'],
      rows: [
        ['April 2022', 'Not started', null],
        ['May 2022', 'In progress', '已起草'],
      ],
    });
  });
});
