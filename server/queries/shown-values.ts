// Which stored value the board shows, and which figures count as revised: one rule each for the
// status engine's reads, the measure page and the briefings.
import type { Db } from '../db/connect';

/** With approval on, the board shows the last approved value; otherwise the latest submitted. */
export function shownValue(row: { value: number; approvedValue: number | null }, approvedOnly: boolean) {
  return approvedOnly ? row.approvedValue : row.value;
}

/** The same for a milestone update's state and note. */
export function shownMilestone<S extends string>(
  row: { state: S; note: string | null; approvedState: S | null; approvedNote: string | null },
  approvedOnly: boolean,
) {
  return approvedOnly ? { state: row.approvedState, note: row.approvedNote } : { state: row.state, note: row.note };
}

export const figureKey = (indicatorId: number, series: string, period: string) => `${indicatorId}/${series}/${period}`;

/** Keys (figureKey) of the figures of these indicators whose value was changed after first being reported. */
export async function revisedFigures(db: Db, indicatorIds: number[]): Promise<Set<string>> {
  if (indicatorIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('actualRevisions')
    .select(['indicatorId', 'series', 'period'])
    .where('indicatorId', 'in', indicatorIds)
    .where('oldValue', 'is not', null)
    .distinct()
    .execute();
  return new Set(rows.map((r) => figureKey(r.indicatorId, r.series, r.period)));
}
