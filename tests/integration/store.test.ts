import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect } from 'vitest';
import type { PlanDef } from '../../shared/plan-schema';
import { prepareDatabase } from '../../server/bootstrap';
import { migrations } from '../../server/db/migrate';
import { saveActuals } from '../../server/queries/actuals';
import { PlanDefinitionError, loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';
import { changping, count, freshDatabaseUrl, miniPlanDir, repoRoot, silent, test } from '../fixtures';

const tmp = mkdtempSync(path.join(tmpdir(), 'plan-monitor-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const clone = (def: PlanDef): PlanDef => structuredClone(def);

async function indicatorId(db: Parameters<typeof count>[0], code: string) {
  const row = await db
    .selectFrom('indicators')
    .select('id')
    .where('planId', '=', 'changping-2022')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('migrations', () => {
  test('create every table with foreign keys enforced', async ({ emptyDb }) => {
    const tables = await emptyDb.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'plans',
        'units',
        'measures',
        'measure_units',
        'indicators',
        'target_schedule',
        'milestones',
        'actuals',
        'actual_revisions',
        'milestone_updates',
        'milestone_revisions',
        'plan_changes',
      ]),
    );
    await expect(
      sql`insert into measures (plan_id, no, section_id, subsection_id, title, title_en, text) values ('nope', 1, 1, 1, 't', 't', 't')`.execute(
        emptyDb,
      ),
    ).rejects.toThrow(/foreign key/i);
  });
});

describe('syncing plan.json into the store', () => {
  test('stores the whole plan: 59 measures, units once each, links in listed order', async ({ planDb }) => {
    expect(await count(planDb, 'measures')).toBe(59);
    expect(await count(planDb, 'indicators')).toBe(changping.indicators.length);
    expect(await count(planDb, 'milestones')).toBe(changping.milestones.length);
    expect(await count(planDb, 'units')).toBe(changping.units.length);
    const links = await planDb
      .selectFrom('measureUnits')
      .innerJoin('measures', 'measures.id', 'measureUnits.measureId')
      .innerJoin('units', 'units.id', 'measureUnits.unitId')
      .select(['units.name', 'measureUnits.role'])
      .where('measures.no', '=', 1)
      .orderBy('measureUnits.position')
      .execute();
    expect(links.map((l) => l.name)).toEqual(['区税务局', '区财政局']);
  });

  test('is idempotent: a second sync changes and duplicates nothing', async ({ planDb }) => {
    const before = await Promise.all(
      (['measures', 'indicators', 'units', 'measureUnits', 'milestones'] as const).map((t) => count(planDb, t)),
    );
    const again = await syncPlan(planDb, changping, silent);
    expect(again).toEqual({ planId: 'changping-2022', created: false, changes: 0 });
    const forced = await syncPlan(planDb, { ...clone(changping) }, silent); // same content, same hash
    expect(forced.changes).toBe(0);
    const after = await Promise.all(
      (['measures', 'indicators', 'units', 'measureUnits', 'milestones'] as const).map((t) => count(planDb, t)),
    );
    expect(after).toEqual(before);
  });

  test('a corrected target updates the stored one, is logged, and leaves reported figures alone', async ({
    planDb,
  }) => {
    const id = await indicatorId(planDb, 'I-41-2');
    await saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-05', value: 900 }], {
      source: 'entry',
      by: 'tester',
    });
    const edited = clone(changping);
    const land = edited.indicators.find((i) => i.code === 'I-41-2');
    if (land?.kind !== 'cumulative') throw new Error('fixture changed');
    land.target = 2600;
    const lines: string[] = [];
    const result = await syncPlan(planDb, edited, (l) => lines.push(l));
    expect(result.changes).toBe(1);
    expect(lines.join('\n')).toContain('indicator I-41-2 target: 2500 → 2600');
    const stored = await planDb
      .selectFrom('indicators')
      .select(['id', 'target'])
      .where('code', '=', 'I-41-2')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ id, target: 2600 });
    const changes = await planDb.selectFrom('planChanges').selectAll().execute();
    expect(changes).toMatchObject([
      { entity: 'indicator', entityKey: 'I-41-2', field: 'target', oldValue: '2500', newValue: '2600' },
    ]);
    const actual = await planDb
      .selectFrom('actuals')
      .select(['value', 'source'])
      .where('indicatorId', '=', id)
      .execute();
    expect(actual).toEqual([{ value: 900, source: 'entry' }]);
  });

  test('refuses to drop an indicator that has reported figures, and rolls back the whole sync', async ({ planDb }) => {
    const id = await indicatorId(planDb, 'I-54-1');
    await saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-03', value: 800 }], {
      source: 'entry',
      by: 'tester',
    });
    const edited = clone(changping);
    edited.title = '改过的标题';
    edited.indicators = edited.indicators.filter((i) => i.code !== 'I-54-1');
    await expect(syncPlan(planDb, edited, silent)).rejects.toThrow(
      /I-54-1 was removed from plan.json but has 1 reported figure/,
    );
    const plan = await planDb.selectFrom('plans').select('title').executeTakeFirstOrThrow();
    expect(plan.title).toBe(changping.title);
    expect(await count(planDb, 'planChanges')).toBe(0);
  });

  test('drops an indicator without figures when plan.json no longer has it', async ({ planDb }) => {
    const edited = clone(changping);
    edited.indicators = edited.indicators.filter((i) => i.code !== 'I-39-4');
    await syncPlan(planDb, edited, silent);
    expect(await count(planDb, 'indicators')).toBe(changping.indicators.length - 1);
    const log = await planDb.selectFrom('planChanges').select(['entityKey', 'field']).execute();
    expect(log).toEqual([{ entityKey: 'I-39-4', field: 'removed' }]);
  });

  test('a second plan is just another folder, sharing units by code', async ({ planDb }) => {
    const mini = loadPlanFolder(miniPlanDir);
    await syncPlan(planDb, mini, silent);
    const plans = await planDb.selectFrom('plans').select('id').orderBy('id').execute();
    expect(plans.map((p) => p.id)).toEqual(['changping-2022', 'mini-2023']);
    const finance = await planDb.selectFrom('units').select('id').where('name', '=', '区财政局').execute();
    expect(finance).toHaveLength(1);
    const schedule = await planDb
      .selectFrom('targetSchedule')
      .innerJoin('indicators', 'indicators.id', 'targetSchedule.indicatorId')
      .select(['targetSchedule.period', 'targetSchedule.value'])
      .where('indicators.planId', '=', 'mini-2023')
      .orderBy('targetSchedule.period')
      .execute();
    expect(schedule).toEqual([
      { period: '2023-06', value: 400 },
      { period: '2023-12', value: 1200 },
    ]);
  });

  test('a unit code that clashes with the registry stops the sync with a message', async ({ planDb }) => {
    const mini = loadPlanFolder(miniPlanDir);
    mini.units[0]!.code = 'district-finance';
    for (const m of mini.measures)
      for (const u of m.units) if (u.unit === 'finance-bureau') u.unit = 'district-finance';
    await expect(syncPlan(planDb, mini, silent)).rejects.toThrow(PlanDefinitionError);
  });
});

describe('loading plan folders', () => {
  test('lists every problem of an invalid plan.json with its path', () => {
    const bad = path.join(tmp, 'broken-plan');
    const def = clone(loadPlanFolder(miniPlanDir)) as unknown as Record<string, unknown> & PlanDef;
    def.id = 'broken-plan';
    def.measures[0]!.units[0]!.unit = 'nobody';
    (def.indicators[0] as unknown as Record<string, unknown>).target = '1200套';
    writePlan(bad, def);
    let message = '';
    try {
      loadPlanFolder(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('indicators.0.target');
    writePlan(bad, { ...def, indicators: loadPlanFolder(miniPlanDir).indicators });
    expect(() => loadPlanFolder(bad)).toThrow(/measure 1: unknown unit 'nobody'/);
  });
});

function writePlan(dir: string, def: unknown) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(def));
}

describe('a database file across starts', () => {
  test('the second start reuses the file and duplicates nothing', async () => {
    const config = {
      DATABASE_URL: await freshDatabaseUrl(tmp, 'twice'),
      DEMO: true,
      PLANS_DIR: path.join(repoRoot, 'data/plans'),
    };
    const firstLog: string[] = [];
    const first = await prepareDatabase(config, (l) => firstLog.push(l));
    const counts = async (db: typeof first) =>
      Promise.all(
        (['measures', 'indicators', 'actuals', 'milestoneUpdates', 'units'] as const).map((t) => count(db, t)),
      );
    const before = await counts(first);
    await first.destroy();
    expect(firstLog.join('\n')).toMatch(/seeded \d+ demo row/);

    const secondLog: string[] = [];
    const second = await prepareDatabase(config, (l) => secondLog.push(l));
    expect(await counts(second)).toEqual(before);
    expect(secondLog).toEqual([]);
    await second.destroy();

    const noDemo = await prepareDatabase({ ...config, DEMO: false }, silent);
    expect(await count(noDemo, 'actuals')).toBe(0);
    expect(await count(noDemo, 'measures')).toBe(59);
    await noDemo.destroy();
  });
});

describe('migration list', () => {
  test('registers every file in server/db/migrations, in order', () => {
    const files = readdirSync(path.join(repoRoot, 'server/db/migrations'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
