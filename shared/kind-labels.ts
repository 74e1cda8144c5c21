// What each kind of indicator is called, for the overview's kind filter and the data export.
import type { Lang } from './format';
import type { IndicatorKind } from './plan-schema';

export type ItemKind = IndicatorKind | 'milestone';

export const KIND_LABEL: Readonly<Record<ItemKind, { zh: string; en: string }>> = {
  cumulative: { zh: '累计型', en: 'Cumulative' },
  ceiling: { zh: '上限型', en: 'Ceiling' },
  floor: { zh: '下限型', en: 'Floor' },
  spread: { zh: '差值型', en: 'Spread' },
  range: { zh: '区间型', en: 'Range' },
  milestone: { zh: '任务节点', en: 'Milestone' },
};

export function kindLabel(kind: ItemKind, lang: Lang): string {
  return KIND_LABEL[kind][lang];
}
