// Overview filters: parsed from and written to the URL (so a link reproduces the view), and
// applied to the overview's measures. Pure, unit-tested.
import { statuses, type Status } from '../status';

export const itemKinds = ['cumulative', 'ceiling', 'floor', 'spread', 'range', 'milestone'] as const;
export type ItemKind = (typeof itemKinds)[number];

export interface OverviewFilters {
  section: number | null;
  unit: string | null;
  /** Whether `unit` must lead the measure or may hold any role in it. */
  unitRole: 'lead' | 'any';
  status: Status | null;
  /** Restrict the status filter to numeric indicators or to milestones. */
  group: 'indicators' | 'milestones' | null;
  kind: ItemKind | null;
  q: string;
  sort: 'plan' | 'gap';
}

export const noFilters: OverviewFilters = {
  section: null,
  unit: null,
  unitRole: 'any',
  status: null,
  group: null,
  kind: null,
  q: '',
  sort: 'plan',
};

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | null =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : null;

export function parseFilters(params: URLSearchParams): OverviewFilters {
  const section = Number(params.get('section'));
  return {
    section: Number.isInteger(section) && section > 0 ? section : null,
    unit: params.get('unit') || null,
    unitRole: params.get('role') === 'lead' ? 'lead' : 'any',
    status: oneOf(statuses, params.get('status')),
    group: oneOf(['indicators', 'milestones'] as const, params.get('group')),
    kind: oneOf(itemKinds, params.get('kind')),
    q: (params.get('q') ?? '').slice(0, 100),
    sort: params.get('sort') === 'gap' ? 'gap' : 'plan',
  };
}

/** Write the filters into `params` (other parameters such as period and lang are kept). */
export function writeFilters(params: URLSearchParams, f: OverviewFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => (value ? next.set(key, value) : next.delete(key));
  set('section', f.section ? String(f.section) : null);
  set('unit', f.unit);
  set('role', f.unit && f.unitRole === 'lead' ? 'lead' : null);
  set('status', f.status);
  set('group', f.status ? f.group : null);
  set('kind', f.kind);
  set('q', f.q.trim() || null);
  set('sort', f.sort === 'gap' ? 'gap' : null);
  return next;
}

interface FilterableItem {
  kind: ItemKind;
  evaluation: { status: Status; gap?: number | null };
}

export interface FilterableMeasure {
  no: number;
  title: string;
  titleEn: string;
  text: string;
  units: { code: string }[];
  indicators: FilterableItem[];
  milestones: FilterableItem[];
}

function itemMatches(item: FilterableItem, group: 'indicators' | 'milestones', f: OverviewFilters): boolean {
  if (f.kind && item.kind !== f.kind) return false;
  if (f.status && (!f.group || f.group === group) && item.evaluation.status !== f.status) return false;
  if (f.status && f.group && f.group !== group) return false;
  return true;
}

/** The measure with only the items that pass the filters, or null when the measure is filtered out. */
export function filterMeasure<M extends FilterableMeasure>(m: M, section: number, f: OverviewFilters): M | null {
  if (f.section && section !== f.section) return null;
  if (f.unit) {
    const codes = f.unitRole === 'lead' ? m.units.slice(0, 1) : m.units;
    if (!codes.some((u) => u.code === f.unit)) return null;
  }
  const q = f.q.trim().toLowerCase();
  if (q && ![String(m.no), m.title, m.titleEn.toLowerCase(), m.text].some((s) => s.includes(q))) return null;
  if (!f.status && !f.kind) return m;
  const indicators = m.indicators.filter((i) => itemMatches(i, 'indicators', f));
  const milestones = m.milestones.filter((i) => itemMatches(i, 'milestones', f));
  if (indicators.length + milestones.length === 0) return null;
  return { ...m, indicators, milestones };
}

/** The most negative gap among a measure's indicators; measures without one sort last. */
export function worstGap(m: FilterableMeasure): number {
  const gaps = m.indicators.map((i) => i.evaluation.gap).filter((g): g is number => typeof g === 'number');
  return gaps.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...gaps);
}

/** Every unit named in a plan tree, by code, labelled in the chosen language (first mention wins). */
export function unitLabels(
  sections: { subsections: { measures: { units: { code: string; name: string; nameEn: string }[] }[] }[] }[],
  zh: boolean,
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const s of sections)
    for (const sub of s.subsections)
      for (const m of sub.measures)
        for (const u of m.units) if (!labels.has(u.code)) labels.set(u.code, zh ? u.name : u.nameEn);
  return labels;
}
