// The monthly entry form: what a user's units must report for a month (server/queries/due.ts),
// with last month's value, the target, the reporting convention and what was already entered.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { addMonths, type Period } from '../../shared/period';
import { reportingLabel, seriesName, seriesOf, seriesUnit, targetText } from '../../shared/reporting';
import type { Db } from '../db/connect';
import { assertUnitScope } from '../auth/unit-scope';
import { dueItems } from './due';
import { entryPeriodInput } from './entry';
import type { SessionUser } from './users';

export const entryFormInput = entryPeriodInput.extend({ unitCode: z.string().min(1).max(100).optional() });

/** The units a form covers: the one asked for (in scope), else all of a statistician's, all for an admin. */
async function formUnits(db: Db, user: SessionUser, unitCode: string | undefined): Promise<number[] | null> {
  if (unitCode === undefined) return user.role === 'admin' ? null : user.units.map((u) => u.id);
  const unit = await db.selectFrom('units').select('id').where('code', '=', unitCode).executeTakeFirst();
  if (!unit) throw new TRPCError({ code: 'NOT_FOUND', message: `No unit '${unitCode}'` });
  await assertUnitScope({ db, user }, [unit.id]);
  return [unit.id];
}

export async function entryForm(db: Db, input: z.infer<typeof entryFormInput>, user: SessionUser) {
  const { planId, period } = input;
  const due = await dueItems(db, planId, period, await formUnits(db, user, input.unitCode));
  const previous = addMonths(period, -1);
  const indicatorIds = due.indicators.map((i) => i.id);
  const actuals =
    indicatorIds.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select([
            'indicatorId',
            'series',
            'period',
            'value',
            'note',
            'reviewState',
            'reviewComment',
            'reviewedBy',
            'reviewedAt',
            'approvedValue',
            'reportedBy',
            'reportedAt',
          ])
          .where('indicatorId', 'in', indicatorIds)
          .where('period', 'in', [previous, period])
          .execute();
  const milestoneIds = due.milestones.map((m) => m.id);
  const updates =
    milestoneIds.length === 0
      ? []
      : await db
          .selectFrom('milestoneUpdates')
          .select([
            'milestoneId',
            'period',
            'state',
            'note',
            'reviewState',
            'reviewComment',
            'reviewedBy',
            'reviewedAt',
            'approvedState',
            'reportedBy',
            'reportedAt',
          ])
          .where('milestoneId', 'in', milestoneIds)
          .where('period', '<=', period)
          .orderBy('period')
          .execute();

  const indicators = due.indicators.flatMap(({ id, def, unit }) =>
    seriesOf(def).map((series) => {
      const at = (p: Period) => actuals.find((a) => a.indicatorId === id && a.series === series && a.period === p);
      const last = at(previous);
      const current = at(period);
      return {
        code: def.code,
        series,
        measureNo: def.measure,
        name: def.name,
        nameEn: def.nameEn,
        seriesName: seriesName(def, series, 'zh'),
        seriesNameEn: seriesName(def, series, 'en'),
        unit: seriesUnit(def, series, 'zh'),
        unitEn: seriesUnit(def, series, 'en'),
        kind: def.kind,
        reporting: def.reporting,
        reportingLabel: reportingLabel(def, period, 'zh'),
        reportingLabelEn: reportingLabel(def, period, 'en'),
        target: targetText(def, 'zh'),
        targetEn: targetText(def, 'en'),
        periodStart: def.periodStart,
        periodEnd: def.periodEnd,
        reportingUnit: { code: unit.code, name: unit.name },
        lastMonth: last ? { period: previous, value: last.value } : null,
        current: current
          ? {
              value: current.value,
              note: current.note,
              reviewState: current.reviewState,
              reviewComment: current.reviewComment,
              reviewedBy: current.reviewedBy,
              reviewedAt: current.reviewedAt,
              approvedValue: current.approvedValue,
              reportedBy: current.reportedBy,
              reportedAt: current.reportedAt,
            }
          : null,
      };
    }),
  );
  const milestones = due.milestones.map((ms) => {
    const own = updates.filter((u) => u.milestoneId === ms.id);
    const current = own.find((u) => u.period === period);
    const before = own.filter((u) => u.period < period).at(-1);
    return {
      code: ms.code,
      measureNo: ms.measureNo,
      task: ms.task,
      taskEn: ms.taskEn,
      deadline: ms.deadline,
      overdue: ms.overdue,
      reportingUnit: { code: ms.unit.code, name: ms.unit.name },
      previous: before ? { period: before.period, state: before.state, note: before.note } : null,
      current: current
        ? {
            state: current.state,
            note: current.note,
            reviewState: current.reviewState,
            reviewComment: current.reviewComment,
            reviewedBy: current.reviewedBy,
            reviewedAt: current.reviewedAt,
            approvedState: current.approvedState,
            reportedBy: current.reportedBy,
            reportedAt: current.reportedAt,
          }
        : null,
    };
  });
  return {
    planId,
    period,
    dueDate: due.dueDate,
    approvalRequired: due.plan.approvalRequired === 1,
    indicators,
    milestones,
  };
}
