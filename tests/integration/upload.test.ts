// Excel/CSV upload end to end over a real socket: the template, the dry run, the commit and its
// rules (reason for earlier months, no lost update, all or nothing), scope, and the cross-site
// guard. The awkward and hostile files are in upload-files.test.ts.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Db } from '../../server/db/connect';
import { saveActuals } from '../../server/queries/actuals';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { count } from '../fixtures';
import { PLAN, test, type Outputs, type Server } from './upload-helpers';

const DR_CODES = [
  'I-39-1',
  'I-39-2',
  'I-39-3',
  'I-39-4',
  'I-40-1',
  'I-41-1',
  'I-41-2',
  'I-41-3',
  'I-41-4',
  'I-41-5',
  'I-43-1',
  'I-57-1',
];

async function idOf(db: Db, code: string) {
  const row = await db
    .selectFrom('indicators')
    .select('id')
    .where('planId', '=', PLAN)
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stored(db: Db, code: string, period: string, series = 'value') {
  return db
    .selectFrom('actuals')
    .selectAll()
    .where('indicatorId', '=', await idOf(db, code))
    .where('series', '=', series)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** Earlier figures as if typed in the entry form. */
async function seed(db: Db, figures: [code: string, period: string, value: number][]) {
  const rows = [];
  for (const [code, period, value] of figures)
    rows.push({ indicatorId: await idOf(db, code), series: 'value' as const, period, value });
  await saveActuals(db, PLAN, rows, { source: 'entry', by: 'stat-finance' });
}

async function template(server: Server, cookie: string, query: string) {
  const res = await fetch(`${server.base}/api/templates?${query}`, { headers: { cookie } });
  return res;
}

async function workbookOf(res: Response) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

/** A report sheet as people fill it: header then rows of [code, name, value, period, note]. */
async function reportFile(rows: unknown[][], header = ['指标代码', '指标名称', '本月数值', '报告期', '备注']) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const commit = (server: Server, cookie: string, uploadId: string, reason?: string) =>
  server.trpc<Outputs['upload']['commit']>(cookie, 'upload.commit', { uploadId, ...(reason ? { reason } : {}) }, true);

describe('templates', { timeout: 30_000 }, () => {
  test('an .xlsx per unit and month: title, header, one row per indicator the unit reports, last month prefilled', async ({
    server,
  }) => {
    await seed(server.db, [['I-41-2', '2022-09', 900]]);
    const cookie = await server.login('stat-finance');
    const res = await template(server, cookie, `plan=${PLAN}&unit=development-reform-commission&period=2022-10`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="plan-monitor-development-reform-commission-2022-10.xlsx"; filename*=UTF-8''${encodeURIComponent('区发展改革委-2022-10-指标报送表.xlsx')}`,
    );
    const ws = (await workbookOf(res)).worksheets[0]!;
    expect(ws.getCell('A1').text).toBe('区发展改革委 2022年10月 指标数据报送表');
    expect(ws.getRow(3).values).toEqual([undefined, ...TEMPLATE_HEADER]);
    const rows = DR_CODES.map((_, i) => ws.getRow(4 + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(DR_CODES);
    expect(ws.getRow(4 + DR_CODES.length).getCell(1).value).toBeNull();
    const land = rows[DR_CODES.indexOf('I-41-2')]!;
    expect(land.values).toEqual([undefined, 'I-41-2', '供应产业用地', '亩', '1–10月累计', '2022-10', 900]);
    expect(rows[DR_CODES.indexOf('I-41-1')]!.getCell(4).value).toBe('7–10月累计');
    expect(rows[DR_CODES.indexOf('I-57-1')]!.getCell(4).value).toBe('最新水平');
    expect(land.getCell(5).dataValidation).toMatchObject({ type: 'list' });
    expect(String(land.getCell(5).dataValidation.formulae[0])).toContain('2022-10');
    expect(land.getCell(7).dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual' });
  });

  test('a .csv in UTF-8 with a BOM, same rows', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const res = await template(
      server,
      cookie,
      `plan=${PLAN}&unit=development-reform-commission&period=2022-10&format=csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[1]).toBe(TEMPLATE_HEADER.join(','));
    expect(lines.slice(2).map((l) => l.split(',')[0])).toEqual(DR_CODES);
  });

  test('a spread is two rows, one per rate (admin, any unit)', async ({ server }) => {
    const cookie = await server.login('admin');
    const res = await template(server, cookie, `plan=${PLAN}&unit=financial-affairs-office&period=2022-10`);
    const ws = (await workbookOf(res)).worksheets[0]!;
    expect(ws.getRow(4).values).toEqual(
      expect.arrayContaining(['I-09-1a', '普惠小微贷款增速高出各项贷款增速（普惠小微贷款增速）', '%']),
    );
    expect(ws.getRow(5).values).toEqual(expect.arrayContaining(['I-09-1b', '%']));
  });

  test('only for the user’s own units, logged in, as statistician or admin', async ({ server }) => {
    const query = (unit: string, period = '2022-10') => `plan=${PLAN}&unit=${unit}&period=${period}`;
    const stat = await server.login('stat-finance');
    const other = await template(server, stat, query('government-services-bureau'));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({
      error: { message: expect.stringContaining('无权操作区政务服务局的数据') as string },
    });
    expect((await template(server, '', query('development-reform-commission'))).status).toBe(401);
    expect((await template(server, await server.login('leader'), query('development-reform-commission'))).status).toBe(
      403,
    );
    expect((await template(server, stat, query('no-such-unit'))).status).toBe(404);
    expect((await template(server, stat, query('development-reform-commission', '2022-13'))).status).toBe(400);
    const nothingDue = await template(server, stat, query('development-reform-commission', '2023-05'));
    expect(nothingDue.status).toBe(404);
    expect(await nothingDue.json()).toMatchObject({
      error: { message: expect.stringContaining('没有需要报送的指标') as string },
    });
  });
});

describe('dry run and commit', { timeout: 30_000 }, () => {
  test('a filled template previews as new rows; commit writes them from the upload, once', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const res = await template(server, cookie, `plan=${PLAN}&unit=development-reform-commission&period=2022-10`);
    const wb = await workbookOf(res);
    const ws = wb.worksheets[0]!;
    const rowOf = (code: string) => ws.getRow(4 + DR_CODES.indexOf(code));
    rowOf('I-41-2').getCell(7).value = 1200;
    rowOf('I-41-2').getCell(8).value = '含两宗补录';
    rowOf('I-41-3').getCell(7).value = '12,300';
    rowOf('I-57-1').getCell(7).value = 2.1;
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = await server.upload(cookie, file, '区发展改革委10月.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      planId: PLAN,
      period: '2022-10',
      fileName: '区发展改革委10月.xlsx',
      fileKind: 'xlsx',
      sheet: '2022-10报送',
      summary: { rows: 3, new: 3, changed: 0, unchanged: 0, errors: 0, canCommit: true, clearsDemo: false },
    });
    expect(preview.body.rows).toEqual([
      expect.objectContaining({
        rowNumber: 10,
        code: 'I-41-2',
        status: 'new',
        old: null,
        value: 1200,
        note: '含两宗补录',
      }),
      expect.objectContaining({ rowNumber: 11, code: 'I-41-3', status: 'new', value: 12300, unit: '套（间）' }),
      expect.objectContaining({ rowNumber: 15, code: 'I-57-1', status: 'new', value: 2.1, problems: [] }),
    ]);
    expect(preview.body.notes).toContain('有 9 行没有填写“本月数值”，未导入（第4、5、6、7、8、9、12、13、14行）');
    // A dry run writes no figure.
    expect(await count(server.db, 'actuals')).toBe(0);

    const done = await commit(server, cookie, preview.body.uploadId);
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await stored(server.db, 'I-41-3', '2022-10')).toMatchObject({
      value: 12300,
      source: 'upload',
      reportedBy: 'stat-finance',
      reviewState: 'submitted',
    });
    // New figures: each row names the upload it came from; revision rows come with a first change.
    const rows = await server.db.selectFrom('actuals').selectAll().execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.uploadId === preview.body.uploadId && r.source === 'upload')).toBe(true);
    expect(await count(server.db, 'actualRevisions')).toBe(0);
    const record = await server.db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      id: preview.body.uploadId,
      fileName: '区发展改革委10月.xlsx',
      sha256: createHash('sha256').update(file).digest('hex'),
      fileSize: file.length,
      sheet: '2022-10报送',
      newCount: 3,
      writtenCount: 3,
      preview: null,
    });
    expect(record.committedAt).not.toBeNull();
    const audit = await server.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'upload.committed')
      .executeTakeFirstOrThrow();
    expect(audit.entityKey).toBe(preview.body.uploadId);
    expect(JSON.parse(audit.detail!)).toMatchObject({ fileName: '区发展改革委10月.xlsx', inserted: 3 });

    const again = await commit(server, cookie, preview.body.uploadId);
    expect(again.status).toBe(409);

    // The same file once more: nothing new, and committing it writes nothing.
    const repeat = await server.upload(cookie, file, '区发展改革委10月.xlsx');
    expect(repeat.body.summary).toMatchObject({ rows: 3, new: 0, changed: 0, unchanged: 3, errors: 0 });
    expect(repeat.body.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const second = await commit(server, cookie, repeat.body.uploadId);
    expect(second.data).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await count(server.db, 'actualRevisions')).toBe(0);
    const after = await server.db.selectFrom('actuals').select('uploadId').execute();
    expect(after.map((r) => r.uploadId)).toEqual([0, 1, 2].map(() => preview.body.uploadId));
  });

  test('the page follows a dry run and a commit by a token of its own; nobody else can read it', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const rows = [
      ['I-41-2', '供应产业用地', 1200, '2022-10'],
      ['I-41-3', '建设筹集保障性租赁住房', 12300, '2022-10'],
    ];
    const progressOf = async (who: string, token: string) =>
      (await server.trpc<Outputs['upload']['progress']>(who, 'upload.progress', { token })).data;
    const preview = await server.upload(cookie, await reportFile(rows), '进度.xlsx', { progress: 'dry-run-token-1' });
    expect(preview.body.summary).toMatchObject({ rows: 2, new: 2 });
    expect(await progressOf(cookie, 'dry-run-token-1')).toEqual({ phase: 'done', done: 2, total: 2 });
    // Another uploader guessing the token learns nothing.
    expect(await progressOf(await server.login('admin'), 'dry-run-token-1')).toBeNull();
    expect(await progressOf(cookie, 'never-used-token')).toBeNull();

    const done = await server.trpc<Outputs['upload']['commit']>(
      cookie,
      'upload.commit',
      { uploadId: preview.body.uploadId, progressToken: 'commit-token-1' },
      true,
    );
    expect(done.data).toMatchObject({ inserted: 2 });
    expect(await progressOf(cookie, 'commit-token-1')).toEqual({ phase: 'done', done: 2, total: 2 });
    // Tokens are short plain strings; anything else is refused, not stored.
    const bad = await server.trpc(cookie, 'upload.progress', { token: '<script>' });
    expect(bad.error.data.code).toBe('BAD_REQUEST');
  });

  test('changing an earlier month needs a reason: refused without, written with', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const september = await server.upload(cookie, await reportFile([['I-41-2', null, 900, '2022-09']]), 'sep.xlsx', {
      period: '2022-09',
    });
    expect((await commit(server, cookie, september.body.uploadId)).status).toBe(200);

    const file = await reportFile([
      ['I-41-2', null, 950, '2022-09', '补录一宗'],
      ['I-41-2', null, 1200, '2022-10'],
    ]);
    const preview = await server.upload(cookie, file, 'oct.xlsx');
    expect(preview.body.rows[0]).toMatchObject({
      rowNumber: 2,
      period: '2022-09',
      status: 'changed',
      old: 900,
      value: 950,
      needsReason: true,
      warnings: [
        { column: '本月数值', message: '第2行“本月数值”列：修改已报送的数值（原为 900亩），提交时需填写修改原因' },
      ],
    });
    expect(preview.body.summary).toMatchObject({ changed: 1, new: 1, needsReason: 1, canCommit: true });

    const refused = await commit(server, cookie, preview.body.uploadId);
    expect(refused.status).toBe(400);
    expect(refused.error.message).toContain(
      '以下行须填写修改原因后再提交（本次未写入任何数据）：第2行（I-41-2，2022年9月）',
    );
    expect(await stored(server.db, 'I-41-2', '2022-09')).toMatchObject({ value: 900 });
    expect(await stored(server.db, 'I-41-2', '2022-10')).toBeUndefined();

    const accepted = await commit(server, cookie, preview.body.uploadId, '国土部门补录一宗');
    expect(accepted.status).toBe(200);
    expect(await stored(server.db, 'I-41-2', '2022-09')).toMatchObject({ value: 950, note: '补录一宗' });
    const revision = await server.db
      .selectFrom('actualRevisions')
      .selectAll()
      .where('period', '=', '2022-09')
      .where('oldValue', '=', 900)
      .executeTakeFirstOrThrow();
    expect(revision).toMatchObject({ newValue: 950, reason: '国土部门补录一宗', uploadId: preview.body.uploadId });
  });

  test('a value changed by someone else after the preview: CONFLICT naming the row, nothing written', async ({
    server,
  }) => {
    const cookie = await server.login('stat-finance');
    const preview = await server.upload(
      cookie,
      await reportFile([
        ['I-41-3', null, 12300, '2022-10'],
        ['I-41-2', null, 1200, '2022-10'],
      ]),
      'oct.xlsx',
    );
    expect(preview.body.summary).toMatchObject({ new: 2, canCommit: true });
    // Meanwhile a colleague types October's land figure into the entry form.
    await saveActuals(
      server.db,
      PLAN,
      [{ indicatorId: await idOf(server.db, 'I-41-2'), series: 'value', period: '2022-10', value: 1100 }],
      { source: 'entry', by: 'admin' },
    );
    const result = await commit(server, cookie, preview.body.uploadId);
    expect(result.status).toBe(409);
    expect(result.error.data.code).toBe('CONFLICT');
    expect(result.error.message).toContain(
      '预览之后，以下数值已被他人修改，本次未写入任何数据：第3行（I-41-2，2022年10月）',
    );
    expect(await stored(server.db, 'I-41-2', '2022-10')).toMatchObject({ value: 1100, source: 'entry' });
    expect(await stored(server.db, 'I-41-3', '2022-10')).toBeUndefined();
    const record = await server.db.selectFrom('uploads').select(['committedAt']).executeTakeFirstOrThrow();
    expect(record.committedAt).toBeNull();
  });

  test('a file with errors previews every problem in plain Chinese and cannot be committed', async ({ server }) => {
    await seed(server.db, [['I-39-3', '2022-09', 3]]);
    const cookie = await server.login('stat-finance');
    const file = await reportFile([
      ['I-13-1', null, 100, '2022-10'], // 2: another unit's indicator
      ['I-99-1', null, 5, '2022-10'], // 3
      [null, '不存在的指标', 5, '2022-10'], // 4
      ['I-41-2', null, '12,3OO', '2022-10'], // 5
      ['I-41-3', null, -5, '2022-10'], // 6
      ['I-41-4', null, '1.5万', '2022-10'], // 7
      ['I-41-5', null, '45%', '2022-10'], // 8
      ['I-41-1', null, 1, '2022-06'], // 9: before the indicator's period
      ['I-39-1', null, 8, '2022-11'], // 10: after the report month
      ['I-39-2', null, 2, '2022-10'], // 11
      ['I-39-2', null, 3, '10月'], // 12: the same month again
      ['I-40-1', null, '2500平方米', '2022-10'], // 13
      ['I-43-1', null, new Date(Date.UTC(2022, 9, 3)), '2022-10'], // 14
      ['I-39-3', null, 2, '2022-10'], // 15: lower than September's 3
      [null, '建成公园', 2, '2022-10'], // 16: by exact name, fine
      ['I-57-1', null, 2.1, '2022-10'], // 17: fine
      ['I-09-1', null, 12, '2022-10'], // 18: another unit, and a spread without its series
      [null, null, 7, '2022-10'], // 19: a value for nothing
    ]);
    const preview = await server.upload(cookie, file, 'errors.xlsx');
    expect(preview.status).toBe(200);
    const byRow = new Map(preview.body.rows.map((r) => [r.rowNumber, r]));
    const problems = (row: number) => byRow.get(row)!.problems.map((p) => p.message);
    expect(problems(2)).toEqual([
      '第2行“指标代码”列：指标 I-13-1（推出“办好一件事”主题服务事项）由区政务服务局报送，不在您负责的单位（区发展改革委、区财政局）之内，请删除此行',
    ]);
    expect(problems(3)).toEqual(['第3行“指标代码”列：没有代码为“I-99-1”的指标，请核对代码（可从报送模板复制）']);
    expect(problems(4)).toEqual([
      '第4行“指标名称”列：没有名为“不存在的指标”的指标，请填写指标代码，或按报送模板中的名称填写',
    ]);
    expect(problems(5)).toEqual(['第5行“本月数值”列：“12,3OO”不是数字，请填写阿拉伯数字']);
    expect(problems(6)).toEqual(['第6行“本月数值”列：建设筹集保障性租赁住房不能为负数，请检查']);
    expect(problems(7)).toEqual([
      '第7行“本月数值”列：“1.5万”带“万”字，而该指标的单位是“套”，无法确定含义：如为 15,000 套，请填写 15000；如为 1.5 套，请删去“万”字',
    ]);
    expect(problems(8)).toEqual([
      '第8行“本月数值”列：“45%”带百分号，而该指标的单位是“套（间）”，请填写以套（间）计的数字',
    ]);
    expect(problems(9)).toEqual([
      '第9行“报告期”列：2022年6月不在该指标的统计期间（2022年7月至2022年12月）内，请改正月份或删除此行',
    ]);
    expect(problems(10)).toEqual([
      '第10行“报告期”列：2022年11月晚于所选报告期2022年10月，不能提前报送；请改正月份（如指上一年，请写明年份）',
    ]);
    expect(problems(11)).toEqual([
      '第11行：指标 I-39-2 的2022年10月数值重复出现（另见第12行），同一指标同一月份只能填一行，请删除多余的行',
    ]);
    expect(problems(12)[0]).toContain('另见第11行');
    expect(problems(13)).toEqual([
      '第13行“本月数值”列：“2500平方米”的单位“平方米”与该指标的单位“批”不符，请换算为批后只填写数字',
    ]);
    expect(problems(14)).toEqual([
      '第14行“本月数值”列：单元格是日期（2022-10-03），不是数字。请把单元格格式改为“常规”或“数值”后重新填写',
    ]);
    // A falling running total is a warning that needs a reason, not an error (shared/checks.ts).
    expect(byRow.get(15)).toMatchObject({ status: 'new', problems: [], needsReason: true });
    expect(byRow.get(15)!.warnings.map((w) => w.message)).toEqual([
      '第15行“本月数值”列：累计值2所低于2022年9月报送的3所，累计数一般不会减少，请核实并填写原因',
    ]);
    expect(byRow.get(16)).toMatchObject({ status: 'new', code: 'I-39-4', problems: [] });
    expect(byRow.get(17)).toMatchObject({ status: 'new', problems: [] });
    expect(problems(18)).toEqual([
      '第18行“指标代码”列：I-09-1 是两个增速之差，需分两行填报：代码 I-09-1a（普惠小微贷款增速）和 I-09-1b（各项贷款增速），请改用这两个代码',
      '第18行“指标代码”列：指标 I-09-1（普惠小微贷款增速高出各项贷款增速）由区金融办报送，不在您负责的单位（区发展改革委、区财政局）之内，请删除此行',
    ]);
    expect(problems(19)).toEqual(['第19行：没有填写指标代码或指标名称，请补上，或删除此行']);
    expect(preview.body.summary).toMatchObject({ rows: 18, new: 3, errors: 15, canCommit: false });

    const refused = await commit(server, cookie, preview.body.uploadId);
    expect(refused.status).toBe(400);
    expect(refused.error.message).toContain('预览中还有 15 行错误');
    expect(await count(server.db, 'actuals')).toBe(1);
  });

  test('cumulative figures that fall, in the file or against stored months, need a reason; big jumps are warnings', async ({
    server,
  }) => {
    await seed(server.db, [
      ['I-41-3', '2022-09', 6000],
      ['I-41-4', '2022-09', 600],
      ['I-41-5', '2022-06', 100],
      ['I-41-5', '2022-07', 110],
      ['I-41-5', '2022-08', 120],
      ['I-41-5', '2022-09', 130],
    ]);
    const cookie = await server.login('stat-finance');
    const file = await reportFile([
      ['I-41-2', null, 800, '2022-08'], // 2
      ['I-41-2', null, 700, '2022-09'], // 3: lower than row 2
      ['I-41-3', null, 5000, '2022-10'], // 4: lower than stored September
      ['I-41-4', null, 700, '2022-08'], // 5: above the stored September that follows
      ['I-41-5', null, 900, '2022-10'], // 6: an unusual jump
    ]);
    const { body } = await server.upload(cookie, file, 'cumulative.xlsx');
    const row = (n: number) => body.rows.find((r) => r.rowNumber === n)!;
    expect(row(2)).toMatchObject({ status: 'new' });
    expect(row(3)).toMatchObject({ status: 'new', problems: [], needsReason: true });
    expect(row(3).warnings[0]?.message).toBe(
      '第3行“本月数值”列：累计值700亩低于2022年8月报送的800亩，累计数一般不会减少，请核实并填写原因（见第2行）',
    );
    expect(row(4).warnings[0]?.message).toContain('累计值5,000套（间）低于2022年9月报送的6,000套（间）');
    expect(row(5).warnings[0]?.message).toBe(
      '第5行“本月数值”列：累计值700套高于之后2022年9月的累计值600套（已报送），累计数一般不会减少，请核对本行或之后的月份，如属实请填写原因',
    );
    expect(body.summary).toMatchObject({ errors: 0, needsReason: 3, canCommit: true });
    const refused = await commit(server, cookie, body.uploadId);
    expect(refused.error.message).toBe(
      '以下行须填写修改原因后再提交（本次未写入任何数据）：第3行（I-41-2，2022年9月）、第4行（I-41-3，2022年10月）、第5行（I-41-4，2022年8月）',
    );
    expect((await commit(server, cookie, body.uploadId, '退地后重新核定')).status).toBe(200);
    expect(row(6)).toMatchObject({ status: 'new', problems: [] });
    expect(row(6).warnings[0]?.message).toBe(
      '第6行“本月数值”列：900套（间）与2022年9月的130套（间）相比变化异常大，请核实',
    );
  });

  test('an admin uploads both rates of a spread for any unit', async ({ server }) => {
    const cookie = await server.login('admin');
    const file = await reportFile([
      ['I-09-1a', null, '25.3%', '2022-10'],
      [null, '各项贷款增速', 11.2, '2022-10'],
    ]);
    const preview = await server.upload(cookie, file, 'finance.xlsx');
    expect(preview.body.rows).toEqual([
      expect.objectContaining({
        code: 'I-09-1a',
        series: 'a',
        seriesName: '普惠小微贷款增速',
        value: 25.3,
        status: 'new',
      }),
      expect.objectContaining({ code: 'I-09-1b', series: 'b', value: 11.2, status: 'new' }),
    ]);
    expect((await commit(server, cookie, preview.body.uploadId)).status).toBe(200);
    expect(await stored(server.db, 'I-09-1', '2022-10', 'b')).toMatchObject({ value: 11.2, source: 'upload' });
  });

  test('a preview is only for its uploader, and can be opened again', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const preview = await server.upload(cookie, await reportFile([['I-41-2', null, 1200, '2022-10']]), 'a.xlsx');
    const again = await server.trpc<Outputs['upload']['get']>(cookie, 'upload.get', {
      uploadId: preview.body.uploadId,
    });
    expect(again.data).toEqual({ ...preview.body, committedAt: null, expired: false });
    const admin = await server.login('admin');
    expect((await commit(server, admin, preview.body.uploadId)).status).toBe(404);
    const recent = await server.trpc<Outputs['upload']['recent']>(cookie, 'upload.recent', { planId: PLAN });
    expect(recent.data).toEqual([expect.objectContaining({ fileName: 'a.xlsx', committedAt: null })]);
    const units = await server.trpc<Outputs['upload']['units']>(cookie, 'upload.units', {
      planId: PLAN,
      period: '2022-10',
    });
    expect(units.data).toEqual(
      expect.arrayContaining([{ code: 'development-reform-commission', name: '区发展改革委', indicators: 12 }]),
    );
  });
});

describe('who may upload', { timeout: 30_000 }, () => {
  test('only same-origin requests with the upload header, from a statistician or admin', async ({ server }) => {
    const file = await reportFile([['I-41-2', null, 1200, '2022-10']]);
    const cookie = await server.login('stat-finance');
    const crossSite: Record<string, string>[] = [
      { cookie, origin: server.base },
      { cookie, origin: 'https://evil.example', 'x-plan-monitor-upload': '1' },
      { cookie, 'x-plan-monitor-upload': '1' },
    ];
    for (const headers of crossSite) {
      const res = await server.upload(cookie, file, 'a.xlsx', {}, headers);
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'cross_site' } } });
    }
    const upload = { origin: server.base, 'x-plan-monitor-upload': '1' };
    expect((await server.upload('', file, 'a.xlsx', {}, upload)).status).toBe(401);
    for (const who of ['leader', 'approver-dr']) {
      const res = await server.upload('', file, 'a.xlsx', {}, { ...upload, cookie: await server.login(who) });
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    }
    expect(await count(server.db, 'actuals')).toBe(0);
    expect(await server.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
  });

  test('asks for a plan, a month that has come, and a file', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const file = await reportFile([['I-41-2', null, 1200, '2022-10']]);
    expect((await server.upload(cookie, file, 'a.xlsx', { plan: 'nope' })).status).toBe(404);
    expect((await server.upload(cookie, file, 'a.xlsx', { period: '2022/10' })).body.error.message).toBe(
      '请选择报告期（年月，如 2022-10）',
    );
    expect((await server.upload(cookie, file, 'a.xlsx', { period: '2999-01' })).body.error.message).toBe(
      '报告期2999年1月尚未到来，不能报送',
    );
    const form = new FormData();
    form.append('plan', PLAN);
    form.append('period', '2022-10');
    const res = await fetch(`${server.base}/api/uploads/preview`, {
      method: 'POST',
      headers: { cookie, origin: server.base, 'x-plan-monitor-upload': '1' },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'missing_file' } });
  });
});
