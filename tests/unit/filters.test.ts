import { describe, expect, it } from 'vitest';
import {
  filterMeasure,
  noFilters,
  parseFilters,
  worstGap,
  writeFilters,
  type FilterableMeasure,
} from '../../shared/board/filters';

const measure = (over: Partial<FilterableMeasure> = {}): FilterableMeasure => ({
  no: 41,
  title: '加快投资项目审批和要素保障',
  titleEn: 'Faster approvals and land supply',
  text: '推动2022年供应产业用地2500亩以上。',
  units: [{ code: 'development-reform-commission' }, { code: 'planning-branch' }],
  indicators: [
    { kind: 'cumulative', evaluation: { status: 'behind', gap: -12.5 } },
    { kind: 'range', evaluation: { status: 'achieved', gap: null } },
  ],
  milestones: [{ kind: 'milestone', evaluation: { status: 'on_track' } }],
  ...over,
});

describe('overview filters in the URL', () => {
  it('round-trips every filter and keeps unrelated parameters', () => {
    const f = {
      ...noFilters,
      section: 4,
      unit: 'finance-bureau',
      unitRole: 'lead' as const,
      status: 'behind' as const,
      group: 'indicators' as const,
      kind: 'cumulative' as const,
      q: '用地',
      sort: 'gap' as const,
    };
    const params = writeFilters(new URLSearchParams('period=2022-10&lang=en'), f);
    expect(params.get('period')).toBe('2022-10');
    expect(params.get('lang')).toBe('en');
    expect(parseFilters(params)).toEqual(f);
  });

  it('writes nothing for the defaults and ignores junk', () => {
    expect(writeFilters(new URLSearchParams(), noFilters).toString()).toBe('');
    expect(parseFilters(new URLSearchParams('section=-1&status=awful&kind=x&sort=up&role=boss'))).toEqual(noFilters);
  });
});

describe('filtering measures', () => {
  it.each([
    [{ section: 4 }, 4, true],
    [{ section: 3 }, 4, false],
    [{ unit: 'planning-branch' }, 4, true],
    [{ unit: 'planning-branch', unitRole: 'lead' as const }, 4, false],
    [{ unit: 'development-reform-commission', unitRole: 'lead' as const }, 4, true],
    [{ q: '2500亩' }, 4, true],
    [{ q: 'land supply' }, 4, true],
    [{ q: '消费券' }, 4, false],
    [{ status: 'behind' as const }, 4, true],
    [{ status: 'missed' as const }, 4, false],
    [{ status: 'on_track' as const, group: 'indicators' as const }, 4, false],
    [{ status: 'on_track' as const, group: 'milestones' as const }, 4, true],
    [{ kind: 'spread' as const }, 4, false],
  ])('%o in section %i keeps the measure: %s', (over, section, kept) => {
    expect(filterMeasure(measure(), section, { ...noFilters, ...over }) !== null).toBe(kept);
  });

  it('keeps only the matching items of a kept measure', () => {
    const m = filterMeasure(measure(), 4, { ...noFilters, kind: 'range' });
    expect(m?.indicators).toHaveLength(1);
    expect(m?.milestones).toHaveLength(0);
  });

  it('sorts by the most negative gap, measures without one last', () => {
    expect(worstGap(measure())).toBe(-12.5);
    expect(worstGap(measure({ indicators: [] }))).toBe(Number.POSITIVE_INFINITY);
  });
});
