import type { Db } from '../db/connect';

export async function listPlans(db: Db) {
  return db
    .selectFrom('plans')
    .select(['id', 'title', 'titleEn', 'docNumber', 'issuedOn', 'validTo'])
    .orderBy('issuedOn', 'desc')
    .execute();
}

export async function findPlan(db: Db, planId: string) {
  return db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

/** Sections, subsections and measures with their responsible units (lead unit first). */
export async function planTree(db: Db, planId: string) {
  const sections = await db
    .selectFrom('sections')
    .select(['id', 'no', 'title', 'titleEn'])
    .where('planId', '=', planId)
    .orderBy('no')
    .execute();
  const subsections = await db
    .selectFrom('subsections')
    .innerJoin('sections', 'sections.id', 'subsections.sectionId')
    .select(['subsections.id', 'subsections.sectionId', 'subsections.no', 'subsections.title', 'subsections.titleEn'])
    .where('sections.planId', '=', planId)
    .orderBy('subsections.no')
    .execute();
  const measures = await db
    .selectFrom('measures')
    .select(['id', 'no', 'sectionId', 'subsectionId', 'title', 'titleEn', 'text'])
    .where('planId', '=', planId)
    .orderBy('no')
    .execute();
  const units = await db
    .selectFrom('measureUnits')
    .innerJoin('measures', 'measures.id', 'measureUnits.measureId')
    .innerJoin('units', 'units.id', 'measureUnits.unitId')
    .select([
      'measureUnits.measureId',
      'measureUnits.position',
      'measureUnits.role',
      'measureUnits.roleEn',
      'units.code',
      'units.name',
      'units.nameEn',
      'units.kind',
    ])
    .where('measures.planId', '=', planId)
    .orderBy('measureUnits.measureId')
    .orderBy('measureUnits.position')
    .execute();

  return sections.map((s) => ({
    no: s.no,
    title: s.title,
    titleEn: s.titleEn,
    subsections: subsections
      .filter((sub) => sub.sectionId === s.id)
      .map((sub) => ({
        no: sub.no,
        title: sub.title,
        titleEn: sub.titleEn,
        measures: measures
          .filter((m) => m.subsectionId === sub.id)
          .map((m) => ({
            no: m.no,
            title: m.title,
            titleEn: m.titleEn,
            text: m.text,
            units: units
              .filter((u) => u.measureId === m.id)
              .map(({ code, name, nameEn, kind, role, roleEn }) => ({ code, name, nameEn, kind, role, roleEn })),
          })),
      })),
  }));
}
