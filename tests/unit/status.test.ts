// The status engine (shared/status.ts), kind by kind, against the rules in the spec rather than
// against its own output. One small fixture per kind; the cumulative one is 1200 flats over
// calendar 2022, so 序时进度 at month N is 100·N/12 and 100 flats a month is exactly on schedule.
import { describe, expect, it } from 'vitest';
import { minPeriod, type Period } from '../../shared/period';
import type { IndicatorDef } from '../../shared/plan-schema';
import {
  defaultThresholds,
  evaluateIndicator,
  evaluateMilestone,
  worstStatus,
  type IndicatorEvaluation,
  type MilestoneUpdate,
  type Observation,
  type Status,
  type Thresholds,
} from '../../shared/status';

type Kind<K extends IndicatorDef['kind']> = Extract<IndicatorDef, { kind: K }>;

const flats: Kind<'cumulative'> = {
  code: 'I-41-9',
  measure: 41,
  kind: 'cumulative',
  name: '建设筹集住房',
  nameEn: 'Housing built',
  unit: '套',
  unitEn: 'flats',
  reporting: 'cumulative',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 1200,
  source: '建设筹集住房1200套',
};

/** The same 1200 flats over July 2022 – June 2023: 序时进度 at 2022-12 is 6/12, at 2023-01 7/12. */
const fiscalFlats: Kind<'cumulative'> = { ...flats, periodStart: '2022-07', periodEnd: '2023-06' };

/** CPI rise "3%左右": at most 3, up to 3.5 is at risk. */
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

/** At least 40% of procurement budgets reserved for SMEs, from June 2022. */
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

/** Small-business loan growth at least 10 pp above total loan growth. */
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
  seriesB: { name: '各项贷款增速', nameEn: 'Total loan growth' },
  source: '普惠小微贷款增速高于各项贷款增速10个百分点以上',
};

/** A price deduction held inside 10%–20% from June 2022. */
const deduction: Kind<'range'> = {
  code: 'I-19-1',
  measure: 19,
  kind: 'range',
  name: '政府采购面向小微企业的价格扣除比例',
  nameEn: 'Price deduction for small businesses',
  unit: '%',
  unitEn: '%',
  reporting: 'level',
  periodStart: '2022-06',
  periodEnd: '2022-12',
  min: 10,
  max: 20,
  source: '将价格扣除比例提高至10%—20%',
};

/** 1–2 rounds of land supply in the second half of 2022: a count, 序时进度 at month N is (N−6)/6. */
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

function obs(...rows: [Period, number][]): Observation[] {
  return rows.map(([period, value]) => ({ period, value }));
}

function pairs(...rows: [Period, number, number][]): Observation[] {
  return rows.flatMap(([period, a, b]) => [
    { period, value: a, series: 'a' as const },
    { period, value: b, series: 'b' as const },
  ]);
}

type Numbers = Partial<Pick<IndicatorEvaluation, 'value' | 'taskProgress' | 'timeProgress' | 'gap' | 'margin'>>;

/** Floats compared to 3 decimals; a null where a number is expected fails. */
function expectNumbers(ev: IndicatorEvaluation, expected: Numbers) {
  for (const [key, value] of Object.entries(expected) as [keyof Numbers, number][])
    expect(ev[key], key).toBeCloseTo(value, 3);
}

/** Months `from`..`to` of one year, for missingPeriods: in(2022, 1, 3) → 2022-01, 2022-02, 2022-03. */
function monthsOf(year: number, from: number, to: number): Period[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
}

const noNumbers = {
  asOf: null,
  value: null,
  seriesA: null,
  seriesB: null,
  taskProgress: null,
  timeProgress: null,
  gap: null,
  margin: null,
  asOfStatus: null,
};

describe('cumulative: 1200 flats over 2022', () => {
  it.each<[number, number, number, Status]>([
    // value at 2022-06 (序时进度 50%), task %, gap pp, status
    [600, 50, 0, 'on_track'], // gap exactly 0 is on track
    [660, 55, 5, 'on_track'],
    [540, 45, -5, 'at_risk'],
    [492, 41, -9, 'at_risk'],
    [480, 40, -10, 'behind'], // gap exactly −10 is behind
    [300, 25, -25, 'behind'],
    [0, 0, -50, 'behind'],
    [1200, 100, 50, 'achieved'],
    [1500, 125, 75, 'achieved'],
  ])('%i flats at 2022-06 → task %d%%, gap %d pp → %s', (value, task, gap, status) => {
    const ev = evaluateIndicator(flats, obs(['2022-06', value]), '2022-06');
    expect(ev.status).toBe(status);
    expect(ev.asOf).toBe('2022-06');
    expectNumbers(ev, { value, taskProgress: task, timeProgress: 50, gap, margin: value - 1200 });
    expect(ev.missingPeriods).toEqual(['2022-01', '2022-02', '2022-03', '2022-04', '2022-05']);
  });

  it.each<[Period, number]>([
    ['2022-01', 8.3333],
    ['2022-03', 25],
    ['2022-10', 83.3333],
    ['2022-11', 91.6667],
    ['2022-12', 100],
  ])('序时进度 at the end of %s is %d%%', (report, time) => {
    expectNumbers(evaluateIndicator(flats, obs([report, 1]), report), { timeProgress: time });
  });

  it.each<[string, Observation[], Period, Status, Period | null]>([
    ['December, short of the target', obs(['2022-12', 1100]), '2022-12', 'missed', '2022-12'],
    ['December, on the target', obs(['2022-12', 1200]), '2022-12', 'achieved', '2022-12'],
    ['March 2023, last report December', obs(['2022-12', 1100]), '2023-03', 'missed', '2022-12'],
    ['March 2023, target met in November', obs(['2022-11', 1250]), '2023-03', 'achieved', '2022-11'],
  ])('after the period ends: %s → %s', (_label, observations, report, status, asOf) => {
    const ev = evaluateIndicator(flats, observations, report);
    expect(ev).toMatchObject({ status, asOf, reportPeriod: report });
    expectNumbers(ev, { timeProgress: 100 });
  });

  it('ignores reports made after the period ends (the window stops at periodEnd)', () => {
    const ev = evaluateIndicator(flats, obs(['2022-12', 1100], ['2023-01', 1300]), '2023-01');
    expect(ev).toMatchObject({ status: 'missed', asOf: '2022-12', value: 1100, missingPeriods: monthsOf(2022, 1, 11) });
  });

  it('is not yet due before the period starts (across the year boundary)', () => {
    const ev = evaluateIndicator(flats, obs(['2021-12', 900]), '2021-12');
    expect(ev).toEqual({ ...noNumbers, status: 'not_yet_due', reportPeriod: '2021-12', missingPeriods: [] });
  });

  it('has no data when nothing is reported in the window', () => {
    const ev = evaluateIndicator(flats, [], '2022-03');
    expect(ev).toEqual({
      ...noNumbers,
      status: 'no_data',
      reportPeriod: '2022-03',
      missingPeriods: ['2022-01', '2022-02', '2022-03'],
    });
  });

  it('ignores observations after the report month', () => {
    const ev = evaluateIndicator(flats, obs(['2022-05', 500], ['2022-07', 900]), '2022-06');
    expect(ev).toMatchObject({ asOf: '2022-05', value: 500, missingPeriods: [...monthsOf(2022, 1, 4), '2022-06'] });
  });

  it.each<Kind<'cumulative'>['reporting']>(['cumulative', 'monthly', 'level'])(
    'ignores observations before periodStart (%s)',
    (reporting) => {
      const ind: Kind<'cumulative'> = { ...flats, reporting };
      expect(evaluateIndicator(ind, obs(['2021-12', 5000], ['2022-01', 100]), '2022-01').value).toBe(100);
      expect(evaluateIndicator(ind, obs(['2021-12', 5000]), '2022-01').status).toBe('no_data');
    },
  );

  it('treats an explicit `value` series like an unlabelled one and ignores spread series', () => {
    const observations: Observation[] = [
      { period: '2022-06', value: 600, series: 'value' },
      { period: '2022-06', value: 9999, series: 'a' },
      { period: '2022-06', value: 1, series: 'b' },
    ];
    expect(evaluateIndicator(flats, observations, '2022-06')).toMatchObject({ value: 600, status: 'on_track' });
  });
});

describe('reporting conventions on the same numbers', () => {
  const hundredEachMonth = obs(['2022-01', 100], ['2022-02', 100], ['2022-03', 100]);

  it.each<[Kind<'cumulative'>['reporting'], number, number, number, Status]>([
    // 1–N月累计: the March report (100) is the running total
    ['cumulative', 100, 8.3333, -16.6667, 'behind'],
    // monthly amounts add up to 300
    ['monthly', 300, 25, 0, 'on_track'],
    // a level is the latest value
    ['level', 100, 8.3333, -16.6667, 'behind'],
  ])('100 in each of Jan–Mar, %s → %d', (reporting, value, task, gap, status) => {
    const ev = evaluateIndicator({ ...flats, reporting }, hundredEachMonth, '2022-03');
    expect(ev.status).toBe(status);
    expectNumbers(ev, { value, taskProgress: task, timeProgress: 25, gap });
    expect(ev.missingPeriods).toEqual([]);
  });

  const withGap = obs(['2022-01', 100], ['2022-02', 200], ['2022-04', 400]);

  it.each<[Kind<'cumulative'>['reporting'], number, number, number, Status]>([
    // March and May missing: May is 未报送, shown with the April figure judged as of April
    ['cumulative', 400, 33.3333, 0, 'on_track'],
    ['monthly', 700, 58.3333, 25, 'on_track'],
  ])('missing months, %s → %d as of 2022-04, 未报送 in May', (reporting, value, task, gap, asOfStatus) => {
    const ev = evaluateIndicator({ ...flats, reporting }, withGap, '2022-05');
    expect(ev).toMatchObject({
      status: 'not_reported',
      asOfStatus,
      asOf: '2022-04',
      reportPeriod: '2022-05',
      missingPeriods: ['2022-03', '2022-05'],
    });
    expectNumbers(ev, { value, taskProgress: task, timeProgress: 33.3333, gap });
  });
});

describe('a target period across the year boundary (2022-07..2023-06)', () => {
  const runningTotals = obs(
    ['2022-07', 100],
    ['2022-08', 200],
    ['2022-09', 300],
    ['2022-10', 400],
    ['2022-11', 500],
    ['2022-12', 600],
  );

  it.each<[Period, Observation[], Status, number | null, number | null, Period | null, Period[]]>([
    ['2022-06', runningTotals, 'not_yet_due', null, null, null, []],
    ['2022-07', runningTotals, 'on_track', 8.3333, 0, '2022-07', []],
    ['2022-12', runningTotals, 'on_track', 50, 0, '2022-12', []],
    // no January report: 未报送, December's 600 as it stood in December (6/12 elapsed)
    ['2023-01', runningTotals, 'not_reported', 50, 0, '2022-12', ['2023-01']],
    [
      '2023-06',
      obs(['2023-06', 1200]),
      'achieved',
      100,
      0,
      '2023-06',
      [...monthsOf(2022, 7, 12), ...monthsOf(2023, 1, 5)],
    ],
    // the last month not reported (and no clock saying its deadline passed): 未报送, not 未完成
    [
      '2023-06',
      obs(['2023-05', 1100]),
      'not_reported',
      91.6667,
      0,
      '2023-05',
      [...monthsOf(2022, 7, 12), ...monthsOf(2023, 1, 4), '2023-06'],
    ],
  ])('at %s → %s', (report, observations, status, time, gap, asOf, missing) => {
    const ev = evaluateIndicator(fiscalFlats, observations, report);
    expect(ev).toMatchObject({ status, asOf, missingPeriods: missing });
    if (time === null) expect(ev.timeProgress).toBeNull();
    else expectNumbers(ev, { timeProgress: time, gap: gap ?? NaN });
  });
});

describe('a target of 0', () => {
  const none: Kind<'cumulative'> = { ...flats, target: 0 };

  it.each<[string, Kind<'cumulative'>, number]>([
    ['0 reported', none, 0],
    ['5 reported', none, 5],
    ['monthly, 0 reported', { ...none, reporting: 'monthly' }, 0],
    ['with a schedule', { ...none, schedule: [{ period: '2022-12', value: 0 }] }, 0],
  ])('%s → 100%%, achieved, never NaN', (_label, ind, value) => {
    const ev = evaluateIndicator(ind, obs(['2022-03', value]), '2022-03');
    expect(ev.status).toBe('achieved');
    expect(ev.taskProgress).toBe(100);
    expectNumbers(ev, { timeProgress: 25, gap: 75 });
    for (const n of [ev.taskProgress, ev.timeProgress, ev.gap, ev.margin]) expect(Number.isFinite(n)).toBe(true);
  });

  it('a count range with min 0 is achieved too', () => {
    const ev = evaluateIndicator({ ...landRounds, min: 0 }, obs(['2022-08', 0]), '2022-08');
    expect(ev).toMatchObject({ status: 'achieved', taskProgress: 100 });
  });

  it('still has no data without a report', () => {
    expect(evaluateIndicator(none, [], '2022-03').status).toBe('no_data');
  });
});

describe('a phased schedule replaces linear 序时进度', () => {
  // Back-loaded: 300 by June, 1200 by December, linear in between from 0 at 2021-12.
  const phased: Kind<'cumulative'> = {
    ...flats,
    schedule: [
      { period: '2022-06', value: 300 },
      { period: '2022-12', value: 1200 },
    ],
  };

  it.each<[Period, number]>([
    ['2022-01', 4.1667], // 50 of 1200
    ['2022-03', 12.5], // 150
    ['2022-06', 25], // 300
    ['2022-09', 62.5], // 300 + 900·3/6 = 750
    ['2022-12', 100],
    ['2023-02', 100], // past the last point: its value holds
  ])('at %s → %d%%', (report, time) => {
    const month = minPeriod(report, phased.periodEnd);
    expectNumbers(evaluateIndicator(phased, obs([month, 1]), report), { timeProgress: time });
  });

  it('takes the points in date order whatever order they are listed in', () => {
    const reversed = { ...phased, schedule: [...(phased.schedule ?? [])].reverse() };
    expectNumbers(evaluateIndicator(reversed, obs(['2022-09', 1]), '2022-09'), { timeProgress: 62.5 });
  });

  it('holds the last planned value when the schedule stops before periodEnd', () => {
    const early = { ...flats, schedule: [{ period: '2022-03', value: 600 }] };
    expectNumbers(evaluateIndicator(early, obs(['2022-02', 1]), '2022-02'), { timeProgress: 33.3333 });
    expectNumbers(evaluateIndicator(early, obs(['2022-06', 1]), '2022-06'), { timeProgress: 50 });
  });

  it('starts from 0 at the month before periodStart across a year boundary', () => {
    const fiscal = {
      ...fiscalFlats,
      schedule: [
        { period: '2022-12', value: 600 },
        { period: '2023-06', value: 1200 },
      ],
    };
    expectNumbers(evaluateIndicator(fiscal, obs(['2022-08', 1]), '2022-08'), { timeProgress: 16.6667 }); // 200
    expectNumbers(evaluateIndicator(fiscal, obs(['2023-01', 1]), '2023-01'), { timeProgress: 58.3333 }); // 700
  });

  it.each<[Kind<'cumulative'>, Status, number]>([
    [phased, 'on_track', 0],
    [flats, 'behind', -25],
  ])('300 flats at 2022-06 → %s on the schedule (%s, gap %d)', (ind, status, gap) => {
    const ev = evaluateIndicator(ind, obs(['2022-06', 300]), '2022-06');
    expect(ev.status).toBe(status);
    expectNumbers(ev, { gap });
  });
});

describe('thresholds from the plan', () => {
  const lenient: Thresholds = { onTrack: -5, behind: -20 };
  const strict: Thresholds = { onTrack: 5, behind: -5 };

  it.each<[number, number, Status, Status, Status]>([
    // value at 2022-06, gap, default (0/−10), lenient (−5/−20), strict (5/−5)
    [660, 5, 'on_track', 'on_track', 'on_track'],
    [600, 0, 'on_track', 'on_track', 'at_risk'],
    [540, -5, 'at_risk', 'on_track', 'behind'],
    [420, -15, 'behind', 'at_risk', 'behind'],
    [300, -25, 'behind', 'behind', 'behind'],
  ])('%i flats (gap %d pp) → %s by default, %s lenient, %s strict', (value, _gap, byDefault, lax, tight) => {
    const observations = obs(['2022-06', value]);
    expect(evaluateIndicator(flats, observations, '2022-06').status).toBe(byDefault);
    expect(evaluateIndicator(flats, observations, '2022-06', lenient).status).toBe(lax);
    expect(evaluateIndicator(flats, observations, '2022-06', strict).status).toBe(tight);
  });

  it('do not change achieved or missed', () => {
    expect(evaluateIndicator(flats, obs(['2022-12', 1199]), '2022-12', lenient).status).toBe('missed');
    expect(evaluateIndicator(flats, obs(['2022-06', 1200]), '2022-06', strict).status).toBe('achieved');
  });
});

describe('decimal boundaries are compared as decimals, not binary floats', () => {
  // Each row sits exactly on a threshold in decimal arithmetic; in binary it lands a hair on the
  // wrong side (280/1200 − 4/12 → −9.999999999999996 pp, 0.7 + 0.1 → 0.7999999999999999,
  // 0.7 − 0.8 → −0.10000000000000009, 16.4 − 6.4 → 9.999999999999998).
  const fee: Kind<'ceiling'> = { ...cpi, target: 0.7, tolerance: 0.1 };
  const share: Kind<'floor'> = { ...reserve, target: 0.8, tolerance: 0.1 };
  const billions: Kind<'cumulative'> = { ...flats, unit: '亿元', reporting: 'monthly', target: 0.8 };

  it.each<[string, Status, IndicatorDef, Observation[], Period]>([
    ['280 of 1200 at 2022-04, gap exactly −10 pp', 'behind', flats, obs(['2022-04', 280]), '2022-04'],
    ['680 of 1200 at 2022-08, gap exactly −10 pp', 'behind', flats, obs(['2022-08', 680]), '2022-08'],
    ['980 of 1200 at 2022-11, gap exactly −10 pp', 'behind', flats, obs(['2022-11', 980]), '2022-11'],
    ['monthly 0.7 + 0.1 of a 0.8 target', 'achieved', billions, obs(['2022-03', 0.7], ['2022-11', 0.1]), '2022-12'],
    ['ceiling 0.7 ± 0.1 at 0.8', 'at_risk', fee, obs(['2022-10', 0.8]), '2022-10'],
    ['ceiling 0.7 ± 0.1 at 0.8, year end', 'achieved', fee, obs(['2022-12', 0.8]), '2022-12'],
    ['floor 0.8 ± 0.1 at 0.7', 'at_risk', share, obs(['2022-10', 0.7]), '2022-10'],
    ['spread 16.4 − 6.4 against 10', 'on_track', loans, pairs(['2022-10', 16.4, 6.4]), '2022-10'],
    ['spread 16.4 − 6.4 against 10, year end', 'achieved', loans, pairs(['2022-12', 16.4, 6.4]), '2022-12'],
  ])('%s → %s', (_label, status, ind, observations, report) => {
    expect(evaluateIndicator(ind, observations, report).status).toBe(status);
  });
});

describe('ceiling: CPI rise at most 3%, 3.5% tolerated', () => {
  it.each<[Period, number, Status, number]>([
    ['2022-10', 2.8, 'on_track', 0.2],
    ['2022-10', 3, 'on_track', 0],
    ['2022-10', 3.2, 'at_risk', -0.2],
    ['2022-10', 3.5, 'at_risk', -0.5],
    ['2022-10', 3.6, 'behind', -0.6],
    ['2022-12', 2.5, 'achieved', 0.5],
    ['2022-12', 3.4, 'achieved', -0.4], // inside the tolerance at period end
    ['2022-12', 3.5, 'achieved', -0.5],
    ['2022-12', 3.6, 'missed', -0.6],
  ])('%s at %d%% → %s (margin %d)', (report, value, status, margin) => {
    const ev = evaluateIndicator(cpi, obs([report, value]), report);
    expect(ev.status).toBe(status);
    expectNumbers(ev, { value, margin });
    expect([ev.taskProgress, ev.timeProgress, ev.gap]).toEqual([null, null, null]);
  });

  it.each<[number, Status, Status]>([
    [0.5, 'on_track', 'achieved'],
    [0.4, 'on_track', 'achieved'],
    [0.6, 'behind', 'missed'],
  ])('with no tolerance, %d%% → %s in October, %s in December', (value, october, december) => {
    const fee: Kind<'ceiling'> = { ...cpi, target: 0.5, tolerance: 0 };
    expect(evaluateIndicator(fee, obs(['2022-10', value]), '2022-10').status).toBe(october);
    expect(evaluateIndicator(fee, obs(['2022-12', value]), '2022-12').status).toBe(december);
  });

  it('judges the latest value, not the worst one', () => {
    const ev = evaluateIndicator(cpi, obs(['2022-06', 4.2], ['2022-09', 2.9]), '2022-09');
    expect(ev).toMatchObject({ status: 'on_track', asOf: '2022-09', value: 2.9 });
  });

  it('is 未报送 in a month without a figure, with the latest figure and its verdict then', () => {
    const ev = evaluateIndicator(cpi, obs(['2022-06', 4.2], ['2022-09', 2.9]), '2022-10');
    expect(ev).toMatchObject({ status: 'not_reported', asOfStatus: 'on_track', asOf: '2022-09', value: 2.9 });
  });

  it('after the period, judges the last report of the period', () => {
    const ev = evaluateIndicator(cpi, obs(['2022-12', 2.9], ['2023-01', 4]), '2023-02');
    expect(ev).toMatchObject({ status: 'achieved', asOf: '2022-12', value: 2.9 });
  });
});

describe('floor: at least 40% reserved for SMEs', () => {
  it.each<[number, Period, number, Status, number]>([
    // tolerance, report, value, status, margin
    [0, '2022-10', 45, 'on_track', 5],
    [0, '2022-10', 40, 'on_track', 0],
    [0, '2022-10', 39, 'behind', -1],
    [0, '2022-12', 40, 'achieved', 0],
    [0, '2022-12', 39, 'missed', -1],
    [2, '2022-10', 39, 'at_risk', -1],
    [2, '2022-10', 38, 'at_risk', -2],
    [2, '2022-10', 37, 'behind', -3],
    [2, '2022-12', 38, 'achieved', -2],
    [2, '2022-12', 37, 'missed', -3],
  ])('tolerance %d, %s at %d%% → %s', (tolerance, report, value, status, margin) => {
    const ev = evaluateIndicator({ ...reserve, tolerance }, obs([report, value]), report);
    expect(ev.status).toBe(status);
    expectNumbers(ev, { value, margin });
  });

  it('is not yet due before June 2022', () => {
    expect(evaluateIndicator(reserve, obs(['2022-05', 45]), '2022-05').status).toBe('not_yet_due');
  });
});

describe('spread: small business loan growth ≥ total loan growth + 10 pp', () => {
  it.each<[number, Period, number, number, Status, number]>([
    // tolerance, report, A, B, status, margin
    [0, '2022-10', 22.5, 10.5, 'on_track', 2],
    [0, '2022-10', 20, 10, 'on_track', 0],
    [0, '2022-10', 19.5, 10, 'behind', -0.5],
    [1, '2022-10', 19.5, 10, 'at_risk', -0.5],
    [1, '2022-10', 19, 10, 'at_risk', -1],
    [1, '2022-10', 18, 10, 'behind', -2],
    [0, '2022-10', 9, 10.5, 'behind', -11.5],
    [0, '2022-12', 20, 10, 'achieved', 0],
    [0, '2022-12', 19.5, 10, 'missed', -0.5],
    [1, '2022-12', 19.5, 10, 'achieved', -0.5],
  ])('tolerance %d, %s: %d − %d → %s', (tolerance, report, a, b, status, margin) => {
    const ev = evaluateIndicator({ ...loans, tolerance }, pairs([report, a, b]), report);
    expect(ev).toMatchObject({ status, asOf: report, seriesA: a, seriesB: b });
    expectNumbers(ev, { value: a - b, margin });
  });

  it('uses the latest month where both series are reported', () => {
    const observations: Observation[] = [
      ...pairs(['2022-01', 20, 9], ['2022-02', 21, 9]),
      { period: '2022-03', value: 25, series: 'a' }, // no B in March
      { period: '2022-04', value: 8, series: 'b' }, // no A in April
    ];
    const ev = evaluateIndicator(loans, observations, '2022-04');
    expect(ev).toMatchObject({
      status: 'not_reported',
      asOfStatus: 'on_track',
      asOf: '2022-02',
      seriesA: 21,
      seriesB: 9,
      value: 12,
      margin: 2,
    });
    expect(ev.missingPeriods).toEqual(['2022-03', '2022-04']);
  });

  it('ignores pairs after the report month', () => {
    const ev = evaluateIndicator(loans, pairs(['2022-09', 15, 10], ['2022-11', 25, 10]), '2022-10');
    expect(ev).toMatchObject({ asOf: '2022-09', value: 5, status: 'not_reported', asOfStatus: 'behind' });
  });

  it.each<[string, Observation[]]>([
    ['only series A', [{ period: '2022-03', value: 20, series: 'a' }]],
    ['only series B', [{ period: '2022-03', value: 10, series: 'b' }]],
    [
      'A and B in different months',
      [
        { period: '2022-02', value: 20, series: 'a' },
        { period: '2022-03', value: 10, series: 'b' },
      ],
    ],
    ['single-series values', obs(['2022-03', 12])],
  ])('has no data with %s', (_label, observations) => {
    const ev = evaluateIndicator(loans, observations, '2022-03');
    expect(ev).toEqual({
      ...noNumbers,
      status: 'no_data',
      reportPeriod: '2022-03',
      missingPeriods: ['2022-01', '2022-02', '2022-03'],
    });
  });
});

describe('range as a level: price deduction inside 10%–20%', () => {
  it.each<[Period, number, Status, number]>([
    ['2022-10', 15, 'on_track', 0],
    ['2022-10', 10, 'on_track', 0],
    ['2022-10', 20, 'on_track', 0],
    ['2022-10', 8, 'behind', -2],
    ['2022-10', 25, 'behind', -5],
    ['2022-10', 9.5, 'behind', -0.5], // no tolerance around the band
    ['2022-10', 20.5, 'behind', -0.5],
    ['2022-12', 15, 'achieved', 0],
    ['2022-12', 8, 'missed', -2],
    ['2022-12', 25, 'missed', -5],
    ['2022-12', 20.5, 'missed', -0.5],
  ])('%s at %d%% → %s (margin %d)', (report, value, status, margin) => {
    const ev = evaluateIndicator(deduction, obs([report, value]), report);
    expect(ev).toMatchObject({ status, value, margin, taskProgress: null, timeProgress: null, gap: null });
  });
});

describe('range as a count: 1–2 land supply rounds in 2022-H2', () => {
  it.each<[Period, number, Status, number, number, number]>([
    // report, rounds, status, task %, 序时进度 %, margin
    ['2022-08', 0, 'behind', 0, 33.3333, -1],
    ['2022-10', 0, 'behind', 0, 66.6667, -1],
    ['2022-10', 1, 'achieved', 100, 66.6667, 0],
    ['2022-10', 3, 'achieved', 300, 66.6667, 2], // above max is still done
    ['2022-12', 0, 'missed', 0, 100, -1],
    ['2022-12', 2, 'achieved', 200, 100, 1],
  ])('%s with %i → %s', (report, value, status, task, time, margin) => {
    const ev = evaluateIndicator(landRounds, obs([report, value]), report);
    expect(ev.status).toBe(status);
    expectNumbers(ev, { value, taskProgress: task, timeProgress: time, margin });
  });

  it('is not yet due in June', () => {
    expect(evaluateIndicator(landRounds, obs(['2022-06', 1]), '2022-06').status).toBe('not_yet_due');
  });

  it('adds up monthly counts', () => {
    const ev = evaluateIndicator(
      { ...landRounds, reporting: 'monthly' },
      obs(['2022-08', 1], ['2022-11', 1]),
      '2022-12',
    );
    expect(ev).toMatchObject({ status: 'achieved', value: 2, asOf: '2022-11' });
  });
});

describe('evaluateMilestone', () => {
  // T-01-1: refunds by 30 June 2022; the plan was issued on 10 June (20 days of window).
  const refunds = { deadline: '2022-06-30' };
  const issued = '2022-06-10';
  // A year-long task: window 2022-01-01 → 2022-12-31 is 364 days.
  const yearTask = { deadline: '2022-12-31' };
  const newYear = '2022-01-01';

  const update = (period: Period, state: MilestoneUpdate['state'], note?: string): MilestoneUpdate => ({
    period,
    state,
    note,
  });

  it.each<[string, Period, MilestoneUpdate[], Status, number]>([
    ['before the window opens', '2022-05', [], 'not_yet_due', 30],
    ['no update on the deadline month', '2022-06', [], 'no_data', 0],
    ['done on the deadline month', '2022-06', [update('2022-06', 'done')], 'achieved', 0],
    ['in progress on the deadline month', '2022-06', [update('2022-06', 'in_progress')], 'on_track', 0],
    ['not started on the deadline month', '2022-06', [update('2022-06', 'not_started')], 'behind', 0],
    ['in progress, the month after', '2022-07', [update('2022-06', 'in_progress')], 'missed', -31],
    ['not started, the month after', '2022-07', [update('2022-07', 'not_started')], 'missed', -31],
    ['no update, the month after', '2022-07', [], 'missed', -31],
    ['done late, the month after', '2022-07', [update('2022-07', 'done')], 'achieved', -31],
    ['done in time, months later', '2022-12', [update('2022-06', 'done')], 'achieved', -184],
  ])('refunds, %s (%s) → %s', (_label, report, updates, status, daysLeft) => {
    const ev = evaluateMilestone(refunds, updates, report, issued);
    expect(ev).toMatchObject({ status, daysLeft, reportPeriod: report });
  });

  it.each<[Period, MilestoneUpdate['state'], Status, number, number]>([
    // report, state, status, daysLeft, timeProgress %
    ['2022-01', 'not_started', 'on_track', 334, 8.2418], // 30 of 364 days
    ['2022-06', 'not_started', 'on_track', 184, 49.4505], // 180 days: under half
    ['2022-07', 'not_started', 'at_risk', 153, 57.967], // 211 days: past half
    ['2022-11', 'not_started', 'at_risk', 31, 91.4835], // one day more than 30 left
    ['2022-12', 'not_started', 'behind', 0, 100],
    ['2022-11', 'in_progress', 'on_track', 31, 91.4835],
    ['2022-12', 'in_progress', 'on_track', 0, 100],
    ['2023-01', 'in_progress', 'missed', -31, 100], // clamped at 100
  ])('year-long task at %s, %s → %s', (report, state, status, daysLeft, time) => {
    const ev = evaluateMilestone(yearTask, [update(minPeriod(report, '2022-12'), state)], report, newYear);
    expect(ev).toMatchObject({ status, daysLeft, state });
    expect(ev.timeProgress).toBeCloseTo(time, 3);
  });

  it('is behind with exactly 30 days left', () => {
    const ev = evaluateMilestone({ deadline: '2022-12-30' }, [update('2022-11', 'not_started')], '2022-11', newYear);
    expect(ev).toMatchObject({ status: 'behind', daysLeft: 30 });
  });

  it('is evaluated at the end of the report month: a mid-month deadline has passed in its own month', () => {
    const ev = evaluateMilestone({ deadline: '2022-06-15' }, [update('2022-06', 'in_progress')], '2022-06', issued);
    expect(ev).toMatchObject({ status: 'missed', daysLeft: -15 });
  });

  it('opens in the month the window starts, even mid-month', () => {
    expect(evaluateMilestone(yearTask, [], '2022-05', issued).status).toBe('not_yet_due');
    const june = evaluateMilestone(yearTask, [], '2022-06', issued);
    expect(june).toMatchObject({ status: 'no_data', daysLeft: 184 });
    expect(june.timeProgress).toBeCloseTo((20 / 204) * 100, 6); // 10 → 30 June of 10 June → 31 Dec
  });

  it('has a time progress of 0, not negative, before the window', () => {
    expect(evaluateMilestone(yearTask, [], '2021-11', newYear)).toMatchObject({
      status: 'not_yet_due',
      timeProgress: 0,
    });
  });

  it('takes the latest update up to the report month, with its note', () => {
    const updates = [
      update('2022-09', 'done', '已全部退还'),
      update('2022-03', 'in_progress', '已受理'),
      update('2022-05', 'not_started', '暂停'),
    ];
    expect(evaluateMilestone(yearTask, updates, '2022-08', newYear)).toMatchObject({
      state: 'not_started',
      note: '暂停',
      asOf: '2022-05',
      status: 'not_reported',
    });
    expect(evaluateMilestone(yearTask, updates, '2022-04', newYear)).toMatchObject({
      state: 'in_progress',
      note: '已受理',
      asOf: '2022-03',
      status: 'not_reported',
    });
    expect(evaluateMilestone(yearTask, updates, '2022-10', newYear)).toMatchObject({
      state: 'done',
      note: '已全部退还',
      status: 'achieved',
    });
  });

  it('reports nulls without an update', () => {
    expect(evaluateMilestone(yearTask, [update('2022-09', 'done')], '2022-08', newYear)).toMatchObject({
      state: null,
      note: null,
      asOf: null,
      status: 'no_data',
    });
  });
});

describe('a month is judged only on what was reported for it (the clock decides deadlines)', () => {
  // Reports for a month fall due on the 5th of the next: December's on 5 January.
  const clock = (today: string) => ({ today, reportDueDay: 5 });
  const november = obs(['2022-11', 1100]);

  it.each<[string, string | undefined, Status]>([
    ['without a clock', undefined, 'not_reported'],
    ['before December is due', '2023-01-05', 'not_reported'],
    ['after December was due', '2023-01-06', 'missed'],
  ])('December not reported, %s → %s', (_label, today, status) => {
    const ev = evaluateIndicator(flats, november, '2022-12', defaultThresholds, today ? clock(today) : undefined);
    expect(ev).toMatchObject({ status, asOf: '2022-11', value: 1100 });
    if (status === 'missed') expectNumbers(ev, { timeProgress: 100 });
    else expect(ev.asOfStatus).toBe('on_track');
  });

  it('never says 未完成 for a month after the data on the strength of an older figure', () => {
    for (const report of ['2022-11', '2022-12', '2023-03'])
      expect(evaluateIndicator(flats, obs(['2022-10', 800]), report).status).toBe('not_reported');
  });

  it('keeps 已完成 for a running total already past the target', () => {
    expect(evaluateIndicator(flats, obs(['2022-10', 1250]), '2022-12').status).toBe('achieved');
  });

  it('a level (CPI) is never settled by an older figure before the deadline', () => {
    expect(evaluateIndicator(cpi, obs(['2022-10', 2.5]), '2022-12').status).toBe('not_reported');
    expect(
      evaluateIndicator(cpi, obs(['2022-10', 2.5]), '2022-12', defaultThresholds, clock('2023-02-01')).status,
    ).toBe('achieved');
  });

  it('milestones: 未报送 without an update for the month, 未完成 once the deadline month is in or overdue', () => {
    const task = { deadline: '2022-12-31' };
    const october = [{ period: '2022-10', state: 'in_progress' as const }];
    expect(evaluateMilestone(task, october, '2022-11', '2022-01-01').status).toBe('not_reported');
    expect(evaluateMilestone(task, october, '2023-01', '2022-01-01').status).toBe('not_reported');
    expect(evaluateMilestone(task, october, '2023-01', '2022-01-01', clock('2023-01-06')).status).toBe('missed');
    const december = [...october, { period: '2022-12', state: 'in_progress' as const }];
    expect(evaluateMilestone(task, december, '2023-01', '2022-01-01').status).toBe('missed');
    expect(
      evaluateMilestone(task, [{ period: '2022-06', state: 'done' as const }], '2022-11', '2022-01-01').status,
    ).toBe('achieved');
  });

  it('counts days left from the clock within the current month, not from its last day', () => {
    const task = { deadline: '2022-12-31' };
    const nov = [{ period: '2022-11', state: 'in_progress' as const }];
    expect(evaluateMilestone(task, nov, '2022-11', '2022-01-01').daysLeft).toBe(31);
    expect(evaluateMilestone(task, nov, '2022-11', '2022-01-01', clock('2022-11-20')).daysLeft).toBe(41);
  });
});

describe('worstStatus', () => {
  it.each<[Status[], Status]>([
    [[], 'no_data'],
    [['not_yet_due'], 'not_yet_due'],
    [['achieved', 'not_yet_due'], 'achieved'],
    [['on_track', 'achieved'], 'on_track'],
    [['no_data', 'on_track'], 'no_data'],
    [['at_risk', 'no_data', 'achieved'], 'at_risk'],
    [['on_track', 'behind', 'at_risk'], 'behind'],
    [['behind', 'missed', 'not_yet_due'], 'missed'],
    [['achieved', 'achieved'], 'achieved'],
    [['missed', 'behind', 'at_risk', 'no_data', 'on_track', 'achieved', 'not_yet_due'], 'missed'],
    [['not_yet_due', 'achieved', 'on_track', 'no_data', 'at_risk', 'behind'], 'behind'],
  ])('%j → %s', (list, expected) => {
    expect(worstStatus(list)).toBe(expected);
  });
});
