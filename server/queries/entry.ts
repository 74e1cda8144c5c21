// Web entry: warnings on figures before they are saved, and saving figures and milestone states
// together in one transaction (the form itself is in entry-form.ts).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CHECK_RULES, checkFigure, missingReason } from '../../shared/checks';
import { formatPeriod } from '../../shared/format';
import { periodOfDate, type Period } from '../../shared/period';
import { periodSchema, type IndicatorDef } from '../../shared/plan-schema';
import { checkMessage, seriesOf } from '../../shared/reporting';
import { milestoneStates, type SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import { assertUnitScope } from '../auth/unit-scope';
import {
  clearDemoBeforeRealWrite,
  saveActuals,
  saveMilestoneUpdates,
  WriteRuleError,
  type ActualInput,
} from './actuals';
import { writeAudit } from './audit';
import { listIndicatorDefs } from './indicators';
import { today } from '../clock';
import { planOrThrow } from './due';
import { openReceipt } from './receipts';
import { reportingUnits } from './reporting-units';
import type { SessionUser } from './users';

/** Who is acting, from where and when (the request's clock). */
export interface Actor {
  user: SessionUser;
  ip: string | null;
  now: Date;
}

const codeSchema = z.string().trim().min(1).max(40);
const noteSchema = z
  .string()
  .trim()
  .max(500, '说明最多 500 字')
  .nullish()
  .transform((n) => n || null);
const seriesSchema = z.enum(['value', 'a', 'b']);

export const entryPeriodInput = z.object({ planId: z.string().min(1).max(100), period: periodSchema });
const figureSchema = z.object({ code: codeSchema, series: seriesSchema.default('value'), value: z.number() });
export const entryCheckInput = entryPeriodInput.extend({ rows: z.array(figureSchema).max(500) });
export const entrySaveInput = entryPeriodInput.extend({
  rows: z
    .array(
      figureSchema.extend({
        note: noteSchema,
        /** The value the form showed (null: none); when it changed since, nothing is saved. */
        expected: z.number().nullable().optional(),
      }),
    )
    .max(500)
    .default([]),
  milestones: z
    .array(z.object({ code: codeSchema, state: z.enum(milestoneStates), note: noteSchema }))
    .max(500)
    .default([]),
  reason: z.string().trim().max(500).optional(),
  /** The user confirmed that saving may remove the plan's demo data (queries/go-live.ts). */
  confirmClearDemo: z.boolean().optional(),
});

const key = (id: number, series: string) => `${id}:${series}`;

/** The stored indicators and milestones behind the codes of a request, with their reporting units. */
async function resolveCodes(db: Db, planId: string, indicatorCodes: string[], milestoneCodes: string[]) {
  await planOrThrow(db, planId);
  const units = await reportingUnits(db, planId);
  const defs = new Map((await listIndicatorDefs(db, planId)).map((d) => [d.def.code, d]));
  const indicators = new Map(
    [...new Set(indicatorCodes)].map((code) => {
      const found = defs.get(code);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `方案“${planId}”中没有指标“${code}”` });
      return [code, { ...found, unitId: units.indicators.get(found.id)!.id }];
    }),
  );
  const msRows =
    milestoneCodes.length === 0
      ? []
      : await db
          .selectFrom('milestones')
          .select(['id', 'code'])
          .where('planId', '=', planId)
          .where('code', 'in', milestoneCodes)
          .execute();
  const milestones = new Map(
    [...new Set(milestoneCodes)].map((code) => {
      const found = msRows.find((m) => m.code === code);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `方案“${planId}”中没有任务节点“${code}”` });
      return [code, { id: found.id, unitId: units.milestones.get(found.id)!.id }];
    }),
  );
  return { indicators, milestones };
}

/** Every figure reported so far for these indicators (any month), by indicator and series. */
export async function figureHistory(db: Db, indicatorIds: number[]) {
  const rows =
    indicatorIds.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select(['indicatorId', 'series', 'period', 'value'])
          .where('indicatorId', 'in', indicatorIds)
          .execute();
  const byKey = new Map<string, { period: string; value: number }[]>();
  for (const r of rows) {
    const list = byKey.get(key(r.indicatorId, r.series)) ?? [];
    list.push(r);
    byKey.set(key(r.indicatorId, r.series), list);
  }
  return byKey;
}

/** Plausibility warnings for figures of one month, worded for the statistician (shared/reporting.ts). */
export function warningsFor(
  rows: { code: string; series: SeriesKey; value: number; id: number; def: IndicatorDef }[],
  period: Period,
  history: Map<string, { period: string; value: number }[]>,
) {
  return rows.flatMap((r) =>
    checkFigure(r.def, r.value, period, history.get(key(r.id, r.series)) ?? []).map((check) => ({
      code: r.code,
      series: r.series,
      /** The indicator as the statistician knows it, for dialogs ("I-41-2 供应产业用地"). */
      name: r.def.name,
      nameEn: r.def.nameEn,
      kind: check.kind,
      /** `error`: saving refuses it; `warning`: saved once confirmed, or given a reason (`needs`). */
      severity: CHECK_RULES[check.kind].severity,
      needs: CHECK_RULES[check.kind].needs,
      compared: check.compared,
      comparedPeriod: check.comparedPeriod,
      message: checkMessage(r.def, r.series, r.value, check, 'zh'),
      messageEn: checkMessage(r.def, r.series, r.value, check, 'en'),
    })),
  );
}

export async function checkFigures(db: Db, input: z.infer<typeof entryCheckInput>, user: SessionUser) {
  const { indicators } = await resolveCodes(
    db,
    input.planId,
    input.rows.map((r) => r.code),
    [],
  );
  await assertUnitScope(
    { db, user },
    [...indicators.values()].map((i) => i.unitId),
  );
  const rows = input.rows.map((r) => ({ ...r, ...indicators.get(r.code)! }));
  const warnings = warningsFor(
    rows,
    input.period,
    await figureHistory(
      db,
      [...indicators.values()].map((i) => i.id),
    ),
  );
  return { warnings };
}

const months = (periods: string[], lang: 'zh' | 'en') =>
  [...new Set(periods)]
    .sort()
    .map((p) => formatPeriod(p, lang))
    .join(lang === 'zh' ? '、' : ', ');

/** A refused write as the statistician should read it: which indicators, which months, what to do. */
export function writeRuleProblem(error: WriteRuleError, codeOf: (id: number) => string): TRPCError {
  const codes = [...new Set(error.rows.map((r) => codeOf(r.id)))].join('、');
  const periods = error.rows.map((r) => r.period);
  if (error.kind === 'reason_required')
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: `修改已报送的${months(periods, 'zh')}数值须填写修改原因（${codes}）`,
    });
  if (error.kind === 'conflict')
    return new TRPCError({
      code: 'CONFLICT',
      message: `数值已被他人修改，请刷新后重试（${codes}）`,
    });
  return new TRPCError({ code: 'BAD_REQUEST', message: error.message });
}

function refuse(message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message });
}

export async function saveEntry(db: Db, input: z.infer<typeof entrySaveInput>, actor: Actor) {
  const { planId, period } = input;
  const { indicators, milestones } = await resolveCodes(
    db,
    planId,
    input.rows.map((r) => r.code),
    input.milestones.map((m) => m.code),
  );
  await assertUnitScope({ db, user: actor.user }, [
    ...[...indicators.values()].map((i) => i.unitId),
    ...[...milestones.values()].map((m) => m.unitId),
  ]);

  if (period > periodOfDate(today())) refuse(`${formatPeriod(period, 'zh')}尚未到来，不能报送`);
  const rows = input.rows.map((r) => ({ ...r, ...indicators.get(r.code)! }));
  const seen = new Set<string>();
  for (const r of rows) {
    const label = r.series === 'value' ? `${r.code} ${r.def.name}` : `${r.code} ${r.def.name}（${r.series}）`;
    if (seen.has(key(r.id, r.series))) refuse(`${label}重复填报`);
    seen.add(key(r.id, r.series));
    if (!seriesOf(r.def).includes(r.series))
      refuse(`${r.code} ${r.def.name}没有序列“${r.series}”（应为 ${seriesOf(r.def).join('、')}）`);
    if (period < r.def.periodStart || period > r.def.periodEnd)
      refuse(
        `${r.code} ${r.def.name}的目标期为${formatPeriod(r.def.periodStart, 'zh')}至${formatPeriod(r.def.periodEnd, 'zh')}，${formatPeriod(period, 'zh')}无需报送`,
      );
  }
  if (new Set(input.milestones.map((m) => m.code)).size !== input.milestones.length) refuse('同一任务节点重复填报');

  const warnings = warningsFor(
    rows,
    period,
    await figureHistory(
      db,
      [...indicators.values()].map((i) => i.id),
    ),
  );
  // The shared rules (shared/checks.ts) decide: errors refuse the whole save; a warning that needs a
  // reason refuses it until the row's 备注 or the submission's 修改原因 gives one.
  const errors = warnings.filter((w) => w.severity === 'error');
  if (errors.length > 0) refuse(errors.map((w) => `${w.code} ${w.message}`).join('；'));
  const unexplained = rows.filter((r) =>
    missingReason(
      warnings.filter((w) => w.code === r.code && w.series === r.series),
      r.note,
      input.reason,
    ),
  );
  if (unexplained.length > 0)
    refuse(
      `请在备注或修改原因中说明：${unexplained
        .map((r) => `${r.code} ${warnings.find((w) => w.code === r.code && w.series === r.series)!.message}`)
        .join('；')}`,
    );
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const meta = {
    source: 'entry' as const,
    by: actor.user.username,
    reason: input.reason || null,
    reportPeriod: period,
    at: actor.now,
    confirmClearDemo: input.confirmClearDemo === true,
    actorId: actor.user.id,
    ip: actor.ip,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const before =
        rows.length === 0
          ? []
          : await trx
              .selectFrom('actuals')
              .select(['indicatorId', 'series', 'value', 'note'])
              .where('indicatorId', 'in', [...codeById.keys()])
              .where('period', '=', period)
              .execute();
      const msInputs = input.milestones.map((m) => ({ ...m, milestoneId: milestones.get(m.code)!.id, period }));
      const msBefore =
        msInputs.length === 0
          ? []
          : await trx
              .selectFrom('milestoneUpdates')
              .select(['milestoneId', 'state', 'note'])
              .where(
                'milestoneId',
                'in',
                msInputs.map((m) => m.milestoneId),
              )
              .where('period', '=', period)
              .execute();
      // The form showed demo values, if any: once they are gone (confirmed), the values it expected
      // name rows that no longer exist, and no real figure can have been written since.
      const demoCleared = await clearDemoBeforeRealWrite(trx, planId, meta);
      const receipt =
        rows.length + msInputs.length === 0
          ? null
          : await openReceipt(trx, {
              planId,
              userId: actor.user.id,
              source: 'entry',
              period,
              reason: meta.reason,
              at: actor.now,
            });
      const written = { ...meta, ...(receipt ? { onWritten: receipt.record } : {}) };
      const milestoneSummary = await saveMilestoneUpdates(trx, planId, msInputs, written);
      // Figures last: their conflict and reason checks throw after the milestone states were
      // written, and the whole transaction (both) rolls back.
      const figureInputs: ActualInput[] = rows.map((r) => ({
        indicatorId: r.id,
        series: r.series,
        period,
        value: r.value,
        note: r.note,
        ...(r.expected !== undefined && demoCleared === 0 ? { expected: r.expected } : {}),
      }));
      const figures = await saveActuals(trx, planId, figureInputs, written);
      const closed = await receipt?.close(trx, {
        inserted: figures.inserted + milestoneSummary.inserted,
        updated: figures.updated + milestoneSummary.updated,
        unchanged: figures.unchanged + milestoneSummary.unchanged,
      });

      const audit = { actorId: actor.user.id, ip: actor.ip, at: actor.now };
      for (const r of rows) {
        const old = before.find((b) => b.indicatorId === r.id && b.series === r.series);
        if (old && old.value === r.value && old.note === r.note) continue;
        await writeAudit(trx, {
          ...audit,
          action: 'figure.reported',
          entity: 'indicator',
          entityKey: `${planId}/${r.code}`,
          detail: { series: r.series, period, value: [old?.value ?? null, r.value], reason: meta.reason },
        });
      }
      for (const m of msInputs) {
        const old = msBefore.find((b) => b.milestoneId === m.milestoneId);
        if (old && old.state === m.state && old.note === m.note) continue;
        await writeAudit(trx, {
          ...audit,
          action: 'milestone.reported',
          entity: 'milestone',
          entityKey: `${planId}/${m.code}`,
          detail: { period, state: [old?.state ?? null, m.state], reason: meta.reason },
        });
      }
      return {
        figures,
        milestones: milestoneSummary,
        warnings,
        /** The receipt (回执) of this save; null when nothing was sent. */
        receiptId: closed?.id ?? null,
        pending: closed?.pending ?? 0,
      };
    });
  } catch (e) {
    if (e instanceof WriteRuleError) throw writeRuleProblem(e, (id) => codeById.get(id) ?? `#${id}`);
    throw e;
  }
}
