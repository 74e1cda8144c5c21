import type { Db } from '../db/connect';

/**
 * Which unit reports an indicator or milestone: the lead unit of its measure (the first listed
 * 责任单位). Scope checks, entry forms, uploads and 催报 all go through this one rule.
 */
export async function reportingUnits(db: Db, planId: string) {
  const leads = db
    .selectFrom('measureUnits')
    .innerJoin('units', 'units.id', 'measureUnits.unitId')
    .select(['measureUnits.measureId', 'units.id as unitId', 'units.code as unitCode', 'units.name as unitName'])
    .where('measureUnits.position', '=', 0);
  const indicators = await db
    .selectFrom('indicators')
    .innerJoin(leads.as('lead'), 'lead.measureId', 'indicators.measureId')
    .select(['indicators.id', 'lead.unitId', 'lead.unitCode', 'lead.unitName'])
    .where('indicators.planId', '=', planId)
    .execute();
  const milestones = await db
    .selectFrom('milestones')
    .innerJoin(leads.as('lead'), 'lead.measureId', 'milestones.measureId')
    .select(['milestones.id', 'lead.unitId', 'lead.unitCode', 'lead.unitName'])
    .where('milestones.planId', '=', planId)
    .execute();
  const toMap = (rows: typeof indicators) =>
    new Map(rows.map((r) => [r.id, { id: r.unitId, code: r.unitCode, name: r.unitName }]));
  return { indicators: toMap(indicators), milestones: toMap(milestones) };
}
