// The files people actually send (tests/fixtures/uploads/, see its README) and the ones nobody
// should: each messy file previews correctly, each refused one gets its own message, nothing is
// written, and the server keeps answering. Also: parsing runs off the event loop.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewRow } from '../../server/upload/preview';
import { parseInWorker } from '../../server/upload/worker-pool';
import { count } from '../fixtures';
import { manyEntries, uploadsDir, zipBomb } from '../fixtures/uploads/make';
import { startServer, type Server } from './upload-helpers';

let server: Server & { close: () => Promise<void> };
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await server.login('stat-finance');
}, 30_000);
afterAll(() => server.close());

const fixture = (name: string) => readFileSync(path.join(uploadsDir, name));
const preview = (file: Buffer, name: string, fields: Record<string, string> = {}) =>
  server.upload(cookie, file, name, fields);
const values = (rows: PreviewRow[]) => rows.map((r) => [r.code, r.period, r.value, r.status]);

describe('messy files that are accepted', { timeout: 30_000 }, () => {
  it('a hand-kept workbook: help sheet, title rows, two-row merged header, text numbers, full-width digits, a total row', async () => {
    const { status, body } = await preview(fixture('messy.xlsx'), '10月报表.xlsx');
    expect(status).toBe(200);
    expect(body.sheet).toBe('10月报表');
    expect(body.columns).toEqual({
      code: '指标代码',
      name: '指标名称',
      period: '月份',
      previous: '上月',
      value: '本月',
      note: '备注',
    });
    expect(values(body.rows)).toEqual([
      ['I-41-2', '2022-10', 1200, 'new'],
      ['I-41-3', '2022-10', 12300, 'new'],
      ['I-41-4', '2022-10', 580, 'new'],
      ['I-57-1', '2022-10', 2.1, 'new'],
      ['I-41-5', '2022-10', 3100, 'new'],
      ['I-40-1', '2022-10', 2, 'new'],
    ]);
    expect(body.rows[0]).toMatchObject({ rowNumber: 5, note: '含两宗补录' });
    expect(body.notes).toEqual([
      '表头占两行（第3–4行）',
      '已跳过合计行（第11行）',
      '有 1 行没有填写“本月数值”，未导入（第12行）',
    ]);
    expect(body.summary).toMatchObject({ errors: 0, canCommit: true });
  });

  it.each([
    [
      'english.csv',
      [
        ['I-41-2', '2022-10', 1200, 'new'],
        ['I-41-4', '2022-10', 580, 'new'],
      ],
      [],
    ],
    [
      'utf8-bom.csv',
      [
        ['I-41-2', '2022-10', 1200, 'new'],
        ['I-41-4', '2022-10', 580, 'new'],
      ],
      [],
    ],
    [
      'utf8-no-bom.csv',
      [
        ['I-41-2', '2022-10', 1200, 'new'],
        ['I-41-4', '2022-10', 1580, 'new'],
      ],
      [],
    ],
    [
      'gbk.csv',
      [
        ['I-41-2', '2022-10', 1200, 'new'],
        ['I-41-4', '2022-10', 1580, 'new'],
      ],
      ['按 GBK 编码读取'],
    ],
    [
      'semicolon.csv',
      [
        ['I-41-2', '2022-10', 1234.5, 'new'],
        ['I-57-1', '2022-10', 2.1, 'new'],
      ],
      ['分隔符为分号，数字中的逗号按小数点读取'],
    ],
  ])('%s', async (name, expected, notes) => {
    const { status, body } = await preview(fixture(name), name);
    expect(status).toBe(200);
    expect(body.fileKind).toBe('csv');
    expect(values(body.rows)).toEqual(expected);
    expect(body.notes).toEqual(expect.arrayContaining(notes));
  });

  it('formula cells: a saved result is read; no result, #DIV/0! and #N/A are errors naming the fix', async () => {
    const { body } = await preview(fixture('formulas.xlsx'), 'formulas.xlsx');
    const problems = body.rows.map((r) => r.problems.map((p) => p.message));
    expect(problems).toEqual([
      [
        '第2行“本月数值”列：公式“=SUM(H1:H3)”没有保存计算结果（文件可能由其他程序生成），请在 Excel 中打开并保存后重新上传，或直接填写数值',
      ],
      ['第3行“本月数值”列：单元格是错误值 #DIV/0!，请修正公式或改为填写数值'],
      ['第4行“本月数值”列：单元格是错误值 #N/A，请修正公式或改为填写数值'],
      [],
    ]);
    expect(body.rows[3]).toMatchObject({ code: 'I-41-5', value: 3000, status: 'new' });
  });

  it("several sheets with a header: reads the report month's, or the one named", async () => {
    const file = fixture('several-sheets.xlsx');
    const picked = await preview(file, 'both.xlsx');
    expect(picked.body.sheet).toBe('10月');
    expect(values(picked.body.rows)).toEqual([['I-41-2', '2022-10', 1200, 'new']]);
    const chosen = await preview(file, 'both.xlsx', { sheet: '9月', period: '2022-09' });
    expect(chosen.body.sheet).toBe('9月');
    expect(values(chosen.body.rows)).toEqual([['I-41-2', '2022-09', 900, 'new']]);
    const missing = await preview(file, 'both.xlsx', { sheet: '11月' });
    expect(missing.body.error).toMatchObject({ code: 'no_such_sheet', sheets: ['9月', '10月'] });
  });
});

describe('files that are refused, each with its own message', { timeout: 60_000 }, () => {
  const refusals: [string, () => Buffer | Promise<Buffer>, number, string, string][] = [
    ['an empty file', () => fixture('empty.xlsx'), 422, 'empty', '文件是空的，请选择填好的报送表重新上传'],
    [
      'an old .xls',
      () => fixture('old-format.xls'),
      415,
      'xls',
      '这是旧版 .xls 文件，系统只读取 .xlsx 和 .csv。请在 Excel 中打开，另存为“Excel 工作簿（.xlsx）”后再上传',
    ],
    ['a password-protected workbook', () => fixture('password.xlsx'), 415, 'encrypted', '文件设置了打开密码'],
    ['a web page named .xlsx', () => fixture('web-page.xlsx'), 415, 'html', '这是网页（HTML）文件'],
    ['a zip that is no workbook', () => fixture('not-a-workbook.xlsx'), 415, 'not_spreadsheet', '无法识别的文件'],
    [
      'a sheet declaring A1:XFD1048576',
      () => fixture('huge-dimension.xlsx'),
      422,
      'sheet_dimension',
      '工作表“报送”声明的数据范围为 A1:XFD1048576（1,048,576 行 × 16,384 列），超出可处理的范围（最多 120,000 行、1,000 列）',
    ],
    [
      'a zip lying about its sizes',
      () => fixture('lying-sizes.xlsx'),
      422,
      'zip_mismatch',
      '文件结构异常：部件“xl/worksheets/sheet1.xml”解压后的大小与文件声明不符，已拒绝',
    ],
    [
      'a zip bomb (120 MB declared)',
      zipBomb,
      422,
      'zip_size',
      '文件解压后将达 120 MB（上限 100 MB），可能是“压缩炸弹”',
    ],
    ['2,001 zip entries', manyEntries, 422, 'zip_entries', '文件结构异常：内部包含 2,0'],
    ['a truncated workbook', () => fixture('messy.xlsx').subarray(0, 3000), 422, 'zip_corrupt', '文件已损坏，无法解压'],
    [
      'no recognisable header',
      () => fixture('no-header.xlsx'),
      422,
      'no_header',
      '没有找到表头：可导入的表有两种：每行一个指标、一个月份，列标题含“指标代码”或“指标名称”以及“本月数值”；或每行一个指标、每月一列',
    ],
    [
      'a header with nothing filled in',
      () => Buffer.from('指标代码,本月数值\nI-41-2,\n'),
      422,
      'no_data',
      '表头下面没有填写任何数值',
    ],
    ['more than 10 MB', () => Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 413, 'too_large', '文件超过 10 MB 上限'],
    [
      'more than 100,000 rows',
      () => Buffer.from(`指标代码,本月数值\n${'I-41-2,1\n'.repeat(100_001)}`),
      413,
      'too_many_rows',
      '数据超过 100,000 行上限，请拆分后分批上传',
    ],
  ];

  it.each(refusals)('%s', async (_, make, status, code, message) => {
    const uploadsBefore = await count(server.db, 'auditLog');
    const res = await preview(await make(), 'report.xlsx');
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toContain(message);
    // Nothing written, nothing recorded, and the server still answers.
    expect(await count(server.db, 'actuals')).toBe(0);
    expect(await count(server.db, 'auditLog')).toBe(uploadsBefore);
    expect((await fetch(`${server.base}/trpc/plan.list`)).status).toBe(200);
  });

  it('records no upload for any refused file', async () => {
    const refused = await server.db
      .selectFrom('uploads')
      .select('fileName')
      .where('fileName', '=', 'report.xlsx')
      .execute();
    expect(refused).toEqual([]);
  });
});

describe('the parse runs off the event loop', { timeout: 60_000 }, () => {
  async function bigWorkbook() {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送');
    ws.addRow(['指标代码', '指标名称', '本月数值', '报告期', '备注']);
    for (let i = 0; i < 39_990; i++)
      ws.addRow([`I-41-${(i % 5) + 1}`, '供应产业用地', `${i},000`, '2022-10', `第${i}行`]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('keeps the main thread free while a 40,000-row workbook is read', async () => {
    const file = await bigWorkbook();
    let longestGap = 0;
    let ticks = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const parsed = await parseInWorker({ bytes: new Uint8Array(file), report: '2022-10', sheet: null });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(parsed.rows).toHaveLength(39_990);
    // The main thread kept running while the file was read: a parse on it would show as one pause
    // as long as the parse. Relative to the parse's own time, whatever the machine's speed.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(longestGap).toBeLessThan(took / 2);
  });

  it('answers tRPC queries while a large preview is being parsed', async () => {
    const file = await bigWorkbook();
    let done = false;
    const upload = preview(file, 'big.xlsx').finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${server.base}/trpc/plan.list`);
      expect(res.status).toBe(200);
      if (!done) latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const { body } = await upload;
    expect(body.summary.rows).toBe(39_990);
    // Parsing took seconds; queries kept being answered in a few milliseconds meanwhile.
    expect(latencies.filter((ms) => ms < 100).length).toBeGreaterThanOrEqual(10);
  });
});
