// The plan definition as data: what `data/plans/<id>/plan.json` must hold.
// Loading validates with these schemas, then `checkPlanReferences` checks what a schema cannot
// (every unit reference resolves, measures numbered 1..N, codes unique).
import { z } from 'zod';

const isoDate = z.iso.date();
export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

export const unitKinds = ['department', 'agency', 'company', 'town', 'group'] as const;

export const unitSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'unit codes are lower-case slugs'),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** `group` is a placeholder for several bodies (各镇街, 各行业主管部门, 各部门). */
  kind: z.enum(unitKinds),
});

/** One responsible unit of a measure; the first in a measure's list is the lead unit. */
export const measureUnitSchema = z.strictObject({
  unit: z.string(),
  /** Role group inside a task force, e.g. measure 7's 办公室 / 国有房屋组. */
  role: z.string().optional(),
  roleEn: z.string().optional(),
});

export const measureSchema = z.strictObject({
  no: z.number().int().positive(),
  section: z.number().int().positive(),
  subsection: z.number().int().positive(),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  /** Full wording of the measure, source whitespace and line breaks removed, nothing reworded. */
  text: z.string().min(1),
  units: z.array(measureUnitSchema).min(1),
});

export const sectionSchema = z.strictObject({
  no: z.number().int().positive(),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  subsections: z.array(
    z.strictObject({ no: z.number().int().positive(), title: z.string().min(1), titleEn: z.string().min(1) }),
  ),
});

export const indicatorKinds = ['cumulative', 'ceiling', 'floor', 'spread', 'range'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/**
 * How units report a figure each month:
 * - `cumulative`: January-to-month total (1–N月累计), so the latest report is the running total;
 * - `monthly`: that month's own amount, summed over the target period;
 * - `level`: the current level or rate (a stock, a percentage), judged on the latest report.
 */
export const reportingConventions = ['cumulative', 'monthly', 'level'] as const;
export type ReportingConvention = (typeof reportingConventions)[number];

const scheduleSchema = z.array(z.strictObject({ period: periodSchema, value: z.number() })).min(1);

const indicatorBase = {
  code: z.string().regex(/^I-\d{2}-\d+$/, 'indicator codes look like I-41-2'),
  measure: z.number().int().positive(),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  unit: z.string(),
  unitEn: z.string(),
  reporting: z.enum(reportingConventions),
  /** The target's own period; 序时进度 is measured across it. */
  periodStart: periodSchema,
  periodEnd: periodSchema,
  /** The exact phrase of the plan text the target comes from. */
  source: z.string().min(1),
  /** Optional phased plan of cumulative values by month (replaces linear time progress). */
  schedule: scheduleSchema.optional(),
  /**
   * Plausible figures (shared/checks.ts): outside min…max is a warning that needs a reason, outside
   * hardMin…hardMax an error (by default min…max widened by its width on each side). Each series
   * of a spread is held to them.
   */
  bounds: z
    .strictObject({
      min: z.number().optional(),
      max: z.number().optional(),
      hardMin: z.number().optional(),
      hardMax: z.number().optional(),
    })
    .optional(),
};

export const indicatorSchema = z.discriminatedUnion('kind', [
  /** Reach `target` (or more) by the end of the period. */
  z.strictObject({ ...indicatorBase, kind: z.literal('cumulative'), target: z.number().nonnegative() }),
  /** Latest value must stay at or below `target`; up to `tolerance` above it counts as 左右 (at risk). */
  z.strictObject({
    ...indicatorBase,
    kind: z.literal('ceiling'),
    target: z.number(),
    tolerance: z.number().nonnegative().default(0),
  }),
  /** Latest value must stay at or above `target`; up to `tolerance` below it is at risk. */
  z.strictObject({
    ...indicatorBase,
    kind: z.literal('floor'),
    target: z.number(),
    tolerance: z.number().nonnegative().default(0),
  }),
  /** Series A minus series B must be at least `target` (both series reported). */
  z.strictObject({
    ...indicatorBase,
    kind: z.literal('spread'),
    target: z.number(),
    tolerance: z.number().nonnegative().default(0),
    seriesA: z.strictObject({ name: z.string(), nameEn: z.string() }),
    seriesB: z.strictObject({ name: z.string(), nameEn: z.string() }),
  }),
  /** Between `min` and `max` (a count to reach, or a level to hold). */
  z.strictObject({ ...indicatorBase, kind: z.literal('range'), min: z.number(), max: z.number() }),
]);
export type IndicatorDef = z.infer<typeof indicatorSchema>;

export const milestoneSchema = z.strictObject({
  code: z.string().regex(/^T-\d{2}-\d+$/, 'milestone codes look like T-07-1'),
  measure: z.number().int().positive(),
  task: z.string().min(1),
  taskEn: z.string().min(1),
  /** Last day the task may be done; the plan's validTo when the text gives no date. */
  deadline: isoDate,
  /** The wording the deadline came from (6月30日前, 年内, 10月份 …), absent when defaulted. */
  deadlineSource: z.string().optional(),
  source: z.string().min(1),
});
export type MilestoneDef = z.infer<typeof milestoneSchema>;

export const thresholdsSchema = z.strictObject({
  /** On track when gap (pp) ≥ onTrack; at risk between; behind when gap ≤ behind. */
  onTrack: z.number().default(0),
  behind: z.number().default(-10),
});

export const planSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  issuer: z.string().min(1),
  issuerEn: z.string().min(1),
  docNumber: z.string().min(1),
  issuedOn: isoDate,
  validTo: isoDate,
  /** Who the plan's figures describe, used in sentences ("全区累计…"). */
  scope: z.string().default(''),
  scopeEn: z.string().default(''),
  thresholds: thresholdsSchema.default({ onTrack: 0, behind: -10 }),
  units: z.array(unitSchema).min(1),
  sections: z.array(sectionSchema).min(1),
  measures: z.array(measureSchema).min(1),
  indicators: z.array(indicatorSchema),
  milestones: z.array(milestoneSchema),
});
export type PlanDef = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;

/** Cross-references a schema cannot express. Returns every problem, not just the first. */
export function checkPlanReferences(plan: PlanDef): string[] {
  const problems: string[] = [];
  const dup = (what: string, keys: (string | number)[]) => {
    const seen = new Set<string | number>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`duplicate ${what} ${k}`);
      seen.add(k);
    }
  };
  dup(
    'unit code',
    plan.units.map((u) => u.code),
  );
  dup(
    'unit name',
    plan.units.map((u) => u.name),
  );
  dup(
    'indicator code',
    plan.indicators.map((i) => i.code),
  );
  dup(
    'milestone code',
    plan.milestones.map((m) => m.code),
  );

  const units = new Set(plan.units.map((u) => u.code));
  const measures = new Set(plan.measures.map((m) => m.no));
  plan.measures.forEach((m, i) => {
    if (m.no !== i + 1) problems.push(`measure at position ${i + 1} is numbered ${m.no}`);
    const section = plan.sections.find((s) => s.no === m.section);
    if (!section) problems.push(`measure ${m.no}: no section ${m.section}`);
    else if (!section.subsections.some((s) => s.no === m.subsection))
      problems.push(`measure ${m.no}: section ${m.section} has no subsection ${m.subsection}`);
    for (const u of m.units) if (!units.has(u.unit)) problems.push(`measure ${m.no}: unknown unit '${u.unit}'`);
    dup(
      `unit in measure ${m.no}:`,
      m.units.map((u) => `${u.role ?? ''}/${u.unit}`),
    );
  });
  for (const ind of plan.indicators) {
    if (!measures.has(ind.measure)) problems.push(`${ind.code}: no measure ${ind.measure}`);
    if (ind.code.slice(2, 4) !== String(ind.measure).padStart(2, '0'))
      problems.push(`${ind.code}: code does not match measure ${ind.measure}`);
    if (ind.periodStart > ind.periodEnd) problems.push(`${ind.code}: period starts after it ends`);
    if (ind.kind === 'range' && ind.min > ind.max) problems.push(`${ind.code}: min is above max`);
    const b = ind.bounds;
    if (b && b.min !== undefined && b.max !== undefined && b.min > b.max)
      problems.push(`${ind.code}: bounds min is above max`);
    if (b && b.hardMin !== undefined && b.min !== undefined && b.hardMin > b.min)
      problems.push(`${ind.code}: bounds hardMin is above min`);
    if (b && b.hardMax !== undefined && b.max !== undefined && b.hardMax < b.max)
      problems.push(`${ind.code}: bounds hardMax is below max`);
    for (const s of ind.schedule ?? [])
      if (s.period < ind.periodStart || s.period > ind.periodEnd)
        problems.push(`${ind.code}: schedule month ${s.period} is outside its period`);
  }
  for (const ms of plan.milestones) {
    if (!measures.has(ms.measure)) problems.push(`${ms.code}: no measure ${ms.measure}`);
    if (ms.code.slice(2, 4) !== String(ms.measure).padStart(2, '0'))
      problems.push(`${ms.code}: code does not match measure ${ms.measure}`);
  }
  for (const m of plan.measures) {
    const tracked = plan.indicators.some((i) => i.measure === m.no) || plan.milestones.some((t) => t.measure === m.no);
    if (!tracked) problems.push(`measure ${m.no} has neither an indicator nor a milestone`);
  }
  return problems;
}
