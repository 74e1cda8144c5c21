import { describe, expect, it } from 'vitest';
import type { IndicatorDef } from '../../shared/plan-schema';
import { checkMessage, reportingLabel, targetText } from '../../shared/reporting';
import { changping } from '../fixtures';

const ind = (code: string): IndicatorDef => changping.indicators.find((i) => i.code === code)!;

describe('reportingLabel', () => {
  it('counts a cumulative figure from the start of its target period to the report month', () => {
    expect(reportingLabel(ind('I-41-2'), '2022-10', 'zh')).toBe('1–10月累计');
    expect(reportingLabel(ind('I-41-2'), '2022-10', 'en')).toBe('Total January–October');
    expect(reportingLabel(ind('I-47-1'), '2022-10', 'zh')).toBe('6–10月累计');
    expect(reportingLabel(ind('I-41-2'), '2022-01', 'zh')).toBe('1月累计');
    expect(reportingLabel({ reporting: 'cumulative', periodStart: '2022-07' }, '2023-02', 'zh')).toBe(
      '2022年7月起累计',
    );
  });

  it('names the other conventions', () => {
    expect(reportingLabel(ind('I-57-1'), '2022-10', 'zh')).toBe('最新水平');
    expect(reportingLabel({ reporting: 'monthly', periodStart: '2022-01' }, '2022-10', 'zh')).toBe('当月值');
    expect(reportingLabel({ reporting: 'monthly', periodStart: '2022-01' }, '2022-10', 'en')).toBe('This month only');
  });
});

describe('targetText', () => {
  it('words each kind of target', () => {
    expect(targetText(ind('I-41-3'), 'zh')).toBe('15,000套（间）');
    expect(targetText(ind('I-11-1'), 'zh')).toBe('不高于0.5%');
    expect(targetText(ind('I-08-1'), 'en')).toBe('at least 10%');
    expect(targetText(ind('I-57-1'), 'zh')).toBe('3%左右（±0.5）');
    expect(targetText(ind('I-19-1'), 'zh')).toBe('10–20%');
    expect(targetText(ind('I-09-1'), 'zh')).toBe('普惠小微贷款增速高于各项贷款增速10个百分点以上');
  });
});

describe('checkMessage', () => {
  it('says what to check, with both values, months and units', () => {
    const check = { kind: 'unusual_jump' as const, compared: 200, comparedPeriod: '2022-09' };
    expect(checkMessage(ind('I-41-2'), 'value', 2000, check, 'zh')).toBe(
      '2,000亩与2022年9月的200亩相比变化异常大，请核实',
    );
    expect(checkMessage(ind('I-41-2'), 'value', 2000, check, 'en')).toBe(
      "2,000 mu is an unusually large change from September 2022's 200 mu; please check",
    );
  });
});
