import { describe, expect, test } from 'vitest';
import { readDeadlines } from '../../server/plans/draft/deadlines';
import { parseChineseNumeral, parseNumber } from '../../server/plans/draft/numbers';
import { readTargets } from '../../server/plans/draft/targets';
import { splitResponsible, UnitMatcher } from '../../server/plans/draft/units';

describe('numbers', () => {
  test('Chinese numerals', () => {
    expect(
      ['两', '三', '十', '十二', '二十', '一百二十', '一百零五', '三万', '一千五百'].map(parseChineseNumeral),
    ).toEqual([2, 3, 10, 12, 20, 120, 105, 30000, 1500]);
    expect(parseChineseNumeral('元')).toBeNull();
  });
  test('万 and 亿 expand; full-width digits read', () => {
    expect(parseNumber('1.5', '万')).toBe(15000);
    expect(parseNumber('2.04', '万')).toBe(20400);
    expect(parseNumber('3', '亿')).toBe(300000000);
    expect(parseNumber('３６００')).toBe(3600);
    expect(parseNumber('两')).toBe(2);
  });
});

const one = (sentence: string) => {
  const hits = readTargets(sentence);
  expect(hits).toHaveLength(1);
  return hits[0]!;
};

describe('targets', () => {
  test('a count with 以上 is cumulative with ≥', () => {
    expect(one('推动2022年供应产业用地2500亩以上')).toMatchObject({
      kind: 'cumulative',
      value: 2500,
      unit: '亩',
      comparator: '>=',
      source: '推动2022年供应产业用地2500亩以上',
    });
  });
  test('万 expands before a unit but 万元 stays a unit', () => {
    expect(one('建设筹集保障性租赁住房1.5万套（间）')).toMatchObject({ value: 15000, unit: '套（间）' });
    expect(one('发放第二批2000万元汽车消费券')).toMatchObject({ value: 2000, unit: '万元', kind: 'cumulative' });
  });
  test('two quantities in one clause each get their own phrase', () => {
    const [a, b] = readTargets('建设筹集保障性租赁住房1.5万套（间）、公租房604套');
    expect([a?.value, a?.source, b?.value, b?.source]).toEqual([
      15000,
      '建设筹集保障性租赁住房1.5万套（间）',
      604,
      '公租房604套',
    ]);
  });
  test('comparators: 不低于, 以内, 左右, 降至, 再降', () => {
    expect(one('预留给小微企业比例不低于70%')).toMatchObject({ kind: 'floor', value: 70, comparator: '>=' });
    expect(one('平均审批时间控制在5%以内')).toMatchObject({ kind: 'ceiling', value: 5, comparator: '<=' });
    expect(one('全年居民消费价格指数涨幅在3％左右')).toMatchObject({ kind: 'ceiling', value: 3, comparator: '≈' });
    expect(one('全年居民消费价格指数涨幅在3％左右').confidence).toBeLessThan(0.8);
    expect(one('担保费率降至0.5%')).toMatchObject({ kind: 'ceiling', value: 0.5, comparator: '<=' });
    expect(one('宽带和专线平均资费再降10%')).toMatchObject({ kind: 'floor', value: 10, comparator: '>=' });
  });
  test('高于…个百分点以上 is a spread of two series', () => {
    expect(one('2022年普惠小微贷款增速高于各项贷款增速10个百分点以上')).toMatchObject({
      kind: 'spread',
      value: 10,
      unit: '个百分点',
      seriesA: '普惠小微贷款增速',
      seriesB: '各项贷款增速',
    });
  });
  test('ranges: 1—2批, 1至2处, 10%—20%', () => {
    expect(one('下半年再完成1—2批集中供地')).toMatchObject({
      kind: 'range',
      min: 1,
      max: 2,
      unit: '批',
      reporting: 'cumulative',
    });
    expect(one('培育壮大1至2处深夜食堂')).toMatchObject({ kind: 'range', min: 1, max: 2, unit: '处' });
    expect(one('价格扣除比例提高至10%—20%')).toMatchObject({
      kind: 'range',
      min: 10,
      max: 20,
      unit: '%',
      reporting: 'level',
    });
  });
  test('Chinese numeral counts after a verb; places and generic 一批 are no counts', () => {
    expect(one('年内分两批向社会公开推介')).toMatchObject({ value: 2, unit: '批' });
    expect(readTargets('推动一批新兴产业项目落地')).toEqual([]);
    expect(readTargets('加快推动北七家等地区配套低压电网改造')).toEqual([]);
  });
  test('policy parameters are not targets: time spans, subsidies, per-person amounts, conditions', () => {
    expect(readTargets('减免3个月房屋租金')).toEqual([]);
    expect(readTargets('给予每人1500元一次性扩岗补助')).toEqual([]);
    expect(readTargets('活动时段同比销售额增幅达到15%以上，经认定后按照活动举办成本的30%给予补贴')).toEqual([]);
    expect(readTargets('所需资金由市、区两级财政分别负担50%')).toEqual([]);
    expect(readTargets('推进地铁19号线北延')).toEqual([]);
    expect(readTargets('对季度产值增长20%以上的规上工业企业给予奖励')).toEqual([]);
  });
  test('a share with no comparator is flagged', () => {
    expect(one('小微企业贷款占比15%')).toMatchObject({
      kind: 'floor',
      comparator: null,
      reason: '比较词不明：按下限处理',
    });
  });
});

describe('deadlines', () => {
  const date = (s: string) => readDeadlines(s, 2022).map((d) => [d.date, d.source]);
  test('days, months, ends of months and spans', () => {
    expect(date('确保6月30日前完成')).toEqual([['2022-06-30', '6月30日前']]);
    expect(date('2022年12月31日前完成')).toEqual([['2022-12-31', '2022年12月31日前']]);
    expect(date('6月底前出台')).toEqual([['2022-06-30', '6月底前']]);
    expect(date('力争10月份亮相')).toEqual([['2022-10-31', '10月份']]);
    expect(date('缓缴期限为2022年4月至12月')).toEqual([['2022-12-31', '2022年4月至12月']]);
    expect(date('购置日期在2022年6月1日至12月31日期间')).toEqual([['2022-12-31', '2022年6月1日至12月31日']]);
  });
  test('halves, quarters and year ends', () => {
    expect(date('上半年完成')).toEqual([['2022-06-30', '上半年']]);
    expect(date('三季度末前完成')).toEqual([['2022-09-30', '三季度末前']]);
    expect(date('年底前完成')).toEqual([['2022-12-31', '年底前']]);
    expect(date('年内完成')).toEqual([['2022-12-31', '年内']]);
    expect(date('缓缴期限至2023年底')).toEqual([['2023-12-31', '2023年底']]);
  });
  test('a month with no 前/底 is no deadline (2022年6月减免的费用)', () => {
    expect(date('对平台企业2022年6月减免的费用予以补贴')).toEqual([]);
  });
});

describe('responsible units', () => {
  test('lead first, role groups, 牵头/配合 forms', () => {
    expect(splitResponsible('责任单位：区税务局、区财政局')).toEqual([{ name: '区税务局' }, { name: '区财政局' }]);
    expect(splitResponsible('责任单位：办公室 —区发展改革委、区财政局，国有房屋组 —区国资委')).toEqual([
      { name: '区发展改革委', role: '办公室' },
      { name: '区财政局', role: '办公室' },
      { name: '区国资委', role: '国有房屋组' },
    ]);
    expect(splitResponsible('区政务服务局牵头，区发改局、区级相关部门配合')).toEqual([
      { name: '区政务服务局' },
      { name: '区发改局' },
      { name: '区级相关部门' },
    ]);
    expect(splitResponsible('牵头单位：区商务局；配合单位：各街道')).toEqual([
      { name: '区商务局' },
      { name: '各街道' },
    ]);
    // A note after the names, "按职责分工负责", and "X等部门" (seen in provincial and county plans).
    expect(
      splitResponsible('责任单位：区发改局、区住建局按职责分工负责。具体任务均涉及各街道，不再做分工，下同。'),
    ).toEqual([{ name: '区发改局' }, { name: '区住建局' }]);
    expect(splitResponsible('区发改局牵头，区财政局、区住建局等部门，各街道办事处配合')).toEqual([
      { name: '区发改局' },
      { name: '区财政局' },
      { name: '区住建局' },
      { name: '各街道办事处' },
    ]);
  });
  test('registry matching: exact, abbreviation, new, group', () => {
    const matcher = new UnitMatcher([
      { code: 'development-reform-commission', name: '区发展改革委', nameEn: 'DRC', kind: 'department' },
    ]);
    expect(matcher.match('区发展改革委')).toMatchObject({
      how: 'exact',
      unit: { code: 'development-reform-commission' },
    });
    expect(matcher.match('区发改委')).toMatchObject({ how: 'alias', unit: { code: 'development-reform-commission' } });
    expect(matcher.match('各镇街')).toMatchObject({ how: 'new', unit: { kind: 'group' } });
    expect(matcher.match('区园林绿化局')).toMatchObject({
      how: 'new',
      unit: { kind: 'department', code: 'new-unit-2' },
    });
    expect(matcher.match('区园林绿化局')).toMatchObject({ unit: { code: 'new-unit-2' } });
  });
});
