// The real consumer: LibreOffice opens the Word and PowerPoint briefings and prints them to PDF;
// poppler reads the PDFs back. Slow (LibreOffice starts twice), hence the long timeout. Needs
// `soffice`, `pdfinfo` and `pdftotext` (.ci/run installs them).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect } from 'vitest';
import { prepareBriefing, renderBriefing, type BriefingRequest } from '../../server/briefings/build';
import { closeChartPool } from '../../server/briefings/chart-pool';
import { laggingIndicators, urgentMilestones } from '../../server/briefings/findings';
import { briefingFile } from '../../server/briefings/store';
import type { Db } from '../../server/db/connect';
import { test } from '../fixtures';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-office-'));

afterAll(async () => {
  await closeChartPool();
  rmSync(dir, { recursive: true, force: true });
});

async function briefing(db: Db, format: 'docx' | 'pptx', fileStem: string) {
  const request: BriefingRequest = {
    planId: 'changping-2022',
    period: '2022-10',
    scope: { kind: 'measures', measures: [39, 41] },
    format,
    lang: 'zh',
  };
  const prepared = await prepareBriefing(db, request);
  const { id } = await renderBriefing(db, prepared, { id: 1, displayName: 'test' }, new Date());
  const file = await briefingFile(db, id);
  // Distinct stems: report.docx and report.pptx would both become report.pdf.
  const input = path.join(dir, `${fileStem}.${format}`);
  writeFileSync(input, file!.file);
  return { input, indicators: prepared.data.measures.flatMap((m) => m.indicators).length };
}

/** soffice → PDF with a private profile (a shared one makes parallel runs wait on its lock). */
async function toPdf(input: string): Promise<{ pages: number; text: string }> {
  const stem = path.basename(input).replace(/\.\w+$/, '');
  const profile = `file://${path.join(dir, `profile-${stem}`)}`;
  await run(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input],
    { timeout: 240_000 },
  );
  const pdf = path.join(dir, `${stem}.pdf`);
  const info = (await run('pdfinfo', [pdf])).stdout;
  const text = (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).stdout;
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), text };
}

const TITLE = '昌平区贯彻落实统筹疫情防控和稳定经济增长措施落实情况（截至2022年10月）';
const squash = (s: string) => s.replace(/\s+/g, '');

test(
  'LibreOffice prints the Word and PowerPoint briefings with their Chinese title',
  { timeout: 600_000 },
  async ({ demoDb }) => {
    const word = await briefing(demoDb, 'docx', 'briefing-word');
    const slides = await briefing(demoDb, 'pptx', 'briefing-slides');

    const wordPdf = await toPdf(word.input);
    // Title, overview and 9 indicators, each with a chart and a table: several A4 pages.
    // 版头, title, the four parts, the annex table (建成通车道路 is one of its rows).
    expect(wordPdf.pages).toBeGreaterThanOrEqual(2);
    expect(squash(wordPdf.text)).toContain(TITLE.replace(/（截至.*$/, ''));
    expect(squash(wordPdf.text)).toContain('（数据截至2022年10月）');
    expect(squash(wordPdf.text)).toContain('建成通车道路');

    const slidesPdf = await toPdf(slides.input);
    // A title slide, a summary slide, then the red list and lagging indicators (none, some or all).
    expect(slidesPdf.pages).toBeGreaterThanOrEqual(2);
    expect(slidesPdf.pages).toBeLessThanOrEqual(3 + slides.indicators);
    expect(squash(slidesPdf.text)).toContain(TITLE);
  },
);

/** Each page's text lines, top to bottom (words on one baseline joined), from `pdftotext -bbox`. */
async function pageLines(pdf: string): Promise<string[][]> {
  const html = (await run('pdftotext', ['-enc', 'UTF-8', '-bbox', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return html
    .split('<page ')
    .slice(1)
    .map((page) => {
      const lines = new Map<number, string>();
      for (const m of page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
        const y = Math.round(Number(m[1]) / 4);
        lines.set(y, (lines.get(y) ?? '') + m[2]);
      }
      return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
    });
}

const HEADING = /^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|图\d+|附件\d+$)/;

test(
  'the default whole-plan Word briefing is at most 8 pages before its annexes, with no heading at a page foot',
  { timeout: 600_000 },
  async ({ demoDb }) => {
    const request: BriefingRequest = {
      planId: 'changping-2022',
      period: '2022-10',
      scope: { kind: 'plan' },
      format: 'docx',
      lang: 'zh',
    };
    const prepared = await prepareBriefing(demoDb, request);
    const { id } = await renderBriefing(demoDb, prepared, { id: 1, displayName: 'test' }, new Date());
    const input = path.join(dir, 'whole-plan.docx');
    writeFileSync(input, (await briefingFile(demoDb, id))!.file);
    const { text } = await toPdf(input);
    const pages = await pageLines(path.join(dir, 'whole-plan.pdf'));
    const annex = pages.findIndex((lines) => lines.some((l) => l === '附件1'));
    expect(annex).toBeGreaterThan(0);
    expect(annex).toBeLessThanOrEqual(8);
    for (const [i, lines] of pages.entries()) {
      // The last line of text above the page number "— N —".
      const last = lines.filter((l) => !/^—\d+—$/.test(l)).at(-1) ?? '';
      expect(HEADING.test(last), `page ${i + 1} ends with the heading "${last}"`).toBe(false);
    }
    const flat = squash(text);
    const data = prepared.data;
    for (const { measure } of laggingIndicators(data)) expect(flat).toContain(measure.units[0]!.name);
    const overdue = urgentMilestones(data).filter((u) => u.ms.evaluation.daysLeft < 0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const { measure, ms } of overdue) {
      expect(flat).toContain(squash(ms.task));
      expect(flat).toContain(measure.units[0]!.name);
      expect(flat).toContain(`已超过截止日期${-ms.evaluation.daysLeft}天`);
    }
  },
);
