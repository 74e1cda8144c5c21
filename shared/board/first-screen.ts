// The leader's first screen for a report month: counts by status with what changed since the
// previous month, the numeric indicators' progress against 序时进度, and the red list of what is
// behind or overdue, worst first. Pure: the server computes it from two months of the status
// engine (server/queries/first-screen.ts); the overview page and the wall mode show it.
import { formatPercent, type Lang } from '../format';
import { statuses, worstStatus, type Status } from '../status';
import { tidy } from '../quantity';

export interface ScreenItem {
  code: string;
  kind: 'indicator' | 'milestone';
  measureNo: number;
  sectionNo: number;
  name: string;
  nameEn: string;
  status: Status;
  /** Indicators: completion, 序时进度 and their difference, in % and 个百分点. */
  taskProgress: number | null;
  timeProgress: number | null;
  gap: number | null;
  /** Milestones: days from the report month's end to the deadline (negative when overdue). */
  daysLeft: number | null;
  lead: { name: string; nameEn: string } | null;
}

/** Behind or overdue: what the red list holds and "newly behind" counts. */
export const RED_STATUSES: readonly Status[] = ['missed', 'behind'];

export type Trend = 'up' | 'down' | 'same' | 'new';

export const TREND_SYMBOL: Readonly<Record<Trend, string>> = { up: '↑', down: '↓', same: '→', new: '新' };

export interface RedItem extends ScreenItem {
  trend: Trend;
  /** Days past the deadline of an overdue milestone. */
  daysOverdue: number | null;
}

/** Counts for every status the engine knows (an unexpected one is counted under its own name). */
export function countByStatus(items: readonly { status: Status }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(statuses.map((s) => [s, 0]));
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

const isRed = (s: Status) => RED_STATUSES.includes(s);

/**
 * Better or worse since last month: by the gap to 序时进度 when both months have one, else by the
 * status (worstStatus decides which of two is worse).
 */
export function trendOf(now: ScreenItem, before: ScreenItem | undefined): Trend {
  if (!before) return 'new';
  if (now.gap !== null && before.gap !== null) {
    const delta = tidy(now.gap - before.gap);
    return delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
  }
  if (now.status === before.status) return 'same';
  return worstStatus([now.status, before.status]) === now.status ? 'down' : 'up';
}

export function headline(current: readonly ScreenItem[], previous: readonly ScreenItem[] | null) {
  const before = new Map((previous ?? []).map((i) => [i.code, i]));
  const changed = (test: (now: Status, was: Status) => boolean) =>
    previous === null
      ? []
      : current.filter((i) => {
          const was = before.get(i.code);
          return was !== undefined && test(i.status, was.status);
        });
  return {
    indicators: countByStatus(current.filter((i) => i.kind === 'indicator')),
    milestones: countByStatus(current.filter((i) => i.kind === 'milestone')),
    newlyBehind: changed((now, was) => isRed(now) && !isRed(was)).map((i) => i.code),
    newlyAchieved: changed((now, was) => now === 'achieved' && was !== 'achieved').map((i) => i.code),
  };
}

/** How bad one red item is, to sort by: missed before behind, then the bigger gap or delay first. */
function badness(item: RedItem): [number, number] {
  const statusRank = item.status === 'missed' ? 0 : 1;
  if (item.gap !== null) return [statusRank, item.gap];
  // A milestone with no gap: days overdue count like percentage points behind, past the deadline
  // worse than any in-time one.
  return [statusRank, item.daysLeft ?? 0];
}

export function redList(current: readonly ScreenItem[], previous: readonly ScreenItem[] | null): RedItem[] {
  const before = new Map((previous ?? []).map((i) => [i.code, i]));
  return current
    .filter((i) => isRed(i.status))
    .map((i) => ({
      ...i,
      trend: previous === null ? 'same' : trendOf(i, before.get(i.code)),
      daysOverdue: i.kind === 'milestone' && i.daysLeft !== null && i.daysLeft < 0 ? -i.daysLeft : null,
    }))
    .sort((a, b) => {
      const [ra, va] = badness(a);
      const [rb, vb] = badness(b);
      return ra - rb || va - vb || a.code.localeCompare(b.code);
    });
}

/** Numeric indicators that have both a completion and a 序时进度, furthest behind first. */
export function progressItems(current: readonly ScreenItem[]): ScreenItem[] {
  return current
    .filter((i) => i.kind === 'indicator' && i.taskProgress !== null && i.timeProgress !== null)
    .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0) || a.code.localeCompare(b.code));
}

/** "差距 -23.5 个百分点", "逾期 12 天" or "距截止 20 天". */
export function redMeasure(item: RedItem, lang: Lang): string {
  const zh = lang === 'zh';
  if (item.gap !== null) return zh ? `差距 ${formatPercent(item.gap)} 个百分点` : `gap ${formatPercent(item.gap)} pp`;
  if (item.daysOverdue !== null) return zh ? `逾期 ${item.daysOverdue} 天` : `${item.daysOverdue} days overdue`;
  if (item.daysLeft !== null) return zh ? `距截止 ${item.daysLeft} 天` : `${item.daysLeft} days left`;
  return '';
}

export function trendLabel(item: RedItem, lang: Lang): string {
  const words =
    lang === 'zh'
      ? { up: '较上月好转', down: '较上月恶化', same: '与上月持平', new: '本月新出现' }
      : { up: 'better than last month', down: 'worse than last month', same: 'as last month', new: 'new this month' };
  return words[item.trend];
}
