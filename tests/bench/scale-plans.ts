// Synthetic plans for benchmarks: `plans` plans × `indicators` indicators × `months` months of
// figures, shaped like the Changping plan (sections, measures, mixed kinds, milestones).
import { addMonths, periodRange } from '../../shared/period';
import type { IndicatorDef, PlanDef } from '../../shared/plan-schema';
import type { Db } from '../../server/db/connect';
import { listIndicatorDefs } from '../../server/queries/indicators';
import { syncPlan } from '../../server/plans/sync';

export const FIRST_MONTH = '2020-01';

export function syntheticPlan(index: number, indicators: number, months: number): PlanDef {
  const id = `bench-${String(index).padStart(2, '0')}`;
  const last = addMonths(FIRST_MONTH, months - 1);
  const measures = Math.ceil(indicators / 2);
  const kinds = ['cumulative', 'cumulative', 'cumulative', 'ceiling', 'floor', 'spread', 'range'] as const;
  const inds: IndicatorDef[] = Array.from({ length: indicators }, (_, i) => {
    const measure = Math.floor(i / 2) + 1;
    const base = {
      code: `I-${String(measure).padStart(2, '0')}-${(i % 2) + 1}`,
      measure,
      name: `指标${i + 1}`,
      nameEn: `Indicator ${i + 1}`,
      unit: '个',
      unitEn: 'items',
      reporting: 'cumulative' as const,
      periodStart: FIRST_MONTH,
      periodEnd: last,
      source: `指标${i + 1}`,
    };
    const kind = kinds[i % kinds.length]!;
    if (kind === 'cumulative') return { ...base, kind, target: 1000 };
    if (kind === 'range') return { ...base, kind, min: 100, max: 200 };
    if (kind === 'spread')
      return {
        ...base,
        kind,
        reporting: 'level' as const,
        target: 10,
        tolerance: 0,
        seriesA: { name: 'A', nameEn: 'A' },
        seriesB: { name: 'B', nameEn: 'B' },
      };
    return { ...base, kind, reporting: 'level' as const, target: 50, tolerance: 5 };
  });
  return {
    id,
    title: `基准方案${index}`,
    titleEn: `Bench plan ${index}`,
    issuer: '基准区人民政府',
    issuerEn: 'Bench District',
    docNumber: `基〔2020〕${index}号`,
    issuedOn: '2020-01-01',
    validTo: `${last}-28`,
    scope: '全区',
    scopeEn: 'the district',
    thresholds: { onTrack: 0, behind: -10 },
    units: [
      { code: 'bench-unit-a', name: '基准单位甲', nameEn: 'Bench unit A', kind: 'department' },
      { code: 'bench-unit-b', name: '基准单位乙', nameEn: 'Bench unit B', kind: 'department' },
    ],
    sections: [{ no: 1, title: '部分一', titleEn: 'Part 1', subsections: [{ no: 1, title: '小节', titleEn: 'Sub' }] }],
    measures: Array.from({ length: measures }, (_, i) => ({
      no: i + 1,
      section: 1,
      subsection: 1,
      title: `措施${i + 1}`,
      titleEn: `Measure ${i + 1}`,
      text: `措施${i + 1}的内容。`,
      units: [{ unit: i % 2 ? 'bench-unit-a' : 'bench-unit-b' }, { unit: i % 2 ? 'bench-unit-b' : 'bench-unit-a' }],
    })),
    indicators: inds,
    milestones: [],
  };
}

/**
 * A synthetic plan of cumulative indicators only: one value per indicator-month, as a
 * statistician's sheet has (the import bench's plan, and tests of large uploads).
 */
export function cumulativePlan(index: number, indicators: number, months: number): PlanDef {
  const plan = syntheticPlan(index, indicators, months);
  plan.indicators = plan.indicators.map((i): IndicatorDef => ({
    code: i.code,
    measure: i.measure,
    name: i.name,
    nameEn: i.nameEn,
    unit: i.unit,
    unitEn: i.unitEn,
    reporting: 'cumulative',
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    source: i.source,
    kind: 'cumulative',
    target: 1_000_000,
  }));
  return plan;
}

/** Create the plans and fill every month of every indicator; returns the plan ids. */
export async function seedScale(db: Db, plans: number, indicators: number, months: number): Promise<string[]> {
  const ids: string[] = [];
  const periods = periodRange(FIRST_MONTH, addMonths(FIRST_MONTH, months - 1));
  for (let p = 0; p < plans; p++) {
    const def = syntheticPlan(p, indicators, months);
    await syncPlan(db, def, () => {});
    const stored = await listIndicatorDefs(db, def.id);
    const rows = stored.flatMap(({ id, def: ind }) =>
      periods.flatMap((period, m) => {
        const at = '2025-01-01T00:00:00.000Z';
        const common = {
          indicatorId: id,
          period,
          note: null,
          source: 'upload' as const,
          reportedBy: 'bench',
          reportedAt: at,
        };
        if (ind.kind === 'spread')
          return [
            { ...common, series: 'a', value: 20 + (m % 5) },
            { ...common, series: 'b', value: 9 + (m % 3) },
          ];
        const value = ind.kind === 'cumulative' || ind.kind === 'range' ? ((m + 1) / months) * 990 : 45 + (m % 10);
        return [{ ...common, series: 'value', value }];
      }),
    );
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('actuals')
          .values(rows.slice(i, i + 500))
          .execute();
    });
    ids.push(def.id);
  }
  return ids;
}
