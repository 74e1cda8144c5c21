import { Migrator, sql } from 'kysely';
import { describe, expect } from 'vitest';
import { migrations } from '../../server/db/migrate';
import { saveActuals } from '../../server/queries/actuals';
import { figureHistory } from '../../server/queries/history';
import { createCaller } from '../../server/routers/_app';
import { count, test } from '../fixtures';
import { PLAN, asUser, boardValue, failure, reportingClock } from '../reporting';

async function* inChunks<T>(chunks: T[][]) {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

describe('history.indicator', () => {
  test('lists every change (old → new, who, when, why), the review events and each month as it stands', async ({
    accountsDb,
  }) => {
    const clock = reportingClock();
    const stat = await asUser(accountsDb, 'stat-finance', clock);
    const approver = await asUser(accountsDb, 'approver-dr', clock);
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2100 }] });
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000, note: '初报' }] });
    const queue = await approver.review.queue({ planId: PLAN });
    await approver.review.approve({
      planId: PLAN,
      items: queue.figures.map((f) => ({ kind: 'figure' as const, id: f.id })),
    });
    clock.advance(3_600_000);
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2300, note: '含补录' }],
      reason: '补录两宗地块',
    });

    const leader = await asUser(accountsDb, 'leader');
    const history = await stat.history.indicator({ planId: PLAN, code: 'I-41-2' });
    expect(history).toMatchObject({ code: 'I-41-2', name: '供应产业用地', unit: '亩', series: ['value'] });
    expect(
      history.revisions.map((r) => [r.period, r.oldValue, r.newValue, r.newNote, r.reason, r.changedBy, r.changedAt]),
    ).toEqual([
      ['2022-09', null, 2100, null, null, 'stat-finance', '2022-11-03T02:00:00.000Z'],
      ['2022-10', null, 2000, '初报', null, 'stat-finance', '2022-11-03T02:00:00.000Z'],
      ['2022-10', 2000, 2300, '含补录', '补录两宗地块', 'stat-finance', '2022-11-03T03:00:00.000Z'],
    ]);
    expect(history.revisions[0]).toMatchObject({
      source: 'entry',
      changedByName: '示例统计员',
      uploadId: null,
      fileName: null,
      revertOf: null,
    });
    expect(history.events.map((e) => [e.action, e.actor])).toEqual([
      ['figure.reported', 'stat-finance'],
      ['figure.reported', 'stat-finance'],
      ['figure.approved', 'approver-dr'],
      ['figure.approved', 'approver-dr'],
      ['figure.reported', 'stat-finance'],
    ]);
    expect(history.months.map((m) => [m.period, m.value, m.approvedValue, m.reviewState])).toEqual([
      ['2022-09', 2100, 2100, 'approved'],
      ['2022-10', 2300, 2000, 'submitted'],
    ]);
    // The resubmission of 2022-10 is 区财政局's draft: a leader reads the month as last approved,
    // without the change, its note and its report.
    const asLeader = await leader.history.indicator({ planId: PLAN, code: 'I-41-2' });
    expect(asLeader.revisions.map((r) => [r.period, r.oldValue, r.newValue])).toEqual([
      ['2022-09', null, 2100],
      ['2022-10', null, 2000],
    ]);
    expect(JSON.stringify(asLeader)).not.toMatch(/2300|含补录|补录两宗地块/);
    expect(asLeader.events.map((e) => e.action)).toEqual([
      'figure.reported',
      'figure.reported',
      'figure.approved',
      'figure.approved',
    ]);
    expect(asLeader.months.map((m) => [m.period, m.value, m.approvedValue, m.reviewState, m.reviewedBy])).toEqual([
      ['2022-09', 2100, 2100, 'approved', 'approver-dr'],
      ['2022-10', 2000, 2000, 'approved', 'approver-dr'],
    ]);
    expect(
      await failure(createCaller({ db: accountsDb }).history.indicator({ planId: PLAN, code: 'I-41-2' })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
    // Drafts are the reporting unit's own: an approver of 区发展改革委 cannot read 区财政局's history.
    expect((await approver.history.indicator({ planId: PLAN, code: 'I-41-2' })).code).toBe('I-41-2');
    expect(await failure(approver.history.indicator({ planId: PLAN, code: 'I-19-2' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('区财政局') as string,
    });
    expect(await failure(leader.history.indicator({ planId: PLAN, code: 'I-99-9' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: "No indicator 'I-99-9' in plan 'changping-2022'",
    });
  });
});

test('names the uploaded file a change came from, when the uploads table exists', async ({ accountsDb }) => {
  const stat = await asUser(accountsDb, 'stat-finance');
  await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
  await accountsDb.updateTable('actuals').set({ uploadId: 'u-1' }).execute();
  const raw = accountsDb.withoutPlugins();
  const uploads = (await raw.introspection.getTables()).find((t) => t.name === 'uploads');
  // The uploads table belongs to the upload feature; fill its required columns whatever they are.
  if (uploads) {
    const values = Object.fromEntries(
      uploads.columns
        .filter((c) => !c.isNullable && !c.hasDefaultValue && !c.isAutoIncrementing)
        .map((c) => [c.name, /int/i.test(c.dataType) ? 0 : 'x']),
    );
    const row: Record<string, unknown> = { ...values, id: 'u-1', plan_id: PLAN, file_name: '10月报表.xlsx' };
    const columns = Object.keys(row);
    await sql`insert into uploads (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => row[c]))})`.execute(
      raw,
    );
  }
  const history = await stat.history.indicator({ planId: PLAN, code: 'I-41-2' });
  expect(history.revisions[0]).toMatchObject({ uploadId: 'u-1', fileName: uploads ? '10月报表.xlsx' : null });
});

describe('history.revert', () => {
  test('an admin’s revert writes a new revision restoring the old value; history is never deleted', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000, note: '初报' }] });
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 20000 }] });
    const admin = await asUser(accountsDb, 'admin');
    const [first, wrong] = (await admin.history.indicator({ planId: PLAN, code: 'I-41-2' })).revisions;

    expect(await failure(stat.history.revert({ planId: PLAN, revisionId: wrong!.id!, reason: '误录' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(admin.history.revert({ planId: PLAN, revisionId: wrong!.id!, reason: ' ' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('撤销须填写原因') as string,
    });
    expect(await failure(admin.history.revert({ planId: PLAN, revisionId: first!.id!, reason: '误录' }))).toMatchObject(
      {
        code: 'BAD_REQUEST',
        message: expect.stringContaining('是首次报送，之前没有数值可恢复') as string,
      },
    );

    const result = await admin.history.revert({ planId: PLAN, revisionId: wrong!.id!, reason: '多录一个0' });
    expect(result).toMatchObject({ revertOf: wrong!.id!, value: 2000, reviewState: 'submitted' });
    const after = await admin.history.indicator({ planId: PLAN, code: 'I-41-2' });
    expect(after.revisions.map((r) => [r.oldValue, r.newValue, r.newNote, r.reason, r.changedBy, r.revertOf])).toEqual([
      [null, 2000, '初报', null, 'stat-finance', null],
      [2000, 20000, null, null, 'stat-finance', null],
      [20000, 2000, '初报', '多录一个0', 'admin', wrong!.id],
    ]);
    expect(after.events.at(-1)).toMatchObject({
      action: 'figure.reverted',
      actor: 'admin',
      detail: { revisionId: wrong!.id!, newRevisionId: result.revisionId, value: [20000, 2000], reason: '多录一个0' },
    });
    expect(after.months.map((m) => [m.period, m.value, m.note])).toEqual([['2022-10', 2000, '初报']]);
    expect(await count(accountsDb, 'actualRevisions')).toBe(3);

    expect(await failure(admin.history.revert({ planId: PLAN, revisionId: wrong!.id!, reason: '再来' }))).toMatchObject(
      {
        code: 'BAD_REQUEST',
        message: expect.stringContaining('无需撤销') as string,
      },
    );
    const queue = await (await asUser(accountsDb, 'approver-dr')).review.queue({ planId: PLAN });
    await (
      await asUser(accountsDb, 'approver-dr')
    ).review.approve({
      planId: PLAN,
      items: queue.figures.map((f) => ({ kind: 'figure' as const, id: f.id })),
    });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toMatchObject({ value: 2000 });
  });
});

describe('where a first report is kept', () => {
  const landId = async (db: Parameters<typeof count>[0]) =>
    (await db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow()).id;
  const values = (rows: Awaited<ReturnType<typeof figureHistory>>) =>
    rows.map((r) => [r.period, r.oldValue, r.newValue, r.reason, r.uploadId, r.id === null ? 'row' : 'revision']);

  test('in the figure row until the value changes, then in actual_revisions, read the same', async ({ planDb }) => {
    const id = await landId(planDb);
    const at = (h: number) => new Date(Date.UTC(2022, 10, 3, h));
    const meta = { source: 'upload' as const, by: 'stat-finance', uploadId: 'u-1', reason: '首报' };
    await saveActuals(planDb, PLAN, [{ indicatorId: id, series: 'value', period: '2022-09', value: 10 }], {
      ...meta,
      at: at(1),
    });
    expect(await count(planDb, 'actualRevisions')).toBe(0);
    expect(values(await figureHistory(planDb, id))).toEqual([['2022-09', null, 10, '首报', 'u-1', 'row']]);

    await saveActuals(planDb, PLAN, [{ indicatorId: id, series: 'value', period: '2022-09', value: 12 }], {
      ...meta,
      uploadId: 'u-2',
      reason: '更正',
      at: at(2),
    });
    expect(values(await figureHistory(planDb, id))).toEqual([
      ['2022-09', null, 10, '首报', 'u-1', 'revision'],
      ['2022-09', 10, 12, '更正', 'u-2', 'revision'],
    ]);
    expect(await planDb.selectFrom('actuals').select(['value', 'reason', 'uploadId']).execute()).toEqual([
      { value: 12, reason: '更正', uploadId: 'u-2' },
    ]);
  });

  test.for([
    ['in one array', [[4, 4]]],
    [
      'in chunks, the second copy of each key in a later chunk',
      [
        [2, 4],
        [4, 4],
      ],
    ],
  ] as const)(
    'a key given twice in one batch (%s): a new figure is written with its last value, a stored one keeps both changes',
    async ([form, progressed], { planDb }) => {
      const id = await landId(planDb);
      const figure = (period: string, value: number) => ({ indicatorId: id, series: 'value' as const, period, value });
      const meta = { source: 'entry' as const, by: 'stat-finance', reason: '核对' };
      await saveActuals(planDb, PLAN, [figure('2022-08', 5)], meta);
      const halves = [
        [figure('2022-09', 1), figure('2022-08', 6)],
        [figure('2022-09', 2), figure('2022-08', 7)],
      ];
      const progress: [number, number][] = [];
      const summary = await saveActuals(
        planDb,
        PLAN,
        form === 'in one array' ? halves.flat() : { count: 4, chunks: inChunks(halves) },
        { ...meta, onProgress: (done, total) => progress.push([done, total]) },
      );
      expect(summary).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
      expect(progress).toEqual(progressed);
      expect(await planDb.selectFrom('actuals').select(['period', 'value']).orderBy('period').execute()).toEqual([
        { period: '2022-08', value: 7 },
        { period: '2022-09', value: 2 },
      ]);
      expect(values(await figureHistory(planDb, id)).map(([period, from, to]) => [period, from, to])).toEqual([
        ['2022-08', null, 5],
        ['2022-09', null, 2],
        ['2022-08', 5, 6],
        ['2022-08', 6, 7],
      ]);
    },
  );

  test('a rule broken in a later chunk: every chunk is still checked, and what earlier chunks wrote is rolled back', async ({
    planDb,
  }) => {
    const id = await landId(planDb);
    const figure = (period: string, value: number, expected?: number | null) => ({
      indicatorId: id,
      series: 'value' as const,
      period,
      value,
      expected,
    });
    const meta = { source: 'upload' as const, by: 'stat-finance' };
    await saveActuals(planDb, PLAN, [figure('2022-08', 5)], meta);
    const before = await planDb.selectFrom('actuals').selectAll().execute();
    const refused = saveActuals(
      planDb,
      PLAN,
      {
        count: 4,
        chunks: inChunks([
          [figure('2022-07', 3, null), figure('2022-06', 2, null)],
          [figure('2022-08', 9, 4), figure('2022-09', 1, 1)],
        ]),
      },
      meta,
    );
    await expect(refused).rejects.toMatchObject({
      kind: 'conflict',
      rows: [
        { id, series: 'value', period: '2022-08' },
        { id, series: 'value', period: '2022-09' },
      ],
    });
    expect(await planDb.selectFrom('actuals').selectAll().execute()).toEqual(before);
    expect(await count(planDb, 'actualRevisions')).toBe(0);
  });

  test('migration 2026-11-28-0007: up gives each stored figure its latest revision’s reason and upload; down writes rows’ first reports back', async ({
    planDb,
  }) => {
    const raw = planDb.withoutPlugins();
    const migrator = new Migrator({
      db: raw,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const id = await landId(planDb);
    await saveActuals(
      planDb,
      PLAN,
      [
        { indicatorId: id, series: 'value', period: '2022-08', value: 8 },
        { indicatorId: id, series: 'value', period: '2022-09', value: 9 },
      ],
      { source: 'upload', by: 'stat-finance', uploadId: 'u-1', reason: '首报', at: new Date('2022-11-03T00:00:00Z') },
    );
    // Down to just before 0007 (later migrations go down first), and back up to it below.
    const down = await migrator.migrateTo('2026-11-28-0006-upload-lines');
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toEqual(
      expect.objectContaining({ migrationName: '2026-11-28-0007-figure-provenance', status: 'Success' }),
    );
    // As the older code kept them: one revision per first report.
    const kept = await sql<{ period: string; new_value: number; reason: string; upload_id: string }>`
      select period, new_value, reason, upload_id from actual_revisions order by period`.execute(raw);
    expect(kept.rows).toEqual([
      { period: '2022-08', new_value: 8, reason: '首报', upload_id: 'u-1' },
      { period: '2022-09', new_value: 9, reason: '首报', upload_id: 'u-1' },
    ]);
    // A change written by the older code: its revision, not the row, says where it came from.
    await sql`update actuals set value = 10 where period = '2022-09'`.execute(raw);
    await sql`insert into actual_revisions
        (indicator_id, series, period, old_value, new_value, reason, source, changed_by, changed_at, upload_id)
      values (${id}, 'value', '2022-09', 9, 10, '更正', 'upload', 'stat-finance', '2022-11-04T00:00:00.000Z', 'u-2')`.execute(
      raw,
    );

    const up = await migrator.migrateTo('2026-11-28-0007-figure-provenance');
    expect(up.error).toBeUndefined();
    expect(
      await planDb.selectFrom('actuals').select(['period', 'value', 'reason', 'uploadId']).orderBy('period').execute(),
    ).toEqual([
      { period: '2022-08', value: 8, reason: '首报', uploadId: 'u-1' },
      { period: '2022-09', value: 10, reason: '更正', uploadId: 'u-2' },
    ]);
    expect(values(await figureHistory(planDb, id)).map(([period, from, to]) => [period, from, to])).toEqual([
      ['2022-08', null, 8],
      ['2022-09', null, 9],
      ['2022-09', 9, 10],
    ]);
  });
});
