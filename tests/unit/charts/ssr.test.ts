// Every builder's option rendered by ECharts' server-side SVG renderer with only `chartModules`
// registered, on the Changping plan's real indicators and milestones: proves the options are valid
// for ECharts, that the module list suffices (ECharts warns about an unregistered series or
// component, and about deprecated options), and that the SVG is fit for exports.
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { bandTable } from '../../../shared/charts/band';
import { cumulativeTable } from '../../../shared/charts/cumulative';
import { buildIndicatorChart } from '../../../shared/charts/indicator-chart';
import { buildMilestoneOption } from '../../../shared/charts/milestone';
import { chartModules } from '../../../shared/charts/modules';
import { rangeTable } from '../../../shared/charts/range';
import { spreadTable } from '../../../shared/charts/spread';
import type { ChartOption, ChartPoint, IndicatorChartInput } from '../../../shared/charts/types';
import type { Lang } from '../../../shared/format';
import { periodRange } from '../../../shared/period';
import type { IndicatorDef } from '../../../shared/plan-schema';
import type { SeriesKey, Status } from '../../../shared/status';
import { STATUS_STYLE } from '../../../shared/status-style';
import { changping } from '../../fixtures';

echarts.use([...chartModules, SVGRenderer]);

let warn: MockInstance;
let error: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
  error = vi.spyOn(console, 'error');
});
afterEach(() => {
  expect(warn).not.toHaveBeenCalled();
  expect(error).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

function render(option: ChartOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  // An attribute value must be followed by a space, '/' or '>': a double quote inside one (as an
  // unescaped font family would put there) ends it early and makes the SVG unreadable.
  expect(svg).not.toMatch(/="[^"]*"[^\s/>]/);
  return svg;
}

function indicator(code: string): IndicatorDef {
  const found = changping.indicators.find((i) => i.code === code);
  if (!found) throw new Error(`No indicator '${code}'`);
  return found;
}

/** One point a month from January to June 2022, `value(month)` for month 1…6. */
function halfYear(value: (month: number) => number, series: SeriesKey = 'value', revisedMonth = 0): ChartPoint[] {
  return periodRange('2022-01', '2022-06').map((period, i) => ({
    period,
    value: value(i + 1),
    series,
    revised: i + 1 === revisedMonth,
  }));
}

function chart(code: string, points: ChartPoint[], status: Status, lang: Lang = 'zh', reportPeriod = '2022-06') {
  const input: IndicatorChartInput = { indicator: indicator(code), points, reportPeriod, status, lang };
  return { ...buildIndicatorChart(input), input };
}

const count = (svg: string, text: string) => svg.split(text).length - 1;

/** Text as it appears in SVG markup. */
const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

describe('server-side SVG rendering', () => {
  it('renders a cumulative target (I-41-2, 2,500 亩) with its labels, months and status colour', () => {
    const svg = render(
      chart(
        'I-41-2',
        halfYear((m) => m * 200, 'value', 3),
        'on_track',
      ).option,
    );
    for (const text of [
      '供应产业用地',
      '>目标 2,500亩<',
      '>报告期<',
      '>1月<',
      '>6月<',
      '>12月<',
      '● 序时推进',
      '◆ 数据已修订',
    ])
      expect(svg).toContain(text);
    expect(svg).toContain(`stroke="${STATUS_STYLE.on_track.color}"`);
    expect(count(svg, '<path')).toBeGreaterThan(30);
    expect(svg).toContain("font-family:'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif");
  });

  it('renders the same chart in English', () => {
    const svg = render(
      chart(
        'I-41-3',
        halfYear((m) => m * 1250),
        'behind',
        'en',
      ).option,
    );
    for (const text of ['Affordable rental housing built or raised', 'Target 15,000 flats/rooms', 'Jan', 'Jun', 'Dec'])
      expect(svg).toContain(text);
    expect(svg).toContain('>Report month<');
    expect(svg).toContain(`stroke="${STATUS_STYLE.behind.color}"`);
  });

  it('renders the CPI ceiling with its 左右 band and limit (I-57-1, 3 ± 0.5)', () => {
    const svg = render(
      chart(
        'I-57-1',
        halfYear((m) => [2.1, 2.8, 3.2, 3.6, 3.1, 2.9][m - 1] ?? 0),
        'on_track',
      ).option,
    );
    for (const text of ['居民消费价格指数涨幅', '目标 3%左右', '上限 3.5%', '3%左右', '达标区', '容差内'])
      expect(svg).toContain(text);
    expect(svg).toContain(`stroke="${STATUS_STYLE.behind.color}"`);
    expect(svg).toContain(`fill="${STATUS_STYLE.at_risk.color}"`);
    expect(svg).toContain(`fill="${STATUS_STYLE.on_track.color}"`);
  });

  it('renders a floor starting mid-year (I-19-2, at least 40%)', () => {
    const points: ChartPoint[] = [{ period: '2022-06', value: 45, series: 'value', revised: false }];
    const svg = render(chart('I-19-2', points, 'on_track').option);
    for (const text of ['下限 40%', '达标区', '6月', '12月']) expect(svg).toContain(text);
  });

  it('renders the spread with both series, the requirement and the coloured gap (I-09-1)', () => {
    const points = [...halfYear((m) => 19 + m, 'a'), ...halfYear((m) => [8, 12, 9, 15, 10, 11][m - 1] ?? 0, 'b')];
    const svg = render(chart('I-09-1', points, 'on_track').option);
    for (const text of ['普惠小微贷款增速', '各项贷款增速', '要求值（各项贷款增速+10个百分点）', '与要求值的差距'])
      expect(svg).toContain(text);
    expect(svg).toContain(`fill="${STATUS_STYLE.on_track.color}"`);
    expect(svg).toContain(`fill="${STATUS_STYLE.behind.color}"`);
  });

  it('renders a level range (I-19-1, 10%–20%) and a count range (I-44-2, 1–2 处)', () => {
    const level: ChartPoint[] = [{ period: '2022-06', value: 15, series: 'value', revised: false }];
    const levelSvg = render(chart('I-19-1', level, 'on_track').option);
    for (const text of ['目标区间', '下限 10%', '上限 20%']) expect(levelSvg).toContain(text);
    const counted: ChartPoint[] = [{ period: '2022-04', value: 1, series: 'value', revised: false }];
    const countSvg = render(chart('I-44-2', counted, 'achieved').option);
    for (const text of ['目标区间', '下限 1处', '上限 2处', '序时进度（按下限）']) expect(countSvg).toContain(text);
  });

  it('renders a milestone timeline with its deadline and the report month (T-01-1)', () => {
    const ms = changping.milestones.find((m) => m.code === 'T-01-1');
    if (!ms) throw new Error("No milestone 'T-01-1'");
    const svg = render(
      buildMilestoneOption({
        ...ms,
        windowStart: changping.issuedOn,
        updates: [
          { period: '2022-06', state: 'in_progress', note: '已退90%' },
          { period: '2022-07', state: 'done', note: null },
        ],
        reportPeriod: '2022-08',
        status: 'achieved',
        lang: 'zh',
      }),
    );
    for (const text of [
      ms.task,
      '截止 2022年6月30日',
      '报告期末 2022年8月31日',
      '当前：已完成',
      '尚未启动',
      '正在推进',
    ])
      expect(svg).toContain(text);
    expect(svg).toContain(`fill="${STATUS_STYLE.achieved.color}"`);
  });

  it.each(changping.indicators.map((i) => [i.code, i] as const))(
    'renders %s of the plan, with and without figures, in both languages',
    (_code, ind) => {
      const series: SeriesKey[] = ind.kind === 'spread' ? ['a', 'b'] : ['value'];
      const points = series.flatMap((s) => halfYear((m) => m, s));
      for (const lang of ['zh', 'en'] as const) {
        expect(render(chart(ind.code, [], 'no_data', lang).option)).toContain(
          xml(lang === 'zh' ? ind.name : ind.nameEn),
        );
        expect(render(chart(ind.code, points, 'at_risk', lang).option)).toContain(STATUS_STYLE.at_risk[lang]);
      }
    },
  );

  it.each(changping.milestones.map((m) => [m.code, m] as const))(
    'renders milestone %s in both languages',
    (_code, ms) => {
      for (const lang of ['zh', 'en'] as const) {
        const input = { ...ms, windowStart: changping.issuedOn, reportPeriod: '2022-10', lang };
        const svg = render(buildMilestoneOption({ ...input, updates: [], status: 'no_data' }));
        expect(svg).toContain(xml(lang === 'zh' ? ms.task : ms.taskEn));
      }
    },
  );

  it('keeps a caller-given font family with double quotes readable', () => {
    const { input } = chart('I-41-2', [], 'no_data');
    const svg = render(buildIndicatorChart({ ...input, fontFamily: '"Source Han Sans SC", sans-serif' }).option);
    expect(svg).toContain("font-family:'Source Han Sans SC', sans-serif");
  });
});

describe('buildIndicatorChart', () => {
  const ids = (option: ChartOption) => (Array.isArray(option.series) ? option.series : []).map((s) => s.id);

  it('picks the builder by kind, and the table that goes with it', () => {
    const cumulative = chart('I-41-2', [], 'no_data');
    expect(ids(cumulative.option)).toEqual(['target', 'planned', 'actual', 'marks']);
    expect(cumulative.table).toEqual(cumulativeTable({ ...cumulative.input, indicator: indicator('I-41-2') as never }));

    const ceiling = chart('I-57-1', [], 'no_data');
    expect(ids(ceiling.option)).toEqual(['target', 'limit', 'actual', 'marks']);
    expect(ceiling.table).toEqual(bandTable({ ...ceiling.input, indicator: indicator('I-57-1') as never }));

    const floor = chart('I-19-2', [], 'no_data');
    expect(ids(floor.option)).toEqual(['target', 'actual', 'marks']);

    const spread = chart('I-09-1', [], 'no_data');
    expect(ids(spread.option)).toEqual(['gap-base', 'gap', 'a', 'b', 'required', 'marks']);
    expect(spread.table).toEqual(spreadTable({ ...spread.input, indicator: indicator('I-09-1') as never }));
  });

  it('sends both kinds of range to the range builder', () => {
    const level = chart('I-19-1', [], 'no_data');
    expect(ids(level.option)).toEqual(['min', 'max', 'actual', 'marks']);
    expect(level.table).toEqual(rangeTable({ ...level.input, indicator: indicator('I-19-1') as never }));
    expect(ids(chart('I-44-2', [], 'no_data').option)).toEqual(['min', 'max', 'planned', 'actual', 'marks']);
  });
});
