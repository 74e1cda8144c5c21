import { describe, expect, it } from 'vitest';
import { checkFigure } from '../../shared/checks';
import type { IndicatorDef } from '../../shared/plan-schema';

const land: IndicatorDef = {
  code: 'I-41-2',
  measure: 41,
  kind: 'cumulative',
  name: '供应产业用地',
  nameEn: 'land',
  unit: '亩',
  unitEn: 'mu',
  reporting: 'cumulative',
  periodStart: '2022-01',
  periodEnd: '2022-12',
  target: 2500,
  source: '2500亩',
};
const cpi: IndicatorDef = {
  ...land,
  code: 'I-57-1',
  kind: 'ceiling',
  reporting: 'level',
  unit: '%',
  target: 3,
  tolerance: 0.5,
};
const history = [
  { period: '2022-01', value: 200 },
  { period: '2022-02', value: 400 },
  { period: '2022-03', value: 600 },
  { period: '2022-04', value: 800 },
];

describe('checkFigure', () => {
  it('passes a figure in line with its history', () => {
    expect(checkFigure(land, 1000, '2022-05', history)).toEqual([]);
  });
  it('flags a cumulative figure lower than the month before', () => {
    expect(checkFigure(land, 790, '2022-05', history)).toEqual([
      { kind: 'cumulative_decrease', compared: 800, comparedPeriod: '2022-04' },
    ]);
  });
  it('flags a negative count but not a negative rate', () => {
    expect(checkFigure(land, -5, '2022-01', []).map((c) => c.kind)).toEqual(['negative']);
    expect(checkFigure(cpi, -0.3, '2022-01', [])).toEqual([]);
  });
  it('flags a jump far outside the history (e.g. a figure typed in 亩 ×10)', () => {
    expect(checkFigure(land, 8000, '2022-05', history).map((c) => c.kind)).toEqual(['unusual_jump']);
    expect(checkFigure(land, 1300, '2022-05', history)).toEqual([]);
  });
  it('needs three earlier reports before judging a jump, and ignores the month itself', () => {
    expect(checkFigure(land, 8000, '2022-03', history.slice(0, 2))).toEqual([]);
    expect(checkFigure(land, 1000, '2022-05', [...history, { period: '2022-05', value: 1 }])).toEqual([]);
  });
});
