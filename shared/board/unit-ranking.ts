// The unit view's ranking (通报): each unit answers for the indicators and milestone tasks of the
// measures it leads (the lead unit is the measure's first responsible unit). Pure, unit-tested;
// server/queries/unit-ranking.ts feeds it the plan's measures and the month's statuses.
import type { Status } from '../status';

/** What counts against a unit: items behind their 序时进度 or past their end without the target. */
export const LAGGING: readonly Status[] = ['behind', 'missed'];

export interface RankedMeasure {
  no: number;
  /** Responsible units in the plan's order; the first leads. */
  units: { code: string; name: string; nameEn: string; kind: string }[];
}

export interface RankedItem {
  measureNo: number;
  status: Status;
}

export interface RoleTally {
  /** Indicators and milestone tasks of the measures in this role. */
  items: number;
  /** Of them, behind or missed. */
  lagging: number;
  counts: Partial<Record<Status, number>>;
}

export interface UnitRank {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  /** Measure numbers it leads, and those it supports (never both for one measure). */
  leads: number[];
  supports: number[];
  led: RoleTally;
  supported: RoleTally;
  /** led.lagging ÷ led.items: what the ranking sorts on. */
  laggingShare: number;
}

function tally(items: RankedItem[], nos: Set<number>): RoleTally {
  const mine = items.filter((i) => nos.has(i.measureNo));
  const counts: Partial<Record<Status, number>> = {};
  for (const i of mine) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return { items: mine.length, lagging: mine.filter((i) => LAGGING.includes(i.status)).length, counts };
}

/**
 * Rank units by the share of the items they lead that are behind or missed, most lagging first
 * (then more lagging items, then more items led, then the code). Supporting roles are tallied
 * beside it and never enter the rank. Units that lead no item are returned apart, by code.
 */
export function rankUnits(measures: RankedMeasure[], items: RankedItem[]): { ranked: UnitRank[]; apart: UnitRank[] } {
  const units = new Map<string, Omit<UnitRank, 'led' | 'supported' | 'laggingShare'>>();
  for (const m of measures)
    m.units.forEach((u, position) => {
      const entry = units.get(u.code) ?? { ...u, leads: [], supports: [] };
      units.set(u.code, entry);
      if (position === 0) {
        if (!entry.leads.includes(m.no)) entry.leads.push(m.no);
        entry.supports = entry.supports.filter((no) => no !== m.no);
      } else if (!entry.leads.includes(m.no) && !entry.supports.includes(m.no)) entry.supports.push(m.no);
    });
  const all = [...units.values()].map((u): UnitRank => {
    const led = tally(items, new Set(u.leads));
    return {
      ...u,
      led,
      supported: tally(items, new Set(u.supports)),
      laggingShare: led.items === 0 ? 0 : led.lagging / led.items,
    };
  });
  const ranked = all
    .filter((u) => u.led.items > 0)
    .sort(
      (a, b) =>
        b.laggingShare - a.laggingShare ||
        b.led.lagging - a.led.lagging ||
        b.led.items - a.led.items ||
        a.code.localeCompare(b.code),
    );
  const apart = all.filter((u) => u.led.items === 0).sort((a, b) => a.code.localeCompare(b.code));
  return { ranked, apart };
}
