// A plan made for crash and backup tests, and the files uploaded against it. Every indicator is a
// floor reported as a level, so any value is accepted in any order (a cumulative figure may not
// fall); a file covers a run of "cells" (indicator × month), and each round writes values of its
// own (the thousandths hold the round), so which round a stored figure came from is visible in the value itself.
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addMonths } from '../../shared/period';
import type { PlanDef } from '../../shared/plan-schema';

export const CRASH_PLAN = 'crash-test';
export const FIRST_MONTH = '2020-01';
export const MONTHS = 60;
export const REPORT_PERIOD = addMonths(FIRST_MONTH, MONTHS - 1);

/** Indicator `i` (0-based): measure (i % 50) + 1, so codes keep the two-digit measure (I-07-12). */
export function indicatorCode(i: number, indicators: number): string {
  const measures = Math.min(50, indicators);
  return `I-${String((i % measures) + 1).padStart(2, '0')}-${Math.floor(i / measures) + 1}`;
}

export function crashPlan(indicators: number): PlanDef {
  const measures = Math.min(50, indicators);
  const last = addMonths(FIRST_MONTH, MONTHS - 1);
  return {
    id: CRASH_PLAN,
    title: '崩溃测试方案',
    titleEn: 'Crash test plan',
    issuer: '测试区人民政府',
    issuerEn: 'Test District',
    docNumber: '测〔2020〕1号',
    issuedOn: '2020-01-01',
    validTo: `${last}-28`,
    scope: '全区',
    scopeEn: 'the district',
    thresholds: { onTrack: 0, behind: -10 },
    units: [{ code: 'crash-unit', name: '测试单位', nameEn: 'Test unit', kind: 'department' }],
    sections: [{ no: 1, title: '部分一', titleEn: 'Part 1', subsections: [{ no: 1, title: '小节', titleEn: 'Sub' }] }],
    measures: Array.from({ length: measures }, (_, m) => ({
      no: m + 1,
      section: 1,
      subsection: 1,
      title: `措施${m + 1}`,
      titleEn: `Measure ${m + 1}`,
      text: `措施${m + 1}的内容。`,
      units: [{ unit: 'crash-unit' }],
    })),
    indicators: Array.from({ length: indicators }, (_, i) => ({
      code: indicatorCode(i, indicators),
      measure: (i % measures) + 1,
      name: `指标${i + 1}`,
      nameEn: `Indicator ${i + 1}`,
      unit: '个',
      unitEn: 'items',
      kind: 'floor' as const,
      reporting: 'level' as const,
      target: 50,
      tolerance: 5,
      periodStart: FIRST_MONTH,
      periodEnd: last,
      source: `指标${i + 1}`,
    })),
    milestones: [],
  };
}

/** Write `<plansDir>/crash-test/plan.json` (and source.txt) for the server to load. */
export function writeCrashPlan(plansDir: string, indicators: number): void {
  const dir = path.join(plansDir, CRASH_PLAN);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(crashPlan(indicators), null, 2));
  writeFileSync(path.join(dir, 'source.txt'), '崩溃测试方案（测试用）。\n');
}

/** A run of `count` cells from `start`, wrapping: cell c is indicator c % N in month ⌊c / N⌋. */
export interface CellRun {
  start: number;
  count: number;
}

export interface Cell {
  code: string;
  period: string;
  value: number;
}

/** Round `round`'s value for cell `c`: 30–69 plus round/1000, so rounds never repeat a value. */
export function cellValue(round: number, c: number): number {
  if (round < 1 || round > 999) throw new Error(`round ${round} out of 1–999`);
  return Number((30 + (c % 40) + round / 1000).toFixed(3));
}

/** The round of a stored value written by cellValue, or null for any other value. */
export function roundOfValue(value: number): number | null {
  const round = Math.round((value - Math.floor(value)) * 1000);
  return round >= 1 && cellValue(round, Math.floor(value) - 30) === value ? round : null;
}

export function cellsOf(run: CellRun, round: number, indicators: number): Cell[] {
  const total = indicators * MONTHS;
  return Array.from({ length: run.count }, (_, k) => {
    const c = (run.start + k) % total;
    return {
      code: indicatorCode(c % indicators, indicators),
      period: addMonths(FIRST_MONTH, Math.floor(c / indicators)),
      value: cellValue(round, c),
    };
  });
}

const HEADER = ['指标代码', '报告期', '本月数值'];

/** The file a statistician would upload: CSV, or an .xlsx written with exceljs' streaming writer. */
export async function writeUploadFile(file: string, cells: Cell[]): Promise<Buffer> {
  if (file.endsWith('.csv')) {
    const text = [HEADER.join(','), ...cells.map((c) => `${c.code},${c.period},${c.value}`)].join('\r\n') + '\r\n';
    writeFileSync(file, text);
    return Buffer.from(text);
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet('报送');
  ws.addRow(HEADER).commit();
  for (const c of cells) ws.addRow([c.code, c.period, c.value]).commit();
  await wb.commit();
  return readFileSync(file);
}
