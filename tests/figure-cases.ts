// One table of figures and the verdict the shared rules (shared/checks.ts) give them, read by the
// unit test of the rules and by the integration test that sends each figure through the web
// form's API and through an upload's dry run (both must agree with it and with each other).
import type { FigureCheckKind, Verdict } from '../shared/checks';
import type { SeriesKey } from '../shared/status';

export interface FigureCase {
  name: string;
  code: string;
  series: SeriesKey;
  /** Figures stored before, in month order. */
  history: [period: string, value: number][];
  period: string;
  value: number;
  verdict: Verdict;
  kinds: FigureCheckKind[];
  /** What a warning needs before it is saved. */
  needs: 'reason' | 'confirmation' | null;
  /** The Chinese wording, where the case pins it. */
  message?: string;
}

export const FIGURE_CASES: FigureCase[] = [
  {
    name: 'a running total going up',
    code: 'I-41-2',
    series: 'value',
    history: [['2022-08', 800]],
    period: '2022-09',
    value: 1000,
    verdict: 'ok',
    kinds: [],
    needs: null,
  },
  {
    name: 'a running total going down',
    code: 'I-41-2',
    series: 'value',
    history: [['2022-08', 800]],
    period: '2022-09',
    value: 790,
    verdict: 'warning',
    kinds: ['cumulative_decrease'],
    needs: 'reason',
    message: '累计值790亩低于2022年8月报送的800亩，累计数一般不会减少，请核实并填写原因',
  },
  {
    name: 'a negative count',
    code: 'I-41-2',
    series: 'value',
    history: [],
    period: '2022-09',
    value: -5,
    verdict: 'error',
    kinds: ['negative'],
    needs: null,
    message: '供应产业用地不能为负数，请检查',
  },
  {
    name: 'a CPI inside its bounds',
    code: 'I-57-1',
    series: 'value',
    history: [],
    period: '2022-09',
    value: 2.1,
    verdict: 'ok',
    kinds: [],
    needs: null,
  },
  {
    name: 'a CPI outside its bounds',
    code: 'I-57-1',
    series: 'value',
    history: [],
    period: '2022-09',
    value: 25,
    verdict: 'warning',
    kinds: ['out_of_bounds'],
    needs: 'reason',
    message: '居民消费价格指数涨幅25%超出合理范围（一般-5至20%之间），请核实并填写原因',
  },
  {
    name: 'a CPI far outside its bounds',
    code: 'I-57-1',
    series: 'value',
    history: [],
    period: '2022-09',
    value: -200,
    verdict: 'error',
    kinds: ['impossible'],
    needs: null,
    message: '居民消费价格指数涨幅-200%不可能成立（应-30至45%之间），请核对单位和数值',
  },
  {
    name: 'a share above 100 %',
    code: 'I-19-2',
    series: 'value',
    history: [],
    period: '2022-09',
    value: 120,
    verdict: 'error',
    kinds: ['impossible'],
    needs: null,
  },
  {
    name: 'a plausible share',
    code: 'I-19-2',
    series: 'value',
    history: [],
    period: '2022-09',
    value: 45,
    verdict: 'ok',
    kinds: [],
    needs: null,
  },
  {
    name: 'a guarantee fee rate above its usual range',
    code: 'I-11-1',
    series: 'value',
    history: [],
    period: '2022-09',
    value: 7,
    verdict: 'warning',
    kinds: ['out_of_bounds'],
    needs: 'reason',
  },
  {
    name: 'one rate of a spread outside its bounds',
    code: 'I-09-1',
    series: 'a',
    history: [],
    period: '2022-09',
    value: 80,
    verdict: 'warning',
    kinds: ['out_of_bounds'],
    needs: 'reason',
  },
  {
    name: 'an unusual jump',
    code: 'I-41-5',
    series: 'value',
    history: [
      ['2022-05', 100],
      ['2022-06', 110],
      ['2022-07', 120],
      ['2022-08', 130],
    ],
    period: '2022-09',
    value: 900,
    verdict: 'warning',
    kinds: ['unusual_jump'],
    needs: 'confirmation',
    message: '900套（间）与2022年8月的130套（间）相比变化异常大，请核实',
  },
];
