// The leader's first screen (shared/board/first-screen.ts) from the status engine's answer for the
// chosen month and the month before, joined to each measure's section and lead unit.
import { headline, progressItems, redList, type ScreenItem } from '../../shared/board/first-screen';
import { addMonths } from '../../shared/period';
import { today } from '../clock';
import { cachedAnswer } from '../db/answer-cache';
import type { Db } from '../db/connect';
import { planTree } from './plan';
import { planStatus } from './status';

type PlanStatus = NonNullable<Awaited<ReturnType<typeof planStatus>>>;

type MeasurePlace = Pick<ScreenItem, 'sectionNo' | 'lead'>;

function screenItems(status: PlanStatus, measures: Map<number, MeasurePlace>): ScreenItem[] {
  const of = (no: number) => measures.get(no);
  return [
    ...status.indicators.map((i): ScreenItem => ({
      code: i.code,
      kind: 'indicator',
      measureNo: i.measureNo,
      sectionNo: of(i.measureNo)?.sectionNo ?? 0,
      name: i.name,
      nameEn: i.nameEn,
      status: i.evaluation.status,
      taskProgress: i.evaluation.taskProgress,
      timeProgress: i.evaluation.timeProgress,
      gap: i.evaluation.gap,
      daysLeft: null,
      lead: of(i.measureNo)?.lead ?? null,
    })),
    ...status.milestones.map((m): ScreenItem => ({
      code: m.code,
      kind: 'milestone',
      measureNo: m.measureNo,
      sectionNo: of(m.measureNo)?.sectionNo ?? 0,
      name: m.task,
      nameEn: m.taskEn,
      status: m.evaluation.status,
      taskProgress: null,
      timeProgress: null,
      gap: null,
      daysLeft: m.evaluation.daysLeft,
      lead: of(m.measureNo)?.lead ?? null,
    })),
  ];
}

export async function firstScreen(db: Db, planId: string, period?: string) {
  const now = await planStatus(db, planId, period);
  if (!now) return null;
  const previousPeriod = addMonths(now.period, -1);
  // No previous month when nothing had been reported by then: every item would count as "new".
  const before = (now.periods[0] ?? now.period) <= previousPeriod ? await planStatus(db, planId, previousPeriod) : null;
  const tree = await planTree(db, planId);
  const measures = new Map<number, MeasurePlace>(
    tree.flatMap((s) =>
      s.subsections.flatMap((sub) =>
        sub.measures.map((m) => {
          const lead = m.units[0];
          return [m.no, { sectionNo: s.no, lead: lead ? { name: lead.name, nameEn: lead.nameEn } : null }] as const;
        }),
      ),
    ),
  );
  const current = screenItems(now, measures);
  const previous = before ? screenItems(before, measures) : null;
  return {
    planId,
    period: now.period,
    previousPeriod: before ? previousPeriod : null,
    periods: now.periods,
    demo: now.demo,
    sections: tree.map((s) => ({ no: s.no, title: s.title, titleEn: s.titleEn })),
    ...headline(current, previous),
    progress: progressItems(current),
    red: redList(current, previous),
  };
}

/** firstScreen(), kept until the data changes (answer-cache.ts), as the board's answers are. */
export function cachedFirstScreen(db: Db, planId: string, period?: string) {
  return cachedAnswer(db, JSON.stringify(['firstScreen', planId, period, today()]), () =>
    firstScreen(db, planId, period),
  );
}
