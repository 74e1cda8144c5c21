// Labels a leader reads: nested quotes (GB/T 15834), count units, the spread chart's units.
import { describe, expect, it } from 'vitest';
import { buildCumulativeOption } from '../../shared/charts/cumulative';
import { buildSpreadOption } from '../../shared/charts/spread';
import type { ChartOption } from '../../shared/charts/types';
import { quote, unitNote } from '../../shared/format';
import { milestoneSentence } from '../../shared/narrative';
import type { IndicatorDef, MilestoneDef } from '../../shared/plan-schema';
import { isCountUnit } from '../../shared/quantity';

describe('quote', () => {
  it('wraps text in “…” and turns quotes inside it into ‘…’', () => {
    expect(quote('开设“金融助企纾困服务窗口”')).toBe('“开设‘金融助企纾困服务窗口’”');
    expect(quote('推进“两区”建设')).toBe('“推进‘两区’建设”');
    expect(quote('没有引号')).toBe('“没有引号”');
  });

  it('alternates again one level further in', () => {
    expect(quote('甲“乙‘丙’乙”甲')).toBe('“甲‘乙“丙”乙’甲”');
  });

  it('uses "…" outside and \'…\' inside in English', () => {
    expect(quote('Open a "relief window"', 'en')).toBe('"Open a \'relief window\'"');
    expect(quote('Open a “relief window”', 'en')).toBe('"Open a \'relief window\'"');
  });

  it('is what the milestone sentences use', () => {
    const ms = {
      code: 'T-10-1',
      measure: 10,
      task: '开设“金融助企纾困服务窗口”',
      taskEn: 'Open a "financial relief window"',
      deadline: '2022-12-31',
    } as MilestoneDef;
    const ev = { status: 'on_track', reportPeriod: '2022-10', state: 'in_progress', daysLeft: 30 } as Parameters<
      typeof milestoneSentence
    >[1];
    expect(milestoneSentence(ms, ev, 'zh')).toContain('“开设‘金融助企纾困服务窗口’”');
    expect(milestoneSentence(ms, ev, 'zh')).not.toContain('””');
    expect(milestoneSentence(ms, ev, 'en')).toContain('"Open a \'financial relief window\'"');
  });
});

describe('isCountUnit', () => {
  it('knows the units that count whole things', () => {
    for (const unit of ['批', '个', '条', '所', '处', '套', '套（间）', '间', '名', '项', '家', '户', '人'])
      expect(isCountUnit(unit), unit).toBe(true);
  });

  it('leaves measures, money, rates and percentage points alone', () => {
    for (const unit of ['亩', '万元', '亿元', '%', '个百分点', '平方米', ''])
      expect(isCountUnit(unit), unit).toBe(false);
  });
});

const batches: Extract<IndicatorDef, { kind: 'cumulative' }> = {
  code: 'I-02-1',
  measure: 2,
  kind: 'cumulative',
  name: '发布应用场景',
  nameEn: 'Application scenarios published',
  unit: '批',
  unitEn: 'batches',
  reporting: 'cumulative',
  periodStart: '2022-07',
  periodEnd: '2022-12',
  target: 2,
  source: '发布2批应用场景',
};

const values = (option: ChartOption, id: string) =>
  (Array.isArray(option.series) ? option.series : [option.series]).find((s) => s?.id === id)?.data;

describe('a count target on its chart', () => {
  const option = buildCumulativeOption({
    indicator: batches,
    points: [{ period: '2022-09', value: 1, series: 'value', revised: false }],
    reportPeriod: '2022-10',
    status: 'on_track',
    lang: 'zh',
  });

  it('has whole-number ticks', () => {
    expect(option.yAxis).toMatchObject({ minInterval: 1 });
  });

  it('plans in whole batches: 2 × 序时进度 rounded, never 0.33 批', () => {
    const planned = values(option, 'planned') as number[];
    expect(planned.every((v) => Number.isInteger(v))).toBe(true);
    expect(planned).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('a measure in 亩 keeps its decimals and free ticks', () => {
    const land = buildCumulativeOption({
      indicator: { ...batches, unit: '亩', unitEn: 'mu', target: 1000 },
      points: [],
      reportPeriod: '2022-10',
      status: 'on_track',
      lang: 'zh',
    });
    expect(land.yAxis).not.toHaveProperty('minInterval');
    expect(values(land, 'planned')).toEqual([166.67, 333.33, 500, 666.67, 833.33, 1000]);
  });
});

const loans: Extract<IndicatorDef, { kind: 'spread' }> = {
  code: 'I-09-1',
  measure: 9,
  kind: 'spread',
  name: '普惠小微贷款增速高出各项贷款增速',
  nameEn: 'Margin of small-business loan growth over total loan growth',
  unit: '个百分点',
  unitEn: 'pp',
  reporting: 'level',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 10,
  tolerance: 0,
  seriesA: { name: '普惠小微贷款增速', nameEn: 'Small-business loan growth' },
  seriesB: { name: '各项贷款增速', nameEn: 'Total loan growth' },
  source: '普惠小微贷款增速高于各项贷款增速10个百分点以上',
};

describe('the spread chart (I-09-1)', () => {
  const build = (lang: 'zh' | 'en') =>
    buildSpreadOption({
      indicator: loans,
      points: [
        { period: '2022-01', value: 20, series: 'a', revised: false },
        { period: '2022-01', value: 8, series: 'b', revised: false },
      ],
      reportPeriod: '2022-01',
      status: 'on_track',
      lang,
    });

  it('says the series are in % and the gap in 个百分点', () => {
    expect(unitNote(loans, 'zh')).toBe('单位：%（差距：个百分点）');
    expect(unitNote(loans, 'en')).toBe('Unit: % (gap: pp)');
    const title = build('zh').title as { subtext: string };
    expect(title.subtext).toMatch(/^单位：%（差距：个百分点）\u3000/);
    expect(title.subtext).not.toMatch(/^单位：个百分点/);
  });

  it('labels its value axis in %', () => {
    const axis = build('zh').yAxis as { axisLabel: { formatter: (v: number) => string } };
    expect(axis.axisLabel.formatter(12.5)).toBe('12.5%');
  });

  it('other units keep their plain unit line', () => {
    expect(unitNote(batches, 'zh')).toBe('单位：批');
    expect(unitNote({ kind: 'floor', unit: '', unitEn: '' }, 'zh')).toBe('');
  });
});
