// Which stored value the board shows, and to whom, and which figures count as revised: one rule
// each for the status engine's reads, the measure page, chart data, exports and the briefings.
//
// With approval on, a submission not yet approved (submitted or returned: its value, its note, a
// milestone's new state and note) is a draft of its reporting unit. Drafts are shown only to that
// unit's statisticians and approvers and to administrators (`draftScope`); everyone else, leaders
// and anonymous visitors included, and every export and briefing, gets approved figures only.
import type { Db } from '../db/connect';
import type { SessionUser } from './users';

/** Whose drafts a viewer may see: every unit's, none, or those of the listed unit ids. */
export type DraftScope = 'all' | 'none' | number[];

export function draftScope(user: Pick<SessionUser, 'role' | 'units'> | null): DraftScope {
  if (!user) return 'none';
  if (user.role === 'admin') return 'all';
  if (user.role === 'statistician' || user.role === 'approver')
    return user.units.map((u) => u.id).sort((a, b) => a - b);
  return 'none';
}

export const seesDrafts = (scope: DraftScope, unitId: number | undefined) =>
  scope === 'all' || (scope !== 'none' && unitId !== undefined && scope.includes(unitId));

/**
 * A figure as a viewer sees it: the board's value and note, and a newer submission beside it
 * (`submitted`) for those who may see drafts. Null when there is nothing to show.
 */
export function shownPoint(
  row: {
    value: number;
    note: string | null;
    approvedValue: number | null;
    approvedNote: string | null;
    reviewState: string;
  },
  approvedOnly: boolean,
  drafts: boolean,
) {
  const value = shownValue(row, approvedOnly);
  if (value === null) return null;
  const note = !approvedOnly || drafts ? row.note : row.approvedNote;
  const submitted = row.reviewState === 'submitted' && (!approvedOnly || drafts) ? row.value : null;
  return { value, note, submitted };
}

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

/** A milestone update as a viewer sees it: drafts only to those who may see them; null: nothing to show. */
export function shownUpdate<S extends string>(
  row: { period: string; state: S; note: string | null; approvedState: S | null; approvedNote: string | null },
  approvedOnly: boolean,
  drafts: boolean,
) {
  const { state, note } = shownMilestone(row, approvedOnly && !drafts);
  return state === null ? null : { period: row.period, state, note };
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
