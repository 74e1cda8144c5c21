import type { Period } from '../../shared/period';
import type { IndicatorDef, ReportingConvention } from '../../shared/plan-schema';
import { definitionInForce, type TargetChange } from '../../shared/target-changes';
import type { Db } from '../db/connect';
import type { IndicatorRow } from '../db/schema';
import { nextTurn } from '../next-turn';
import { targetChangesOf } from './target-changes';

function boundsFromRow(row: IndicatorRow): Pick<IndicatorDef, 'bounds'> {
  const stated = {
    min: row.boundMin,
    max: row.boundMax,
    hardMin: row.boundHardMin,
    hardMax: row.boundHardMax,
  };
  const bounds = Object.fromEntries(Object.entries(stated).filter(([, v]) => v !== null && v !== undefined));
  return Object.keys(bounds).length > 0 ? { bounds } : {};
}

/** Rebuild the plan-definition shape the status engine takes from a stored indicator row. */
export function indicatorDefFromRow(
  row: IndicatorRow & { measureNo: number },
  schedule: { period: string; value: number }[] = [],
): IndicatorDef {
  const base = {
    code: row.code,
    measure: row.measureNo,
    name: row.name,
    nameEn: row.nameEn,
    unit: row.unit,
    unitEn: row.unitEn,
    reporting: row.reporting as ReportingConvention,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    source: row.source,
    ...(schedule.length > 0 ? { schedule } : {}),
    ...boundsFromRow(row),
  };
  const target = row.target ?? 0;
  const tolerance = row.tolerance ?? 0;
  switch (row.kind) {
    case 'cumulative':
      return { ...base, kind: 'cumulative', target };
    case 'ceiling':
      return { ...base, kind: 'ceiling', target, tolerance };
    case 'floor':
      return { ...base, kind: 'floor', target, tolerance };
    case 'spread':
      return {
        ...base,
        kind: 'spread',
        target,
        tolerance,
        seriesA: { name: row.aName ?? '', nameEn: row.aNameEn ?? '' },
        seriesB: { name: row.bName ?? '', nameEn: row.bNameEn ?? '' },
      };
    case 'range':
      return { ...base, kind: 'range', min: row.min ?? 0, max: row.max ?? 0 };
    default:
      throw new Error(`Indicator ${row.code} has an unknown kind '${row.kind}'`);
  }
}

/**
 * A plan's indicators in measure then code order, in the engine's shape, keyed by database id.
 * With a month, each definition is the one in force for it (调整目标, shared/target-changes.ts)
 * and `change` is the change that made it; without one, the plan's own definitions.
 * A turn of the event loop after each of its two reads: on a plan of 1,700 indicators the reads and
 * the rebuilding held the loop 25–100 ms in one stretch (PM_BENCH_STALLS during an import's dry
 * run), and requests waited behind it.
 */
export async function listIndicatorDefs(db: Db, planId: string, period?: Period) {
  const rows = await db
    .selectFrom('indicators')
    .innerJoin('measures', 'measures.id', 'indicators.measureId')
    .selectAll('indicators')
    .select('measures.no as measureNo')
    .where('indicators.planId', '=', planId)
    .orderBy('measures.no')
    .orderBy('indicators.id')
    .execute();
  await nextTurn();
  const schedule = await db
    .selectFrom('targetSchedule')
    .innerJoin('indicators', 'indicators.id', 'targetSchedule.indicatorId')
    .select(['targetSchedule.indicatorId', 'targetSchedule.period', 'targetSchedule.value'])
    .where('indicators.planId', '=', planId)
    .orderBy('targetSchedule.period')
    .execute();
  await nextTurn();
  const byIndicator = new Map<number, { period: string; value: number }[]>();
  for (const { indicatorId, period, value } of schedule) {
    const list = byIndicator.get(indicatorId);
    if (list) list.push({ period, value });
    else byIndicator.set(indicatorId, [{ period, value }]);
  }
  const changes = period === undefined ? new Map<number, TargetChange[]>() : await targetChangesOf(db, planId);
  return rows.map((row) => {
    const def = indicatorDefFromRow(row, byIndicator.get(row.id) ?? []);
    const own = changes.get(row.id);
    if (!own || period === undefined) return { id: row.id, def, change: null };
    return { id: row.id, ...definitionInForce(def, own, period) };
  });
}
