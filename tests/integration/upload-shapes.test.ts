// The files real offices keep (issue 18): the wide table (one row per indicator, months as
// columns, title rows and "2022年" merged over the months), a workbook with one sheet per month,
// and the shapes we cannot read, each refused saying what was found.
import ExcelJS from 'exceljs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { PreviewRow } from '../../server/upload/preview';
import { startServer, type Outputs, type Server } from './upload-helpers';

let server: Server & { close: () => Promise<void> };
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await server.login('stat-finance');
}, 30_000);
afterAll(() => server.close());

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

/** 区发展改革委's year sheet: a title, a note, 序号/代码/名称/单位 merged down, "2022年" merged over 1月…12月. */
const wideWorkbook = (rows: unknown[][]) =>
  xlsx((wb) => {
    const ws = wb.addWorksheet('2022年');
    ws.mergeCells('A1:P1');
    ws.getCell('A1').value = '区发展改革委2022年重点指标各月完成情况（1—N月累计）';
    ws.getCell('A2').value = '填报单位：区发展改革委';
    ws.getRow(3).values = ['序号', '指标代码', '指标名称', '单位', '2022年'];
    for (const col of ['A', 'B', 'C', 'D']) ws.mergeCells(`${col}3:${col}4`);
    ws.mergeCells('E3:P3');
    ws.getRow(4).values = [null, null, null, null, ...MONTHS];
    rows.forEach((values, i) => (ws.getRow(5 + i).values = values as ExcelJS.CellValue[]));
  });

const cells = (rows: PreviewRow[]) => rows.map((r) => [r.rowNumber, r.code, r.period, r.value, r.status]);

describe('the wide layout', { timeout: 30_000 }, () => {
  it('a year sheet with title rows and merged month headers: every month given is a figure, committed month by month', async () => {
    const file = await wideWorkbook([
      [1, 'I-41-2', '供应产业用地', '亩', 100, 250, 400, 600, 800, 1000, 1200, 1500, 1800, 2100],
      [2, null, '建设筹集公租房', '套', null, null, null, null, null, null, null, null, '300', '1.5万'],
      [null, null, '合计', null, 100, 250],
      [3, 'I-41-5', '竣工各类保障性住房', '套（间）'],
    ]);
    const { status, body } = await server.upload(cookie, file, '2022年各月.xlsx', { period: '2022-10' });
    expect(status).toBe(200);
    expect(body.sheet).toBe('2022年');
    expect(body.notes).toEqual([
      '表头占两行（第3–4行）',
      '每行一个指标、每月一列：按“2022年1月”…“2022年12月”共 12 个月份列读取，空白的月份不导入',
      '文件没有“备注”列，已报送的备注保持不变',
      '已跳过合计行（第7行）',
      '有 1 行没有填写任何月份的数值，未导入（第8行）',
    ]);
    // "1.5万" 套 is ambiguous: refused in its own cell, quoted as written.
    expect(body.rows.find((r) => r.status === 'error')?.problems.map((p) => p.message)).toEqual([
      '第6行“2022年10月”列：“1.5万”带“万”字，而该指标的单位是“套”，无法确定含义：如为 15,000 套，请填写 15000；如为 1.5 套，请删去“万”字',
    ]);

    const fixed = await wideWorkbook([
      [1, 'I-41-2', '供应产业用地', '亩', 100, 250, 400, 600, 800, 1000, 1200, 1500, 1800, 2100],
      [2, null, '建设筹集公租房', '套', null, null, null, null, null, null, null, null, '300', '450'],
    ]);
    const ok = await server.upload(cookie, fixed, '2022年各月.xlsx', { period: '2022-10' });
    expect(ok.body.summary).toMatchObject({ rows: 12, new: 12, errors: 0, canCommit: true });
    expect(cells(ok.body.rows)).toEqual([
      ...[100, 250, 400, 600, 800, 1000, 1200, 1500, 1800, 2100].map((v, i) => [
        5,
        'I-41-2',
        `2022-${String(i + 1).padStart(2, '0')}`,
        v,
        'new',
      ]),
      [6, 'I-41-4', '2022-09', 300, 'new'],
      [6, 'I-41-4', '2022-10', 450, 'new'],
    ]);
    const commit = await server.trpc<Outputs['upload']['commit']>(
      cookie,
      'upload.commit',
      { uploadId: ok.body.uploadId },
      true,
    );
    expect(commit.data).toMatchObject({ inserted: 12 });
    const stored = await server.db
      .selectFrom('actuals')
      .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
      .select(['indicators.code', 'actuals.period', 'actuals.value'])
      .where('indicators.code', 'in', ['I-41-2', 'I-41-4'])
      .orderBy('indicators.code')
      .orderBy('actuals.period')
      .execute();
    expect(stored.map((s) => [s.code, s.period, s.value])).toEqual(
      cells(ok.body.rows).map(([, code, period, value]) => [code, period, value]),
    );
  });

  it('a CSV with one header row: each cell checked as in the long layout, later months refused, changes listed', async () => {
    // After the commit above: I-41-2 stands at 2,100 亩 in October.
    const csv = [
      '指标代码,指标名称,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,备注',
      'I-41-2,供应产业用地,100,250,400,600,800,1000,1200,1500,1800,2200,,十月含补录',
      'I-41-3,建设筹集保障性租赁住房,,,,,,,,,abc,1.356万,14000,',
    ].join('\n');
    const { status, body } = await server.upload(cookie, Buffer.from(csv), '各月.csv', { period: '2022-10' });
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ rows: 13, unchanged: 9, changed: 1, errors: 3, canCommit: false });
    const changed = body.rows.find((r) => r.status === 'changed');
    // The note goes with the row's last month; the months before keep theirs.
    expect(changed).toMatchObject({ code: 'I-41-2', period: '2022-10', old: 2100, value: 2200, note: '十月含补录' });
    expect(body.rows.filter((r) => r.status === 'error').map((r) => r.problems.map((p) => p.message))).toEqual([
      ['第3行“9月”列：“abc”不是数字，请填写阿拉伯数字'],
      // 万 on a count is ambiguous; the number is quoted as written, not rounded to 1.36.
      [
        '第3行“10月”列：“1.356万”带“万”字，而该指标的单位是“套（间）”，无法确定含义：如为 13,560 套（间），请填写 13560；如为 1.356 套（间），请删去“万”字',
      ],
      ['第3行“11月”列：2022年11月晚于所选报告期2022年10月，不能提前报送；请改正月份（如指上一年，请写明年份）'],
    ]);
  });
});

describe('one sheet per month', { timeout: 30_000 }, () => {
  const longSheet = (ws: ExcelJS.Worksheet, title: string | null, value: number) => {
    if (title) ws.addRow([title]);
    ws.addRow(['指标代码', '指标名称', '本月数值']);
    ws.addRow(['I-41-5', '竣工各类保障性住房', value]);
  };

  it('reads the sheet of the chosen month ("9月" in front of "10月"), or the one named', async () => {
    const file = await xlsx((wb) => {
      longSheet(wb.addWorksheet('说明'), null, 1);
      wb.getWorksheet('说明')!.spliceRows(1, 3, ['本工作簿每月一张表']);
      longSheet(wb.addWorksheet('9月'), null, 900);
      longSheet(wb.addWorksheet('10月'), null, 1200);
    });
    const auto = await server.upload(cookie, file, '月报.xlsx', { period: '2022-10' });
    expect(auto.status).toBe(200);
    expect(auto.body.sheet).toBe('10月');
    expect(auto.body.notes[0]).toBe('按报告期2022年10月读取工作表“10月”');
    expect(cells(auto.body.rows)).toEqual([[2, 'I-41-5', '2022-10', 1200, 'new']]);

    const september = await server.upload(cookie, file, '月报.xlsx', { period: '2022-09' });
    expect(september.body.sheet).toBe('9月');

    const named = await server.upload(cookie, file, '月报.xlsx', { period: '2022-10', sheet: '9月' });
    expect(named.body.sheet).toBe('9月');
    // A sheet chosen by hand is read as the report month unless it says otherwise.
    expect(cells(named.body.rows)).toEqual([[2, 'I-41-5', '2022-10', 900, 'new']]);
  });

  it('by the 报告期 cell above the header when the names say nothing', async () => {
    const file = await xlsx((wb) => {
      longSheet(wb.addWorksheet('Sheet1'), '报告期：2022年9月', 900);
      longSheet(wb.addWorksheet('Sheet2'), '报告期：2022年10月', 1200);
    });
    const { body } = await server.upload(cookie, file, '月报.xlsx', { period: '2022-10' });
    expect(body.sheet).toBe('Sheet2');
  });

  it('none or several for the month: answers with the candidates to choose from', async () => {
    const none = await xlsx((wb) => {
      longSheet(wb.addWorksheet('Oct'), null, 1200);
      longSheet(wb.addWorksheet('Nov'), null, 1300);
    });
    const asked = await server.upload(cookie, none, '月报.xlsx', { period: '2022-09' });
    expect(asked).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'several_sheets',
          sheets: ['Oct', 'Nov'],
          message:
            '文件中有 2 个工作表都带有报送表头：“Oct”、“Nov”，没有一个的名称或报告期是2022年9月。请选择要导入的工作表后重新检查',
        },
      },
    });
    const octoberTwice = await xlsx((wb) => {
      longSheet(wb.addWorksheet('9月'), null, 900);
      longSheet(wb.addWorksheet('2022.10'), null, 1200);
      longSheet(wb.addWorksheet('10月（修订）'), null, 1250);
    });
    const ambiguous = await server.upload(cookie, octoberTwice, '月报.xlsx', { period: '2022-10' });
    expect(ambiguous.body.error).toMatchObject({
      code: 'several_sheets',
      sheets: ['2022.10', '10月（修订）'],
      message:
        '文件中有 2 个工作表的名称或报告期都是2022年10月：“2022.10”、“10月（修订）”。请选择要导入的工作表后重新检查',
    });
    const chosen = await server.upload(cookie, octoberTwice, '月报.xlsx', { period: '2022-10', sheet: '10月（修订）' });
    expect(cells(chosen.body.rows)).toEqual([[2, 'I-41-5', '2022-10', 1250, 'new']]);
  });
});

describe('other shapes are refused saying what was found', { timeout: 30_000 }, () => {
  const ACCEPTED = '可导入的表有两种：每行一个指标、一个月份';
  it.each([
    [
      'indicators as columns, months as rows',
      '月份,I-41-2,I-41-3\n2022-09,900,12000\n2022-10,1200,13000\n',
      '文件的格式无法导入：第1行是指标代码（“I-41-2”“I-41-3”），即每列一个指标、每行一个月份，与系统的格式行列相反。请转置（每行一个指标）后再上传。',
    ],
    [
      'months without an indicator column',
      '项目,1月,2月,3月\n办公用品,1,2,3\n',
      '文件的格式无法导入：第1行是月份（“1月”“2月”“3月”），但没有“指标代码”或“指标名称”列，无法知道每行是哪个指标。',
    ],
    [
      'names without a value column',
      '指标名称,计划数\n供应产业用地,2500\n',
      '文件的格式无法导入：第1行有“指标名称”列，但没有“本月数值”列，也没有按月份排列的列（如“1月”…“10月”）。',
    ],
  ])('%s', async (_name, csv, message) => {
    const { status, body } = await server.upload(cookie, Buffer.from(csv), 'odd.csv', { period: '2022-10' });
    expect(status).toBe(422);
    expect(body.error.code).toBe('other_shape');
    expect(body.error.message.startsWith(message)).toBe(true);
    expect(body.error.message).toContain(ACCEPTED);
    expect(body.error.message).not.toContain('没有找到表头');
  });
});
