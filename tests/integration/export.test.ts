// Chart images, chart data and the data export over a real socket: the app from buildApp on the
// Changping plan with demo figures, listening on port 0, read with fetch. A few stored values are
// changed first so the files must carry a negative number and text that looks like a formula.
import { Resvg } from '@resvg/resvg-js';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import type { Db } from '../../server/db/connect';
import { seedDemo } from '../../server/demo';
import { syncPlan } from '../../server/plans/sync';
import { svgToPng } from '../../server/render/chart-image';
import { DEFAULT_CHART_SIZE } from '../../server/render/chart-size';
import { changping, migratedDb, silent } from '../fixtures';

const PLAN = 'changping-2022';
const INJECTION = '=HYPERLINK("http://example.com","点此")';
// Formulas behind a separator: LibreOffice splitting on `;` or tab would start a cell at each.
const SEPARATED = 'a;=1+1\tb\t@SUM(1)\n-2+3';
let separatedTask: string;
let db: Db;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemo(db, changping);
  // CPI fell in October (a real negative number), and a task note and a unit name that a
  // spreadsheet would run as formulas.
  const cpi = await db.selectFrom('indicators').select('id').where('code', '=', 'I-57-1').executeTakeFirstOrThrow();
  await db
    .updateTable('actuals')
    .set({ value: -0.5, approvedValue: -0.5 })
    .where('indicatorId', '=', cpi.id)
    .where('period', '=', '2022-10')
    .execute();
  const task = await db.selectFrom('milestones').select('id').where('code', '=', 'T-41-1').executeTakeFirstOrThrow();
  await db
    .updateTable('milestoneUpdates')
    .set({ note: INJECTION, approvedNote: INJECTION })
    .where('milestoneId', '=', task.id)
    .where('period', '=', '2022-10')
    .execute();
  const other = await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select(['milestoneUpdates.id', 'milestones.code'])
    .where('milestoneUpdates.period', '=', '2022-10')
    .where('milestones.id', '!=', task.id)
    .executeTakeFirstOrThrow();
  separatedTask = other.code;
  await db
    .updateTable('milestoneUpdates')
    .set({ note: SEPARATED, approvedNote: SEPARATED })
    .where('id', '=', other.id)
    .execute();
  await db.updateTable('units').set({ name: '-金融办' }).where('code', '=', 'financial-affairs-office').execute();
  app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

async function get(path: string) {
  const res = await fetch(base + path);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always comes first. */
function pngSize(png: Buffer) {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pixels that are not white, counted on the SVG rasterised by resvg (the PNG route's own path). */
function inkedPixels(svg: string): number {
  const { pixels } = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'] },
  }).render();
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 250 || pixels[i + 1]! < 250 || pixels[i + 2]! < 250) n++;
  return n;
}

async function readXlsx(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = book.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return { ws, rows };
}

/** Spreadsheet rows as the CSV writes them: every cell as text, empty for null, `width` cells. */
const asText = (rows: unknown[][], width: number) =>
  rows.map((r) =>
    Array.from({ length: width }, (_v, i) => {
      const v = r[i] as string | number | null | undefined;
      return v === undefined || v === null ? '' : String(v);
    }),
  );

/** The header row's index in an .xlsx export (title and notes come first). */
const headerAt = (rows: unknown[][], first: string) => rows.findIndex((r) => r[0] === first);

function readCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows: string[][] = parse(bytes.toString('utf8'), { bom: true });
  return rows;
}

describe('chart images', () => {
  it('a PNG at twice the chart size, not blank, named after the indicator and month', async () => {
    const started = performance.now();
    const { res, bytes } = await get(`/api/charts/${PLAN}/I-41-2.png?period=2022-10`);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('I-41-2 供应产业用地 2022年10月.png')}`,
    );
    expect(bytes.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(pngSize(bytes)).toEqual({ width: DEFAULT_CHART_SIZE.width * 2, height: DEFAULT_CHART_SIZE.height * 2 });
    const blank = await svgToPng(
      `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="800" height="400" fill="#fff"/></svg>`,
      800,
    );
    expect(pngSize(blank)).toEqual(pngSize(bytes));
    expect(bytes.length).toBeGreaterThan(blank.length * 10);
    console.info(`PNG I-41-2: ${bytes.length} bytes in ${ms.toFixed(0)} ms (request incl. query and resvg)`);
  });

  it('an SVG carrying the name, unit, report month, status and 数据来源 line, with ink on it', async () => {
    const { res, bytes } = await get(`/api/charts/${PLAN}/I-41-3.svg?period=2022-09`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = bytes.toString('utf8');
    for (const text of ['建设筹集保障性租赁住房', '单位：套（间）', '报告期：2022年9月', '序时推进'])
      expect(svg).toContain(text);
    // The figures come from the measure's lead unit; demo figures say so.
    expect(svg).toContain('数据来源：区发展改革委报送；方案监测整理（示例数据，非实际报送）');
    expect(svg).toContain('fill="#ffffff"');
    expect(inkedPixels(svg)).toBeGreaterThan(5000);
  });

  it('in English, and for a milestone task (deadline and report month, no unit)', async () => {
    const en = await get(`/api/charts/${PLAN}/I-41-2.svg?lang=en`);
    const svg = en.bytes.toString('utf8');
    expect(svg).toContain('Report month: October 2022');
    expect(svg).toContain('Source: reported by');
    const task = await get(`/api/charts/${PLAN}/T-41-1.png`);
    expect(task.res.status).toBe(200);
    expect(task.bytes.subarray(0, 8)).toEqual(PNG_MAGIC);
    const taskSvg = (await get(`/api/charts/${PLAN}/T-41-1.svg`)).bytes.toString('utf8');
    expect(taskSvg).toContain('报告期：2022年10月');
    expect(taskSvg).toContain('数据来源：区发展改革委报送');
  });
});

describe('the numbers behind a chart', () => {
  it('.xlsx: title, unit and report month, source, then the chart table', async () => {
    const { res, bytes } = await get(`/api/charts/${PLAN}/I-41-2/data.xlsx?period=2022-10`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const { rows } = await readXlsx(bytes);
    expect(rows[0]![0]).toBe('I-41-2 供应产业用地');
    expect(rows[1]![0]).toBe('单位：亩　报告期：2022年10月');
    expect(String(rows[2]![0])).toMatch(/^数据来源：区规划自然资源分局?.*报送|^数据来源：.+报送/);
    expect(rows[3]).toEqual(['月份', '累计完成（亩）', '计划进度（亩）', '完成%', '序时进度%']);
    // Twelve months of the target period; after October the values are empty.
    expect(rows.slice(4)).toHaveLength(12);
    expect(rows[4]![0]).toBe('2022年1月');
    expect(typeof rows[13]![1]).toBe('number');
    expect(rows[14]![1]).toBeUndefined();
  });

  it('.csv with a BOM and the same rows; a negative number stays a number', async () => {
    const { res, bytes } = await get(`/api/charts/${PLAN}/I-57-1/data.csv?period=2022-10`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = readCsv(bytes);
    const october = rows.find((r) => r[0] === '2022年10月')!;
    expect(october[1]).toBe('-0.5');
    const xlsx = await readXlsx((await get(`/api/charts/${PLAN}/I-57-1/data.xlsx?period=2022-10`)).bytes);
    expect(xlsx.rows.find((r) => r[0] === '2022年10月')![1]).toBe(-0.5);
    expect(asText(xlsx.rows.slice(headerAt(xlsx.rows, '月份')), rows[0]!.length)).toEqual(rows);
  });

  it('a task note that looks like a formula is neutralised in both files', async () => {
    const xlsx = await readXlsx((await get(`/api/charts/${PLAN}/T-41-1/data.xlsx`)).bytes);
    const row = xlsx.rows.find((r) => r[0] === '2022年10月')!;
    expect(row[2]).toBe(`'${INJECTION}`);
    const csv = readCsv((await get(`/api/charts/${PLAN}/T-41-1/data.csv`)).bytes);
    expect(csv.find((r) => r[0] === '2022年10月')![2]).toBe(`'${INJECTION}`);
  });

  it('a formula after a separator inside a note is neutralised for readers splitting on ; or tab', async () => {
    const { bytes } = await get(`/api/charts/${PLAN}/${separatedTask}/data.csv`);
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(/[,;\t\r\n"][=+\-@]/);
    for (const delimiter of [';', '\t']) {
      const rows: string[][] = parse(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true });
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    }
    const note = readCsv(bytes).find((r) => r[0] === '2022年10月')![2];
    expect(note).toBe("a;'=1+1\tb\t'@SUM(1)\n'-2+3");
  });
});

describe('the data export', () => {
  const COLUMNS = ['措施', '代码', '指标或任务', '类型', '牵头单位', '单位', '目标', '月份', '数值', '数据月份'];

  it('.xlsx: every indicator and task by month, with target, progress, status and sentence', async () => {
    const { res, bytes } = await get(`/api/exports/${PLAN}/indicators.xlsx?period=2022-10`);
    expect(res.status).toBe(200);
    const { rows } = await readXlsx(bytes);
    expect(String(rows[1]![0])).toContain('报告期：2022年10月');
    expect(rows[2]!.slice(0, COLUMNS.length)).toEqual(COLUMNS);
    const data = rows.slice(3);
    const codes = new Set(data.map((r) => r[1]));
    expect([...codes].filter((c) => String(c).startsWith('I-'))).toHaveLength(31);
    expect([...codes].filter((c) => String(c).startsWith('T-'))).toHaveLength(101);
    const rental = data.filter((r) => r[1] === 'I-41-3');
    expect(rental.map((r) => r[7])).toEqual([
      '2022-01',
      '2022-02',
      '2022-03',
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
    ]);
    const oct = rental.at(-1)!;
    expect(oct.slice(0, 7)).toEqual([
      41,
      'I-41-3',
      '建设筹集保障性租赁住房',
      '累计型',
      '区发展改革委',
      '套（间）',
      '15,000套（间）',
    ]);
    expect(typeof oct[8]).toBe('number');
    expect(typeof oct[10]).toBe('number');
    expect(oct[11]).toBe(83.3);
    expect(String(oct[14])).toMatch(/^截至2022年10月，全区累计建设筹集保障性租赁住房/);
    // A month is judged as the board judged it then: June's sentence says June.
    expect(String(rental[5]![14])).toMatch(/^截至2022年6月/);
    // The CPI's October value is the number −0.5; the renamed unit is neutralised text.
    expect(data.find((r) => r[1] === 'I-57-1' && r[7] === '2022-10')![8]).toBe(-0.5);
    expect(data.find((r) => r[1] === 'I-09-1')![4]).toBe("'-金融办");
  });

  it('.csv with a BOM and the same rows as the .xlsx', async () => {
    const csvRes = await get(`/api/exports/${PLAN}/indicators.csv?period=2022-10&section=3`);
    const csv = readCsv(csvRes.bytes);
    const { rows } = await readXlsx((await get(`/api/exports/${PLAN}/indicators.xlsx?period=2022-10&section=3`)).bytes);
    expect(String(rows[2]![0])).toBe('筛选：第3部分');
    expect(csv.length).toBeGreaterThan(1);
    expect(asText(rows.slice(headerAt(rows, '措施')), csv[0]!.length)).toEqual(csv);
  });

  it('the overview filters narrow the rows: section, unit, status and search', async () => {
    const codes = async (query: string) =>
      new Set(
        readCsv((await get(`/api/exports/${PLAN}/indicators.csv?${query}`)).bytes)
          .slice(1)
          .map((r) => r[1]),
      );
    const all = await codes('');
    const unit = await codes('unit=financial-affairs-office');
    expect(unit.has('I-09-1')).toBe(true);
    expect(unit.has('I-41-2')).toBe(false);
    expect(unit.size).toBeLessThan(all.size);
    const search = await codes('q=' + encodeURIComponent('保障性租赁住房'));
    expect(search.has('I-41-3')).toBe(true);
    expect(search.has('I-41-2')).toBe(true);
    expect(search.size).toBeLessThan(all.size / 4);
    const behind = await codes('status=behind&group=indicators');
    expect(behind.size).toBeGreaterThan(0);
    expect([...behind].every((c) => String(c).startsWith('I-'))).toBe(true);
    expect(behind.size).toBeLessThan(31);
    const section = await codes('section=1');
    const firstSection = new Set(changping.measures.filter((m) => m.section === 1).map((m) => m.no));
    expect(section.size).toBeGreaterThan(0);
    expect([...section].every((c) => firstSection.has(Number(String(c).split('-')[1])))).toBe(true);
  });

  it('in English', async () => {
    const csv = readCsv((await get(`/api/exports/${PLAN}/indicators.csv?lang=en&q=41`)).bytes);
    expect(csv[0]!.slice(0, 3)).toEqual(['Measure', 'Code', 'Indicator or task']);
    expect(csv.find((r) => r[1] === 'I-41-3')![13]).toMatch(/On track|At risk|Behind|Achieved/);
  });
});

describe('bad requests answer 4xx with a readable message', () => {
  it.each([
    ['/api/charts/nope/I-41-2.png', 404, /没有方案“nope” \/ No plan 'nope'/],
    [`/api/charts/${PLAN}/I-99-9.png`, 404, /没有指标或任务“I-99-9”/],
    [`/api/charts/${PLAN}/I-41-2.gif`, 400, /可选格式：png、svg/],
    [`/api/charts/${PLAN}/I-41-2.png?period=2030-01`, 404, /没有报告期 2030-01/],
    [`/api/charts/${PLAN}/I-41-2.png?period=October`, 400, /YYYY-MM/],
    [`/api/charts/${PLAN}/I-41-2.png?lang=fr`, 400, /lang must be zh or en/],
    [`/api/charts/${PLAN}/I-41-2/data.pdf`, 400, /可选格式：xlsx、csv/],
    [`/api/charts/${PLAN}/I-41-2/table.csv`, 400, /Unsupported file/],
    [`/api/charts/${PLAN}/${encodeURIComponent('<script>')}/data.csv`, 400, /Not an indicator or task code/],
    [`/api/exports/${PLAN}/indicators.docx`, 400, /xlsx、csv/],
    ['/api/exports/nope/indicators.csv', 404, /No plan 'nope'/],
  ])('%s → %i', async (path, status, message) => {
    const { res, bytes } = await get(path);
    expect(res.status).toBe(status);
    const body = JSON.parse(bytes.toString('utf8')) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
    expect(body.error.message).not.toMatch(/\bat \w+ \(|node_modules/);
  });
});
