// The one-line briefing sentences (shared/narrative.ts) and the formatting they rest on
// (shared/format.ts). Evaluations come from the status engine on small round fixtures; the
// expected sentences are written out in full.
import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent, formatPeriod, formatQuantity, type Lang } from '../../shared/format';
import { indicatorSentence, milestoneSentence } from '../../shared/narrative';
import type { Period } from '../../shared/period';
import type { IndicatorDef, MilestoneDef } from '../../shared/plan-schema';
import {
  evaluateIndicator,
  evaluateMilestone,
  type IndicatorEvaluation,
  type MilestoneUpdate,
  type Observation,
} from '../../shared/status';

type Kind<K extends IndicatorDef['kind']> = Extract<IndicatorDef, { kind: K }>;

describe('formatPeriod', () => {
  it.each<[Period, Lang, string]>([
    ['2022-10', 'zh', '2022年10月'],
    ['2022-01', 'zh', '2022年1月'],
    ['2022-10', 'en', 'October 2022'],
    ['2023-01', 'en', 'January 2023'],
    ['2022-12', 'en', 'December 2022'],
  ])('%s (%s) → %s', (period, lang, text) => {
    expect(formatPeriod(period, lang)).toBe(text);
  });

  it('throws on a non-month', () => {
    expect(() => formatPeriod('2022-13', 'zh')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it.each<[string, Lang, string]>([
    ['2022-06-30', 'zh', '2022年6月30日'],
    ['2022-06-30', 'en', '30 June 2022'],
    ['2023-01-05', 'zh', '2023年1月5日'],
    ['2023-01-05', 'en', '5 January 2023'],
  ])('%s (%s) → %s', (date, lang, text) => {
    expect(formatDate(date, lang)).toBe(text);
  });
});

describe('formatNumber', () => {
  it.each<[number, number | undefined, string]>([
    [12300, undefined, '12,300'],
    [20400, undefined, '20,400'],
    [1234567.891, undefined, '1,234,567.89'],
    [999, undefined, '999'],
    [0.5, undefined, '0.5'],
    [3, undefined, '3'],
    [2.04, undefined, '2.04'],
    [1.5999999999999996, undefined, '1.6'], // binary noise from a subtraction
    [-1500, undefined, '-1,500'],
    [2.46, 1, '2.5'],
    [12345.6, 0, '12,346'],
  ])('%d (max %s decimals) → %s', (value, decimals, text) => {
    expect(formatNumber(value, decimals)).toBe(text);
  });
});

describe('formatPercent', () => {
  it.each<[number, string]>([
    [82, '82.0'],
    [82.04, '82.0'],
    [83.33333333333334, '83.3'],
    [66.66666666666667, '66.7'],
    [100, '100.0'],
    [0, '0.0'],
    [0.05, '0.1'],
    [0.04, '0.0'],
    [0.15, '0.2'], // a decimal half rounds up although 0.15 is 0.1499… in binary
    [1.45, '1.5'],
    [-1.3333333333333286, '-1.3'],
    [125, '125.0'],
  ])('%d → %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });
});

describe('formatQuantity', () => {
  it.each<[number, string, Lang, string]>([
    [12300, '套（间）', 'zh', '12,300套（间）'],
    [2000, '万元', 'zh', '2,000万元'],
    [3, '%', 'zh', '3%'],
    [3, '%', 'en', '3%'],
    [12300, 'flats/rooms', 'en', '12,300 flats/rooms'],
    [20400, 'mu', 'en', '20,400 mu'],
    [5, '', 'en', '5'],
    [5, '', 'zh', '5'],
  ])('%d %s (%s) → %s', (value, unit, lang, text) => {
    expect(formatQuantity(value, unit, lang)).toBe(text);
  });

  it('defaults to Chinese', () => {
    expect(formatQuantity(12300, 'flats')).toBe('12,300flats');
  });
});

// I-41-3: 15,000 affordable rental flats/rooms in 2022. At 2022-10, 序时进度 is 83.3%.
const housing: Kind<'cumulative'> = {
  code: 'I-41-3',
  measure: 41,
  kind: 'cumulative',
  name: '建设筹集保障性租赁住房',
  nameEn: 'Affordable rental housing built or raised',
  unit: '套（间）',
  unitEn: 'flats/rooms',
  reporting: 'cumulative',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 15000,
  source: '建设筹集保障性租赁住房1.5万套（间）',
};

const zhScope = { scope: '全区' };
const enScope = { scope: 'the district' };

function sentences(ind: IndicatorDef, ev: IndicatorEvaluation) {
  return [indicatorSentence(ind, ev, 'zh', zhScope), indicatorSentence(ind, ev, 'en', enScope)];
}

function obs(...rows: [Period, number][]): Observation[] {
  return rows.map(([period, value]) => ({ period, value }));
}

describe('cumulative sentences', () => {
  it.each<[string, IndicatorDef, Observation[], Period, string, string]>([
    [
      'behind the schedule (the example from the spec)',
      housing,
      obs(['2022-10', 12300]),
      '2022-10',
      '截至2022年10月，全区累计建设筹集保障性租赁住房12,300套（间），完成年度目标的82.0%，低于序时进度1.3个百分点。',
      'As of October 2022, Affordable rental housing built or raised in the district: 12,300 flats/rooms cumulative, 82.0% of the annual target, 1.3 pp behind the time-elapsed schedule.',
    ],
    [
      'ahead of the schedule',
      housing,
      obs(['2022-10', 13000]),
      '2022-10',
      '截至2022年10月，全区累计建设筹集保障性租赁住房13,000套（间），完成年度目标的86.7%，超序时进度3.3个百分点。',
      'As of October 2022, Affordable rental housing built or raised in the district: 13,000 flats/rooms cumulative, 86.7% of the annual target, 3.3 pp ahead of the time-elapsed schedule.',
    ],
    [
      'level with the schedule',
      housing,
      obs(['2022-10', 12500]),
      '2022-10',
      '截至2022年10月，全区累计建设筹集保障性租赁住房12,500套（间），完成年度目标的83.3%，与序时进度持平。',
      'As of October 2022, Affordable rental housing built or raised in the district: 12,500 flats/rooms cumulative, 83.3% of the annual target, level with the time-elapsed schedule.',
    ],
    [
      'not reported in the month, with the latest report',
      housing,
      obs(['2022-09', 12300]),
      '2022-10',
      '2022年10月建设筹集保障性租赁住房未报送。截至2022年9月，全区累计建设筹集保障性租赁住房12,300套（间），完成年度目标的82.0%，超序时进度7.0个百分点。',
      'Affordable rental housing built or raised was not reported for October 2022. As of September 2022, Affordable rental housing built or raised in the district: 12,300 flats/rooms cumulative, 82.0% of the annual target, 7.0 pp ahead of the time-elapsed schedule.',
    ],
    [
      'achieved',
      housing,
      obs(['2022-11', 15000]),
      '2022-11',
      '截至2022年11月，全区累计建设筹集保障性租赁住房15,000套（间），已完成年度目标（完成100.0%）。',
      'As of November 2022, Affordable rental housing built or raised in the district: 15,000 flats/rooms cumulative, the annual target achieved (100.0%).',
    ],
    [
      'missed',
      housing,
      obs(['2022-12', 14000]),
      '2022-12',
      '截至2022年12月，全区累计建设筹集保障性租赁住房14,000套（间），完成年度目标的93.3%，目标期已结束，未完成目标。',
      'As of December 2022, Affordable rental housing built or raised in the district: 14,000 flats/rooms cumulative, 93.3% of the annual target; the target period has ended with the target missed.',
    ],
    [
      'no data',
      housing,
      [],
      '2022-03',
      '截至2022年3月，建设筹集保障性租赁住房尚无报送数据。',
      'As of March 2022, no figures have been reported for Affordable rental housing built or raised.',
    ],
    [
      'not yet due',
      { ...housing, periodStart: '2022-07', periodEnd: '2023-06' },
      obs(['2022-06', 100]),
      '2022-06',
      '建设筹集保障性租赁住房的目标期自2022年7月开始，尚未到期。',
      'Affordable rental housing built or raised: the target period starts in July 2022; not yet due.',
    ],
    [
      'over a period that is not one calendar year',
      { ...housing, periodStart: '2022-07', periodEnd: '2023-06' },
      obs(['2023-01', 9000]),
      '2023-01',
      '截至2023年1月，全区累计建设筹集保障性租赁住房9,000套（间），完成目标的60.0%，超序时进度1.7个百分点。',
      'As of January 2023, Affordable rental housing built or raised in the district: 9,000 flats/rooms cumulative, 60.0% of the target, 1.7 pp ahead of the time-elapsed schedule.',
    ],
    [
      'over half a year, achieved',
      { ...housing, periodStart: '2022-06', periodEnd: '2022-12', unit: '万元', unitEn: '× 10,000 yuan', target: 2000 },
      obs(['2022-09', 2000]),
      '2022-09',
      '截至2022年9月，全区累计建设筹集保障性租赁住房2,000万元，已完成目标（完成100.0%）。',
      'As of September 2022, Affordable rental housing built or raised in the district: 2,000 × 10,000 yuan cumulative, the target achieved (100.0%).',
    ],
  ])('%s', (_label, ind, observations, report, zh, en) => {
    expect(sentences(ind, evaluateIndicator(ind, observations, report))).toEqual([zh, en]);
  });

  it('leaves the scope out when the plan has none', () => {
    const ev = evaluateIndicator(housing, obs(['2022-10', 12300]), '2022-10');
    expect(indicatorSentence(housing, ev, 'zh', { scope: '' })).toBe(
      '截至2022年10月，累计建设筹集保障性租赁住房12,300套（间），完成年度目标的82.0%，低于序时进度1.3个百分点。',
    );
    expect(indicatorSentence(housing, ev, 'en', { scope: '' })).toBe(
      'As of October 2022, Affordable rental housing built or raised: 12,300 flats/rooms cumulative, 82.0% of the annual target, 1.3 pp behind the time-elapsed schedule.',
    );
  });

  // The gap wording is decided on the gap rounded to one decimal.
  const onTrack: IndicatorEvaluation = {
    status: 'on_track',
    reportPeriod: '2022-10',
    asOf: '2022-10',
    value: 12500,
    seriesA: null,
    seriesB: null,
    taskProgress: 83.3,
    timeProgress: 83.3,
    gap: 0,
    asOfStatus: null,
    margin: -2500,
    missingPeriods: [],
  };

  it.each<[number, string]>([
    [0, '与序时进度持平'],
    [0.04, '与序时进度持平'],
    [-0.04, '与序时进度持平'],
    [0.05, '超序时进度0.1个百分点'],
    [-0.05, '低于序时进度0.1个百分点'],
    [-12.34, '低于序时进度12.3个百分点'],
  ])('a gap of %d pp reads “%s”', (gap, phrase) => {
    expect(indicatorSentence(housing, { ...onTrack, gap }, 'zh', zhScope)).toMatch(new RegExp(`，${phrase}。$`));
  });
});

describe('ceiling and floor sentences', () => {
  const cpi: Kind<'ceiling'> = {
    code: 'I-57-1',
    measure: 57,
    kind: 'ceiling',
    name: '居民消费价格指数涨幅',
    nameEn: 'Consumer price index rise',
    unit: '%',
    unitEn: '%',
    reporting: 'level',
    periodStart: '2022-01',
    periodEnd: '2022-12',
    target: 3,
    tolerance: 0.5,
    source: '全年居民消费价格指数涨幅在3％左右',
  };
  const fee: Kind<'ceiling'> = { ...cpi, name: '担保费率', nameEn: 'Guarantee fee rate', target: 0.5, tolerance: 0 };
  const reserve: Kind<'floor'> = {
    code: 'I-19-2',
    measure: 19,
    kind: 'floor',
    name: '预留面向中小企业采购的预算总额比例',
    nameEn: 'Share of procurement budgets reserved for SMEs',
    unit: '%',
    unitEn: '%',
    reporting: 'level',
    periodStart: '2022-06',
    periodEnd: '2022-12',
    target: 40,
    tolerance: 0,
    source: '预留40%以上预算总额专门面向中小企业采购',
  };
  const grain: Kind<'floor'> = {
    ...reserve,
    name: '粮食播种面积',
    nameEn: 'Grain sown area',
    unit: '亩',
    unitEn: 'mu',
    target: 20400,
    tolerance: 400,
  };

  it.each<[string, IndicatorDef, Observation[], Period, string, string]>([
    [
      'CPI under the target',
      cpi,
      obs(['2022-10', 2.8]),
      '2022-10',
      '截至2022年10月，居民消费价格指数涨幅为2.8%，目标为3%左右，符合目标要求。',
      'As of October 2022, Consumer price index rise was 2.8% against a target of about 3%, meeting the target.',
    ],
    [
      'CPI inside the 左右 band',
      cpi,
      obs(['2022-10', 3.2]),
      '2022-10',
      '截至2022年10月，居民消费价格指数涨幅为3.2%，目标为3%左右，高于目标值3%，仍在“左右”区间内。',
      'As of October 2022, Consumer price index rise was 3.2% against a target of about 3%, above 3% but within the tolerance.',
    ],
    [
      'CPI beyond the band (measured from its upper end, 3.5%)',
      cpi,
      obs(['2022-10', 3.8]),
      '2022-10',
      '截至2022年10月，居民消费价格指数涨幅为3.8%，目标为3%左右，超出目标上限0.3个百分点。',
      'As of October 2022, Consumer price index rise was 3.8% against a target of about 3%, 0.3 pp above the upper limit.',
    ],
    [
      'CPI inside the band at the end of the year',
      cpi,
      obs(['2022-12', 3.4]),
      '2022-12',
      '截至2022年12月，居民消费价格指数涨幅为3.4%，目标为3%左右，符合目标要求。',
      'As of December 2022, Consumer price index rise was 3.4% against a target of about 3%, meeting the target.',
    ],
    [
      'CPI not reported in the month',
      cpi,
      obs(['2022-08', 2.8]),
      '2022-10',
      '2022年10月居民消费价格指数涨幅未报送。截至2022年8月，居民消费价格指数涨幅为2.8%，目标为3%左右，符合目标要求。',
      'Consumer price index rise was not reported for October 2022. As of August 2022, Consumer price index rise was 2.8% against a target of about 3%, meeting the target.',
    ],
    [
      'a ceiling without tolerance, exceeded',
      fee,
      obs(['2022-10', 0.6]),
      '2022-10',
      '截至2022年10月，担保费率为0.6%，目标为不高于0.5%，超出目标上限0.1个百分点。',
      'As of October 2022, Guarantee fee rate was 0.6% against a target of at most 0.5%, 0.1 pp above the upper limit.',
    ],
    [
      'a floor met',
      reserve,
      obs(['2022-10', 45]),
      '2022-10',
      '截至2022年10月，预留面向中小企业采购的预算总额比例为45%，目标为不低于40%，符合目标要求。',
      'As of October 2022, Share of procurement budgets reserved for SMEs was 45% against a target of at least 40%, meeting the target.',
    ],
    [
      'a floor missed at the end of the period',
      reserve,
      obs(['2022-12', 38]),
      '2022-12',
      '截至2022年12月，预留面向中小企业采购的预算总额比例为38%，目标为不低于40%，低于目标下限2个百分点。',
      'As of December 2022, Share of procurement budgets reserved for SMEs was 38% against a target of at least 40%, 2 pp below the lower limit.',
    ],
    [
      'a floor in a plain unit, within tolerance',
      grain,
      obs(['2022-10', 20100]),
      '2022-10',
      '截至2022年10月，粮食播种面积为20,100亩，目标为20,400亩左右，低于目标值20,400亩，仍在“左右”区间内。',
      'As of October 2022, Grain sown area was 20,100 mu against a target of about 20,400 mu, below 20,400 mu but within the tolerance.',
    ],
    [
      'a floor in a plain unit, beyond tolerance',
      grain,
      obs(['2022-10', 19500]),
      '2022-10',
      '截至2022年10月，粮食播种面积为19,500亩，目标为20,400亩左右，低于目标下限500亩。',
      'As of October 2022, Grain sown area was 19,500 mu against a target of about 20,400 mu, 500 mu below the lower limit.',
    ],
  ])('%s', (_label, ind, observations, report, zh, en) => {
    expect(sentences(ind, evaluateIndicator(ind, observations, report))).toEqual([zh, en]);
  });

  it('says there is no data without a report', () => {
    const ev = evaluateIndicator(cpi, [], '2022-02');
    expect(sentences(cpi, ev)).toEqual([
      '截至2022年2月，居民消费价格指数涨幅尚无报送数据。',
      'As of February 2022, no figures have been reported for Consumer price index rise.',
    ]);
  });
});

describe('spread sentences', () => {
  const loans: Kind<'spread'> = {
    code: 'I-09-1',
    measure: 9,
    kind: 'spread',
    name: '普惠小微贷款增速高出各项贷款增速',
    nameEn: 'Margin of small business loan growth over total loan growth',
    unit: '个百分点',
    unitEn: 'pp',
    reporting: 'level',
    periodStart: '2022-01',
    periodEnd: '2022-12',
    target: 10,
    tolerance: 0,
    seriesA: { name: '普惠小微贷款增速', nameEn: 'Small business loan growth' },
    seriesB: { name: '各项贷款增速', nameEn: 'total loan growth' },
    source: '普惠小微贷款增速高于各项贷款增速10个百分点以上',
  };

  const pairs = (...rows: [Period, number, number][]): Observation[] =>
    rows.flatMap(([period, a, b]) => [
      { period, value: a, series: 'a' as const },
      { period, value: b, series: 'b' as const },
    ]);

  it.each<[string, Observation[], Period, string, string]>([
    [
      'meeting the target',
      pairs(['2022-10', 22.5, 10.5]),
      '2022-10',
      '截至2022年10月，普惠小微贷款增速为22.5%，各项贷款增速为10.5%，高出12个百分点，目标为高出10个百分点以上，符合目标要求。',
      'As of October 2022, Small business loan growth was 22.5% and total loan growth 10.5%, 12 pp higher, against a required 10 pp or more: meeting the target.',
    ],
    [
      'short of the target',
      pairs(['2022-10', 18, 10.5]),
      '2022-10',
      '截至2022年10月，普惠小微贷款增速为18%，各项贷款增速为10.5%，高出7.5个百分点，目标为高出10个百分点以上，距目标差2.5个百分点。',
      'As of October 2022, Small business loan growth was 18% and total loan growth 10.5%, 7.5 pp higher, against a required 10 pp or more: 2.5 pp short of the target.',
    ],
    [
      'A below B',
      pairs(['2022-10', 9, 10.5]),
      '2022-10',
      '截至2022年10月，普惠小微贷款增速为9%，各项贷款增速为10.5%，低1.5个百分点，目标为高出10个百分点以上，距目标差11.5个百分点。',
      'As of October 2022, Small business loan growth was 9% and total loan growth 10.5%, 1.5 pp lower, against a required 10 pp or more: 11.5 pp short of the target.',
    ],
    [
      'the latest pair is older than the report month (B missing in October)',
      [...pairs(['2022-09', 22.5, 10.5]), { period: '2022-10', value: 30, series: 'a' }],
      '2022-10',
      '2022年10月普惠小微贷款增速高出各项贷款增速未报送。截至2022年9月，普惠小微贷款增速为22.5%，各项贷款增速为10.5%，高出12个百分点，目标为高出10个百分点以上，符合目标要求。',
      'Margin of small business loan growth over total loan growth was not reported for October 2022. As of September 2022, Small business loan growth was 22.5% and total loan growth 10.5%, 12 pp higher, against a required 10 pp or more: meeting the target.',
    ],
  ])('%s', (_label, observations, report, zh, en) => {
    expect(sentences(loans, evaluateIndicator(loans, observations, report))).toEqual([zh, en]);
  });

  it('says there is no data when only one series is reported', () => {
    const ev = evaluateIndicator(loans, [{ period: '2022-10', value: 22.5, series: 'a' }], '2022-10');
    expect(indicatorSentence(loans, ev, 'zh', zhScope)).toBe(
      '截至2022年10月，普惠小微贷款增速高出各项贷款增速尚无报送数据。',
    );
  });

  // 16.4 − 6.4 is 9.999999999999998 in binary; unrounded, the sentence read
  // "高出10个百分点 … 距目标差0个百分点".
  it('16.4% against 6.4% meets a 10 pp target', () => {
    const ev = evaluateIndicator(loans, pairs(['2022-10', 16.4, 6.4]), '2022-10');
    expect(indicatorSentence(loans, ev, 'zh', zhScope)).toBe(
      '截至2022年10月，普惠小微贷款增速为16.4%，各项贷款增速为6.4%，高出10个百分点，目标为高出10个百分点以上，符合目标要求。',
    );
  });
});

describe('range sentences', () => {
  const deduction: Kind<'range'> = {
    code: 'I-19-1',
    measure: 19,
    kind: 'range',
    name: '价格扣除比例',
    nameEn: 'Price deduction',
    unit: '%',
    unitEn: '%',
    reporting: 'level',
    periodStart: '2022-06',
    periodEnd: '2022-12',
    min: 10,
    max: 20,
    source: '将价格扣除比例提高至10%—20%',
  };
  const landRounds: Kind<'range'> = {
    code: 'I-41-1',
    measure: 41,
    kind: 'range',
    name: '完成下半年集中供地',
    nameEn: 'Land supply rounds completed',
    unit: '批',
    unitEn: 'rounds',
    reporting: 'cumulative',
    periodStart: '2022-07',
    periodEnd: '2022-12',
    min: 1,
    max: 2,
    source: '下半年再完成1—2批集中供地',
  };
  const streets: Kind<'range'> = {
    ...landRounds,
    periodStart: '2022-01',
    name: '深夜食堂街区',
    nameEn: 'Dining streets',
    unit: '处',
    unitEn: 'streets',
  };

  it.each<[string, IndicatorDef, Observation[], Period, string, string]>([
    [
      'a level inside the band',
      deduction,
      obs(['2022-10', 15]),
      '2022-10',
      '截至2022年10月，价格扣除比例为15%，目标区间为10—20%，处于目标区间内。',
      'As of October 2022, Price deduction stood at 15%, within the target band of 10—20%.',
    ],
    [
      'a level on the lower bound',
      deduction,
      obs(['2022-10', 10]),
      '2022-10',
      '截至2022年10月，价格扣除比例为10%，目标区间为10—20%，处于目标区间内。',
      'As of October 2022, Price deduction stood at 10%, within the target band of 10—20%.',
    ],
    [
      'a level on the upper bound, year end',
      deduction,
      obs(['2022-12', 20]),
      '2022-12',
      '截至2022年12月，价格扣除比例为20%，目标区间为10—20%，处于目标区间内。',
      'As of December 2022, Price deduction stood at 20%, within the target band of 10—20%.',
    ],
    [
      'a level below the band',
      deduction,
      obs(['2022-10', 8]),
      '2022-10',
      '截至2022年10月，价格扣除比例为8%，目标区间为10—20%，低于目标区间下限。',
      'As of October 2022, Price deduction stood at 8%, below the target band of 10—20%.',
    ],
    [
      'a level above the band, not reported in the month',
      deduction,
      obs(['2022-09', 25]),
      '2022-10',
      '2022年10月价格扣除比例未报送。截至2022年9月，价格扣除比例为25%，目标区间为10—20%，高于目标区间上限。',
      'Price deduction was not reported for October 2022. As of September 2022, Price deduction stood at 25%, above the target band of 10—20%.',
    ],
    [
      'a count reached',
      landRounds,
      obs(['2022-10', 1]),
      '2022-10',
      '截至2022年10月，全区累计完成下半年集中供地1批，达到目标（1至2批）。',
      'As of October 2022, Land supply rounds completed in the district: 1 rounds cumulative, within the target of 1–2 rounds.',
    ],
    [
      'a count past the maximum',
      landRounds,
      obs(['2022-11', 3]),
      '2022-11',
      '截至2022年11月，全区累计完成下半年集中供地3批，超过目标上限2批。',
      "As of November 2022, Land supply rounds completed in the district: 3 rounds cumulative, above the target's upper end of 2 rounds.",
    ],
    [
      'a count not yet started',
      landRounds,
      obs(['2022-10', 0]),
      '2022-10',
      '截至2022年10月，全区累计完成下半年集中供地0批，完成目标下限（1批）的0.0%，低于序时进度66.7个百分点。',
      "As of October 2022, Land supply rounds completed in the district: 0 rounds cumulative, 0.0% of the target's lower end (1 rounds), 66.7 pp behind the time-elapsed schedule.",
    ],
    [
      'a count missed',
      landRounds,
      obs(['2022-12', 0]),
      '2022-12',
      '截至2022年12月，全区累计完成下半年集中供地0批，完成目标下限（1批）的0.0%，目标期已结束，未完成目标。',
      "As of December 2022, Land supply rounds completed in the district: 0 rounds cumulative, 0.0% of the target's lower end (1 rounds); the target period has ended with the target missed.",
    ],
    [
      'a count over a calendar year reached',
      streets,
      obs(['2022-05', 2]),
      '2022-05',
      '截至2022年5月，全区累计深夜食堂街区2处，达到年度目标（1至2处）。',
      'As of May 2022, Dining streets in the district: 2 streets cumulative, within the annual target of 1–2 streets.',
    ],
  ])('%s', (_label, ind, observations, report, zh, en) => {
    expect(sentences(ind, evaluateIndicator(ind, observations, report))).toEqual([zh, en]);
  });
});

describe('milestone sentences', () => {
  const refunds: MilestoneDef = {
    code: 'T-01-1',
    measure: 1,
    task: '符合条件企业存量留抵税额应退尽退',
    taskEn: "Refund all eligible firms' stock of VAT credits",
    deadline: '2022-06-30',
    deadlineSource: '6月30日前',
    source: '确保6月30日前符合条件的企业存量留抵税额“应退尽退”',
  };
  const issued = '2022-06-01';
  const task = '“符合条件企业存量留抵税额应退尽退”';
  const taskEn = `"Refund all eligible firms' stock of VAT credits"`;

  it.each<[string, Period, MilestoneUpdate[], string, string]>([
    ['not yet due', '2022-05', [], `${task}尚未开始计时。`, `${taskEn} is not yet due.`],
    [
      'in progress on the deadline month',
      '2022-06',
      [{ period: '2022-06', state: 'in_progress' }],
      `截至2022年6月，${task}正在推进，距截止日期（2022年6月30日）还有0天。`,
      `As of June 2022, ${taskEn} is in progress, 0 days before its deadline (30 June 2022).`,
    ],
    [
      'no update yet',
      '2022-06',
      [],
      `截至2022年6月，${task}尚无进展报送，距截止日期（2022年6月30日）还有0天。`,
      `As of June 2022, ${taskEn} has no progress report, 0 days before its deadline (30 June 2022).`,
    ],
    [
      'done',
      '2022-06',
      [{ period: '2022-06', state: 'done' }],
      `截至2022年6月，${task}已完成。`,
      `As of June 2022, ${taskEn} is done.`,
    ],
    [
      'done late: no days overdue mentioned',
      '2022-08',
      [{ period: '2022-08', state: 'done' }],
      `截至2022年8月，${task}已完成。`,
      `As of August 2022, ${taskEn} is done.`,
    ],
    [
      'overdue, the month after the deadline',
      '2022-07',
      [{ period: '2022-06', state: 'not_started' }],
      `截至2022年7月，${task}尚未启动，已超过截止日期（2022年6月30日）31天。`,
      `As of July 2022, ${taskEn} has not started, 31 days past its deadline (30 June 2022).`,
    ],
  ])('%s', (_label, report, updates, zh, en) => {
    const ev = evaluateMilestone(refunds, updates, report, issued);
    expect([milestoneSentence(refunds, ev, 'zh'), milestoneSentence(refunds, ev, 'en')]).toEqual([zh, en]);
  });

  it('counts the days left from the end of the report month', () => {
    const yearEnd: MilestoneDef = { ...refunds, deadline: '2022-12-31' };
    const ev = evaluateMilestone(yearEnd, [{ period: '2022-10', state: 'in_progress' }], '2022-10', issued);
    expect(milestoneSentence(yearEnd, ev, 'zh')).toBe(
      `截至2022年10月，${task}正在推进，距截止日期（2022年12月31日）还有61天。`,
    );
  });
});

describe('English milestone sentences count days in the singular and plural', () => {
  const ms = {
    code: 'T-01-1',
    measure: 1,
    task: '退税',
    taskEn: 'Refund VAT credits',
    deadline: '2022-07-01',
    source: '应退尽退',
  };
  it('says "1 day"', () => {
    const ev = evaluateMilestone(ms, [{ period: '2022-06', state: 'in_progress' }], '2022-06', '2022-06-10');
    expect(milestoneSentence(ms, ev, 'en')).toContain('1 day before its deadline');
  });
});
