// The unit view (通报): the plan's units ranked by the items they lead (shared/board/unit-ranking.ts),
// for one report month.
import { rankUnits } from '../../shared/board/unit-ranking';
import type { Db } from '../db/connect';
import { sharedStatus } from './board';
import { planTree } from './plan';

export async function unitRanking(db: Db, planId: string, period?: string) {
  const status = await sharedStatus(db, planId, period);
  if (!status) return null;
  const tree = await planTree(db, planId);
  const measures = tree.flatMap((s) => s.subsections.flatMap((sub) => sub.measures));
  const items = [...status.indicators, ...status.milestones].map((i) => ({
    measureNo: i.measureNo,
    status: i.evaluation.status,
  }));
  return {
    period: status.period,
    corrected: status.corrected,
    periods: status.periods,
    demo: status.demo,
    ...rankUnits(measures, items),
  };
}
