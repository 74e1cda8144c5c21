// plan.json is the source of truth for a plan's structure and targets. At each start the stored
// plan is brought in line with it, in one transaction: rows are matched by natural key (measure
// number, indicator code…) so their ids — and the figures reported against them — survive edits.
// Every changed field is written to plan_changes. Reported figures are never touched here.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { IndicatorDef, PlanDef } from '../../shared/plan-schema';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { PlanDefinitionError } from './load';

type Trx = Transaction<Database>;
export type Log = (message: string) => void;

export interface SyncResult {
  planId: string;
  created: boolean;
  /** Number of definition fields changed (0 when the file was already in the store). */
  changes: number;
}

export function definitionHash(def: PlanDef): string {
  return createHash('sha256').update(JSON.stringify(def)).digest('hex');
}

type Fields = Record<string, string | number | null>;

function changedFields(before: Fields, after: Fields): [string, string | number | null, string | number | null][] {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => [k, before[k] ?? null, after[k] ?? null]);
}

class ChangeRecorder {
  count = 0;
  constructor(
    private readonly trx: Trx,
    private readonly planId: string,
    private readonly at: string,
    private readonly log: Log,
  ) {}

  async record(entity: string, key: string, field: string, oldValue: unknown, newValue: unknown): Promise<void> {
    const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
    this.count++;
    this.log(`plan ${this.planId}: ${entity} ${key} ${field}: ${text(oldValue) ?? '∅'} → ${text(newValue) ?? '∅'}`);
    await this.trx
      .insertInto('planChanges')
      .values({
        planId: this.planId,
        entity,
        entityKey: key,
        field,
        oldValue: text(oldValue),
        newValue: text(newValue),
        changedAt: this.at,
      })
      .execute();
  }

  /** Record each changed field; returns whether anything changed. */
  async diff(entity: string, key: string, before: Fields, after: Fields): Promise<boolean> {
    const changes = changedFields(before, after);
    for (const [field, oldValue, newValue] of changes) await this.record(entity, key, field, oldValue, newValue);
    return changes.length > 0;
  }
}

function indicatorColumns(ind: IndicatorDef, measureId: number) {
  return {
    measureId,
    name: ind.name,
    nameEn: ind.nameEn,
    unit: ind.unit,
    unitEn: ind.unitEn,
    kind: ind.kind,
    reporting: ind.reporting,
    periodStart: ind.periodStart,
    periodEnd: ind.periodEnd,
    target: ind.kind === 'range' ? null : ind.target,
    tolerance: ind.kind === 'ceiling' || ind.kind === 'floor' || ind.kind === 'spread' ? ind.tolerance : null,
    min: ind.kind === 'range' ? ind.min : null,
    max: ind.kind === 'range' ? ind.max : null,
    aName: ind.kind === 'spread' ? ind.seriesA.name : null,
    aNameEn: ind.kind === 'spread' ? ind.seriesA.nameEn : null,
    bName: ind.kind === 'spread' ? ind.seriesB.name : null,
    bNameEn: ind.kind === 'spread' ? ind.seriesB.nameEn : null,
    source: ind.source,
    boundMin: ind.bounds?.min ?? null,
    boundMax: ind.bounds?.max ?? null,
    boundHardMin: ind.bounds?.hardMin ?? null,
    boundHardMax: ind.bounds?.hardMax ?? null,
  };
}

export async function syncPlan(db: Db, def: PlanDef, log: Log, now = new Date()): Promise<SyncResult> {
  const hash = definitionHash(def);
  const stored = await db.selectFrom('plans').select('definitionHash').where('id', '=', def.id).executeTakeFirst();
  if (stored?.definitionHash === hash) return { planId: def.id, created: false, changes: 0 };

  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const rec = new ChangeRecorder(trx, def.id, at, log);
    const planColumns = {
      title: def.title,
      titleEn: def.titleEn,
      issuer: def.issuer,
      issuerEn: def.issuerEn,
      docNumber: def.docNumber,
      issuedOn: def.issuedOn,
      validTo: def.validTo,
      scope: def.scope,
      scopeEn: def.scopeEn,
      onTrackGap: def.thresholds.onTrack,
      behindGap: def.thresholds.behind,
    };
    const planRow = await trx.selectFrom('plans').selectAll().where('id', '=', def.id).executeTakeFirst();
    if (!planRow) {
      await trx
        .insertInto('plans')
        .values({ id: def.id, ...planColumns, definitionHash: hash, updatedAt: at })
        .execute();
      log(`plan ${def.id}: created from plan.json`);
    } else {
      await rec.diff('plan', def.id, planRow, planColumns);
    }

    const unitIds = await syncUnits(trx, def, rec);
    const { sectionIds, subsectionIds } = await syncSections(trx, def, rec);
    const measureIds = await syncMeasures(trx, def, rec, unitIds, sectionIds, subsectionIds);
    await syncIndicators(trx, def, rec, measureIds);
    await syncMilestones(trx, def, rec, measureIds);
    await removeStale(trx, def, rec);

    await trx.updateTable('plans').set({ definitionHash: hash, updatedAt: at }).where('id', '=', def.id).execute();
    if (planRow) log(`plan ${def.id}: ${rec.count} definition change(s) applied from plan.json`);
    return { planId: def.id, created: !planRow, changes: rec.count };
  });
}

/** Units are one registry across plans: the same code is the same unit everywhere. */
async function syncUnits(trx: Trx, def: PlanDef, rec: ChangeRecorder): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const u of def.units) {
    const row = await trx.selectFrom('units').selectAll().where('code', '=', u.code).executeTakeFirst();
    const columns = { name: u.name, nameEn: u.nameEn, kind: u.kind };
    const clash = await trx
      .selectFrom('units')
      .select('code')
      .where('name', '=', u.name)
      .where('code', '!=', u.code)
      .executeTakeFirst();
    if (clash)
      throw new PlanDefinitionError(
        `plan ${def.id}: unit '${u.name}' has code '${u.code}' but the registry already holds it as '${clash.code}'`,
      );
    if (!row) {
      const inserted = await trx
        .insertInto('units')
        .values({ code: u.code, ...columns })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(u.code, inserted.id);
    } else {
      if (await rec.diff('unit', u.code, row, columns))
        await trx.updateTable('units').set(columns).where('id', '=', row.id).execute();
      ids.set(u.code, row.id);
    }
  }
  return ids;
}

async function syncSections(trx: Trx, def: PlanDef, rec: ChangeRecorder) {
  const sectionIds = new Map<number, number>();
  const subsectionIds = new Map<string, number>();
  for (const s of def.sections) {
    const columns = { title: s.title, titleEn: s.titleEn };
    const row = await trx
      .selectFrom('sections')
      .selectAll()
      .where('planId', '=', def.id)
      .where('no', '=', s.no)
      .executeTakeFirst();
    let id: number;
    if (!row) {
      id = (
        await trx
          .insertInto('sections')
          .values({ planId: def.id, no: s.no, ...columns })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      id = row.id;
      if (await rec.diff('section', String(s.no), row, columns))
        await trx.updateTable('sections').set(columns).where('id', '=', id).execute();
    }
    sectionIds.set(s.no, id);
    for (const sub of s.subsections) {
      const subColumns = { title: sub.title, titleEn: sub.titleEn };
      const subRow = await trx
        .selectFrom('subsections')
        .selectAll()
        .where('sectionId', '=', id)
        .where('no', '=', sub.no)
        .executeTakeFirst();
      if (!subRow) {
        const inserted = await trx
          .insertInto('subsections')
          .values({ sectionId: id, no: sub.no, ...subColumns })
          .returning('id')
          .executeTakeFirstOrThrow();
        subsectionIds.set(`${s.no}.${sub.no}`, inserted.id);
      } else {
        if (await rec.diff('subsection', `${s.no}.${sub.no}`, subRow, subColumns))
          await trx.updateTable('subsections').set(subColumns).where('id', '=', subRow.id).execute();
        subsectionIds.set(`${s.no}.${sub.no}`, subRow.id);
      }
    }
  }
  return { sectionIds, subsectionIds };
}

async function syncMeasures(
  trx: Trx,
  def: PlanDef,
  rec: ChangeRecorder,
  unitIds: Map<string, number>,
  sectionIds: Map<number, number>,
  subsectionIds: Map<string, number>,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const m of def.measures) {
    const columns = {
      sectionId: sectionIds.get(m.section) ?? 0,
      subsectionId: subsectionIds.get(`${m.section}.${m.subsection}`) ?? 0,
      title: m.title,
      titleEn: m.titleEn,
      text: m.text,
    };
    const row = await trx
      .selectFrom('measures')
      .selectAll()
      .where('planId', '=', def.id)
      .where('no', '=', m.no)
      .executeTakeFirst();
    let id: number;
    if (!row) {
      id = (
        await trx
          .insertInto('measures')
          .values({ planId: def.id, no: m.no, ...columns })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      id = row.id;
      if (await rec.diff('measure', String(m.no), row, columns))
        await trx.updateTable('measures').set(columns).where('id', '=', id).execute();
    }
    ids.set(m.no, id);

    const links = m.units.map((u, position) => ({
      measureId: id,
      position,
      unitId: unitIds.get(u.unit) ?? 0,
      role: u.role ?? null,
      roleEn: u.roleEn ?? null,
    }));
    const stored = await trx
      .selectFrom('measureUnits')
      .select(['position', 'unitId', 'role', 'roleEn'])
      .where('measureId', '=', id)
      .orderBy('position')
      .execute();
    const key = (l: { unitId: number; role: string | null; roleEn: string | null }[]) =>
      JSON.stringify(l.map((x) => [x.unitId, x.role, x.roleEn]));
    if (key(stored) !== key(links)) {
      const codeOf = new Map([...unitIds].map(([code, unitId]) => [unitId, code]));
      const describe = (l: { unitId: number; role: string | null }[]) =>
        l.map((x) => (x.role ? `${x.role}—` : '') + (codeOf.get(x.unitId) ?? `#${x.unitId}`));
      if (row) await rec.record('measure', String(m.no), 'units', describe(stored), describe(links));
      await trx.deleteFrom('measureUnits').where('measureId', '=', id).execute();
      await trx.insertInto('measureUnits').values(links).execute();
    }
  }
  return ids;
}

async function syncIndicators(trx: Trx, def: PlanDef, rec: ChangeRecorder, measureIds: Map<number, number>) {
  for (const ind of def.indicators) {
    const columns = indicatorColumns(ind, measureIds.get(ind.measure) ?? 0);
    const row = await trx
      .selectFrom('indicators')
      .selectAll()
      .where('planId', '=', def.id)
      .where('code', '=', ind.code)
      .executeTakeFirst();
    let id: number;
    if (!row) {
      id = (
        await trx
          .insertInto('indicators')
          .values({ planId: def.id, code: ind.code, ...columns })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      id = row.id;
      if (await rec.diff('indicator', ind.code, row, columns))
        await trx.updateTable('indicators').set(columns).where('id', '=', id).execute();
    }
    const schedule = (ind.schedule ?? []).map((s) => ({ indicatorId: id, period: s.period, value: s.value }));
    const stored = await trx
      .selectFrom('targetSchedule')
      .select(['period', 'value'])
      .where('indicatorId', '=', id)
      .orderBy('period')
      .execute();
    const key = (l: { period: string; value: number }[]) =>
      JSON.stringify([...l].sort((a, b) => a.period.localeCompare(b.period)).map((s) => [s.period, s.value]));
    if (key(stored) !== key(schedule)) {
      if (row) await rec.record('indicator', ind.code, 'schedule', stored, ind.schedule ?? []);
      await trx.deleteFrom('targetSchedule').where('indicatorId', '=', id).execute();
      if (schedule.length > 0) await trx.insertInto('targetSchedule').values(schedule).execute();
    }
  }
}

async function syncMilestones(trx: Trx, def: PlanDef, rec: ChangeRecorder, measureIds: Map<number, number>) {
  for (const ms of def.milestones) {
    const columns = {
      measureId: measureIds.get(ms.measure) ?? 0,
      task: ms.task,
      taskEn: ms.taskEn,
      deadline: ms.deadline,
      deadlineSource: ms.deadlineSource ?? null,
      source: ms.source,
    };
    const row = await trx
      .selectFrom('milestones')
      .selectAll()
      .where('planId', '=', def.id)
      .where('code', '=', ms.code)
      .executeTakeFirst();
    if (!row)
      await trx
        .insertInto('milestones')
        .values({ planId: def.id, code: ms.code, ...columns })
        .execute();
    else if (await rec.diff('milestone', ms.code, row, columns))
      await trx.updateTable('milestones').set(columns).where('id', '=', row.id).execute();
  }
}

/**
 * Rows no longer in plan.json are deleted, unless figures were reported against them: those
 * stop the sync with a message, because dropping reported figures silently is never right.
 */
async function removeStale(trx: Trx, def: PlanDef, rec: ChangeRecorder) {
  const codes = new Set(def.indicators.map((i) => i.code));
  const indicators = await trx.selectFrom('indicators').select(['id', 'code']).where('planId', '=', def.id).execute();
  for (const ind of indicators.filter((i) => !codes.has(i.code))) {
    const { n } = await trx
      .selectFrom('actuals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicatorId', '=', ind.id)
      .where('source', '!=', 'demo')
      .executeTakeFirstOrThrow();
    if (Number(n) > 0)
      throw new PlanDefinitionError(
        `plan ${def.id}: indicator ${ind.code} was removed from plan.json but has ${n} reported figure(s); restore it`,
      );
    await trx.deleteFrom('actuals').where('indicatorId', '=', ind.id).execute();
    await trx.deleteFrom('actualRevisions').where('indicatorId', '=', ind.id).execute();
    await trx.deleteFrom('targetSchedule').where('indicatorId', '=', ind.id).execute();
    await trx.deleteFrom('targetChanges').where('indicatorId', '=', ind.id).execute();
    await trx.deleteFrom('indicators').where('id', '=', ind.id).execute();
    await rec.record('indicator', ind.code, 'removed', ind.code, null);
  }

  const msCodes = new Set(def.milestones.map((m) => m.code));
  const milestones = await trx.selectFrom('milestones').select(['id', 'code']).where('planId', '=', def.id).execute();
  for (const ms of milestones.filter((m) => !msCodes.has(m.code))) {
    const { n } = await trx
      .selectFrom('milestoneUpdates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('milestoneId', '=', ms.id)
      .where('source', '!=', 'demo')
      .executeTakeFirstOrThrow();
    if (Number(n) > 0)
      throw new PlanDefinitionError(
        `plan ${def.id}: milestone ${ms.code} was removed from plan.json but has ${n} progress report(s); restore it`,
      );
    await trx.deleteFrom('milestoneUpdates').where('milestoneId', '=', ms.id).execute();
    await trx.deleteFrom('milestoneRevisions').where('milestoneId', '=', ms.id).execute();
    await trx.deleteFrom('milestones').where('id', '=', ms.id).execute();
    await rec.record('milestone', ms.code, 'removed', ms.code, null);
  }

  const measureNos = new Set(def.measures.map((m) => m.no));
  const measures = await trx.selectFrom('measures').select(['id', 'no']).where('planId', '=', def.id).execute();
  for (const m of measures.filter((x) => !measureNos.has(x.no))) {
    await trx.deleteFrom('measureUnits').where('measureId', '=', m.id).execute();
    await trx.deleteFrom('measures').where('id', '=', m.id).execute();
    await rec.record('measure', String(m.no), 'removed', m.no, null);
  }

  const sections = await trx.selectFrom('sections').select(['id', 'no']).where('planId', '=', def.id).execute();
  for (const s of sections) {
    const defSection = def.sections.find((d) => d.no === s.no);
    const keep = new Set(defSection?.subsections.map((x) => x.no) ?? []);
    const subs = await trx.selectFrom('subsections').select(['id', 'no']).where('sectionId', '=', s.id).execute();
    for (const sub of subs.filter((x) => !keep.has(x.no))) {
      await trx.deleteFrom('subsections').where('id', '=', sub.id).execute();
      await rec.record('subsection', `${s.no}.${sub.no}`, 'removed', sub.no, null);
    }
    if (!defSection) {
      await trx.deleteFrom('sections').where('id', '=', s.id).execute();
      await rec.record('section', String(s.no), 'removed', s.no, null);
    }
  }
}
