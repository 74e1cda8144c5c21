import { describe, expect, it } from 'vitest';
import { rankUnits, type RankedItem, type RankedMeasure } from '../../shared/board/unit-ranking';

const unit = (code: string) => ({ code, name: code, nameEn: code, kind: 'district' });
// Measure 1: lead A, support B. Measure 2: lead B, support A and C. Measure 3: lead D (no items).
const measures: RankedMeasure[] = [
  { no: 1, units: [unit('A'), unit('B')] },
  { no: 2, units: [unit('B'), unit('A'), unit('C')] },
  { no: 3, units: [unit('D'), unit('C')] },
];
const items: RankedItem[] = [
  { measureNo: 1, status: 'behind' },
  { measureNo: 1, status: 'missed' },
  { measureNo: 1, status: 'on_track' },
  { measureNo: 1, status: 'not_yet_due' },
  { measureNo: 1, status: 'achieved' },
  { measureNo: 2, status: 'behind' },
  { measureNo: 2, status: 'at_risk' },
];

describe('rankUnits', () => {
  it('ranks by behind + missed over the items a unit leads, supports beside', () => {
    const { ranked } = rankUnits(measures, items);
    expect(ranked.map((u) => [u.code, `${u.led.lagging} / ${u.led.items}`])).toEqual([
      ['B', '1 / 2'],
      ['A', '2 / 5'],
    ]);
    const a = ranked[1]!;
    expect(a).toMatchObject({ leads: [1], supports: [2], laggingShare: 0.4 });
    expect(a.supported).toMatchObject({ items: 2, lagging: 1 });
    expect(a.led.counts).toEqual({ behind: 1, missed: 1, on_track: 1, not_yet_due: 1, achieved: 1 });
  });

  it('lists units that lead no item apart, D leading a measure without items among them', () => {
    const { apart } = rankUnits(measures, items);
    expect(apart.map((u) => u.code)).toEqual(['C', 'D']);
    expect(apart[0]!.supported).toMatchObject({ items: 2, lagging: 1 });
    expect(apart[1]!.leads).toEqual([3]);
  });

  it('breaks ties by more lagging items, then more items led, then code', () => {
    const ms: RankedMeasure[] = [
      { no: 1, units: [unit('X')] },
      { no: 2, units: [unit('Y')] },
      { no: 3, units: [unit('Z')] },
    ];
    const its: RankedItem[] = [
      { measureNo: 1, status: 'behind' },
      { measureNo: 1, status: 'on_track' },
      { measureNo: 2, status: 'behind' },
      { measureNo: 2, status: 'behind' },
      { measureNo: 2, status: 'on_track' },
      { measureNo: 2, status: 'on_track' },
      { measureNo: 3, status: 'missed' },
      { measureNo: 3, status: 'achieved' },
    ];
    expect(rankUnits(ms, its).ranked.map((u) => u.code)).toEqual(['Y', 'X', 'Z']);
  });

  it('a unit both leading and supporting one measure counts it as led only', () => {
    const { ranked } = rankUnits([{ no: 1, units: [unit('A'), unit('A')] }], [{ measureNo: 1, status: 'behind' }]);
    expect(ranked[0]).toMatchObject({ leads: [1], supports: [], led: { items: 1, lagging: 1 } });
  });
});
